"""Link preview images: the font comes with the project, every title has real glyphs,
lines break where the script allows, and no line leaves the image.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from site import getsitepackages, getusersitepackages

import pytest
import unicodedata
from urllib.parse import urlsplit

from fontTools.ttLib import TTCollection, TTFont
from mkdocs.utils import meta as front_matter
from mkdocs.utils.yaml import yaml_load
from PIL import Image, ImageDraw

from conftest import CONFIG, ROOT
from machine_paths import LINUX_FONT_DIRS, SYSTEM_FONT_DIRS
from explainer.glossary.data import load_glossary
from explainer.sharing import previews
from explainer.sharing.previews import (
    BACKGROUND, HEIGHT, MARGIN, TEXT_WIDTH, WIDTH, Fonts, draw_preview, layout, missing_glyphs, preview_name,
    render_preview, wrap,
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
    """The fonts' own character maps together (fontTools), independent of how Pillow draws."""
    with TTCollection(str(fonts.file), lazy=True) as collection:
        together = dict(collection.fonts[fonts.index].getBestCmap())
    with TTFont(str(fonts.fallback), lazy=True) as fallback:
        return {**fallback.getBestCmap(), **together}


def image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


# -- The font --------------------------------------------------------------------------


@pytest.mark.parametrize("package", [previews.FONT_PACKAGE, previews.FALLBACK_PACKAGE])
def test_the_fonts_come_with_the_project_not_the_operating_system(fonts, package):
    # A Python package's file, in site-packages (of .venv, installed by `make`), under the OFL.
    (file,) = [file for file in fonts.files if package in file.parts]
    parents = file.resolve().parents
    site_packages = [Path(folder).resolve() for folder in getsitepackages() + [getusersitepackages()]]
    (folder,) = [folder for folder in site_packages if folder in parents]
    assert not any(str(file).startswith(system) for system in SYSTEM_FONT_DIRS)
    licence = " ".join(path.read_text("utf-8", "replace") for path in folder.glob(f"{package}-*.dist-info/licenses/*"))
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


def texts_used(folder: Path) -> list[str]:
    """What an explainer's previews may draw: its site name and address, its pages' titles
    (front matter and navigation), and its glossary's names, any of which may become a title."""
    with open(folder / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)  # MkDocs' own loader: it knows the !ENV tag
    texts = [config["site_name"], urlsplit(config.get("site_url") or "").netloc]
    texts += [title for entry in config.get("nav") or [] if isinstance(entry, dict) for title in entry]
    for page in sorted((folder / "docs").rglob("*.md")):
        texts.append(str(front_matter.get_data(page.read_text("utf-8"))[1].get("title") or ""))
    glossary, _ = load_glossary(folder / "docs" / "glossary.yml")
    for term in glossary.terms:
        texts += [term.term, *term.aliases, term.native, term.romanised]
    return [text for text in texts if text]


def script(char: str) -> str:
    """The script of a character, as the first word of its Unicode name says (Latin, Cyrillic,
    CJK, Hiragana ...); digits, punctuation and symbols are Common."""
    word = unicodedata.name(char, "").split(" ")[0]
    return word.title() if word in SCRIPTS else "Common"


SCRIPTS = {"LATIN", "GREEK", "CYRILLIC", "CJK", "HIRAGANA", "KATAKANA", "HANGUL"}
# Explainers whose previews are drawn: the engine's fixture, and this edition.
EXPLAINERS = {"second-explainer": ROOT / "tests" / "fixtures" / "second-explainer", "edition": ROOT}
USED = {}
for _name, _folder in EXPLAINERS.items():
    for _char in sorted({char for text in texts_used(_folder) for char in text if not char.isspace()}):
        USED.setdefault((_name, script(_char)), []).append(_char)


@pytest.mark.parametrize("explainer, script_name", sorted(USED), ids=[f"{e}-{s}" for e, s in sorted(USED)])
def test_every_character_a_site_uses_has_a_glyph_by_script(fonts, cmap, explainer, script_name):
    used = "".join(USED[explainer, script_name])
    assert missing_glyphs(used, fonts) == ""
    assert [char for char in used if ord(char) not in cmap] == []


def test_the_characters_used_are_found_in_several_scripts():
    assert {script for _, script in USED} >= {"Latin", "Cjk", "Common"}
    assert "里" in USED["second-explainer", "Cjk"] and "ä" in USED["second-explainer", "Latin"]


