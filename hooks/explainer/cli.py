"""The `explainer` command (pyproject.toml's `[project.scripts]`): one subcommand per task.

    explainer new PATH [--title T] [--author A] [--language L] [--publisher P] [--date D]
                       [--licence cc-by-4.0|cc-by-sa-4.0|public-domain] [--engine SPEC]
    explainer import FILE [--level N] [--into DOCS] [--dry-run]

A mistake is one line on standard error, `explainer import: error: FILE: what is wrong`,
and exit status 1 (2 for a wrong command line, as argparse does, also in one line); never a traceback.
A new subcommand is a function that adds its parser (`_add_new`) and the function
that runs it, listed in COMMANDS.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from explainer.core import strings
from explainer.manuscript.findings import ManuscriptError
from explainer.scaffold import new  # Copier loads only when `explainer new` runs

# Given these, `explainer new` asks nothing: the others take their defaults.
UNATTENDED = ("title", "author", "language")


def _add_new(commands) -> None:
    parser = commands.add_parser(
        "new", help="start a new explainer repository (Copier template)",
        description="Make a new explainer in PATH (a new or empty folder): mkdocs.yml with every setting "
                    "explained, docs/ with a home page, one chapter, About, glossary.yml and sources.yml, "
                    "the engine's checks in tests/, README, Makefile, .ci/run, a publish workflow. It asks "
                    "for what the options do not give; given --title, --author and --language it asks "
                    "nothing. Then, in PATH: `make build` and `make test`.",
        epilog='example: explainer new ../my-explainer --title "Gardens for all" --author "Erika Mustermann" '
               "--language en")
    parser.add_argument("path", type=Path, metavar="PATH", help="the folder to make (new, or empty)")
    parser.add_argument("--title", help="the article's title")
    parser.add_argument("--author", help="its author, as credited")
    parser.add_argument("--publisher", help="its publisher (default: none)")
    parser.add_argument("--date", help="when it was published: YYYY, YYYY-MM or YYYY-MM-DD (default: today)")
    parser.add_argument("--language", help="its language, a BCP 47 code such as en or de (default: en)")
    parser.add_argument("--licence", choices=("cc-by-4.0", "cc-by-sa-4.0", "public-domain"),
                        help="its licence (default: cc-by-4.0)")
    parser.add_argument("--slug", help="a short name for file names (default: made from the title)")
    parser.add_argument("--engine", metavar="SPEC",
                        help="where the explainer installs the engine from: a version, a local folder or wheel "
                             "(for testing), or a pip requirement (default: this engine, "
                             f"{new.engine_requirement(None)})")
    parser.set_defaults(run=_run_new, command="new")


def _run_new(args) -> int:
    answers = {key: getattr(args, key) for key in ("title", "author", "publisher", "date", "language", "licence",
                                                  "slug")}
    ask = any(answers[key] is None for key in UNATTENDED)
    folder = new.create(args.path, answers, args.engine, ask=ask)
    print(f"Made the explainer in {folder}. Next: cd {folder} && make build && make test (README.md)")
    requirement = (folder / "requirements.txt").read_text("utf-8").strip().splitlines()[-1]
    if " @ file:" in requirement:  # a folder on this machine: CI (the publish workflow) cannot install it
        print(f"Note: requirements.txt installs the engine from a folder on this machine ({requirement}); "
              "before you publish from CI, name a released engine there (explainer new --help, --engine).")
    language = (args.language or "en").split("-")[0].lower()
    if language not in strings.LANGUAGES:  # the strict build stops until they are given
        print(f"Note: the engine's own interface words exist in {', '.join(strings.LANGUAGES)}, not in "
              f"'{args.language}': give them in {language} under extra.strings in mkdocs.yml (GUIDE.md, Settings) "
              "before the first build.")
    return 0


def _add_import(commands) -> None:
    parser = commands.add_parser(
        "import", help="import a manuscript (.docx, .md, or .txt from a PDF) as pages and draft sources",
        description="Import a manuscript into the explainer in this folder (the one with mkdocs.yml): one page "
                    "per chapter in the docs folder, with explicit heading ids, front matter and footnotes; "
                    "its literature list as draft records appended to docs/sources.yml. Text extracted from a "
                    "PDF (.txt) has its unambiguous line-break damage repaired; doubtful breaks are listed, "
                    "not changed. Nothing is written over: an existing page stops the import. The lines to "
                    "add to `nav` in mkdocs.yml are printed, not written.",
        epilog="example: explainer import manuscript.docx --level 2 --dry-run")
    parser.add_argument("file", type=Path, metavar="FILE",
                        help="the manuscript: Word (.docx), Markdown (.md), or text extracted from a PDF (.txt)")
    parser.add_argument("--level", type=int, choices=range(1, 7), metavar="N",
                        help="the heading level of a chapter, 1-6 (default: the highest level with two or more "
                             "headings)")
    parser.add_argument("--into", type=Path, metavar="DOCS",
                        help="the folder for the pages: the docs folder (default) or a folder inside it")
    parser.add_argument("--dry-run", action="store_true", help="print what would be written, write nothing")
    parser.set_defaults(run=_run_import, command="import")


def _run_import(args) -> int:
    from explainer.manuscript import importer  # Pandoc and the dictionaries load only when needed

    explainer = importer.Explainer.find(Path.cwd())
    plan = importer.plan(args.file, explainer, level=args.level, into=args.into)
    if not args.dry_run:
        plan.write()
    print(plan.report(written=not args.dry_run))
    return 0


# Each adds one subcommand.
COMMANDS = (_add_new, _add_import)


class OneLineParser(argparse.ArgumentParser):
    """argparse, with a wrong command line told in one line (argparse prints its usage first)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (`{self.prog} --help` lists the options)\n")


def parser() -> argparse.ArgumentParser:
    """The command line of `explainer`, with one subparser per entry of COMMANDS."""
    main_parser = OneLineParser(
        prog="explainer",
        description="Tools for maintainers of an explainer site (MkDocs with the explainer engine). "
                    "Run `explainer COMMAND --help` for a command's options.")
    commands = main_parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add in COMMANDS:
        add(commands)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run `explainer` with `argv` (default: the process's arguments); return the exit status.

    ManuscriptError (and any other error the commands raise for the maintainer) is printed
    as one line on standard error, with status 1.
    """
    main_parser = parser()
    args = main_parser.parse_args(argv)
    try:
        return args.run(args)
    except (ManuscriptError, new.ScaffoldError) as problem:
        print(f"explainer {args.command}: error: {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
