"""Pandoc, through pypandoc (its `pypandoc-binary` wheel ships the program): a manuscript
read into Pandoc's document tree, and parts of that tree written as Markdown that
Python-Markdown (MkDocs, ProperDocs, Zensical) reads the same way.

The tree is Pandoc's JSON (https://pandoc.org/filters.html, "the Pandoc AST"): a dict
with `blocks`, each block and inline a dict `{"t": type, "c": content}`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pypandoc

from explainer.manuscript.findings import ManuscriptError

# Read as Python-Markdown reads: quotes stay as typed (no `smart`), a heading has an id only
# where the author wrote one, and "A. Smith", "~5 km", "$5" are text, not a list, a subscript
# or mathematics.
MARKDOWN_READER = ("markdown-smart-auto_identifiers-fancy_lists-example_lists-subscript-superscript"
                   "-tex_math_dollars")
# What Python-Markdown with MkDocs' usual extensions reads: four-space list indentation
# (Python-Markdown needs it for nested lists), ordered lists that keep their first number,
# `[^1]` footnotes, `{#id}` on headings (attr_list), pipe tables (tables), and `[@key]`
# citations written back as typed.
MARKDOWN_WRITER = ("markdown_strict+footnotes+header_attributes+pipe_tables+startnum"
                   "+four_space_rule+citations")

Tree = dict[str, Any]


def read_markdown(text: str, path: Path | str) -> Tree:
    """Pandoc's tree of Pandoc-flavoured Markdown `text`; ManuscriptError names `path` if Pandoc fails."""
    return _convert(path, lambda: pypandoc.convert_text(text, "json", format=MARKDOWN_READER))


def read_docx(path: Path) -> tuple[Tree, dict[str, bytes]]:
    """Pandoc's tree of a Word document (.docx), and its images by their target in the tree.

    Word's own heading ids (bookmarks such as `_Toc123`) are dropped: the import makes its
    own. Raises ManuscriptError if it is not a document Pandoc can read.
    """
    with tempfile.TemporaryDirectory() as media:
        tree = _convert(path, lambda: pypandoc.convert_file(str(path), "json", format="docx",
                                                            extra_args=[f"--extract-media={media}"]))
        extracted = {str(file): file.read_bytes() for file in Path(media).rglob("*") if file.is_file()}
    for block in tree["blocks"]:
        if block["t"] == "Header":
            block["c"][1][0] = ""
    return tree, extracted


def write_markdown(blocks: list, tree: Tree) -> str:
    """`blocks` (of `tree`) as Markdown for Python-Markdown; footnotes follow at the end.

    Each call numbers its footnotes from 1, so a page written alone holds exactly the
    notes its text refers to. Lines are kept as the manuscript broke them.
    """
    document = {"pandoc-api-version": tree["pandoc-api-version"], "meta": {}, "blocks": blocks}
    return pypandoc.convert_text(json.dumps(document), MARKDOWN_WRITER, format="json",
                                 extra_args=["--wrap=preserve"]).rstrip() + "\n"


def stringify(node: Any) -> str:
    """The plain text of a tree node or list of nodes, as a reader sees it (notes left out)."""
    if isinstance(node, list):
        return "".join(stringify(item) for item in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Code", "Math"):
        return content[-1]
    if kind == "Note":
        return ""
    if kind == "Quoted":
        marks = "“”" if content[0]["t"] == "DoubleQuote" else "‘’"
        return marks[0] + stringify(content[1]) + marks[1]
    if kind in ("Link", "Image", "Span", "Cite"):
        return stringify(content[-2] if kind in ("Link", "Image") else content[-1])
    if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps",
                "Plain", "Para"):
        return stringify(content)
    if kind == "Header":
        return stringify(content[2])
    return stringify(content) if isinstance(content, list) else ""


def images(node: Any) -> list[dict]:
    """The Image nodes in a tree node, in order (to be changed in place)."""
    if isinstance(node, list):
        return [image for item in node for image in images(item)]
    if not isinstance(node, dict):
        return []
    return [node] if node.get("t") == "Image" else images(node.get("c"))


def metadata(tree: Tree) -> dict[str, str]:
    """The document's metadata as text: Word's title, author, date; a Markdown file's front matter."""
    def text(value: dict) -> str:
        if value["t"] == "MetaList":
            return "; ".join(text(item) for item in value["c"])
        if value["t"] == "MetaMap":
            return "; ".join(f"{key}: {text(item)}" for key, item in value["c"].items())
        return value["c"] if value["t"] in ("MetaString", "MetaBool") and not isinstance(value["c"], list) \
            else stringify(value["c"])
    return {key: str(text(value)) for key, value in tree.get("meta", {}).items()}


def links(node: Any) -> list[str]:
    """The targets of the links in a tree node, in order."""
    if isinstance(node, list):
        return [target for item in node for target in links(item)]
    if not isinstance(node, dict):
        return []
    if node.get("t") == "Link":
        return [node["c"][2][0], *links(node["c"][1])]
    return links(node.get("c"))


def _convert(path, run) -> Tree:
    try:
        return json.loads(run())
    except (RuntimeError, OSError) as problem:
        first = next((line for line in str(problem).splitlines() if line.strip()), "unknown error")
        raise ManuscriptError(path, f"Pandoc cannot read it ({first.strip()})") from None
