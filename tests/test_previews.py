"""Link preview images: the font comes with the project, every title has real glyphs,
lines break where the script allows, and no line leaves the image.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from site import getsitepackages, getusersitepackages

import pytest
from fontTools.ttLib import TTCollection
from PIL import Image

from conftest import CONFIG, ROOT
from machine_paths import LINUX_FONT_DIRS, SYSTEM_FONT_DIRS
from explainer.sharing import previews
from explainer.sharing.previews import (
    BACKGROUND, HEIGHT, MARGIN, TEXT_WIDTH, WIDTH, Fonts, draw_preview, layout, missing_glyphs, render_preview, wrap,
)


LONG_CHINESE = "社会信用体系建设规划纲要（2014—2020年）与国务院关于建立完善守信联合激励和失信联合惩戒制度的指导意见"
TITLES = [
    "Origins",
    "China's Social Credit Score – rating a people",
    "What is the Social Credit System? " * 6,  # shortened to four lines with "…"
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3,  # one word wider than a line
    LONG_CHINESE,
    LONG_CHINESE * 3,
    "Social Credit System 社会信用体系 (shèhuì xìnyòng tǐxì)",
    "芝麻信用：阿里巴巴的Sesame Credit",
]


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    try:
        return Fonts.bundled()
    except FileNotFoundError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module")
def cmap(fonts) -> dict[int, str]:
    """The font's own character map (fontTools), independent of how Pillow draws."""
    with TTCollection(str(fonts.file), lazy=True) as collection:
        return collection.fonts[fonts.index].getBestCmap()


def image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


# -- The font --------------------------------------------------------------------------


def test_the_font_comes_with_the_project_not_the_operating_system(fonts):
    # A Python package's file, in site-packages (of .venv, installed by `make`).
    parents = fonts.file.resolve().parents
    assert any(Path(folder).resolve() in parents for folder in getsitepackages() + [getusersitepackages()])
    assert not any(str(fonts.file).startswith(folder) for folder in SYSTEM_FONT_DIRS)
    licence = " ".join(path.read_text("utf-8", "replace") for path in Path(fonts.file).parent.parent.glob(
        f"{previews.FONT_PACKAGE}-*.dist-info/licenses/*"))
    assert "SIL OPEN FONT LICENSE" in licence.upper()


def test_the_face_is_simplified_chinese(fonts):
    with TTCollection(str(fonts.file), lazy=True) as collection:
        assert collection.fonts[fonts.index]["name"].getDebugName(1) == "Noto Sans CJK SC"


def test_every_page_title_and_the_site_name_have_glyphs(site, cmap):
    """What the previews draw: each page's og:title, the site's name and its host."""
    texts = [CONFIG["site_name"], CONFIG["site_url"]]
    for url in site.article_urls:
        title = site.soup(url).head.find("meta", property="og:title")
        assert title is not None, url
        texts.append(title["content"])
    missing = {(text, ch) for text in texts for ch in text if not ch.isspace() and ord(ch) not in cmap}
    assert missing == set()


def test_every_character_of_the_glossary_has_a_glyph(cmap):
    """Any script the glossary uses (its Chinese names and terms) can be a title."""
    text = (ROOT / "docs" / "glossary.yml").read_text("utf-8")
    assert "中" in text  # the test is about something
    assert {ch for ch in text if ch.isprintable() and not ch.isspace() and ord(ch) not in cmap} == set()


@pytest.mark.parametrize("text, missing", [
    ("Origins", ""), ("社会信用体系", ""), ("Ωмега – “quoted” …", ""), ("（2014—2020年）", ""),
    ("عربي", "عربي"), ("ok 𝔸 ok", "𝔸"),
])
def test_missing_glyphs_agrees_with_the_fonts_character_map(fonts, cmap, text, missing):
    assert missing_glyphs(text, fonts) == missing
    assert "".join(dict.fromkeys(ch for ch in text if not ch.isspace() and ord(ch) not in cmap)) == missing


def test_a_chinese_title_is_drawn_with_glyphs_not_boxes(fonts):
    """Two different characters give two different pictures; two missing ones the same box."""
    one, two = image(draw_preview("社会", "Site", fonts)), image(draw_preview("信用", "Site", fonts))
    assert one.tobytes() != two.tobytes()
    box_one, box_two = image(draw_preview("ضض", "Site", fonts)), image(draw_preview("ظظ", "Site", fonts))
    assert box_one.tobytes() == box_two.tobytes()


# -- Lines -----------------------------------------------------------------------------


def test_a_long_latin_title_breaks_at_spaces(fonts):
    face = previews.font(fonts, fonts.title_weight, 40)
    text = "China's Social Credit Score – rating a people " * 3
    lines = wrap(text, face, 600)
    assert len(lines) > 2 and all(face.getlength(line) <= 600 for line in lines)
    assert " ".join(lines) == " ".join(text.split())


def test_chinese_breaks_between_characters_and_keeps_punctuation_in_place(fonts):
    face = previews.font(fonts, fonts.title_weight, 72)
    lines = wrap(LONG_CHINESE, face, TEXT_WIDTH)
    assert len(lines) > 1
    assert "".join(lines) == LONG_CHINESE  # nothing lost, no spaces added
    assert all(face.getlength(line) <= TEXT_WIDTH for line in lines)
    assert not any(line.startswith(("）", "，", "。", "：")) for line in lines)  # closing marks stay behind
    assert not any(line.endswith("（") for line in lines)  # opening ones stay ahead


