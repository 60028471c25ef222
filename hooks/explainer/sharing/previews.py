"""Link preview images: a page's title and the site's name on a calm background.

Drawn with Pillow from fonts that come with the project's dependencies, never from the
operating system's font folders, so that a build needs no network (unlike Material's
social plugin, which downloads its fonts) and draws the same image on Linux, macOS and
Windows: Noto Sans CJK (OFL 1.1, PyPI package `manimgx-fonts-cjk`: Latin, basic Greek and
Russian Cyrillic, Han, kana, Hangul) and, for each word it has no glyph for, Noto Sans
(OFL 1.1, PyPI package `fontpkg-noto-sans`: the rest of Latin, Greek and Cyrillic, such
as Ukrainian і ї є ґ, Serbian ј љ њ ђ ћ and Greek with accents ά έ ί ό ύ ώ ΐ; `FontStack`).
A character neither has is named by `missing_glyphs`, which the build reports. Lines
break where Unicode's line breaking algorithm (UAX #14, via `uniseg`) allows: at
spaces, and between Han characters.

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
import re
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
# Noto Sans as a variable font (widths and weights 100-900, with the same named weights).
FALLBACK_PACKAGE = "fontpkg_noto_sans"
FALLBACK_FILE = "files/NotoSans[wdth,wght].ttf"


@dataclass(frozen=True)
class Fonts:
    """The fonts of the preview images: a font file, the face in it, two named weights,
    and a font file (face 0, the same weights) for the words the first has no glyphs for."""

    file: Path
    index: int = FACE_SC
    title_weight: str = "Bold"
    site_weight: str = "Regular"
    fallback: Path | None = None

    @classmethod
    def bundled(cls) -> Fonts:
        """The font that comes with the project's dependencies (see the module's docstring).

        Raises FileNotFoundError, naming the package to install, when it is missing.
        """
        return cls(_package_file(FONT_PACKAGE, FONT_FILE), fallback=_package_file(FALLBACK_PACKAGE, FALLBACK_FILE))

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.file, self.fallback) if self.fallback else (self.file,)

    @property
    def faces(self) -> tuple[tuple[Path, int], ...]:
        """(file, face index) of each font, in the order they are tried."""
        return ((self.file, self.index), *([(self.fallback, 0)] if self.fallback else []))


def _package_file(package: str, name: str) -> Path:
    try:
        file = Path(str(importlib.resources.files(package) / name))
    except ModuleNotFoundError:
        file = None
    if file is None or not file.is_file():
        raise FileNotFoundError(
            f"font for link preview images not found: install the project's dependencies "
            f"(the Python package {package.replace('_', '-')}, e.g. with `make build`)"
        )
    return file


class _ThreadFaces(threading.local):
    """The FreeType faces one thread has loaded, by (fonts, weight, size), for the life of
    the process: faces must not be shared between threads, and loading one costs."""

    def __init__(self):
        self.faces: dict[tuple[Fonts, str, int], FontStack] = {}
        self.basic: dict[tuple[Path, int], ImageFont.FreeTypeFont] = {}  # without a shaper (_has_glyph)


_thread_faces = _ThreadFaces()


def font(fonts: Fonts, weight: str, size: int) -> FontStack:
    """The faces of `fonts` at `weight` (a named instance: "Bold") and `size` px, for this thread."""
    loaded = _thread_faces.faces
    key = (fonts, weight, size)
    if key not in loaded:
        faces = []
        for file, index in fonts.faces:
            face = ImageFont.truetype(str(file), size, index=index)
            face.set_variation_by_name(weight)
            faces.append(face)
        loaded[key] = FontStack(tuple(faces), fonts.faces)
    return loaded[key]


class FontStack:
    """Several faces used as one font: each word (a run without spaces) is drawn with the
    first face that has glyphs for all of it, so that a word keeps one design; a word no
    face has whole is drawn cluster by cluster (grapheme clusters) with the first face
    that has each, else with the first face (which draws a box: `missing_glyphs`).

    Has what Pillow's `FreeTypeFont` offers the layout here: `size`, `getlength(text)`,
    `getbbox(text, anchor)`, and `draw`, for anchors "la" and "ls" (left, at the first
    face's ascender or on the baseline, which every run shares)."""

    def __init__(self, faces: tuple[ImageFont.FreeTypeFont, ...], sources: tuple[tuple[Path, int], ...]):
        self.faces = faces
        self.sources = sources  # (file, face index) of each face, for `_has_glyph`
        self.size = faces[0].size
        self._having: dict[str, tuple[bool, ...]] = {}  # character -> which faces have it

    def runs(self, text: str) -> list[tuple[ImageFont.FreeTypeFont, str]]:
        """`text` cut into runs, each with the face that draws it."""
        if self._first_having(text) == 0:  # the common case: the first face has it all
            return [(self.faces[0], text)]
        pieces: list[tuple[int, str]] = []
        for word in re.split(r"(\s+)", text):
            if word.isspace() and pieces:  # a space goes with the word before it
                pieces.append((pieces[-1][0], word))
            elif (whole := self._first_having(word)) is not None:
                pieces.append((whole, word))
            else:
                pieces += [(self._first_having(cluster) or 0, cluster) for cluster in grapheme_clusters(word)]
        runs: list[list] = []
        for index, piece in pieces:
            if runs and runs[-1][0] == index:
                runs[-1][1] += piece
            elif piece:
                runs.append([index, piece])
        return [(self.faces[index], piece) for index, piece in runs]

    def _first_having(self, text: str) -> int | None:
        """The index of the first face with a glyph for every character of `text` but spaces."""
        having = [True] * len(self.faces)
        for char in set(text):
            known = self._having.get(char)
            if known is None:
                known = self._having[char] = tuple(char.isspace() or _has_glyph(file, index, char)
                                                   for file, index in self.sources)
            having = [both and has for both, has in zip(having, known)]
        return having.index(True) if True in having else None

    def getlength(self, text: str) -> float:
        return sum(face.getlength(run) for face, run in self.runs(text))

    def getbbox(self, text: str, anchor: str = "la") -> tuple[float, float, float, float]:
        runs = self.runs(text)
        if len(runs) <= 1:
            return (runs[0][0] if runs else self.faces[0]).getbbox(text, anchor=anchor)
        boxes, x, rise = [], 0.0, self._rise(anchor)
        for face, run in runs:
            left, top, right, bottom = face.getbbox(run, anchor="ls")
            boxes.append((x + left, top + rise, x + right, bottom + rise))
            x += face.getlength(run)
        return (min(box[0] for box in boxes), min(box[1] for box in boxes),
                max(box[2] for box in boxes), max(box[3] for box in boxes))

    def draw(self, draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, fill, anchor: str) -> None:
        runs = self.runs(text)
        if len(runs) <= 1:
            draw.text(xy, text, font=runs[0][0] if runs else self.faces[0], fill=fill, anchor=anchor)
            return
        x, baseline = xy[0], xy[1] + self._rise(anchor)
        for face, run in runs:
            draw.text((x, baseline), run, font=face, fill=fill, anchor="ls")
            x += face.getlength(run)

    def _rise(self, anchor: str) -> int:
        """How far below `anchor`'s y the baseline is."""
        if anchor not in ("la", "ls"):
            raise ValueError(f"anchor {anchor!r}: only 'la' and 'ls' are supported")
        return self.faces[0].getmetrics()[0] if anchor == "la" else 0


def missing_glyphs(text: str, fonts: Fonts) -> str:
    """The characters of `text` that no font of `fonts` has a glyph for, once each, in
    order (a preview would show them as empty boxes)."""
    return "".join(ch for ch in dict.fromkeys(text)
                   if not ch.isspace() and not any(_has_glyph(file, index, ch) for file, index in fonts.faces))


@functools.lru_cache(maxsize=16384)
def _has_glyph(file: Path, index: int, char: str) -> bool:
    # FreeType draws a character without a glyph as glyph 0 (.notdef, a box); Pillow has
    # no API for the glyph index, so compare the drawn shapes. U+FFFF is never assigned.
    # Basic layout, without a shaper: HarfBuzz would compose "ά" from "α" and an accent
    # that the font has, where the font has no glyph of its own for it.
    faces = _thread_faces.basic
    face = faces.get((file, index))
    if face is None:
        face = faces[file, index] = ImageFont.truetype(str(file), 40, index=index,
                                                       layout_engine=ImageFont.Layout.BASIC)

    def shape(text: str) -> bytes:
        mask = face.getmask(text)
        return repr(mask.size).encode() + bytes(mask)

    return shape(char) != shape("\uffff")


def measure(face: FontStack, text: str) -> float:
    """How far `text` reaches to the right, in px: its advance, or its ink if that reaches further."""
    return max(face.getlength(text), face.getbbox(text)[2]) if text else 0


def wrap(text: str, face: FontStack, width: int) -> list[str]:
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


def shorten(lines: list[str], face: FontStack, width: int, max_lines: int) -> list[str]:
    """At most `max_lines` of `lines`; the last one ends in "…" if text was left out."""
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    clusters = list(grapheme_clusters(last))
    while clusters and measure(face, "".join(clusters).rstrip() + ELLIPSIS) > width:
        clusters.pop()
    return lines[: max_lines - 1] + ["".join(clusters).rstrip() + ELLIPSIS]


def fit_title(title: str, fonts: Fonts, width: int = TEXT_WIDTH) -> tuple[FontStack, list[str]]:
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
    face: FontStack
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
        line.face.draw(draw, (line.x, line.y), line.text, line.colour, line.anchor)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=COMPRESS_LEVEL)
    return buffer.getvalue()


# -- Caching ------------------------------------------------------------------------------

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


def preview_name(stem: str, title: str, site_name: str, fonts: Fonts) -> str:
    """The file name of a page's preview image: `stem` and a digest of what it shows
    (`origins.3f9a0c1d2e4b.png`, from `preview_key`). A changed image gets a new address, so
    that platforms which cached the old card by its address (Open Graph and X cards,
    Mastodon, chat apps) fetch the new one when the page is shared again."""
    return f"{stem}.{preview_key(title, site_name, fonts)[:12]}.png"


class PreviewCache:
    """Images by `preview_key`: in memory for the life of this object (one build), and on
    disk in `folder` (None: no disk cache, memory only)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.memory: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        if key in self.memory:
            return self.memory[key]
        if self.folder is not None:
            try:
                data = (self.folder / f"{key}.png").read_bytes()
            except OSError:
                return None
            self.memory[key] = data
            return data
        return None

    def put(self, key: str, data: bytes) -> None:
        self.memory[key] = data
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
