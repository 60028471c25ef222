# The engine's hook (explainer.hooks.search): it changes with the engine version in requirements.txt.
from explainer.hooks.search import *  # noqa: F401,F403
