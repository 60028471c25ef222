"""One timed build in a fresh process, run by build_benchmark.py; prints JSON on stdout.

    timed_build.py build CONFIG SITE_DIR          what `mkdocs build` does
    timed_build.py serve CONFIG PAGE REBUILDS     what `mkdocs serve` does when PAGE is edited
    timed_build.py profile CONFIG SITE_DIR OUT    `build` under cProfile, stats written to OUT

The clock starts after MkDocs itself is imported (the same for every variant) and covers
loading the configuration (which executes the hooks) and the build.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time
from pathlib import Path

from mkdocs.commands import serve as serve_command
from mkdocs.commands.build import build
from mkdocs.config import load_config


class WarningLog(logging.Handler):
    """Collects what would fail `--strict`: a benchmark site should build cleanly."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def processor_seconds() -> float:
    """Processor time (user and system, in seconds) of this process and of the processes
    it waited for (an earlier revision's print page worker). Unlike the clock, it does not count the time
    other programs on a busy machine take from the build (POSIX getrusage)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_build(config_file: str, site_dir: str) -> float:
    """Mirror `mkdocs build` (mkdocs/__main__.py): load, on_startup, build, on_shutdown."""
    start = time.perf_counter()
    config = load_config(config_file=config_file, site_dir=site_dir)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - start


class EditingServer:
    """Stands in for MkDocs' LiveReloadServer: instead of waiting for file events, it edits
    one page and calls the builder, the way the real server does after a change."""

    page: Path
    rebuilds: int
    result: dict = {}

    def __init__(self, builder, host, port, root, mount_path="/"):
        self.builder = builder
        self.created = time.perf_counter()  # serve() runs its first build right after this
        self.error_handler = None

    def watch(self, path, func=None, recursive=True):
        pass

    def serve(self, open_in_browser=False):
        first = time.perf_counter() - self.created
        original = self.page.read_text("utf-8")
        times = []
        try:
            for number in range(self.rebuilds):
                self.page.write_text(original + f"\nAn edited sentence, number {number}.\n", "utf-8")
                start = time.perf_counter()
                self.builder()
                times.append(time.perf_counter() - start)
        finally:
            self.page.write_text(original, "utf-8")
        EditingServer.result = {"first": first, "rebuilds": times}

    def shutdown(self):
        pass


def timed_serve(config_file: str, page: str, rebuilds: int) -> dict:
    """Run MkDocs' own `serve` command (mkdocs/commands/serve.py) with the editing server."""
    EditingServer.page, EditingServer.rebuilds = Path(page), rebuilds
    serve_command.LiveReloadServer = EditingServer
    serve_command.serve(config_file=config_file, livereload=True)
    return EditingServer.result


def main(argv: list[str]) -> None:
    warnings = WarningLog()
    logging.getLogger("mkdocs").addHandler(warnings)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs").propagate = False

    mode, config_file, *rest = argv
    try:
        result = run(mode, config_file, rest)
    except BaseException as error:  # MkDocs logs the cause, then raises Abort
        sys.exit("\n".join([*warnings.messages, f"{type(error).__name__}: {error}"]))
    print(json.dumps({**result, "warnings": warnings.messages}))


def run(mode: str, config_file: str, rest: list[str]) -> dict:
    if mode == "build":
        before = processor_seconds()
        result = {"seconds": timed_build(config_file, rest[0])}
        result["cpu_seconds"] = processor_seconds() - before
    elif mode == "serve":
        result = timed_serve(config_file, rest[0], int(rest[1]))
    elif mode == "profile":
        import cProfile

        profiler = cProfile.Profile()
        result = {"seconds": profiler.runcall(timed_build, config_file, rest[0])}
        profiler.dump_stats(rest[1])
    else:
        raise ValueError(f"unknown mode {mode!r}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
