"""`mkdocs serve` follows every file a maintainer edits: the pages and their data files,
mkdocs.yml, the templates, styles and script in overrides/, and the hooks' code.

One server runs on a copy of the English fixture explainer and the engine (127.0.0.1, a free port); each case edits
the files of one kind that `mkdocs serve` watches the same way (a folder it watches, or the hooks' code it reloads
whole) and waits, for a bounded time, until the served pages show every change: one rebuild for each.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import FIXTURES, copy_explainer

STARTUP_SECONDS = 180  # the first build on a busy two-core machine
REBUILD_SECONDS = 120

# (what is edited, file in the copy, old text, new text, page, what the page shows afterwards),
# by kind: the edits of one kind are made together.
FIXTURE = "tests/fixtures/english-explainer/"
EDITS = {
    # docs/, which MkDocs watches; each data file has its own memo (explainer.core.memo).
    "the pages and data files": [
        ("a page", FIXTURE + "docs/causes.md", "AMONG the numerous advantages", "AMONG the many advantages",
         "causes/", "AMONG the many advantages"),
        ("the glossary", FIXTURE + "docs/glossary.yml", "In Madison's sense", "In Madison's own sense",
         "glossary/", "In Madison's own sense"),
        ("the sources", FIXTURE + "docs/sources.yml", 'title: "The Tenth Federalist Revisited"',
         'title: "The Tenth Federalist Revisited Again"', "sources/", "The Tenth Federalist Revisited Again"),
    ],
    "mkdocs.yml": [
        ("mkdocs.yml", FIXTURE + "mkdocs.yml", "this edition's notes are", "the notes of this edition are",
         "causes/", "the notes of this edition are"),
    ],
    # overrides/, the theme's folder, which MkDocs watches.
    "the templates, stylesheet and script": [
        ("a template", "overrides/partials/ex-sharing.html", '"ex-cite-page__print"',
         '"ex-cite-page__print ex-edited"', "causes/", "ex-cite-page__print ex-edited"),
        ("the stylesheet", "overrides/assets/explainer.css", ".ex-tip {", ".ex-tip { --ex-edited: 1;",
         "causes/", "--ex-edited: 1"),
        ("the script", "overrides/assets/explainer.js", '"use strict";', '"use strict"; // edited',
         "assets/explainer.js", '"use strict"; // edited'),
    ],
    # The hooks' code (hooks/reloading.py): a hook's own file, and apart from it, modules of the
    # engine's package in a folder below.
    "a hook": [
        ("a hook", "hooks/sharing.py", "{key: build.strings[key] for key in strings.JS_KEYS}",
         '{"edited": True, **{key: build.strings[key] for key in strings.JS_KEYS}}', "effects/", '"edited": true'),
    ],
    "the hooks' package": [
        ("the build object", "hooks/explainer/sharing/build.py", '"styles": list(STYLES),',
         '"styles": list(STYLES), "rebuilt": True,', "effects/", '"rebuilt": true'),
        ("the hooks' package", "hooks/explainer/sharing/citing.py", '"Chicago": "chicago',
         '"Chicago (edited)": "chicago', "effects/", "Chicago (edited)"),
    ],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, seconds: float, what, server: subprocess.Popen) -> None:
    """Waits until `condition()` holds; fails after `seconds`, naming `what` (text, or a function that
    says what is still missing), or at once if the server stops."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve stopped (exit {server.returncode}) while waiting for {what}", pytrace=False)
        if condition():
            return
        time.sleep(0.2)  # a look every 0.2 s: a rebuild of the fixture takes about a second
    pytest.fail(f"after {seconds} s, still waiting for {what() if callable(what) else what}", pytrace=False)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(folder, base URL, process) of `mkdocs serve` on a copy of the English fixture explainer
    with the engine beside it."""
    folder = tmp_path_factory.mktemp("served")
    explainer = copy_explainer(FIXTURES / "english-explainer", folder)
    port = free_port()
    # The copy's own engine package, not the clone's that `pip install -e .` points at.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE_DIR": str(folder / ".cache"),
           "PYTHONPATH": str(folder / "hooks")}
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=explainer, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base + "causes/") is not None, STARTUP_SECONDS, "the first build", server)
        yield folder, base, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
        log.close()


@pytest.mark.parametrize("kind", EDITS)
def test_an_edit_shows_in_the_served_site(served, kind):
    folder, base, server = served
    edits = EDITS[kind]
    for what, file, old, new, page, shown in edits:
        before = fetch(base + page)
        assert before is not None and shown not in before, f"{page} shows {shown!r} before the edit of {what}"
    for what, file, old, new, page, shown in edits:
        path = folder / file
        text = path.read_text("utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), "utf-8")

    def not_shown() -> list[str]:
        return [f"{page} to show the edit of {what} ({file})" for what, file, old, new, page, shown in edits
                if shown not in (fetch(base + page) or "")]

    wait_for(lambda: not not_shown(), REBUILD_SECONDS, lambda: ", ".join(not_shown()), server)
