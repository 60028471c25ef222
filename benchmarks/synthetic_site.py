"""Generate a synthetic explainer site for the build benchmark.

The site looks like what an NGO with many explainers would publish: folders of pages of
running text in which glossary terms (in several written forms, some in Chinese) and
`[@key]` citations are sprinkled, plus the places where a term must *not* be marked
(headings, links, code) and those where it must (lists, block quotes, admonitions,
footnotes). The data files follow the schemas of issues 3 and 4.

Everything is seeded, so two runs generate the same site. The configuration files
`INHERIT` the project's real `mkdocs.yml` (theme, overrides, Markdown extensions,
plugins) and change only what a benchmark variant needs.
"""

from __future__ import annotations

import datetime
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SUPPORT_PAGES = {"glossary.md": "Glossary", "sources.md": "Sources"}  # pages of the project that the hooks need


def project_setting(key: str) -> yaml.Node | None:
    """A setting of the project's mkdocs.yml as a YAML node, tags and all (no constructor
    runs, so `!ENV` or `!!python/name` values pass through untouched)."""
    root = yaml.compose((ROOT / "mkdocs.yml").read_text("utf-8"))
    return next((value for name, value in root.value if name.value == key), None)


def project_hooks() -> tuple[str, ...]:
    """The names of the hooks mkdocs.yml registers: 'glossary' for hooks/glossary.py."""
    node = project_setting("hooks")
    return tuple(Path(path).stem for path in (yaml.safe_load(yaml.serialize(node)) if node else []))


HOOKS = project_hooks()

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

# Invented words never collide with the English filler text or with each other.
SYLLABLES = (
    "ka lo mir ten sa vor ul den ri pa zo nel ba tur ish mo qui ren da fel "
    "gor hal jin lex mun ost pil rav sem tov yar zen"
).split()
SUFFIXES = ("Bureau", "Index", "Scheme", "Programme", "Register", "Council", "Platform", "Law")
HANZI = "社会信用体系芝麻分数城市网格管理政府企业个人数据评级平台法规诚信黑名单红公示监督银行市场"


@dataclass
class Term:
    id: str
    term: str
    aliases: list[str] = field(default_factory=list)
    native: str | None = None
    case_sensitive: bool = False

    @property
    def forms(self) -> list[str]:
        return [self.term, *self.aliases]


def make_terms(count: int, rng: random.Random) -> list[Term]:
    """`count` terms with unique forms: words, two-word names, acronyms, Chinese names."""
    taken: set[str] = set()
    terms: list[Term] = []

    def fresh(make) -> str:
        while True:
            candidate = make()
            if candidate.casefold() not in taken:
                taken.add(candidate.casefold())
                return candidate

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()

    while len(terms) < count:
        kind = rng.random()
        if kind < 0.08:
            name = fresh(lambda: "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.choice((3, 4)))))
            terms.append(Term(id="", term=name, case_sensitive=True))
            continue
        name = fresh(lambda: f"{word()} {rng.choice(SUFFIXES)}" if kind < 0.4 else word())
        term = Term(id="", term=name)
        if " " not in name and rng.random() < 0.3:
            term.aliases.append(fresh(lambda: name + "s"))
        if rng.random() < 0.15:
            term.native = fresh(lambda: "".join(rng.choice(HANZI) for _ in range(rng.choice((3, 4)))))
            term.aliases.append(term.native)
        terms.append(term)
    for number, term in enumerate(terms, start=1):
        slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in term.term.lower())
        term.id = f"{slug.strip('-')}-{number}"
    return terms


@dataclass
class Source:
    key: str
    fields: dict


