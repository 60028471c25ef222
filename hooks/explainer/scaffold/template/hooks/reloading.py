# The engine's hook (explainer.hooks.reloading): it changes with the engine version in requirements.txt.
from explainer.hooks.reloading import *  # noqa: F401,F403