@pytest.mark.parametrize("title", TITLES)
def test_no_line_leaves_the_image(fonts, title):
    lines = layout(title, CONFIG["site_name"], fonts)
    for line in lines:
        left, top, right, bottom = line.box
        assert MARGIN <= left and right <= WIDTH - MARGIN and 0 <= top and bottom <= HEIGHT, line.text
    title_lines = [line for line in lines if line.face.size != previews.SITE_SIZE]
    assert len(title_lines) <= previews.TITLE_LINES
    assert max(line.box[3] for line in title_lines) < min(line.box[1] for line in lines if line not in title_lines)
    # And in the pixels: the right margin and the bottom edge are background only.
    picture = image(draw_preview(title, CONFIG["site_name"], fonts))
    for box in [(WIDTH - MARGIN + 1, 0, WIDTH, HEIGHT), (0, HEIGHT - 10, WIDTH, HEIGHT)]:
        colours = {colour for _, colour in picture.crop(box).getcolors(maxcolors=WIDTH * HEIGHT)}
        assert colours <= {BACKGROUND, previews.BAND}, (title, box)


def test_a_title_too_long_for_four_lines_ends_in_an_ellipsis(fonts):
    lines = [line.text for line in layout(LONG_CHINESE * 3, "Site", fonts)][:-1]
    assert len(lines) == previews.TITLE_LINES and lines[-1].endswith("…")
    assert "".join(lines).removesuffix("…") in LONG_CHINESE * 3


# -- Images and their cache ------------------------------------------------------------


def test_a_preview_is_a_png_of_the_size_link_previews_show(fonts):
    picture = Image.open(io.BytesIO(render_preview("Origins", "Site", fonts)))
    assert (picture.format, picture.size) == ("PNG", (WIDTH, HEIGHT))


def test_previews_differ_by_title_and_hold_dark_text_on_a_light_background(fonts):
    one = image(render_preview("Origins", "Site", fonts)).convert("L")
    two = image(render_preview("Conclusions", "Site", fonts)).convert("L")
    assert one.tobytes() != two.tobytes()
    darkest, lightest = one.getextrema()
    assert lightest > 230 and darkest < 60


def test_previews_are_cached_on_disk_by_everything_drawn(fonts, tmp_path):
    cache = previews.PreviewCache(tmp_path / "cache")
    drawn = previews.draw_preview("A cached title", "Site", fonts)
    assert render_preview("A cached title", "Site", fonts, cache) == drawn
    assert len(list((tmp_path / "cache").glob("*.png"))) == 1
    # Another process (an empty memory cache) reads it from the folder instead of drawing it.
    previews._memory.clear()
    (file,) = (tmp_path / "cache").glob("*.png")
    file.write_bytes(b"from the cache")
    assert render_preview("A cached title", "Site", fonts, cache) == b"from the cache"
    # What is drawn decides the key: another title or site name is another image.
    keys = {previews.preview_key(t, s, fonts) for t, s in [("A", "Site"), ("B", "Site"), ("A", "Other")]}
    assert len(keys) == 3
    previews._memory.clear()


# -- A build on a machine without system fonts ------------------------------------------

# Runs `mkdocs build`, recording every file and folder that Python code opens or lists.
AUDITED_BUILD = """
import json, sys
seen = []
def audit(event, args):
    if event in ("open", "os.listdir", "os.scandir", "glob.glob") and args and isinstance(args[0], (str, bytes)):
        seen.append(args[0] if isinstance(args[0], str) else args[0].decode("utf-8", "replace"))
sys.addaudithook(audit)
import atexit
record, site = sys.argv[1:3]
atexit.register(lambda: open(record, "w").write(json.dumps(seen)))
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict", "-q", "--site-dir", site]
cli()
"""


def build_env(tmp_path: Path) -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE_DIR": str(tmp_path / "cache")}


def test_the_build_reads_no_system_font_folder(tmp_path):
    record = tmp_path / "opened.json"
    result = subprocess.run([sys.executable, "-c", AUDITED_BUILD, str(record), str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, env=build_env(tmp_path), timeout=600)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "site" / "assets" / "previews").glob("*.png"))
    opened = json.loads(record.read_text())
    assert opened  # the record works
    assert [path for path in opened if any(path.startswith(folder) for folder in SYSTEM_FONT_DIRS)] == []


def test_the_build_works_with_the_system_font_folders_absent(tmp_path):
    """On Linux as root: hide the font folders in a mount namespace of the build's own."""
    unshare = shutil.which("unshare")
    if sys.platform != "linux" or os.geteuid() != 0 or unshare is None:
        pytest.skip("needs Linux, root and unshare(1) to hide the system's font folders")
    hidden = [folder for folder in LINUX_FONT_DIRS if Path(folder).is_dir()]
    mounts = " && ".join(f"mount -t tmpfs none {folder}" for folder in hidden) or "true"
    command = (f"{mounts} && test -z \"$(find {' '.join(hidden) or '/nonexistent'} -mindepth 1 2>/dev/null)\" && "
               f"exec {sys.executable} -m mkdocs build --strict -q --site-dir {tmp_path / 'site'}")
    result = subprocess.run([unshare, "--mount", "sh", "-c", command], cwd=ROOT, capture_output=True, text=True,
                            env=build_env(tmp_path), timeout=600)
    if result.returncode != 0 and "unshare failed" in result.stderr:
        pytest.skip(f"this machine does not allow a mount namespace: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "site" / "assets" / "previews").glob("*.png"))) >= len(CONFIG["nav"])
