# The engine's hook (explainer.hooks.publishing): it changes with the engine version in requirements.txt.
from explainer.hooks.publishing import *  # noqa: F401,F403