def make_sources(count: int, rng: random.Random) -> list[Source]:
    """`count` works in CSL-JSON field names: reports, articles, legislation, books."""
    sources: list[Source] = []
    keys: set[str] = set()
    kinds = ("report", "article-journal", "article-magazine", "legislation", "book", "webpage")
    for number in range(count):
        kind = kinds[number % len(kinds)]
        family = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
        year = rng.randint(1995, 2024)
        key = f"{family.lower()}-{year}"
        while key in keys:
            key += rng.choice(string.ascii_lowercase)
        keys.add(key)
        title = " ".join(rng.choice(FILLER_WORDS) for _ in range(rng.randint(4, 9))).capitalize()
        fields: dict = {"type": kind, "title": title, "issued": year}
        if kind == "legislation":
            fields["author"] = [{"literal": f"{family} State Council"}]
        else:
            fields["author"] = [{"family": family, "given": rng.choice(GIVEN_NAMES)}]
            if rng.random() < 0.3:
                fields["author"].append({"family": rng.choice(SYLLABLES).capitalize() + "er",
                                         "given": rng.choice(GIVEN_NAMES)})
        if kind.startswith("article"):
            fields["container-title"] = f"{rng.choice(SYLLABLES).capitalize()} Quarterly"
            fields["issued"] = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            if kind == "article-journal":
                first = rng.randint(1, 400)
                fields["page"] = f"{first}-{first + rng.randint(5, 30)}"
        elif kind in ("report", "book"):
            fields["publisher"] = f"{family} Institute"
        elif kind == "webpage":
            fields["URL"] = f"https://example.org/{key}"
        sources.append(Source(key, fields))
    return sources


GIVEN_NAMES = ("Anna", "Wei", "Lena", "Jun", "Tomas", "Mei", "Sara", "Li", "Jonas", "Ying")
FILLER_WORDS = (
    "credit data rating trust policy control market citizens companies courts records local "
    "national pilot system score review reform surveillance behaviour public agencies"
).split()

# ---------------------------------------------------------------------------
# Running text
# ---------------------------------------------------------------------------

# How often sentences name a term or cite a work. The article itself has about 8.5
# marked terms and 1.7 citations per 1,000 words (counted on the built site); these
# shares give about twice as many of each (17 and 3.3), as a large glossary and a
# large bibliography would.
TERM_SENTENCE_SHARE = 0.25
CITED_SENTENCE_SHARE = 0.045

# Sentences with {t} (a term) and without, for paragraphs of ordinary policy prose.
TERM_SENTENCES = (
    "Observers often point to {t} when they describe how the system is meant to work.",
    "According to local officials, {t} was introduced without much public debate.",
    "Critics argue that {t} gives the authorities more reach than the law allows.",
    "In the pilot cities, {t} has been tested on companies before it reached citizens.",
    "Much of what is written about {t} rests on a handful of official documents.",
    "The role of {t} is easy to overstate and hard to measure.",
    "Reports from the provinces suggest that {t} works differently in every county.",
    "Few people outside the administration had heard of {t} before 2014.",
    "Supporters describe {t} as a way to restore trust in contracts and courts.",
    "The rules behind {t} were revised twice in as many years.",
)
PLAIN_SENTENCES = (
    "The documents leave many questions open, and officials rarely answer them.",
    "Researchers disagree about how far the plans have been carried out.",
    "What is measured, by whom, and with what consequences differs from place to place.",
    "A fine that goes unpaid can follow a person for years.",
    "Banks, courts and local governments each keep their own records.",
    "The same data can serve quite different purposes once it is shared.",
    "Much depends on how the rules are enforced rather than on how they are written.",
    "Companies were the first to feel the effects of the new ratings.",
    "Public lists of offenders are meant to shame as much as to inform.",
    "It remains unclear how people can correct a mistake in their record.",
)


