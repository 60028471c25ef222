# The engine's hook (explainer.hooks.sharing): it changes with the engine version in requirements.txt.
from explainer.hooks.sharing import *  # noqa: F401,F403
