"""Build benchmark: do our hooks stay fast on a large site with a large glossary?

    .venv/bin/python benchmarks/build_benchmark.py            # or: make benchmark
    .venv/bin/python benchmarks/build_benchmark.py --help     # sizes, repeats, --profile

It generates synthetic sites in a temporary folder (see synthetic_site.py), builds each
variant in a fresh process, alternating the variants round after round so that drift on
a shared machine hits them alike, and prints the medians and their ratios against the
targets of issue 6. Timings are only comparable within one run: read the ratios.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import synthetic_site

CHILD = Path(__file__).with_name("timed_build.py")
PROCESSOR = "processor time: "  # before a variant's name: its builds' processor seconds
TARGETS = {
    "scale": ("hooks on / hooks off at {pages} pages, {terms} terms", "<=", 1.25),
    "growth": ("hooks on, {terms} terms / {small} terms, same pages and marks", "<=", 1.10),
    "abbr": ("abbr recipe / hooks on at {terms} terms", ">=", 5.0),
    # Issue 11: no regression, measured against an earlier revision in the same run.
    "regression": ("processor time, hooks on / hooks off, this revision / {baseline}", "<=", 1.05),
    # Issue 19: nor a first build, with nothing cached.
    "first build": ("processor time, hooks on with nothing cached / hooks off, this revision / {baseline}",
                    "<=", 1.05),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=150, help="pages of the large site (150)")
    parser.add_argument("--terms", type=int, default=2000, help="glossary terms of the large site (2000)")
    parser.add_argument("--small-terms", type=int, default=20, help="the small glossary, same pages (20)")
    parser.add_argument("--sources", type=int, default=200,
                        help="made-up works in sources.yml, besides the project's own (200)")
    parser.add_argument("--abbr-pages", type=int, default=30, help="pages of the abbr comparison (30)")
    parser.add_argument("--abbr-terms", type=int, default=300, help="terms of the abbr comparison (300)")
    parser.add_argument("--repeats", type=int, default=5, help="rounds of the large-site builds (5)")
    parser.add_argument("--abbr-repeats", type=int, default=3, help="rounds of the abbr comparison (3)")
    parser.add_argument("--rebuilds", type=int, default=3, help="serve rebuilds per variant (3)")
    parser.add_argument("--hooks", default=",".join(synthetic_site.HOOKS),
                        help=f"the hooks that are on (all: {','.join(synthetic_site.HOOKS)})")
    parser.add_argument("--only", default="scale,abbr,serve", help="which parts to run (scale,abbr,serve)")
    parser.add_argument("--zensical", metavar="PATH/TO/zensical", type=Path,
                        help="also time `zensical build --clean` of the large site (a Zensical installed "
                             "with this project, as `make` installs .venv/bin/zensical)")
    parser.add_argument("--baseline", metavar="REV",
                        help="also build the large site with the hooks of this git revision (a commit, tag or "
                             "branch), alternating with this one's, and compare the two hooks on / hooks off "
                             "ratios (target: within 5%%)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--json", type=Path, help="also write the raw timings to this file")
    parser.add_argument("--profile", metavar="OUT.prof", type=Path,
                        help="only profile one hooks-on build of the large site and print the hot spots")
    args = parser.parse_args()
    if args.zensical:  # it runs in the generated site's folder: find it from here
        found = shutil.which(args.zensical)
        if not found:
            sys.exit(f"--zensical: no such command {args.zensical} (`make` installs .venv/bin/zensical)")
        args.zensical = Path(found).resolve()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.pop("EXPLAINER_CACHE_DIR", None)  # each site keeps its own cache, beside its mkdocs.yml

    root = args.keep or Path(tempfile.mkdtemp(prefix="explainer-benchmark-"))
    try:
        run(args, root)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def run(args, root: Path) -> None:
    hooks = tuple(args.hooks.split(","))
    unknown = set(hooks) - set(synthetic_site.HOOKS)
    if unknown:
        sys.exit(f"--hooks: no such hook {', '.join(sorted(unknown))} (mkdocs.yml has {synthetic_site.HOOKS})")
    print(machine())
    print(f"Hooks on: {', '.join(hooks)}. Generating sites in {root} ...", flush=True)
    large = synthetic_site.generate(root / "large", pages=args.pages, terms=args.terms, sources=args.sources,
                                    hooks=hooks)
    if args.profile:
        profile(large, root, args.profile)
        return

    parts = args.only.split(",")
    results: dict = {"machine": machine(), "arguments": {k: str(v) for k, v in vars(args).items()}}
    verdicts: list[str] = []
    if "scale" in parts:
        results["scale"] = measure_scale(args, root, large, hooks, verdicts)
    if "abbr" in parts:
        results["abbr"] = measure_abbr(args, root, hooks, verdicts)
    if "serve" in parts:
        results["serve"] = measure_serve(args, large)
    if verdicts:
        print(f"\n## Targets (hooks on: {', '.join(hooks)})\n" + "\n".join(verdicts))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), "utf-8")
        print(f"\nRaw timings written to {args.json}")


def measure_scale(args, root: Path, large: synthetic_site.Site, hooks, verdicts: list[str]) -> dict:
    """Hooks on and off on the large site; and, for the growth of the glossary, a 20-term
    and a 2,000-term glossary on pages that name only the 20 terms, so that both builds
    mark the same words (the large site's text names all 2,000 terms)."""
    growth = {
        size: synthetic_site.generate(root / f"growth-{size}", pages=args.pages, terms=size, sources=args.sources,
                                      vocabulary=args.terms, mentioned=args.small_terms, hooks=hooks)
        for size in (args.small_terms, args.terms)
    }
    assert same_pages(*growth.values()), "the two glossary sizes must be measured on the same pages"
    print(f"\n## {args.pages} pages, {args.sources} sources: hooks on and off with {args.terms} terms; "
          f"{args.small_terms} and {args.terms} terms on text naming {args.small_terms} ({args.repeats} rounds)",
          flush=True)
    variants = {
        "hooks on": large.config("hooks"),
        "hooks off": large.config("plain"),
        f"growth: {args.small_terms} terms": growth[args.small_terms].config("hooks"),
        f"growth: {args.terms} terms": growth[args.terms].config("hooks"),
        # What a first build costs, or one after the cache folder was deleted.
        "hooks on, nothing cached": large.config("hooks-cold"),
    }
    environments = {}
    if args.baseline:
        old, old_environment = baseline_site(args, root, hooks)
        for variant, state in (("hooks", "on"), ("plain", "off"), ("hooks-cold", "on, nothing cached")):
            name = f"{args.baseline}: hooks {state}"
            variants[name], environments[name] = old.config(variant), old_environment
        print(f"  {args.baseline} builds {'the same' if same_pages(large, old) else 'other'} pages", flush=True)
    times = alternate(variants, args.repeats, root / "out", environments,
                      zensical=args.zensical and (args.zensical, large))
    for name in variants:
        if not name.endswith("hooks off"):
            report_marks(name, root / "out" / slug(name))
    if args.zensical:
        report_marks("zensical", large.root / "site")
    medians = summarise(times)
    on, off, small, big, cold = (medians[name] for name in list(variants)[:5])
    if args.zensical:
        print(f"  zensical build --clean / mkdocs build, hooks on: {medians['zensical'] / on:.2f}x; "
              f"/ hooks off: {medians['zensical'] / off:.2f}x")
    print(f"  hooks on, nothing cached / hooks off: {cold / off:.2f}x")
    verdicts.append(check("scale", on / off, pages=args.pages, terms=args.terms))
    verdicts.append(check("growth", big / small, small=args.small_terms, terms=args.terms))
    if args.baseline:
        # Processor time: other programs on a busy machine lengthen it less than clock time,
        # which varied by up to 25% between identical builds (benchmarks/README.md).
        now_on, now_off, now_cold, old_on, old_off, old_cold = (
            medians[PROCESSOR + name] for name in ("hooks on", "hooks off", "hooks on, nothing cached", *(
                f"{args.baseline}: hooks {state}" for state in ("on", "off", "on, nothing cached"))))
        print(f"  processor time, hooks on / hooks off: {now_on / now_off:.2f}x now, "
              f"{old_on / old_off:.2f}x at {args.baseline}")
        print(f"  processor time, hooks on with nothing cached / hooks off: {now_cold / now_off:.2f}x now, "
              f"{old_cold / old_off:.2f}x at {args.baseline}")
        verdicts.append(check("regression", (now_on / now_off) / (old_on / old_off), baseline=args.baseline))
        verdicts.append(check("first build", (now_cold / now_off) / (old_cold / old_off), baseline=args.baseline))
    return times


def baseline_site(args, root: Path, hooks: tuple[str, ...]) -> tuple[synthetic_site.Site, dict[str, str]]:
    """The large site as the benchmark of revision `args.baseline` generates it, configured
    for that revision's hooks, templates and mkdocs.yml; and the environment its builds need.

    Raises SystemExit when git cannot read the revision.
    """
    source = root / "baseline"
    archive = subprocess.run(["git", "-C", str(synthetic_site.ROOT), "archive", args.baseline], capture_output=True)
    if archive.returncode != 0:
        sys.exit(f"--baseline {args.baseline}: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as files:
        files.extractall(source, filter="data")
    spec = importlib.util.spec_from_file_location("baseline_synthetic_site", source / "benchmarks" / "synthetic_site.py")
    generator = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # dataclasses look it up
    spec.loader.exec_module(generator)
    site = generator.generate(root / "baseline-large", pages=args.pages, terms=args.terms, sources=args.sources,
                              hooks=tuple(hook for hook in hooks if hook in generator.HOOKS))
    # The revision's own engine package, before the one this checkout installs (editable) in the venv.
    path = os.pathsep.join(filter(None, [str(source / "hooks"), os.environ.get("PYTHONPATH")]))
    return site, {"PYTHONPATH": path}


def measure_abbr(args, root: Path, hooks, verdicts: list[str]) -> dict:
    """Our hooks against Material's abbr recipe carrying the same terms, on a smaller site."""
    site = synthetic_site.generate(root / "abbr", pages=args.abbr_pages, terms=args.abbr_terms,
                                   sources=args.sources, hooks=hooks)
    print(f"\n## {args.abbr_pages} pages, {args.abbr_terms} terms: Material's abbr recipe "
          f"({args.abbr_repeats} rounds)", flush=True)
    variants = {"hooks on": site.config("hooks"), "hooks off": site.config("plain"),
                "abbr recipe (hooks off)": site.config("abbr")}
    times = alternate(variants, args.abbr_repeats, root / "out")
    medians = summarise(times)
    on, off, abbr = (medians[name] for name in variants)
    print(f"  abbr recipe / hooks off: {abbr / off:.1f}x")
    verdicts.append(check("abbr", abbr / on, terms=args.abbr_terms))
    return times


def measure_serve(args, large: synthetic_site.Site) -> dict:
    """`mkdocs serve`: the rebuild after one page is edited, with and without the hooks."""
    print(f"\n## mkdocs serve on the {args.pages}-page site: rebuild after editing one page "
          f"({args.rebuilds} rebuilds)", flush=True)
    page = large.docs / large.pages[len(large.pages) // 2]
    serve = {}
    for name, config in (("hooks on", large.config("hooks")), ("hooks off", large.config("plain"))):
        serve[name] = result = child("serve", config, page, args.rebuilds)
        print(f"  {name:<10} first build {result['first']:6.2f} s   "
              f"rebuild median {statistics.median(result['rebuilds']):6.2f} s  "
              f"({', '.join(f'{t:.2f}' for t in result['rebuilds'])})", flush=True)
    on, off = (statistics.median(serve[name]["rebuilds"]) for name in ("hooks on", "hooks off"))
    print(f"  rebuild, hooks on / hooks off: {on / off:.2f}x")
    return serve


# ---------------------------------------------------------------------------
# Running builds
# ---------------------------------------------------------------------------


def child(mode: str, config: Path, *rest, environment: dict[str, str] | None = None) -> dict:
    """One build in a fresh Python process (timed_build.py), its result as a dict.
    `environment`: variables to set for it (e.g. PYTHONPATH: another revision's engine)."""
    command = [sys.executable, str(CHILD), mode, str(config), *map(str, rest)]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(environment or {})})
    if done.returncode != 0:
        sys.exit(f"build failed: {' '.join(command)}\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for message in result["warnings"][:3]:
        print(f"    (build logged {message[:160]})")
    return result


def alternate(variants: dict[str, Path], rounds: int, out: Path, environments: dict[str, dict] | None = None,
              zensical=None) -> dict[str, list[float]]:
    """Build every variant once per round, rotating the order from round to round.

    `environments`: variables to set for the builds of some variants (see `child`).

    `zensical`: (the `zensical` command, the site) to build with Zensical too, once a round,
    from the site's hooks-on configuration (Zensical runs no hooks, only the extensions).
    """
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants) + (["zensical"] if zensical else [])
    times.update({"zensical": []} if zensical else {})
    for number in range(rounds):
        order = names[number % len(names):] + names[: number % len(names)]
        for name in order:
            if name == "zensical":
                times[name].append(zensical_build(*zensical))
                continue
            result = child("build", variants[name], out / slug(name), environment=(environments or {}).get(name))
            times[name].append(result["seconds"])
            times.setdefault(PROCESSOR + name, []).append(result["cpu_seconds"])
        print(f"  round {number + 1}/{rounds}: "
              + ", ".join(f"{name} {times[name][-1]:.2f} s" for name in names), flush=True)
    return times


def zensical_build(command: Path, site: synthetic_site.Site) -> float:
    """Seconds of one `zensical build --clean` (its cache emptied: a first build), whole process."""
    # Zensical 0.0.73 stops at an absolute docs_dir: the same configuration with a relative one.
    config = site.root / "zensical-hooks.yml"
    config.write_text(re.sub(r"(?m)^docs_dir: .*$", "docs_dir: docs", site.config("hooks").read_text("utf-8")),
                      "utf-8")
    start = time.perf_counter()
    result = subprocess.run([str(command), "build", "--clean", "-f", str(config)],
                            cwd=site.root, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"zensical build failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def summarise(times: dict[str, list[float]]) -> dict[str, float]:
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"  median {medians[name]:7.2f} s  (min {min(values):.2f}, max {max(values):.2f})  {name}")
    return medians


def check(target: str, ratio: float, **names) -> str:
    """Print a ratio against its target; return the verdict line for the summary."""
    label, relation, limit = TARGETS[target]
    met = ratio <= limit if relation == "<=" else ratio >= limit
    verdict = f"  {label.format(**names)}: {ratio:.2f}x  (target {relation} {limit}x: {'met' if met else 'MISSED'})"
    print(verdict, flush=True)
    return verdict


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name)