# Titles in every script the README promises, with the letters each language adds to
# its script's basic alphabet.
TITLES_BY_SCRIPT = {
    "Latin": ["Größe, Œuvre à l'été", "Zażółć gęślą jaźń; Příliš žluťoučký kůň", "İstanbul'da çığ; Știință și țară",
              "Þjóðfélagið; Tiếng Việt có dấu"],
    "Greek": ["Η Ακρόπολη της Αθήνας", "ά έ ή ί ό ύ ώ ΐ ΰ ϊ ϋ Ά Έ Ή Ί Ό Ύ Ώ", "ἡ Ἀκρόπολις τῶν Ἀθηνῶν"],
    "Cyrillic": ["Система социального кредита", "Ґрунт і їжа: Євген у Києві", "Ђорђе, љубав, њива, ћерка, јутро, џеп",
                 "Ѓорѓи, ќе, ѕвезда; Беларусь ў; Қазақстан, әлем, өнер, ұлт, үй, һ"],
    "Chinese": ["社会信用体系建设规划纲要", "社會信用體系與臺灣"],
    "Japanese": ["信用スコアとは？ ひらがなとカタカナ"],
    "Korean": ["사회 신용 체계"],
    "Mixed": ["Київ 中国 Ακρόπολη", "芝麻信用：Sesame Credit і Ђорђе"],
}


@pytest.mark.parametrize("title", [title for titles in TITLES_BY_SCRIPT.values() for title in titles])
def test_titles_in_every_promised_script_have_glyphs(fonts, cmap, title):
    assert missing_glyphs(title, fonts) == ""
    assert [char for char in title if not char.isspace() and ord(char) not in cmap] == []
    for line in layout(title, "Сайт і Site", fonts):  # laid out within the image (a "ј" reaches left of its line)
        left, top, right, bottom = line.box
        assert 0 < left and right <= WIDTH - MARGIN and 0 <= top and bottom <= HEIGHT


@pytest.mark.parametrize("text, missing", [
    ("Origins", ""), ("社会信用体系", ""), ("Ωмега – “quoted” …", ""), ("（2014—2020年）", ""),
    ("іїєґ јљњђћ άέίόύώΐ", ""), ("عربي", "عربي"), ("ok 𝔸 ok", "𝔸"),
])
def test_missing_glyphs_agrees_with_the_fonts_character_maps(fonts, cmap, text, missing):
    assert missing_glyphs(text, fonts) == missing
    assert "".join(dict.fromkeys(ch for ch in text if not ch.isspace() and ord(ch) not in cmap)) == missing


@pytest.mark.parametrize("one, other", [("і", "ї"), ("є", "ґ"), ("ј", "љ"), ("ђ", "ћ"), ("ά", "έ"), ("ό", "ώ"),
                                        ("ΐ", "ΰ")])
def test_letters_the_first_font_lacks_are_drawn_not_boxed(fonts, one, other):
    """Two different letters give two different pictures; two missing ones the same box."""
    assert image(draw_preview(one, "Site", fonts)).tobytes() != image(draw_preview(other, "Site", fonts)).tobytes()


@pytest.mark.parametrize("text, runs", [
    ("Social Credit 社会信用", [(0, "Social Credit 社会信用")]),
    ("Київ і Львів", [(1, "Київ і Львів")]),  # each word whole in the face that has all of it
    ("Η Ακρόπολη", [(0, "Η "), (1, "Ακρόπολη")]),
    ("中国Київ", [(0, "中国Ки"), (1, "ї"), (0, "в")]),  # no face has the word: character by character
])
def test_each_word_is_drawn_with_the_first_font_that_has_all_of_it(fonts, text, runs):
    stack = previews.font(fonts, fonts.title_weight, 40)
    assert [(stack.faces.index(face), run) for face, run in stack.runs(text)] == runs


