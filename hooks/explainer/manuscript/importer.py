"""`explainer import`: a manuscript into an explainer's pages and draft sources.

`plan()` reads the manuscript and the explainer and decides every file to write, without
writing; `Plan.write()` writes it. Nothing is ever written over: a page that exists
stops the import, and sources are appended to `sources.yml`. The navigation is printed
for the maintainer to paste into mkdocs.yml, not edited there: mkdocs.yml is theirs,
with its comments and order, and a YAML round trip would lose both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from explainer.manuscript import chapters, literature, pandoc, pdftext
from explainer.manuscript.findings import Finding, ManuscriptError

# Pages the engine makes or reads for itself: a chapter never takes their file names.
RESERVED_STEMS = {"index", "glossary", "sources", "print", "404"}
READABLE = {".docx": "Word", ".md": "Markdown", ".markdown": "Markdown", ".txt": "text extracted from a PDF"}
# Ids written on headings in the Markdown pages already there: `## Origins {#origins}`.
HEADING_ID = re.compile(r"^#{1,6}\s.*\{[^}\n]*#([^\s}]+)", re.MULTILINE)
DESCRIPTION_TODO = (
    "# TODO: describe this page in one or two sentences (link previews and search show them).\n"
    "# Until you do, `mkdocs build --strict` stops here (\"front matter has no 'description'\").\n"
    "description:\n"
)
SOURCES_TODO = (
    "# Drafted by `explainer import` from {name}: check each record against the work, complete\n"
    "# it (the fields are listed at the top of this file), then delete its `todo` line. Until\n"
    "# then `mkdocs build --strict` stops at each draft (\"unknown field 'todo'\").\n\n"
)
NEW_SOURCES_HEADER = (
    "# The works this site cites, one entry per work, keyed by its citation key, in CSL-JSON\n"
    "# field names (type, author, title, container-title, publisher, issued, URL, …).\n"
)
# The Python-Markdown extensions the imported pages need, and the Markdown that needs each.
EXTENSIONS = {
    "attr_list": ("{#", "the headings' explicit ids"),
    "footnotes": ("\n[^1]:", "footnotes"),
    "tables": ("\n|-", "tables"),
}


@dataclass
class Explainer:
    """The explainer the import writes into: its folder, mkdocs.yml, docs folder and language."""

    root: Path
    config: dict
    docs: Path

    @classmethod
    def find(cls, folder: Path) -> Explainer:
        """The explainer whose mkdocs.yml is in `folder`; ManuscriptError if there is none or it is unreadable."""
        path = folder / "mkdocs.yml"
        if not path.is_file():
            raise ManuscriptError(folder / "mkdocs.yml", "not found: run the command inside an explainer "
                                                          "(the folder with mkdocs.yml)")
        try:
            with open(path, encoding="utf-8") as file:
                config = yaml_load(file) or {}
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as problem:
            raise ManuscriptError(path, f"cannot be read ({' '.join(str(problem).split())})") from None
        return cls(folder, config, folder / config.get("docs_dir", "docs"))

    @property
    def language(self) -> str:
        """The site's language: `theme.language`, or MkDocs' default, 'en'."""
        theme = self.config.get("theme")
        return (theme.get("language") if isinstance(theme, dict) else None) or "en"

    def extensions(self) -> set[str]:
        """The names of the Markdown extensions mkdocs.yml enables."""
        names = set()
        for item in self.config.get("markdown_extensions") or []:
            names |= set(item) if isinstance(item, dict) else {item}
        return {name.removeprefix("markdown.extensions.") for name in names}

    def heading_ids(self) -> set[str]:
        """The explicit heading ids of the pages in the docs folder."""
        return {match for page in self.docs.rglob("*.md") for match in HEADING_ID.findall(_read(page))}


@dataclass
class Plan:
    """What an import writes, and what the maintainer has to do and to check."""

    manuscript: Path
    explainer: Explainer
    level: int
    pages: dict[Path, str] = field(default_factory=dict)  # new page -> its Markdown
    images: dict[Path, bytes] = field(default_factory=dict)  # new image file -> its content
    nav: list[dict[str, str]] = field(default_factory=list)
    sources: str = ""  # YAML to append to sources.yml
    source_count: int = 0
    skipped_sources: list[str] = field(default_factory=list)
    repairs: list[Finding] = field(default_factory=list)
    doubts: list[Finding] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)  # what mkdocs.yml lacks

    @property
    def sources_file(self) -> Path:
        """The sources.yml the drafts are appended to."""
        return self.explainer.docs / "sources.yml"

    def write(self) -> None:
        """Write the pages and append the drafts; ManuscriptError if a file cannot be written."""
        for path in [*self.pages, *self.images]:
            if path.exists():  # again, in case it appeared since plan()
                raise ManuscriptError(path, "already exists; the import writes over nothing")
        try:
            for path, content in [*self.pages.items(), *self.images.items()]:
                path.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, str):
                    path.write_text(content, encoding="utf-8")
                else:
                    path.write_bytes(content)
            if self.sources:
                existing = _read(self.sources_file) if self.sources_file.exists() else NEW_SOURCES_HEADER
                separator = "" if existing.endswith("\n\n") else "\n" if existing.endswith("\n") else "\n\n"
                self.sources_file.write_text(existing + separator + self.sources, encoding="utf-8")
        except OSError as problem:
            raise ManuscriptError(problem.filename or self.sources_file, problem.strerror or str(problem)) from None

    def report(self, written: bool) -> str:
        """What was (or would be) written, what to paste and check, for the terminal."""
        root = self.explainer.root
        verb = "Wrote" if written else "Would write (--dry-run: nothing written)"
        lines = [f"{self.manuscript}: {len(self.pages)} pages, one per heading of level {self.level}; "
                 f"{self.source_count} draft sources.", f"{verb}:"]
        lines += [f"  {_shown(path, root)}" for path in [*self.pages, *self.images]]
        if self.sources:
            lines.append(f"  {_shown(self.sources_file, root)}: {self.source_count} draft records appended")
        lines += [f"  (already in {_shown(self.sources_file, root)}, not drafted again: {entry})"
                  for entry in self.skipped_sources]
        lines += ["", "Add the pages to `nav` in mkdocs.yml, where they belong:"]
        lines += ["  " + line for line in yaml.safe_dump(self.nav, allow_unicode=True, width=1000).splitlines()]
        lines += [f"mkdocs.yml: {need}" for need in self.settings]
        if self.repairs:
            lines += ["", "Repaired line breaks (check them):"]
            lines += ["  " + finding.format(self.manuscript) for finding in self.repairs]
        if self.doubts:
            lines += ["", "For you to decide (nothing was changed there):"]
            lines += ["  " + finding.format(self.manuscript) for finding in self.doubts]
        todo = ["write each new page's `description` (marked TODO)"]
        if self.sources:
            todo.append(f"check each draft in {_shown(self.sources_file, root)} against its work and delete its "
                        f"`todo` line")
        lines += ["", f"Then {' and '.join(todo)}: until you have, `mkdocs build --strict` stops and names each."]
        return "\n".join(lines)


def plan(manuscript: Path, explainer: Explainer, level: int | None = None, into: Path | None = None) -> Plan:
    """Read `manuscript` and decide what importing it into `explainer` writes.

    `level` is the heading level of a chapter (1–6; default: chapters.default_level);
    `into` the folder for the pages, inside the docs folder (default: the docs folder).
    Raises ManuscriptError, naming the file, for an unreadable manuscript or explainer, a
    level without headings, or a page that already exists.
    """
    into = (into or explainer.docs).resolve()
    docs = explainer.docs.resolve()
    if not docs.is_dir():
        raise ManuscriptError(explainer.docs, "the docs folder of mkdocs.yml does not exist")
    if into != docs and docs not in into.parents:
        raise ManuscriptError(into, f"--into must be the docs folder ({explainer.docs}) or a folder inside it")
    tree, media, repaired = _read_manuscript(manuscript, explainer.language)
    blocks, entries = chapters.take_literature(tree["blocks"])
    level = level or chapters.default_level(blocks)
    if level is None:
        raise ManuscriptError(manuscript, "has no headings to cut chapters at: start each chapter's heading "
                                          "line with '# ' (Markdown), or give it a heading style (Word)")
    result = Plan(manuscript, explainer, level)
    if repaired:
        result.repairs, result.doubts = repaired.repairs, list(repaired.doubts)
    found, findings = chapters.split(blocks, level, manuscript, explainer.heading_ids())
    result.doubts += findings
    properties = pandoc.metadata(tree)
    if properties:
        shown = "; ".join(f"{key}: {value}" for key, value in properties.items())
        result.doubts.append(Finding(0, f"the document's properties ({shown})",
                                     "not imported: put them in mkdocs.yml (site_name, site_author) and in the "
                                     "article's record in sources.yml"))
    names = set(RESERVED_STEMS)
    for chapter in found:
        stem = base = chapters.slug(chapter.title)
        number = 1
        while stem in names:
            number += 1
            stem = f"{base}-{number}"
        names.add(stem)
        path = into / f"{stem}.md"
        if path.exists():
            raise ManuscriptError(path, "already exists (imported before?); the import writes over nothing: "
                                        "move it away or import --into another folder")
        _take_images(result, chapter, path, media, into / "images" / chapters.slug(manuscript.stem))
        result.pages[path] = _front_matter(chapter.title) + pandoc.write_markdown(chapter.blocks, tree)
        result.nav.append({chapter.title: path.relative_to(docs).as_posix()})
    _draft_sources(result, entries)
    text = "\n".join(result.pages.values())
    have = explainer.extensions()
    result.settings = [f"add `{name}` to markdown_extensions (for {purpose})"
                       for name, (marker, purpose) in EXTENSIONS.items() if marker in text and name not in have]
    return result


def _read_manuscript(path: Path, language: str) -> tuple[dict, dict[str, bytes], pdftext.Repaired | None]:
    """The manuscript's tree, the images Word holds (by their target), and what a PDF's text repair did."""
    kind = READABLE.get(path.suffix.lower())
    if path.suffix.lower() == ".pdf":
        raise ManuscriptError(path, f"a PDF is read as its text: extract it (e.g. `pdftotext {path.name}`, "
                                    f"Poppler's tool) and import the .txt")
    if kind is None:
        readable = ", ".join(f"{suffix} ({name})" for suffix, name in READABLE.items())
        raise ManuscriptError(path, f"cannot import a '{path.suffix}' file; give one of: {readable}")
    if not path.is_file():
        raise ManuscriptError(path, "no such file")
    if kind == "Word":
        return *pandoc.read_docx(path), None
    text = _read(path)
    repaired = pdftext.repair(text, language) if path.suffix.lower() == ".txt" else None
    return pandoc.read_markdown(repaired.text if repaired else text, path), {}, repaired


def _take_images(result: Plan, chapter: chapters.Chapter, page: Path, media: dict[str, bytes], folder: Path) -> None:
    """Copy the chapter's images (from Word, or beside a Markdown manuscript) into `folder`
    and point the page at the copies; size attributes go (the theme sizes images), and an
    image without a text alternative is reported (WCAG 1.1.1)."""
    copies = {content: path for path, content in result.images.items()}
    for image in pandoc.images(chapter.blocks):
        target = image["c"][2][0]
        name = Path(target).name
        if not pandoc.stringify(image["c"][1]).strip():
            result.doubts.append(Finding(0, f"{page.name}: the image {name}",
                                         "has no text alternative: describe it in the brackets of ![…]"))
        if "://" in target:
            continue
        source = Path(target) if Path(target).is_absolute() else result.manuscript.parent / target
        content = media.get(target) or (source.read_bytes() if source.is_file() else None)
        if content is None:
            result.doubts.append(Finding(0, f"{page.name}: the image {target}", "not found: linked as written"))
            continue
        if content not in copies:
            copy = folder / name
            while copy in result.images:
                copy = copy.with_stem(copy.stem + "-2")
            if copy.exists():
                raise ManuscriptError(copy, "already exists (imported before?); the import writes over nothing")
            copies[content] = copy
            result.images[copy] = content
        image["c"][0] = ["", [], []]
        image["c"][2][0] = copies[content].relative_to(page.parent).as_posix()


def _draft_sources(result: Plan, entries: list[list]) -> None:
    if not entries:
        return
    existing = {}
    if result.sources_file.exists():
        try:
            existing = yaml.safe_load(_read(result.sources_file)) or {}
        except yaml.YAMLError as problem:
            raise ManuscriptError(result.sources_file, f"cannot be read ({' '.join(str(problem).split())})") from None
    existing = existing if isinstance(existing, dict) else {}
    titles = {str(item.get("title", "")).casefold() for item in existing.values() if isinstance(item, dict)}
    drafts = [literature.draft(pandoc.stringify(entry), pandoc.links(entry)) for entry in entries]
    text, result.skipped_sources = literature.records(drafts, set(existing), titles)
    result.source_count = len(drafts) - len(result.skipped_sources)
    if text:
        result.sources = SOURCES_TODO.format(name=result.manuscript.name) + text


def _front_matter(title: str) -> str:
    fields = yaml.safe_dump({"title": title, "chapter": True}, allow_unicode=True, width=1000, sort_keys=False)
    return f"---\n{fields}{DESCRIPTION_TODO}---\n\n"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ManuscriptError(path, "is not UTF-8 text; save it as UTF-8") from None
    except OSError as problem:
        raise ManuscriptError(path, problem.strerror or str(problem)) from None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
