"""The repository stands alone: a fresh clone on any machine has everything it reads.

No tracked file may name a path outside the repository or one that exists only on some
machines (the folder the clone sits in, a sibling folder, a home folder, the operating
system's font folders): such a path works where it was written and nowhere else.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from machine_paths import MACHINE_PATHS

# This file's parametrised cases name such paths too.
LISTS = {Path(__file__).name, "machine_paths.py"}


def tracked_files() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("these tests need git and a git checkout (git clone, not a downloaded archive)", pytrace=False)
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in names.decode().split("\0") if name]


def text_of(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (UnicodeDecodeError, FileNotFoundError):
        return None  # binary (fonts, images) or deleted in the work tree


def offending_lines(text: str, patterns: list[str]) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if any(re.search(pattern, line) for pattern in patterns):
            found.append((number, line.strip()))
    return found


@pytest.mark.parametrize(
    "line, offends",
    [
        ('SEED = ROOT.parent / "shared" / "seed"', False),  # caught by the parent-folder check instead
        ('open("../shared/seed/000.txt")', True),
        ('FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")', True),
        ('font = "/Library/Fonts/Arial.ttf"', True),
        ('font = r"C:\\Windows\\Fonts\\arial.ttf"', True),
        ('cache = "/home/alice/.cache/x"', True),
        ('out = "/tmp/site"', True),
        ("out = tmp_path / 'site'", False),
        ("fonts come with the project (tests/original/ holds the text)", False),
    ],
)
def test_the_check_recognises_machine_paths(line, offends):
    assert bool(offending_lines(line, MACHINE_PATHS)) is offends


def test_no_tracked_file_names_a_path_of_one_machine():
    # The folder the clone sits in is one machine's too (a home folder, a drive letter).
    # Not inside an address: "https://example.org/work/…" names no folder of this machine.
    patterns = MACHINE_PATHS + [r"(?<![\w.-])" + re.escape(ROOT.parent.as_posix() + "/")]
    problems = []
    for path in tracked_files():
        if path.name in LISTS and path.parent.name in ("tests", "edition"):
            continue  # they list the patterns
        text = text_of(path)
        if text is None:
            continue
        for number, line in offending_lines(text, patterns):
            problems.append(f"{path.relative_to(ROOT)}:{number}: {line}")
    assert problems == []


def test_the_original_text_is_in_the_repository_and_not_in_the_site(site):
    original = ROOT / "tests" / "original"
    assert (original / "README.md").is_file()
    assert "CC BY-SA 4.0" in (original / "README.md").read_text("utf-8")
    texts = sorted(original.glob("*.txt"))
    assert texts, "tests/original/ has no text"
    published = {path.name for path in site.folder.rglob("*")}
    assert not {path.name for path in texts} & published