class PageWriter:
    """Writes pages whose term mentions are drawn from `vocabulary` (core terms more often)."""

    def __init__(self, vocabulary: list[Term], core: int, sources: list[Source], rng: random.Random):
        self.vocabulary, self.core, self.sources, self.rng = vocabulary, core, sources, rng

    def mention(self) -> str:
        rng = self.rng
        pool = self.vocabulary[: self.core] if rng.random() < 0.5 else self.vocabulary
        term = rng.choice(pool)
        form = rng.choice(term.forms)
        if any("\u4e00" <= c <= "\u9fff" for c in form):
            return f"the body known in Chinese as“{form}”"  # no spaces around Chinese forms
        style = rng.random()
        if style < 0.15:
            return form + "'s work"
        if style < 0.25 and not term.case_sensitive:
            return form.upper()
        return form

    def citation(self) -> str:
        rng, keys = self.rng, [s.key for s in self.sources]
        style = rng.random()
        if style < 0.2:
            return f" [@{rng.choice(keys)}, p. {rng.randint(1, 300)}]"
        if style < 0.3:
            first, second = rng.sample(keys, 2)
            return f" [@{first}; @{second}]"
        return f" [@{rng.choice(keys)}]"

    def sentence(self) -> str:
        rng = self.rng
        if rng.random() < TERM_SENTENCE_SHARE:
            text = rng.choice(TERM_SENTENCES).format(t=self.mention())
        else:
            text = rng.choice(PLAIN_SENTENCES)
        if self.sources and rng.random() < CITED_SENTENCE_SHARE:
            text = text[:-1] + self.citation() + text[-1]
        return text

    def paragraph(self, sentences: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def page(self, title: str, sections: int, neighbour: str) -> str:
        rng = self.rng
        cited = rng.sample([s.key for s in self.sources], min(2, len(self.sources)))
        front_matter = [
            "---",
            f"title: {title}",
            f"description: A synthetic explainer page about {title.lower()}, for the build benchmark.",
            # A chapter, as each of the article's pages is: paragraph anchors, "Cite this page".
            "chapter: true",
            *([f"sources: [{cited[0]}]"] if cited and rng.random() < 0.3 else []),
            "---",
        ]
        blocks = ["\n".join(front_matter), f"# {title} {{#top}}", self.paragraph()]
        for number in range(1, sections + 1):
            # Headings, links and code hold terms that must stay unmarked.
            blocks.append(f"## How {self.mention()} came about {{#section-{number}}}")
            blocks.append(self.paragraph())
            blocks.append(
                f"See [{self.mention()}]({neighbour}) for the background, and note that "
                f"`{self.mention()}` is only the name used in the records. " + self.paragraph(3)
            )
            kind = number % 4
            if kind == 0:
                blocks.append("\n".join(f"- {self.sentence()}" for _ in range(4)))
            elif kind == 1:
                blocks.append(f"> {self.paragraph(2)}")
            elif kind == 2:
                blocks.append(f'!!! note "Editorial note"\n\n    {self.paragraph(2)}')
            else:
                blocks.append(f"{self.paragraph(2)}[^{number}]\n\n[^{number}]: {self.sentence()}")
            blocks.append(self.paragraph())
        return "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------------------
# Data files
# ---------------------------------------------------------------------------


def glossary_data(terms: list[Term], sources: list[Source], rng: random.Random) -> dict:
    """glossary.yml content. `see` only points back to earlier terms, so any prefix of
    the list is a valid glossary on its own (the 20-term glossary is the first 20)."""
    data = {}
    for index, term in enumerate(terms):
        entry: dict = {"term": term.term}
        definition = " ".join(rng.choice(PLAIN_SENTENCES) for _ in range(rng.randint(1, 3)))
        entry["definition"] = f"**{term.term}** names a synthetic institution. {definition}"
        if term.aliases:
            entry["aliases"] = list(term.aliases)
        if term.native:
            entry["native"] = term.native
            entry["romanised"] = " ".join(rng.choice(SYLLABLES) for _ in term.native)
        if index and rng.random() < 0.3:
            entry["see"] = [terms[rng.randrange(index)].id]
        if sources and rng.random() < 0.2:
            entry["sources"] = [rng.choice(sources).key]
        if term.case_sensitive:
            entry["case_sensitive"] = True
        data[term.id] = entry
    return data


def abbreviations(terms: list[Term], glossary: dict) -> str:
    """Material's glossary recipe: one `*[form]: title` line per written form."""
    lines = []
    for term in terms:
        title = glossary[term.id]["definition"].replace("**", "")
        lines += [f"*[{form}]: {title}" for form in term.forms]
    return "\n".join(lines) + "\n"


def dump(data, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), "utf-8")


