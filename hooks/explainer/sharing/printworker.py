"""The print page, made by a process of its own while the pages render.

Parsing and rewriting every chapter (`explainer.sharing.printpage`) is work for a second
processor: a `Printer` sends each page's content to a worker process as the page is
rendered, and asks it for the combined HTML once every page is in.

    printer = Printer()
    printer.begin(urls, page_url)    # each build: the chapters' URLs in order, the page's
    printer.add(chapter, content)    # each page, as the template rendered it
    printer.fill(path, marker)       # after the build: the chapters in place of `marker` in
                                     # the rendered print page at `path`; the worker ends
    printer.close()                  # after a failed build: end the worker

The worker is `python -m explainer.sharing.printworker`, reading one JSON command per line on
its standard input and answering `html` and `fill` on its standard output. On a single
processor, where no process can be started, or if the worker stops, the `Printer` does
the work itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from explainer.sharing.printpage import Chapter, PrintBook, article_tree, content_tree

# The folder that holds the package `explainer`, for the worker to import it from.
PACKAGE_FOLDER = str(Path(__file__).resolve().parents[2])


class PrintError(Exception):
    """The print page could not be made; the message says why."""


class Printer:
    def __init__(self, use_process: bool | None = None):
        """`use_process`: None decides by the number of processors this process may use."""
        self.use_process = _processors() > 1 if use_process is None else use_process
        self._worker: subprocess.Popen | None = None
        self._book = PrintBook([], "")  # when there is no worker
        self._commands: list[list] = []  # this build's, to carry out here if the worker stops

    @property
    def in_worker(self) -> bool:
        """Whether a worker process does the work (else this process does)."""
        return self._worker is not None

    def begin(self, urls: Sequence[str], page_url: str) -> None:
        """A new print page, at `page_url`, of the chapters at `urls` (as in `Chapter.url`)."""
        self.close()
        self._commands = []
        if self.use_process:
            self._worker = _start_worker()
        self._run(["begin", list(urls), page_url])

    def add(self, chapter: Chapter, content: str) -> None:
        """A chapter's content, as the page template rendered it."""
        self._run(["add", chapter.url, chapter.title, content])

    def add_page(self, chapter: Chapter, page: str) -> None:
        """A chapter from its whole rendered page (one not rendered by our template)."""
        self._run(["page", chapter.url, chapter.title, page])

    def html(self) -> str:
        """Every chapter, in order, as one HTML fragment (`PrintBook.html`)."""
        return self._finish(["html"])

    def fill(self, path: Path, marker: str) -> None:
        """Put every chapter in place of `marker`, which must be there once, in the file at `path`."""
        self._finish(["fill", str(path), marker])

    def close(self) -> None:
        if self._worker is not None:
            worker, self._worker = self._worker, None
            try:
                worker.stdin.close()  # the worker ends at the end of its input
            except OSError:
                pass  # it has ended already
            worker.wait()
            worker.stdout.close()

    def _run(self, command: list) -> None:
        if self._worker is not None:
            self._commands.append(command)
            try:
                self._worker.stdin.write(json.dumps(command) + "\n")
                self._worker.stdin.flush()  # to work on while this process renders the next page
                return
            except OSError:  # the worker has stopped
                self._without_worker()
                return
        if command[0] == "begin":
            self._book = PrintBook(*command[1:])
        else:
            _add(self._book, *command)

    def _finish(self, command: list) -> str:
        if self._worker is not None:
            try:
                self._worker.stdin.write(json.dumps(command) + "\n")
                self._worker.stdin.flush()
                answer = self._worker.stdout.readline()
            except OSError:
                answer = ""
            if answer:
                self.close()
                answer = json.loads(answer)
                if "error" in answer:
                    raise PrintError(answer["error"])
                return answer["html"]
            self._without_worker()
        return _finish(self._book, *command)

    def _without_worker(self) -> None:
        """The worker stopped (it could not start, or was killed): do its work here."""
        self.close()
        for command in self._commands:
            self._run(command)


def _processors() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what this process may use, not what the machine has
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def _start_worker() -> subprocess.Popen | None:
    path = os.pathsep.join(filter(None, [PACKAGE_FOLDER, os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "PYTHONPATH": path}
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "explainer.sharing.printworker"], env=environment,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, encoding="utf-8",
            # Its errors are answers; should it fail to start, the Printer does its work.
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None


def serve(commands: IO[str], answers: IO[str]) -> None:
    """The worker: carry out `commands` until they end. JSON keeps the lines ASCII."""
    book, error = PrintBook([], ""), None
    for line in commands:
        command, *arguments = json.loads(line)
        if command == "begin":
            book, error = PrintBook(*arguments), None
        elif command in ("html", "fill"):
            try:
                answer = {"error": error} if error else {"html": _finish(book, command, *arguments)}
            except PrintError as problem:
                answer = {"error": str(problem)}
            answers.write(json.dumps(answer) + "\n")
            answers.flush()
        elif error is None:  # "add" or "page": the first error is the one to report
            try:
                _add(book, command, *arguments)
            except PrintError as problem:
                error = str(problem)


def _add(book: PrintBook, command: str, url: str, title: str, html: str) -> None:
    try:
        book.add(Chapter(url, title), (content_tree if command == "add" else article_tree)(html))
    except Exception as problem:  # noqa: BLE001 (any failure, named for the maintainer)
        raise PrintError(f"the print page, chapter '/{url}': {problem}") from None


def _finish(book: PrintBook, command: str, *arguments: str) -> str:
    """`html`: the chapters; `fill`: the chapters written into the print page (and "")."""
    try:
        html = book.html()
    except Exception as problem:  # noqa: BLE001
        raise PrintError(f"the print page: {problem!r}") from None
    if command == "html":
        return html
    path, marker = Path(arguments[0]), arguments[1]
    page = path.read_text("utf-8")
    if page.count(marker) != 1:
        raise PrintError(f"{path}: the place for the chapters ({marker}) is not in the page exactly once")
    path.write_text(page.replace(marker, html), "utf-8")
    return ""


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
    sys.stdout.flush()
    # At once: tearing down the interpreter would free every chapter's tree first, and
    # the build waits for this process to end.
    os._exit(0)
