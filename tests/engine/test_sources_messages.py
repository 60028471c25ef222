"""Bad input gives one line naming the file and the key, from the sources' part of the build
object (`explainer.sources.build.SourcesBuild`), called as the hooks call it.

Each case breaks a copy of the English fixture explainer's docs folder, loads its mkdocs.yml
as MkDocs does, and converts the page with the build's own citations extension. That a strict
build stops on such lines, with the same words under -q and -v, and on an unreadable data file
with one line: tests/engine/test_strict.py (whole builds through the command line).
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta as front_matter

from conftest import FIXTURES, edit
from explainer.core.build import Build
from explainer.core.datafile import DataError
from explainer.glossary.build import GlossaryBuild
from explainer.sources.build import SourcesBuild

EXPLAINER = FIXTURES / "english-explainer"


@pytest.fixture
def docs(tmp_path, monkeypatch) -> Path:
    """A copy of the English fixture's docs folder to break, with a cache folder beside it."""
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    return Path(shutil.copytree(EXPLAINER / "docs", tmp_path / "docs"))


def started(docs: Path) -> SourcesBuild:
    """The build's sources, made as the hooks make them when the build starts: the glossary's
    first (it reads sources.yml for its entries' sources), then the sources'."""
    config = load_config(config_file=str(EXPLAINER / "mkdocs.yml"), docs_dir=str(docs),
                         site_dir=str(docs.parent / "site"))
    build = Build.of(config)
    GlossaryBuild(build)
    return SourcesBuild(build)


def converted(sources: SourcesBuild, docs: Path, src_uri: str) -> None:
    """The page `src_uri` converted with the build's citations extension, then handed to the
    sources as MkDocs hands over a converted page (`on_page_content`)."""
    written = (docs / src_uri).read_text("utf-8")
    body, meta = front_matter.get_data(written)
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "admonition", "footnotes", "toc",
                                       sources.extension])
    md.convert(body)
    page = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, content_string=written, abs_src_path=str(docs / src_uri)),
                           meta=meta, url=src_uri.removesuffix(".md") + "/", title=meta.get("title", ""),
                           toc=get_toc(md.toc_tokens), present_anchor_ids=None)
    sources.page_converted(page)


def warnings(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]


def line_of(path: Path, written: str) -> int:
    """The first line of the file at `path` that holds `written`."""
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if written in line)


@pytest.mark.parametrize(
    "page, old, new, expected",
    [
        ("effects.md", "[@dahl-1956]", "[@dal-1956]",
         "effects.md:{line}: unknown source key 'dal-1956' (not in sources.yml) in [@dal-1956]"),
        ("effects.md", "chapter: true\n", "chapter: true\nsources: [nobody-2001]\n",
         "effects.md: unknown source key 'nobody-2001' (not in sources.yml) in front matter 'sources'"),
        ("effects.md", "chapter: true\n", "chapter: true\nsources: {a: b}\n",
         "effects.md: front matter 'sources' must be a list of source keys"),
    ],
)
def test_a_bad_key_in_a_page(docs, caplog, page, old, new, expected):
    edit(docs / page, old, new)
    sources = started(docs)
    caplog.clear()
    converted(sources, docs, page)
    written = (docs / page).read_text("utf-8")
    line = written[:written.index(new)].count("\n") + 1  # where the citation is, the front matter counted
    assert warnings(caplog) == [expected.replace("{line}", str(line))]


def test_an_incomplete_entry(docs, caplog):
    data = docs / "sources.yml"
    line = line_of(data, "adair-1951:")
    edit(data, '  title: "The Tenth Federalist Revisited"\n', "")
    caplog.clear()
    sources = started(docs)
    converted(sources, docs, "causes.md")
    assert warnings(caplog) == [
        f"{data}:{line}: entry 'adair-1951': missing required field 'title'",
        # the page that cites it
        f"causes.md:{line_of(docs / 'causes.md', '@adair-1951')}: source 'adair-1951' (its entry in sources.yml "
        "has errors, see above) in [@adair-1951]",
    ]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("dahl-1956:\n", "adair-1951:\n", r"sources\.yml:(\d+): duplicate id 'adair-1951' \(first on line (\d+)\)"),
        ("dahl-1956:\n", "dahl-1956: [\n", r"sources\.yml:(\d+): invalid YAML"),
        ("dahl-1956:\n", "Dahl 1956:\n", r"sources\.yml:(\d+): 'Dahl 1956' is not a valid id"),
    ],
)
def test_an_unreadable_data_file(docs, caplog, old, new, expected):
    """The file's own mistake stops the build, named once at its line: no feature that reads
    sources.yml (the glossary, for its entries' sources) reports it again first."""
    edit(docs / "sources.yml", old, new)
    caplog.clear()
    with pytest.raises(DataError) as raised:
        started(docs)
    said = str(raised.value)
    assert said.startswith(str(docs / "sources.yml")) and re.search(expected, said) and "\n" not in said, said
    assert [message for message in warnings(caplog) if "sources.yml" in message] == []