# ---------------------------------------------------------------------------
# The site
# ---------------------------------------------------------------------------


@dataclass
class Site:
    """A generated site: its folder and one configuration file per variant."""

    root: Path
    pages: list[str]  # paths relative to docs/

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def config(self, variant: str) -> Path:
        return self.root / f"mkdocs-{variant}.yml"


def generate(root: Path, *, pages: int, terms: int, sources: int, vocabulary: int | None = None,
             mentioned: int | None = None, core: int = 20, seed: int = 2018,
             hooks: tuple[str, ...] = HOOKS) -> Site:
    """Write a site with `pages` pages and `sources` made-up works. Its glossary holds the
    first `terms` of a vocabulary of `vocabulary` terms (default: `terms`); the text names
    the first `mentioned` of them (default: all), the first `core` ones more often.

    Two calls that differ only in `terms` write the same pages: that is how the benchmark
    compares a small glossary with a large one on identical text.
    """
    vocabulary = max(vocabulary or terms, terms)
    rng = random.Random(seed)
    all_terms = make_terms(vocabulary, rng)
    all_sources = make_sources(sources, rng)
    glossary = glossary_data(all_terms, all_sources, rng)  # drawn before the pages: same text

    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    writer = PageWriter(all_terms[: mentioned or vocabulary], core, all_sources, rng)
    nav: list = [{"Home": "index.md"}]
    (docs / "index.md").write_text(
        "---\ntitle: Explainers\ndescription: The synthetic benchmark site's home page.\n---\n\n"
        "# Explainers {#explainers}\n\n" + writer.paragraph() + "\n", "utf-8")
    written = []
    per_folder = 10
    for number in range(pages):
        folder = f"explainer-{number // per_folder + 1:02d}"
        name = f"page-{number % per_folder + 1:02d}.md"
        neighbour = "page-01.md" if name != "page-01.md" else "page-02.md"
        if pages - (number - number % per_folder) == 1:
            neighbour = "../index.md"  # a folder with a single page links home
        (docs / folder).mkdir(exist_ok=True)
        text = writer.page(f"Explainer {number // per_folder + 1}, part {number % per_folder + 1}",
                           sections=5, neighbour=neighbour)
        (docs / folder / name).write_text(text, "utf-8")
        written.append(f"{folder}/{name}")
        if number % per_folder == 0:
            nav.append({f"Explainer {number // per_folder + 1}": []})
        next(iter(nav[-1].values())).append(f"{folder}/{name}")

    # The glossary's and the bibliography's pages are the project's own: the hooks fill them in.
    for name, title in SUPPORT_PAGES.items():
        if (ROOT / "docs" / name).exists():
            (docs / name).write_text((ROOT / "docs" / name).read_text("utf-8"), "utf-8")
            nav.append({title: name})

    chosen = all_terms[:terms]
    dump({t.id: glossary[t.id] for t in chosen}, docs / "glossary.yml")
    # The project's own works come first: the hooks rely on some of them (the article itself).
    own = ROOT / "docs" / "sources.yml"
    generated = yaml.safe_dump({s.key: s.fields for s in all_sources}, sort_keys=False, allow_unicode=True)
    (docs / "sources.yml").write_text(
        (own.read_text("utf-8").rstrip("\n") + "\n\n" if own.exists() else "") + generated, "utf-8")
    (root / "includes").mkdir(exist_ok=True)
    (root / "includes" / "abbreviations.md").write_text(abbreviations(chosen, glossary), "utf-8")

    site = Site(root, written)
    write_configs(site, nav, hooks)
    return site


