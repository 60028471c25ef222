"""axe-core (WCAG 2.0–2.2 A and AA, and its best practices) on every template of the engine, on
the English fixture explainer (tests/fixtures/english-explainer): each page in light and dark,
on a phone and on each side of the layout's breakpoints, and with each of the engine's controls
open. What axe finds depends on the size (target sizes, what is shown at all) and on the scheme
(contrast): every element a reader can see is checked in both schemes, every layout at least once.
This edition's own pages are checked in tests/edition/test_site_browser.py.

Each state is checked in one page load in both schemes, switched with the reader's palette toggle:
axe's whole rule set in the first; in the other, the rules that read colours (axe's tag
`cat.color`: contrast, links told from text by colour) on the whole page, and the whole rule set
again on every element the switch changed in anything else axe reads (attributes, text, whether
it is rendered, where and how large: the toggle's own button). Nothing else depends on the scheme,
so no rule's result can differ where it is not run again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import AXE_TAGS, axe_violations, highlight_held, settled

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1440, "height": 900}}
# The layout's breakpoints: below 60em (960 px) no margin beside the text, and only a touch
# screen (the phone) is checked there; from 60em a margin for the notes and sources, with the
# navigation in a drawer; from 76.25em (1220 px) both sidebars. 1024 in one scheme: what it
# shows, the phone or 1440 shows too, in both. From 100em (1600 px) Material sets the 1440
# layout larger (its root font size): no other element, no smaller target.
SIZES = {"phone": {390: ("light", "dark")}, "laptop": {1440: ("light", "dark"), 1024: ("light",)}}
CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}
TERM = 'a.ex-term[data-term="faction"]'

# What axe reads of each element but its colours, by element: the state to compare with after
# the scheme is switched. The body's data-md-color-* attributes are the switch itself.
LOOKS = """() => {
    const look = element => {
        const box = element.getBoundingClientRect();
        const attributes = [...element.attributes]
            .filter(a => !(element === document.body && a.name.startsWith("data-md-color-")))
            .map(a => `${a.name}=${a.value}`);
        const text = [...element.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.data);
        const shown = element.checkVisibility({opacityProperty: true, visibilityProperty: true});
        return JSON.stringify([attributes, text, shown, element.checked, box.x, box.y, box.width, box.height]);
    };
    const looks = new Map([document.body, ...document.body.querySelectorAll("*")].map(e => [e, look(e)]));
    looks.set(document, JSON.stringify([document.title, [...document.documentElement.attributes]
        .map(a => `${a.name}=${a.value}`)]));
    return looks;
}"""


def scheme(page) -> str:
    """The scheme the page shows: "light" or "dark"."""
    shown = page.get_attribute("body", "data-md-color-scheme")
    return {value: name for name, value in SCHEMES.items()}[shown]


# The switch without its colour transitions: the page then stands as one opened in that scheme.
# With them, a link in a print page's chapter below the window (content-visibility: auto) keeps
# the old scheme's colour until the reader nears it, as the transition runs only then: axe
# would read that colour.
SWITCH = """() => new Promise(done => {
    const still = document.head.appendChild(document.createElement("style"));
    still.textContent = "*, ::before, ::after { transition: none !important }";
    new MutationObserver((_, observer) => {  // Material switches the body's scheme a moment later
        observer.disconnect();
        // Every element restyled now, also those of a chapter off screen (content-visibility),
        // whose colours would otherwise change, and be read by axe, only once near the window.
        for (const element of document.querySelectorAll("*")) getComputedStyle(element).color;
        still.remove();
        done();
    }).observe(document.body, {attributeFilter: ["data-md-color-scheme"]});
    document.querySelector("[data-md-component=palette] label:not([hidden])").control.click();
})"""


def toggle_scheme(page) -> None:
    """The palette toggle in the header, as the reader's press on it (without moving the focus,
    so that an open control stays open)."""
    before = scheme(page)
    page.evaluate(SWITCH)
    settled(page)
    assert scheme(page) != before, "the palette toggle switched the scheme"


def axe_whole(page, state: str) -> list[str]:
    """axe's whole rule set on the page as it stands; its looks kept under `state`."""
    page.evaluate(f"state => {{ window.exLooks = window.exLooks || {{}}; window.exLooks[state] = ({LOOKS})(); }}",
                  state)
    return axe_violations(page)


