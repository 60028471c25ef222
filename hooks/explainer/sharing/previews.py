"""Link preview images: a page's title and the site's name on a calm background.

Drawn with Pillow from a font that comes with the project's dependencies (Noto Sans CJK,
OFL 1.1, from the PyPI package `manimgx-fonts-cjk`), never from the operating system's
font folders, so that a build needs no network (unlike Material's social plugin, which
downloads its fonts) and draws the same image on Linux, macOS and Windows. The font has
Latin, Greek, Cyrillic and CJK (Han, kana, Hangul) glyphs; lines break where Unicode's
line breaking algorithm (UAX #14, via `uniseg`) allows: at spaces, and between Han
characters.

Drawing and PNG-encoding one image takes ~10 ms, so images are cached by a digest of
everything that decides their pixels (`preview_key`: title, site name, the font files,
this module's source, Pillow's and FreeType's versions):
- in memory, for the life of the process (`mkdocs serve` redraws only changed titles);
- on disk, in a cache folder (`PreviewCache`), so that repeated `mkdocs build`s reuse them.
`PreviewRenderer` draws in worker threads (Pillow's encoder releases the GIL), so that
the images are drawn while MkDocs renders the pages' templates.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.resources
import io
import os
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, features
from uniseg.graphemecluster import grapheme_clusters
from uniseg.linebreak import line_break_units

# The size Open Graph and Twitter's large summary card both display without cropping.
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
BACKGROUND = (244, 245, 251)  # a pale indigo, close to Material's indigo palette
BAND = (63, 81, 181)  # Material's indigo primary colour
TITLE_COLOUR = (26, 35, 78)
SITE_COLOUR = (72, 79, 110)
# zlib level 6: a quarter of the time of `optimize=True` (level 9), files ~5% larger.
COMPRESS_LEVEL = 6
TITLE_SIZES = range(72, 39, -4)  # px, largest first: the first at which the title fits
TITLE_LINES = 4
SITE_SIZE, SITE_LINES, SITE_LINE_HEIGHT = 30, 2, 40
ELLIPSIS = "…"

# Noto Sans CJK as a variable OpenType collection (one file, weights 100-900).
FONT_PACKAGE = "manimgx_fonts_cjk"
FONT_FILE = "NotoSansCJK-VF.otf.ttc"
# The collection's faces: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK. They differ in the regional forms
# of some Han characters and of CJK punctuation. SC (the simplified forms) is the
# default: the face any one site's titles use must be one, and SC covers the most.
FACE_SC = 2


@dataclass(frozen=True)
class Fonts:
    """The font of the preview images: a font file, the face in it, two named weights."""

    file: Path
    index: int = FACE_SC
    title_weight: str = "Bold"
    site_weight: str = "Regular"

    @classmethod
    def bundled(cls) -> Fonts:
        """The font that comes with the project's dependencies (see the module's docstring).

        Raises FileNotFoundError, naming the package to install, when it is missing.
        """
        try:
            file = Path(str(importlib.resources.files(FONT_PACKAGE) / FONT_FILE))
        except ModuleNotFoundError:
            file = None
        if file is None or not file.is_file():
            raise FileNotFoundError(
                f"font for link preview images not found: install the project's dependencies "
                f"(the Python package {FONT_PACKAGE.replace('_', '-')}, e.g. with `make build`)"
            )
        return cls(file)

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.file,)


# FreeType faces must not be shared between threads: each thread loads its own, once.
_thread_fonts = threading.local()


def font(fonts: Fonts, weight: str, size: int) -> ImageFont.FreeTypeFont:
    """The face of `fonts` at `weight` (a named instance: "Bold") and `size` px, for this thread."""
    loaded = _thread_fonts.__dict__.setdefault("fonts", {})
    key = (fonts, weight, size)
    if key not in loaded:
        face = ImageFont.truetype(str(fonts.file), size, index=fonts.index)
        face.set_variation_by_name(weight)
        loaded[key] = face
    return loaded[key]


def missing_glyphs(text: str, fonts: Fonts) -> str:
    """The characters of `text` that the font has no glyph for, once each, in order
    (a preview would show them as empty boxes)."""
    return "".join(ch for ch in dict.fromkeys(text) if not ch.isspace() and not _has_glyph(fonts, ch))


@functools.lru_cache(maxsize=4096)
def _has_glyph(fonts: Fonts, char: str) -> bool:
    # FreeType draws a character without a glyph as glyph 0 (.notdef, a box); Pillow has
    # no API for the glyph index, so compare the drawn shapes. U+FFFF is never assigned.
    face = font(fonts, fonts.title_weight, 40)

    def shape(text: str) -> bytes:
        mask = face.getmask(text)
        return repr(mask.size).encode() + bytes(mask)

    return shape(char) != shape("\uffff")


def measure(face: ImageFont.FreeTypeFont, text: str) -> float:
    """How far `text` reaches to the right, in px: its advance, or its ink if that reaches further."""
    return max(face.getlength(text), face.getbbox(text)[2]) if text else 0


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break `text` into lines no wider than `width` pixels.

    Lines break where Unicode's line breaking algorithm allows (UAX #14: after spaces and
    hyphens, between Han characters, never before a closing bracket or "。"); a word
    wider than a line breaks between its characters (grapheme clusters).
    """
    lines: list[str] = []
    line = ""
    for unit in line_break_units(" ".join(text.split())):
        if measure(face, (line + unit).rstrip()) <= width:
            line += unit
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        for cluster in grapheme_clusters(unit):  # a unit wider than a line: split it
            if line.strip() and measure(face, (line + cluster).rstrip()) > width:
                lines.append(line.rstrip())
                line = ""
            line += cluster
    if line.strip():
        lines.append(line.rstrip())
    return lines


