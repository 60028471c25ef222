# The engine's hook (explainer.hooks.redirects): it changes with the engine version in requirements.txt.
from explainer.hooks.redirects import *  # noqa: F401,F403
