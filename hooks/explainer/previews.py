"""Link preview images: a page's title and the site's name on a calm background.

Drawn with Pillow from font files on disk, so that a build needs no network (unlike
Material's social plugin, which downloads its fonts).

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
import io
import os
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, features

# The size Open Graph and Twitter's large summary card both display without cropping.
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (244, 245, 251)  # a pale indigo, close to Material's indigo palette
BAND = (63, 81, 181)  # Material's indigo primary colour
TITLE_COLOUR = (26, 35, 78)
SITE_COLOUR = (72, 79, 110)
# zlib level 6: a quarter of the time of `optimize=True` (level 9), files ~5% larger.
COMPRESS_LEVEL = 6

# Debian's fonts-dejavu-core (installed by .ci/run): wide Unicode coverage, free licence.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
TITLE_FONT = "DejaVuSans-Bold.ttf"
SITE_FONT = "DejaVuSans.ttf"


@dataclass(frozen=True)
class Fonts:
    title: Path
    site: Path

    @classmethod
    def from_folder(cls, folder: Path = FONT_DIR) -> Fonts:
        fonts = cls(folder / TITLE_FONT, folder / SITE_FONT)
        missing = [str(p) for p in (fonts.title, fonts.site) if not p.is_file()]
        if missing:
            raise FileNotFoundError(
                f"font for link preview images not found: {', '.join(missing)} "
                "(install the Debian package fonts-dejavu-core)"
            )
        return fonts


# FreeType faces must not be shared between threads: each thread loads its own, once.
_thread_fonts = threading.local()


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    fonts = _thread_fonts.__dict__.setdefault("fonts", {})
    key = (str(path), size)
    if key not in fonts:
        fonts[key] = ImageFont.truetype(str(path), size)
    return fonts[key]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break `text` into lines no wider than `width` pixels (a long word gets its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit_title(title: str, path: Path, width: int, max_lines: int = 4) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font size (72 down to 40 px) at which the title fits in `max_lines` lines."""
    for size in range(72, 39, -4):
        font = _font(path, size)
        lines = wrap(title, font, width)
        if len(lines) <= max_lines:
            return font, lines
    return font, lines[: max_lines - 1] + [" ".join(lines[max_lines - 1:])[:40] + "…"]


def draw_preview(title: str, site_name: str, fonts: Fonts) -> bytes:
    """A PNG of WIDTH x HEIGHT pixels, drawn now (see `render_preview` for the cached one)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=BAND)

    text_width = WIDTH - 2 * MARGIN
    font, lines = fit_title(title, fonts.title, text_width)
    line_height = round(font.size * 1.25)
    top = (HEIGHT - 120 - line_height * len(lines)) // 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=font, fill=TITLE_COLOUR)

    site_font = _font(fonts.site, 30)
    site_lines = wrap(site_name, site_font, text_width)[:2]
    base = HEIGHT - MARGIN - 40 * (len(site_lines) - 1)
    draw.line((MARGIN, base - 36, MARGIN + 96, base - 36), fill=BAND, width=4)
    for number, line in enumerate(site_lines):
        draw.text((MARGIN, base + number * 40), line, font=site_font, fill=SITE_COLOUR, anchor="ls")

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
    """What decides the pixels besides the text: this module, the fonts, Pillow, FreeType."""
    parts = [Path(__file__).read_text("utf-8"), PIL.__version__, features.version("freetype2") or ""]
    for path in (fonts.title, fonts.site):
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
