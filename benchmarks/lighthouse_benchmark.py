"""Lighthouse on every page of the built site, as a reader's phone sees it; prints a table.

    make lighthouse                                        # the same as:
    .venv/bin/python benchmarks/lighthouse_benchmark.py    # site/ must be built; 10-40 s a run
    .venv/bin/python benchmarks/lighthouse_benchmark.py --runs 5 --pages / /origins/
    .venv/bin/python benchmarks/lighthouse_benchmark.py --no-compression   # the issue's baseline
    .venv/bin/python benchmarks/lighthouse_benchmark.py --reports /tmp/lh  # keep the JSON reports

The built site is served on 127.0.0.1 with gzip over HTTP/1.1, as any real host serves it,
and Lighthouse (pinned in benchmarks/lighthouse/package.json, installed there by `make
lighthouse`) measures each page in the sitemap with its defaults: mobile form factor,
simulated slow 4G and a 4x slower CPU. Each page is measured `--runs` times, round by round;
the table gives medians. Lighthouse's CPU figures are only as good as the machine is idle: a
run on a machine slower than Lighthouse expects (its benchmark index, column "machine", below
1,000) is repeated up to `--retries` times, and the report says how many remain. Failed
accessibility audits and the largest performance costs are listed under the table.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
# What web servers compress by default (nginx `gzip_types` plus HTML, Apache's mod_deflate).
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}
# Lighthouse warns that "the tested device appears to have a slower CPU than Lighthouse
# expects" below this benchmark index (core/gather/driver/environment.js): its simulated
# phone is then slower than the phone it means, which costs a busy machine 10-30 points.
SLOW_MACHINE = 1000
METRICS = {  # Lighthouse audit id -> column, unit
    "first-contentful-paint": ("FCP", "s"),
    "largest-contentful-paint": ("LCP", "s"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
    "speed-index": ("SI", "s"),
}


# ---------------------------------------------------------------------------
# Serving
# ---------------------------------------------------------------------------


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped (level 6, as nginx and Apache) when the client accepts it,
    over HTTP/1.1 connections that stay open (the standard library's default is HTTP/1.0,
    one connection per file, which no real host does and Lighthouse would count)."""

    protocol_version = "HTTP/1.1"
    compress = True
    _cache: dict[Path, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and accepts and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        if path not in self._cache:
            self._cache[path] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self._cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _BytesFile(body)


class _BytesFile:
    """What `send_head` returns and `do_GET` copies to the client, then closes."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(folder: Path, compress: bool) -> http.server.ThreadingHTTPServer:
    """Serve `folder` on 127.0.0.1 at a free port, in a background thread."""
    handler = functools.partial(
        type("Handler", (CompressingHandler,), {"compress": compress, "_cache": {}}), directory=str(folder)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def sitemap_paths(folder: Path) -> list[str]:
    """The path of every page listed in the site's sitemap.xml ('/', '/origins/', ...)."""
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(folder / "sitemap.xml").getroot()
    return [urlsplit(loc.text.strip()).path for loc in root.findall("sm:url/sm:loc", namespace)]


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile, default throttling) of `url`; its JSON report (LHR)."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        "--only-categories=performance,accessibility,best-practices,seo",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not report.exists():
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(report.read_text("utf-8"))


def summary(lhr: dict) -> dict:
    """Scores (0-100) and metric values (s, ms, unitless CLS) of one report."""
    row = {name: round(100 * category["score"]) for name, category in lhr["categories"].items()}
    # Lighthouse's measure of the machine's speed while it ran (higher is faster); see
    # Lighthouse's docs/throttling.md: below about 1,000 its CPU figures are unreliable.
    row["machine"] = lhr["environment"]["benchmarkIndex"]
    for audit, (column, unit) in METRICS.items():
        value = lhr["audits"][audit]["numericValue"]
        row[column] = value / 1000 if unit == "s" else value
    return row


def findings(lhr: dict) -> list[str]:
    """Failed accessibility and best-practice audits, and performance costs, one line each."""
    lines = []
    for name in ("accessibility", "best-practices", "seo"):
        for ref in lhr["categories"].get(name, {}).get("auditRefs", []):
            audit = lhr["audits"][ref["id"]]
            if audit.get("score") is not None and audit["score"] < 1 and ref.get("weight", 0) > 0:
                lines.append(f"{name}: {ref['id']}: {audit['title']}")
    for ref in lhr["categories"]["performance"]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        details = audit.get("details") or {}
        savings = details.get("overallSavingsMs") or 0
        if details.get("type") == "opportunity" and savings >= 50:
            lines.append(f"performance: {ref['id']}: {audit['title']} (~{savings:.0f} ms)")
    return lines


