# The engine's hook (explainer.hooks.sources): it changes with the engine version in requirements.txt.
from explainer.hooks.sources import *  # noqa: F401,F403