def test_runs_of_two_fonts_share_one_baseline(fonts):
    """"H" (the first font) and "Ї" (the second) stand on the same line of pixels."""
    stack = previews.font(fonts, fonts.title_weight, 72)
    assert [stack.faces.index(face) for face, _ in stack.runs("H Ї")] == [0, 1]
    picture = Image.new("L", (400, 200), 255)
    stack.draw(ImageDraw.Draw(picture), (10, 20), "H Ї", 0, "la")
    width = round(stack.getlength("H "))
    bottoms = [picture.crop(box).point(lambda value: value < 128 and 255).getbbox()[3]
               for box in [(0, 0, width, 200), (width, 0, 400, 200)]]
    assert bottoms[0] == bottoms[1] == 20 + stack.faces[0].getmetrics()[0]


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
    # The next build (another cache object) reads it from the folder instead of drawing it.
    (file,) = (tmp_path / "cache").glob("*.png")
    file.write_bytes(b"from the cache")
    assert render_preview("A cached title", "Site", fonts, cache) == drawn  # this build's, from memory
    assert render_preview("A cached title", "Site", fonts, previews.PreviewCache(tmp_path / "cache")) == b"from the cache"
    # What is drawn decides the key: another title or site name is another image.
    keys = {previews.preview_key(t, s, fonts) for t, s in [("A", "Site"), ("B", "Site"), ("A", "Other")]}
    assert len(keys) == 3


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


def hide_font_folders() -> tuple[list[str], str]:
    """The command prefix that hides the system's font folders from the command after it (a
    mount namespace of its own, an empty tmpfs over each, checked empty) and ''; or no prefix
    and why this machine cannot hide them."""
    unshare = shutil.which("unshare")
    if sys.platform != "linux" or os.geteuid() != 0 or unshare is None:
        return [], "needs Linux, root and unshare(1) to hide the system's font folders"
    hidden = [folder for folder in LINUX_FONT_DIRS if Path(folder).is_dir()]
    mounts = " && ".join(f"mount -t tmpfs none {folder}" for folder in hidden) or "true"
    check = f"test -z \"$(find {' '.join(hidden) or '/nonexistent'} -mindepth 1 2>/dev/null)\""
    return [unshare, "--mount", "sh", "-c", f"{mounts} && {check} && exec \"$@\"", "hide-fonts"], ""


@pytest.fixture(scope="module")
def audited_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, list[str], Path, str]:
    """One strict build of this edition that records every file and folder Python code opens
    or lists, with the system's font folders hidden where this machine allows it: the build's
    result, what it opened, its site folder, and why the folders were not hidden ('' if they were)."""
    folder = tmp_path_factory.mktemp("audited")
    record, site = folder / "opened.json", folder / "site"
    build = [sys.executable, "-c", AUDITED_BUILD, str(record), str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE_DIR": str(folder / "cache")}
    hide, not_hidden = hide_font_folders()
    result = subprocess.run([*hide, *build], cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    if hide and result.returncode != 0 and "unshare failed" in result.stderr:
        not_hidden = f"this machine does not allow a mount namespace: {result.stderr.strip()}"
        result = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    opened = json.loads(record.read_text()) if record.exists() else []
    return result, opened, site, not_hidden


def test_the_build_reads_no_system_font_folder(audited_build):
    result, opened, site, _ = audited_build
    assert result.returncode == 0, result.stderr
    assert list((site / "assets" / "previews").glob("*.png"))
    assert opened  # the record works
    assert [path for path in opened if any(path.startswith(folder) for folder in SYSTEM_FONT_DIRS)] == []


def test_the_build_works_with_the_system_font_folders_absent(audited_build):
    """On Linux as root: the font folders are hidden in a mount namespace of the build's own."""
    result, _, site, not_hidden = audited_build
    if not_hidden:
        pytest.skip(not_hidden)
    assert result.returncode == 0, result.stderr
    assert len(list((site / "assets" / "previews").glob("*.png"))) >= len(CONFIG["nav"])


@pytest.mark.parametrize("change", [
    ("Origins", "Site", "Origins", "Site", True),
    ("Origins", "Site", "Origins of the system", "Site", False),  # the title changed
    ("Origins", "Site", "Origins", "Another site", False),  # the site's name changed
    ("Origins", "Site", "origins", "Site", False),  # even a letter's case is another picture
])
def test_a_changed_preview_gets_a_new_address(fonts, change):
    """Platforms cache a card's image by its address: a new picture must have a new one."""
    title, site, new_title, new_site, same = change
    before, after = preview_name("origins", title, site, fonts), preview_name("origins", new_title, new_site, fonts)
    assert re.fullmatch(r"origins\.[0-9a-f]{12}\.png", before)
    assert (before == after) is same