SCORES = ["performance", "accessibility", "best-practices", "seo"]


def cell(column: str, value: float) -> str:
    """One figure as the table shows it: seconds to 0.1, CLS to 0.001, the rest whole."""
    unit = dict(METRICS.values()).get(column)
    if column == "CLS":
        return f"{value:.3f}"
    return f"{value:.1f}" if unit == "s" else f"{value:.0f}"


def saving(line: str) -> float:
    """The milliseconds a `findings` line says an opportunity saves (0 if none)."""
    _, found, rest = line.rpartition("(~")
    return float(rest.split(" ms")[0]) if found else 0.0


def table(rows: dict[str, dict]) -> str:
    """Markdown table of medians, one row per page."""
    columns = [*SCORES, *[column for column, _ in METRICS.values()], "machine"]
    lines = ["| Page | " + " | ".join(columns) + " |", "| --- |" + " --- |" * len(columns)]
    for page, row in rows.items():
        lines.append(f"| `{page}` | " + " | ".join(cell(c, row[c]) for c in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site (default: site/)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; medians are reported")
    parser.add_argument("--pages", nargs="*", help="paths to measure (default: every page in the sitemap)")
    parser.add_argument("--no-compression", action="store_true", help="serve without gzip")
    parser.add_argument("--reports", type=Path, help="keep every JSON report in this folder")
    parser.add_argument("--slow-machine", type=float, default=SLOW_MACHINE, metavar="INDEX",
                        help=f"a run whose benchmark index is below this is repeated (default {SLOW_MACHINE})")
    parser.add_argument("--retries", type=int, default=2, help="how often a run on a slow machine is repeated")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make lighthouse` (npm ci in benchmarks/lighthouse/)")
    if not (args.site / "sitemap.xml").exists():
        sys.exit(f"{args.site}/sitemap.xml not found: build the site first (`make build`)")

    server = serve(args.site, compress=not args.no_compression)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    reports = args.reports or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    reports.mkdir(parents=True, exist_ok=True)
    pages = args.pages or sitemap_paths(args.site)
    runs: dict[str, list[dict]] = {page: [] for page in pages}
    notes: dict[str, dict[str, str]] = {page: {} for page in pages}  # audit -> line, largest saving
    try:
        # Round by round rather than page by page: a busy spell on a shared machine
        # then costs one run of several pages instead of every run of one page.
        for run in range(args.runs):
            for page in pages:
                name = (page.strip("/").replace("/", "-") or "home") + f"-{run + 1}.json"
                for _attempt in range(1 + args.retries):
                    lhr = lighthouse(base + page, reports / name)
                    if lhr["environment"]["benchmarkIndex"] >= args.slow_machine:
                        break
                runs[page].append(summary(lhr))
                for line in findings(lhr):
                    audit = line.split(" (~")[0]
                    if saving(line) >= saving(notes[page].get(audit, "")):
                        notes[page][audit] = line
            scores = ", ".join(f"{page} {runs[page][-1]['performance']}" for page in pages)
            print(f"run {run + 1}: performance {scores}", file=sys.stderr, flush=True)
    finally:
        server.shutdown()
    medians = {page: {key: statistics.median(r[key] for r in rs) for key in rs[0]} for page, rs in runs.items()}
    compression = "without compression" if args.no_compression else "gzip"
    print(f"\nLighthouse, mobile, default throttling, {compression}; medians of {args.runs} runs\n")
    print(table(medians))
    slow = sum(run["machine"] < args.slow_machine for rs in runs.values() for run in rs)
    if slow:
        print(f"\n{slow} of {args.runs * len(pages)} runs on a machine slower than Lighthouse expects "
              f"(benchmark index < {args.slow_machine:.0f}): their performance figures are too low.")
    for page, lines in notes.items():
        if lines:
            print(f"\n{page}:\n  " + "\n  ".join(sorted(lines.values())))
    if args.reports:
        print(f"\nReports: {reports}")


if __name__ == "__main__":
    main()
