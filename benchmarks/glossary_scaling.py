"""How the cost of marking glossary terms grows with the glossary: rerun and compare ratios.

Renders every article page with the real glossary extension, once with a 20-term
glossary and once with 2,000 terms (the same 20 plus made-up ones), and prints
the time of each relative to rendering the same pages without the glossary. The
matcher looks up each word of the text once, so the two ratios should be close.

    .venv/bin/python benchmarks/glossary_scaling.py
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import markdown  # noqa: E402

from explainer.glossary.data import Glossary, Term, load_glossary  # noqa: E402
from explainer.glossary.marking import GlossaryExtension  # noqa: E402

EXTENSIONS = ["attr_list", "md_in_html", "admonition", "footnotes", "toc"]


def article() -> list[str]:
    return [path.read_text("utf-8").split("---", 2)[-1] for path in sorted((ROOT / "docs").glob("*.md"))]


def glossary_of(size: int) -> Glossary:
    real, _ = load_glossary(ROOT / "docs" / "glossary.yml")
    """The same 20 real entries (so the same marks), padded with entries that never match."""
    made_up = (Term(f"made-up-{n}", f"Madeup Term {n}", "Filler.", aliases=(f"Madeup{n}",)) for n in range(size - 20))
    terms = (*real.terms[:20], *made_up)
    return Glossary("benchmark", tuple(terms))


def render_all(pages: list[str], glossary: Glossary | None) -> None:
    for text in pages:
        extensions = [*EXTENSIONS, *([GlossaryExtension(glossary, "every")] if glossary else [])]
        markdown.markdown(text, extensions=extensions)


def main() -> None:
    pages = article()
    small, large = glossary_of(20), glossary_of(2000)
    render_all(pages, large)  # build and cache both matchers outside the timing
    render_all(pages, small)
    best = {}
    for name, glossary in (("none", None), ("20 terms", small), ("2,000 terms", large)):
        best[name] = min(timeit.repeat(lambda: render_all(pages, glossary), number=5, repeat=5))
    for name, seconds in best.items():
        print(f"{name:>12}: {seconds / best['none']:.2f} x the time without a glossary")
    print(f"2,000 terms / 20 terms: {best['2,000 terms'] / best['20 terms']:.2f}")


if __name__ == "__main__":
    main()
