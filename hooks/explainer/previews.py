"""Link preview images: a page's title and the site's name on a calm background.

Drawn with Pillow from font files on disk, so that a build needs no network (unlike
Material's social plugin, which downloads its fonts).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# The size Open Graph and Twitter's large summary card both display without cropping.
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = (244, 245, 251)  # a pale indigo, close to Material's indigo palette
BAND = (63, 81, 181)  # Material's indigo primary colour
TITLE_COLOUR = (26, 35, 78)
SITE_COLOUR = (72, 79, 110)

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
        font = ImageFont.truetype(str(path), size)
        lines = wrap(title, font, width)
        if len(lines) <= max_lines:
            return font, lines
    return font, lines[: max_lines - 1] + [" ".join(lines[max_lines - 1:])[:40] + "…"]


@functools.lru_cache(maxsize=256)
def render_preview(title: str, site_name: str, fonts: Fonts) -> bytes:
    """A PNG of WIDTH x HEIGHT pixels. Cached: `mkdocs serve` redraws only changed titles."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=BAND)

    text_width = WIDTH - 2 * MARGIN
    font, lines = fit_title(title, fonts.title, text_width)
    line_height = round(font.size * 1.25)
    top = (HEIGHT - 120 - line_height * len(lines)) // 2
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=font, fill=TITLE_COLOUR)

    site_font = ImageFont.truetype(str(fonts.site), 30)
    site_lines = wrap(site_name, site_font, text_width)[:2]
    base = HEIGHT - MARGIN - 40 * (len(site_lines) - 1)
    draw.line((MARGIN, base - 36, MARGIN + 96, base - 36), fill=BAND, width=4)
    for number, line in enumerate(site_lines):
        draw.text((MARGIN, base + number * 40), line, font=site_font, fill=SITE_COLOUR, anchor="ls")

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
