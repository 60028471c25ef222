# The engine's hook (explainer.hooks.theme): it changes with the engine version in requirements.txt.
from explainer.hooks.theme import *  # noqa: F401,F403