def same_pages(a: synthetic_site.Site, b: synthetic_site.Site) -> bool:
    return a.pages == b.pages and all(
        (a.docs / p).read_bytes() == (b.docs / p).read_bytes() for p in a.pages)


# ---------------------------------------------------------------------------
# What the hooks did: a benchmark of hooks that mark nothing proves nothing
# ---------------------------------------------------------------------------


class MarkCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.terms = self.citations = 0

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        self.terms += "data-term" in names
        self.citations += "data-cite" in names


def report_marks(name: str, site_dir: Path) -> None:
    pages = list(site_dir.glob("explainer-*/*/index.html"))
    counter = MarkCounter()
    for page in pages:
        counter.feed(page.read_text("utf-8"))
    per_page = len(pages) or 1
    print(f"  {name}: {counter.terms / per_page:.1f} glossary marks and "
          f"{counter.citations / per_page:.1f} citation markers per page")
    if not counter.terms or not counter.citations:
        print("  NOTE: the hooks marked no terms or no citations: are they still stubs?")


# ---------------------------------------------------------------------------
# Profile and machine
# ---------------------------------------------------------------------------


def profile(site: synthetic_site.Site, root: Path, out: Path) -> None:
    result = child("profile", site.config("hooks"), root / "out" / "profile", out)
    print(f"\nOne hooks-on build: {result['seconds']:.2f} s under cProfile; stats in {out}\n")
    stats = pstats.Stats(str(out))
    hooks = str(synthetic_site.ROOT / "hooks")
    stats.sort_stats("cumulative").print_stats(hooks, 25)
    stats.sort_stats("tottime").print_stats(20)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"Machine: {len(os.sched_getaffinity(0))} cores ({cpu}), Python {platform.python_version()}, "
            f"{time.strftime('%Y-%m-%d')}")


if __name__ == "__main__":
    main()