def generated_pages_in_nav() -> list[dict]:
    """The project's nav entries for pages that hooks generate (no file in docs/)."""
    node = project_setting("nav")
    entries = yaml.safe_load(yaml.serialize(node)) if node is not None else []
    return [
        {title: target} for entry in entries if isinstance(entry, dict)
        for title, target in entry.items()
        if isinstance(target, str) and target.endswith(".md") and not (ROOT / "docs" / target).exists()
    ]


def write_configs(site: Site, nav: list, hook_names: tuple[str, ...]) -> None:
    """One configuration per variant, each inheriting the project's mkdocs.yml.

    - hooks: our hooks (`hook_names` of them, all by default), as in the project;
    - hooks-cold: the same with no cache folder (`extra.cache_dir: false`), so that
      every build formats, renders, parses and draws everything anew;
    - plain: no hooks at all (the baseline);
    - abbr: no hooks, Material's glossary recipe (abbr + snippets auto_append).
    """
    common = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(site.docs),
        "theme": {"custom_dir": str(ROOT / "overrides")},
        "nav": nav,
        "watch": [],
        # The project's page on what has changed since its article is not among these pages.
        "extra": {"article": {"updates": None}},
    }
    hooks = [str(ROOT / "hooks" / f"{name}.py") for name in hook_names]
    # Pages the hooks generate (the glossary) are in the navigation only where hooks run.
    with_hooks = {**common, "nav": nav + generated_pages_in_nav(), "hooks": hooks}
    write_config(with_hooks, extensions(hook_names), site.config("hooks"))
    write_config({**with_hooks, "extra": {**common["extra"], "cache_dir": False}}, extensions(hook_names), site.config("hooks-cold"))
    write_config({**common, "hooks": []}, extensions(()), site.config("plain"))

    # The project's extensions (but ours), with the recipe's two appended.
    recipe = yaml.compose(yaml.safe_dump([
        "abbr",
        {"pymdownx.snippets": {"base_path": [str(site.root / "includes")],
                               "auto_append": ["abbreviations.md"], "check_paths": True}},
    ]))
    write_config({**common, "hooks": []}, extensions(()) + recipe.value, site.config("abbr"))


# Our Markdown extensions in mkdocs.yml, by the hook that runs them under MkDocs.
EXTENSIONS_OF_HOOK = {
    "glossary": ("explainer_glossary",),
    "sources": ("explainer_citations",),
    "sharing": ("explainer_anchors", "explainer_page_meta"),
}


def extensions(hook_names: tuple[str, ...]) -> list[tuple]:
    """The project's Markdown extensions as YAML nodes (tags and all), without ours whose
    hook is off: with no hook to take them over, MkDocs would run them by name."""
    node = project_setting("markdown_extensions")
    ours = {name for names in EXTENSIONS_OF_HOOK.values() for name in names}
    kept = {name for hook in hook_names for name in EXTENSIONS_OF_HOOK.get(hook, ())}

    def name(item: yaml.Node) -> str:
        return item.value if isinstance(item, yaml.ScalarNode) else item.value[0][0].value

    return [item for item in (node.value if node else []) if name(item) not in ours or name(item) in kept]


def write_config(data: dict, extension_nodes: list, path: Path) -> None:
    """`data` as YAML, then `markdown_extensions` from YAML nodes (whose tags no dump would keep)."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    text += yaml.serialize(yaml.MappingNode("tag:yaml.org,2002:map", [
        (yaml.ScalarNode("tag:yaml.org,2002:str", "markdown_extensions"),
         yaml.SequenceNode("tag:yaml.org,2002:seq", extension_nodes))]))
    path.write_text(text, "utf-8")
