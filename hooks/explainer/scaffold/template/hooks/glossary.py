# The engine's hook (explainer.hooks.glossary): it changes with the engine version in requirements.txt.
from explainer.hooks.glossary import *  # noqa: F401,F403
