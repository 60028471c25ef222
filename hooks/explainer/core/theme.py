"""Where the engine's Material templates, stylesheet and script are: the theme folder.

In the distribution they are the package data `explainer/theme/` (pyproject.toml maps this
repository's `overrides/` there). In an editable install of the engine's own repository
(`pip install -e .`, as its Makefile does) that folder is not made: the files are read
where they are kept, in the repository's `overrides/`.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # explainer/


def theme_folder() -> Path:
    """The folder of the engine's templates (`main.html`, `partials/`, `assets/explainer.css`, …).

    Raises FileNotFoundError if neither the installed package data nor the repository's
    `overrides/` holds `main.html` (an installation made without its package data).
    """
    for folder in (PACKAGE / "theme", PACKAGE.parent.parent / "overrides"):
        if (folder / "main.html").is_file():
            return folder
    raise FileNotFoundError(f"{PACKAGE}: the engine's templates (theme/main.html) are not installed; "
                            "reinstall the engine (pip install --force-reinstall explainer-engine)")
