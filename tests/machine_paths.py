"""Paths that exist on some machines only: the repository must not depend on them.

This is the one tracked file that names them (tests/edition/test_repository.py skips it): the
tests that prove the build reads none of them import them from here.
"""

from __future__ import annotations

from pathlib import Path

# Where operating systems keep fonts.
LINUX_FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts"]
SYSTEM_FONT_DIRS = LINUX_FONT_DIRS + [
    "/Library/Fonts", "/System/Library/Fonts",  # macOS
    str(Path.home() / ".fonts"), str(Path.home() / ".local/share/fonts"),  # a user's, on Linux
    "C:\\Windows\\Fonts",
]

# Patterns of such paths in a file's text.
MACHINE_PATHS = [
    r"\.\./shared\b",  # a folder beside the clone
    r"/usr/(?:local/)?share/fonts",  # Linux font folders
    r"/Library/Fonts|/System/Library/Fonts",  # macOS
    r"(?i)[A-Z]:\\\\?Windows\\\\?Fonts",  # Windows
    r"/home/[a-z_][\w.-]*/",  # someone's home folder
    r"/Users/[A-Za-z][\w.-]*/",
    r"/root/",
    r"[\"']/tmp/",  # a fixed temporary path (tests use pytest's tmp_path)
]