def axe_other_scheme(page, state: str) -> list[str]:
    """After the scheme's switch, on the page in the state `axe_whole` saw under `state`: the
    rules that read colours on the whole page, and every rule on the elements that changed in
    anything else (the document itself if its title or language did)."""
    found = page.evaluate(
        f"""async ([state, tags]) => {{
            const before = window.exLooks[state], now = ({LOOKS})();
            const changed = [...now.keys()].filter(e => before.get(e) !== now.get(e));
            const outermost = changed.includes(document) ? [document]
                : changed.filter(e => !changed.some(other => other !== e && other.contains(e)));
            const colours = axe.getRules(tags).filter(r => r.tags.includes("cat.color")).map(r => r.ruleId);
            const only = values => ({{resultTypes: ["violations"], runOnly: values}});
            const results = [await axe.run(document, only({{type: "rule", values: colours}}))];
            if (outermost.length)
                results.push(await axe.run(outermost[0] === document ? document : {{include: outermost}},
                                           only({{type: "tag", values: tags}})));
            return {{colours, applied: results[0].passes.length + results[0].violations.length,
                     violations: results.flatMap(r => r.violations).map(v =>
                        `${{v.id}}: ${{v.help}} (${{v.nodes.length}}x, e.g. ${{JSON.stringify(v.nodes[0].target)}})`)}};
        }}""",
        [state, AXE_TAGS],
    )
    assert "color-contrast" in found["colours"] and found["applied"], f"axe checked no colours in {state}"
    return found["violations"]


@pytest.fixture(scope="module")
def templates(english):
    """Every page of the fixture: front page, chapters, a plain page, glossary, sources, print, 404."""
    return english.article_urls + ["/404.html"]


@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_every_template_passes_axe_at_every_size_in_both_schemes(open_english, templates, device):
    """The phone's reader has the system in dark, the laptop's in light: the first page follows
    it, the next ones the scheme the reader last chose with the toggle."""
    system = "dark" if device == "phone" else "light"
    watch = open_english(None, color_scheme=system, **(PHONE if device == "phone" else LAPTOP))
    page = watch.page
    failures = {}
    expected = system
    for url in templates:
        page.goto(watch.base_url + url)
        assert scheme(page) == expected, f"{url} opens in the {expected} scheme"
        for width, schemes in SIZES[device].items():
            if device == "laptop":
                page.set_viewport_size({"width": width, "height": 900})
            settled(page)
            if scheme(page) not in schemes:
                toggle_scheme(page)
            state = f"{url} at {width}px"
            if violations := axe_whole(page, state):
                failures[f"{state} in {scheme(page)}"] = violations
            if len(schemes) == 2:
                toggle_scheme(page)
                if violations := axe_other_scheme(page, state):
                    failures[f"{state} in {scheme(page)}"] = violations
        expected = scheme(page)
    assert failures == {}
    page.wait_for_load_state("networkidle")
    assert watch.console_errors == [] and watch.foreign_requests == []


@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_every_control_passes_axe_while_open(open_english, device):
    """The glossary tooltip (focused, and hovered on a laptop), a citation's preview (phone) or
    its source pointed out in the margin (laptop), the share menu, and "Link copied": axe on the
    whole page as it stands, so that a control that changes the page elsewhere (hides the text
    from a screen reader, covers a target) is caught too. Each control is opened in light, then
    again in dark."""
    watch = open_english("/causes/", color_scheme="light", **(PHONE if device == "phone" else LAPTOP), **CLIPBOARD)
    page = watch.page
    failures = {}

    def check(state: str):
        settled(page)
        if violations := (axe_whole if scheme(page) == "light" else axe_other_scheme)(page, state):
            failures[f"{state} in {scheme(page)}"] = violations

    for _ in SCHEMES:
        term = page.locator(TERM).first
        term.focus()
        expect(page.locator("#ex-tip-term-faction")).to_be_visible()
        check("glossary tooltip open")
        if device == "laptop":
            term.hover()
            check("glossary term hovered, its tooltip open")
            page.mouse.move(5, 5)
        page.keyboard.press("Escape")
        expect(page.locator("#ex-tip-term-faction")).to_be_hidden()

        citation = page.locator("a.ex-cite[data-cite]").first
        citation.focus()
        if device == "phone":
            tip = f'[id="{citation.get_attribute("data-tip")}"]'
            expect(page.locator(tip)).to_be_visible()
            check("citation preview open")
            page.keyboard.press("Escape")
        else:  # at once: the highlight goes after 2.5 s
            expect(page.locator("[data-sources-panel] .ex-arrived").first).to_be_visible()
            with highlight_held(page):
                check("citation's source pointed out in the margin")

        page.focus("#removing-causes .ex-share__button")
        page.keyboard.press("Enter")
        expect(page.locator("#removing-causes [role=menu]")).to_be_visible()
        check("share menu open")
        page.keyboard.press("Enter")
        page.locator("[role=status]").filter(has_text="Link copied").wait_for()
        check("Link copied")  # once faded in, before it goes
        page.wait_for_function("!document.querySelector('.md-dialog--active')")  # gone, before the next
        if scheme(page) == "light":
            toggle_scheme(page)
    assert failures == {}
    assert watch.console_errors == [] and watch.foreign_requests == []
