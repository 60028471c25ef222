"""What an import changed or left for the maintainer, and the one error that stops it."""

from __future__ import annotations

from dataclasses import dataclass


class ManuscriptError(Exception):
    """A problem that stops the import, as one line: `FILE: what is wrong`.

    The command prints it as it is (no traceback) and exits with status 1.
    """

    def __init__(self, path: object, message: str):
        self.path, self.message = str(path), message
        super().__init__(f"{self.path}: {message}")


@dataclass(frozen=True)
class Finding:
    """One place of the manuscript the maintainer should know about.

    `line` is 1-based in the file read (0 when the place has no line, as in a .docx),
    `what` says what is there and `why` what was done or why nothing was.
    """

    line: int
    what: str
    why: str

    def format(self, path: object) -> str:
        """`file:line: what: why`, the form compilers and editors link to."""
        where = f"{path}:{self.line}" if self.line else str(path)
        return f"{where}: {self.what}: {self.why}"