def shorten(lines: list[str], face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """At most `max_lines` of `lines`; the last one ends in "…" if text was left out."""
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    clusters = list(grapheme_clusters(last))
    while clusters and measure(face, "".join(clusters).rstrip() + ELLIPSIS) > width:
        clusters.pop()
    return lines[: max_lines - 1] + ["".join(clusters).rstrip() + ELLIPSIS]


def fit_title(title: str, fonts: Fonts, width: int = TEXT_WIDTH) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font size in TITLE_SIZES at which the title fits in TITLE_LINES lines
    (shortened with "…" at the smallest size if it never fits)."""
    for size in TITLE_SIZES:
        face = font(fonts, fonts.title_weight, size)
        lines = wrap(title, face, width)
        if len(lines) <= TITLE_LINES:
            return face, lines
    return face, shorten(lines, face, width, TITLE_LINES)


@dataclass(frozen=True)
class Line:
    """One line of text in the image: drawn at `(x, y)` with Pillow's `anchor`."""

    text: str
    face: ImageFont.FreeTypeFont
    x: int
    y: int
    anchor: str
    colour: tuple[int, int, int]

    @property
    def box(self) -> tuple[int, int, int, int]:
        """The pixels the line's ink covers: (left, top, right, bottom), in image pixels."""
        left, top, right, bottom = self.face.getbbox(self.text, anchor=self.anchor)
        return self.x + left, self.y + top, self.x + right, self.y + bottom


def layout(title: str, site_name: str, fonts: Fonts) -> list[Line]:
    """Where each line of the title and the site's name goes (see `draw_preview`)."""
    face, title_lines = fit_title(title, fonts)
    line_height = round(face.size * 1.25)
    top = (HEIGHT - 120 - line_height * len(title_lines)) // 2
    lines = [Line(text, face, MARGIN, top + n * line_height, "la", TITLE_COLOUR) for n, text in enumerate(title_lines)]

    site_face = font(fonts, fonts.site_weight, SITE_SIZE)
    site_lines = shorten(wrap(site_name, site_face, TEXT_WIDTH), site_face, TEXT_WIDTH, SITE_LINES)
    base = HEIGHT - MARGIN - SITE_LINE_HEIGHT * (len(site_lines) - 1)
    lines += [Line(text, site_face, MARGIN, base + n * SITE_LINE_HEIGHT, "ls", SITE_COLOUR)
              for n, text in enumerate(site_lines)]
    return lines


def draw_preview(title: str, site_name: str, fonts: Fonts) -> bytes:
    """A PNG of WIDTH x HEIGHT pixels, drawn now (see `render_preview` for the cached one)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=BAND)
    lines = layout(title, site_name, fonts)
    rule = HEIGHT - MARGIN - SITE_LINE_HEIGHT * (sum(line.colour == SITE_COLOUR for line in lines) - 1) - 36
    draw.line((MARGIN, rule, MARGIN + 96, rule), fill=BAND, width=4)
    for line in lines:
        draw.text((line.x, line.y), line.text, font=line.face, fill=line.colour, anchor=line.anchor)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=COMPRESS_LEVEL)
    return buffer.getvalue()


# -- Caching ------------------------------------------------------------------------------

# The memory cache: preview_key -> PNG bytes, for the life of the process.
_memory: dict[str, bytes] = {}


@functools.lru_cache(maxsize=None)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@functools.lru_cache(maxsize=None)
def _renderer_digest(fonts: Fonts) -> str:
    """What decides the pixels besides the text: this module, the fonts, Pillow, FreeType,
    the line breaking rules."""
    parts = [Path(__file__).read_text("utf-8"), PIL.__version__, features.version("freetype2") or "",
             importlib.metadata.version("uniseg"), repr((fonts.index, fonts.title_weight, fonts.site_weight))]
    for path in fonts.files:
        stat = path.stat()
        parts.append(_file_digest(str(path), stat.st_size, stat.st_mtime_ns))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def preview_key(title: str, site_name: str, fonts: Fonts) -> str:
    """A digest of everything drawn: equal keys, equal images."""
    text = "\0".join((_renderer_digest(fonts), title, site_name))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class PreviewCache:
    """Images on disk by `preview_key`, in `folder` (None: no disk cache, memory only)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        if key in _memory:
            return _memory[key]
        if self.folder is not None:
            try:
                data = (self.folder / f"{key}.png").read_bytes()
            except OSError:
                return None
            _memory[key] = data
            return data
        return None

    def put(self, key: str, data: bytes) -> None:
        _memory[key] = data
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Written whole, then renamed: a build that stops half-way leaves no broken image.
            with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".tmp", delete=False) as file:
                file.write(data)
            os.replace(file.name, self.folder / f"{key}.png")
        except OSError:
            pass  # a cache that cannot be written only costs time


def render_preview(title: str, site_name: str, fonts: Fonts, cache: PreviewCache | None = None) -> bytes:
    """The preview image: from the cache (memory, then `cache`'s folder), or drawn and cached."""
    cache = cache or PreviewCache(None)
    key = preview_key(title, site_name, fonts)
    data = cache.get(key)
    if data is None:
        data = draw_preview(title, site_name, fonts)
        cache.put(key, data)
    return data


class PreviewRenderer:
    """Renders previews in worker threads and writes them: `submit` as pages come; the
    futures end when the images are written (and raise what went wrong)."""

    def __init__(self, fonts: Fonts, cache: PreviewCache, executor: ThreadPoolExecutor):
        self.fonts = fonts
        self.cache = cache
        self.executor = executor

    def submit(self, title: str, site_name: str, path: Path) -> Future:
        return self.executor.submit(self._write, title, site_name, path)

    def _write(self, title: str, site_name: str, path: Path) -> None:
        data = render_preview(title, site_name, self.fonts, self.cache)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
