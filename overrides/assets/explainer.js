// The explainer's own script: small features, each mounted on Material's
// `document$`, which emits on the first load and after every instant navigation.
"use strict";

// == Tooltip (shared by glossary terms and citations) ======================
// Any link with data-tip="ID" shows the element #ID (class ex-tip) beside it.
// WCAG 2.2 SC 1.4.13: it opens after a short hover or on focus, stays while the
// pointer is on it, and Escape closes it. On touch, the first tap opens it instead
// of following the link; a tap elsewhere closes it. Listeners sit on the document,
// which instant navigation keeps, so new pages need no mounting.
(() => {
  const SHOW_DELAY = 200, HIDE_DELAY = 300, GAP = 6, EDGE = 8;
  let trigger = null, tip = null, timer = 0, touch = false, tapOnOpen = false;

  const triggerOf = (node) => node instanceof Element ? node.closest("[data-tip]") : null;
  const inTip = (node) => tip !== null && node instanceof Node && tip.contains(node);
  const later = (action, delay) => { clearTimeout(timer); timer = setTimeout(action, delay); };

  function place() {
    const box = trigger.getBoundingClientRect();
    const width = document.documentElement.clientWidth, height = innerHeight;
    if (box.bottom < 0 || box.top > height) return hide();
    // Never over Material's sticky header: its bottom is the top of the space.
    const header = document.querySelector(".md-header")?.getBoundingClientRect().bottom || 0;
    const below = height - box.bottom - GAP - EDGE, above = box.top - GAP - Math.max(EDGE, header);
    const scrolled = tip.scrollTop;  // measuring at full height would reset it
    tip.style.maxHeight = "";
    const down = tip.offsetHeight <= below || below >= above;
    tip.style.maxHeight = `${down ? below : above}px`;
    tip.style.top = `${down ? box.bottom + GAP : box.top - GAP - tip.offsetHeight}px`;
    tip.style.left = `${Math.max(EDGE, Math.min(box.left, width - tip.offsetWidth - EDGE))}px`;
    tip.scrollTop = scrolled;
  }

  function show(next) {
    clearTimeout(timer);
    if (next === trigger) return;
    hide();
    // A citation whose sources stand in the margin points them out there: a tooltip
    // would repeat them over the text (screen readers have them: aria-describedby).
    if (next.matches("a.ex-cite") && window.exPointOut?.(next)) return;
    const body = document.getElementById(next.dataset.tip);
    if (!body) return;
    trigger = next; tip = body;
    tip.hidden = false;
    place();
  }

  function hide() {
    clearTimeout(timer);
    if (tip) tip.hidden = true;
    trigger = tip = null;
  }

  document.addEventListener("pointerover", (ev) => {
    if (ev.pointerType === "touch") return;
    const over = triggerOf(ev.target);
    if (over && over !== trigger) later(() => show(over), SHOW_DELAY);
    else if (over || inTip(ev.target)) clearTimeout(timer);
  });
  document.addEventListener("pointerout", (ev) => {
    if (ev.pointerType === "touch" || !(triggerOf(ev.target) || inTip(ev.target))) return;
    const to = ev.relatedTarget;
    if (inTip(to) || (trigger && trigger.contains(to))) return;
    if (tip && trigger !== document.activeElement) later(hide, HIDE_DELAY);
    else if (!tip) clearTimeout(timer);
  });

  document.addEventListener("focusin", (ev) => {
    const focused = triggerOf(ev.target);
    if (focused) show(focused);
  });
  document.addEventListener("focusout", (ev) => {
    if (ev.target === trigger && !inTip(ev.relatedTarget)) hide();
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && tip) hide();
  });

  // Capture phase: runs before Material's instant navigation handles the click.
  document.addEventListener("pointerdown", (ev) => {
    touch = ev.pointerType !== "mouse";
    const on = triggerOf(ev.target);
    tapOnOpen = on !== null && on === trigger;
    if (tip && !on && !inTip(ev.target)) hide();
  }, true);
  document.addEventListener("click", (ev) => {
    const on = triggerOf(ev.target);
    if (!on || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
    // A citation never takes the reader away from the text: its sources are pointed out
    // in the margin (show), or its tooltip opens in place and a second tap closes it.
    if (on.matches("a.ex-cite")) {
      ev.preventDefault();
      ev.stopPropagation();
      return touch && on === trigger && tapOnOpen ? hide() : show(on);
    }
    if (!touch || !ev.detail || tapOnOpen) return;
    ev.preventDefault();
    ev.stopPropagation();
    show(on);
  }, true);

  // The page scrolled: follow the trigger. Not when the tooltip's own text scrolls (a
  // long definition in a short window): placing it again would reset its scrollTop.
  addEventListener("scroll", (ev) => tip && !inTip(ev.target) && place(), { passive: true, capture: true });
  addEventListener("resize", () => tip && place());
  // After an instant navigation the open tooltip's page is gone.
  if (window.document$) document$.subscribe(hide);
})();

// == Sharing and arrival ===================================================
// One button beside each h2/h3 opens a menu (WAI-ARIA menu button) with "Copy link"
// and "Copy citation"; where no citation is offered (pages that are not chapters,
// sections this edition wrote) it copies the link at once. A paragraph's ¶ copies its
// link instead of jumping to it. "Cite this page" copies one style; the section
// citations follow the style the reader last copied there (Chicago until then).
// Arriving at #section (also #section:~:text=…, also after instant navigation)
// scrolls it below the header and highlights it briefly. Without JavaScript the
// permalinks (¶) still work.
(() => {
  const ICONS = {
    link: "M3.9 12A3.1 3.1 0 0 1 7 8.9h4V7H7a5 5 0 0 0 0 10h4v-1.9H7A3.1 3.1 0 0 1 3.9 12M8 13h8v-2H8zm9-6h-4v1.9h4a3.1 3.1 0 0 1 0 6.2h-4V17h4a5 5 0 0 0 0-10",
    cite: "M14 17h3l2-4V7h-6v6h3M6 17h3l2-4V7H5v6h3z",
  };
  // The words in the site's language ("script.*" of hooks/explainer/core/strings.py), which
  // overrides/main.html writes into every page. The same on every page of a site.
  const WORDS = JSON.parse(document.getElementById("ex-strings")?.textContent || "{}");
  const LABELS = {
    menu: WORDS["script.share_menu"],
    link: WORDS["script.copy_link"],
    linkItem: WORDS["script.copy_link_item"],
    citeItem: WORDS["script.copy_citation_item"],
    linkCopied: WORDS["script.link_copied"],
    citationCopied: WORDS["script.citation_copied"],
    blocked: WORDS["script.copy_failed"],
  };
  const STYLE_KEY = "ex-cite-style";  // Material's __md_set: per site, in localStorage

  // The published address of this page (not the mirror or preview it is read on).
  const pageUrl = () =>
    (document.querySelector("link[rel=canonical]")?.href || location.href).split("#")[0];

  // Links of this site as published: the site's root where it is read (Material's
  // __md_scope) replaced by the root of the canonical address. Made once per page:
  // a page has hundreds of links.
  const publisher = () => {
    const here = __md_scope.href, page = location.href.split("#")[0].slice(here.length);
    const canonical = pageUrl(), root = canonical.slice(0, canonical.length - page.length);
    const moved = canonical.endsWith(page);
    return href => moved && href.startsWith(here) ? root + href.slice(here.length) : href;
  };

  // Today as the citation style writes dates (explainer/sharing/citing.py: DATE_FORMS and
  // MONTHS, CSL's English terms). Not Intl.DateTimeFormat: making one took a phone's
  // main thread 25-40 ms, on every page with "Cite this page".
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const today = form => {
    const d = new Date(), month = MONTHS[d.getMonth()];
    return form === "dmy" ? `${d.getDate()} ${month} ${d.getFullYear()}` : `${month} ${d.getDate()}, ${d.getFullYear()}`;
  };
  const isoToday = () => {
    const d = new Date(), two = n => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  };

  // Material's snackbar shows the message; as a live region it is also announced.
  const announce = message => {
    document.querySelector(".md-dialog__inner")?.replaceChildren();
    setTimeout(() => alert$.next(message), 50);
  };

  const copy = (text, html, done) => {
    const copied = html
      ? navigator.clipboard.write([new ClipboardItem({
          "text/plain": new Blob([text], { type: "text/plain" }),
          "text/html": new Blob([html], { type: "text/html" }),
        })])
      : navigator.clipboard.writeText(text);
    copied.then(() => announce(done), () => announce(LABELS.blocked));
  };

  // The section citations of this page (hooks/sharing.py: _section_citations), if any.
  let citations = null;
  const chosenStyle = () => {
    let name = null;
    try { name = __md_get(STYLE_KEY); } catch { /* storage blocked */ }
    return Math.max(0, citations.styles.indexOf(name));
  };
  const sectionCitation = id => {
    const style = chosenStyle();
    return citations.sections[id][style].replace("{accessed}", () => today(citations.dates[style]));
  };

  const icon = kind => `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${ICONS[kind]}"/></svg>`;

  // One of each kind made, then copied: parsing the icon for each of a glossary's 49
  // headings took a phone 50 ms.
  const shareButtons = {};
  const shareButton = citable => (shareButtons[citable] ||= makeShareButton(citable)).cloneNode(true);
  const makeShareButton = (citable) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ex-share__button";
    const label = citable ? LABELS.menu : LABELS.link;
    button.title = label;
    button.setAttribute("aria-label", label);
    if (citable) {
      button.setAttribute("aria-haspopup", "menu");
      button.setAttribute("aria-expanded", "false");
    } else {
      button.dataset.exShare = "link";
    }
    button.innerHTML = icon("link");
    return button;
  };

  // -- The menu: one at a time, built when opened --
  let menu = null;

  const menuItem = (kind, text) => {
    const item = document.createElement("button");
    item.type = "button";
    item.className = "ex-share__item";
    item.setAttribute("role", "menuitem");
    item.tabIndex = -1;
    item.dataset.exShare = kind;
    item.innerHTML = `${icon(kind)}<span>${text}</span>`;
    return item;
  };

  function openMenu(button, last = false) {
    closeMenu(false);
    const list = document.createElement("span");
    list.className = "ex-share__menu";
    list.id = "ex-share-menu";
    list.setAttribute("role", "menu");
    list.setAttribute("aria-label", LABELS.menu);
    const style = citations.styles[chosenStyle()];
    const items = [menuItem("link", LABELS.linkItem), menuItem("cite", `${LABELS.citeItem} (${style})`)];
    list.append(...items);
    button.after(list);
    button.setAttribute("aria-expanded", "true");
    button.setAttribute("aria-controls", list.id);
    // Below the button, moved left as far as it must to stay on the screen.
    const from = button.getBoundingClientRect().left, width = document.documentElement.clientWidth;
    list.style.left = `${Math.max(8 - from, Math.min(0, width - 8 - list.offsetWidth - from))}px`;
    menu = { button, list, items };
    (last ? items.at(-1) : items[0]).focus();
  }

  function closeMenu(refocus) {
    if (!menu) return;
    const { button, list } = menu;
    menu = null;
    list.remove();
    button.setAttribute("aria-expanded", "false");
    button.removeAttribute("aria-controls");
    if (refocus) button.focus();
  }

  document.addEventListener("keydown", event => {
    const button = event.target.closest?.("[aria-haspopup=menu].ex-share__button");
    if (button && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      return openMenu(button, event.key === "ArrowUp");
    }
    if (!menu || !menu.list.contains(event.target)) return;
    const { items } = menu, at = items.indexOf(event.target);
    const go = {
      ArrowDown: (at + 1) % items.length, ArrowUp: (at - 1 + items.length) % items.length,
      Home: 0, End: items.length - 1,
    }[event.key];
    if (go !== undefined) {
      event.preventDefault();
      items[go].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      closeMenu(true);
    } else if (event.key === "Tab") {
      closeMenu(false);
    }
  });
  // A press anywhere else closes the menu (capture: before anything acts on it).
  document.addEventListener("pointerdown", event => {
    if (menu && !menu.list.contains(event.target) && !menu.button.contains(event.target)) closeMenu(false);
  }, true);

  // A tap on a paragraph (not on a link in it) shows its ¶ on touch screens, which show
  // none until then (see the stylesheet); the ¶ of the paragraph tapped before goes.
  let active = null;
  document.addEventListener("click", event => {
    if (event.target.closest?.("a, button")) return;
    const paragraph = event.target.closest?.(":has(> a.ex-para-link)");
    active?.classList.remove("ex-para-active");
    active = paragraph === active ? null : paragraph;
    active?.classList.add("ex-para-active");
  });

  // A paragraph's ¶ copies its address (capture: before Material's instant navigation).
  document.addEventListener("click", event => {
    const link = event.target.closest?.("a.ex-para-link");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();
    copy(`${pageUrl()}#${link.parentElement.id}`, null, LABELS.linkCopied);
  }, true);

  document.addEventListener("click", event => {
    // The 404 page's search button opens Material's search, as its own button does.
    if (event.target.closest?.("[data-ex-search]")) return document.querySelector("label[for=__search]")?.click();
    const target = event.target.closest?.("[data-ex-share], [data-ex-copy], [aria-haspopup=menu].ex-share__button");
    if (!target) return;
    if (target.dataset.exCopy) {
      const style = target.closest("[data-ex-style]")?.dataset.exStyle;
      if (style) __md_set(STYLE_KEY, style);
      const citation = document.getElementById(target.dataset.exCopy);
      return copy(citation.textContent.trim(), citation.innerHTML, LABELS.citationCopied);
    }
    if (!target.dataset.exShare) {
      return menu?.button === target ? closeMenu(true) : openMenu(target);
    }
    const heading = target.closest("h2, h3");
    const fromMenu = menu !== null && menu.list.contains(target);
    if (fromMenu) closeMenu(true);
    if (target.dataset.exShare === "link") return copy(`${pageUrl()}#${heading.id}`, null, LABELS.linkCopied);
    copy(sectionCitation(heading.id), null, LABELS.citationCopied);
  });

  const arrive = () => {
    let id = location.hash.slice(1).split(":~:")[0];
    try { id = decodeURIComponent(id); } catch { return; }
    let target = id && document.getElementById(id);
    if (!target) return;
    if (target.classList.contains("ex-alias")) target = target.parentElement;
    // Below the header (scroll-margin-top in the CSS), unless it is in view already,
    // e.g. where the browser scrolled to a text fragment (#id:~:text=…) inside it.
    const top = target.getBoundingClientRect().top;
    const header = document.querySelector(".md-header")?.getBoundingClientRect().bottom || 0;
    if (top < header || top > innerHeight - 48) target.scrollIntoView();
    target.classList.remove("ex-arrived");
    void target.offsetWidth;  // restart the highlight on a second arrival
    target.classList.add("ex-arrived");
    clearTimeout(arrive.timer);
    arrive.timer = setTimeout(() => target.classList.remove("ex-arrived"), 2500);
  };
  addEventListener("hashchange", arrive);
  // The browser may scroll to a text fragment after the first arrival.
  addEventListener("load", () => setTimeout(arrive, 300));

  document$.subscribe(() => {
    menu = null;
    const article = document.querySelector("article.md-content__inner");
    if (!article) return;
    document.querySelector("[data-md-component=dialog]")?.setAttribute("role", "status");
    const data = article.querySelector("#ex-section-citations");
    citations = data ? JSON.parse(data.textContent) : null;
    for (const heading of article.querySelectorAll("h2[id]:not([id^=ex-]), h3[id]:not([id^=ex-])")) {
      const share = document.createElement("span");
      share.className = "ex-share";
      share.append(shareButton(Boolean(citations?.sections[heading.id])));
      heading.classList.add("ex-shareable");
      heading.append(share);
    }
    article.querySelectorAll("[data-ex-copy], [data-ex-search]").forEach(button => (button.hidden = false));
    // The access date of "Cite this page" is today, the day the reader copies it.
    for (const time of article.querySelectorAll("[data-ex-date-form] time.ex-accessed")) {
      time.textContent = today(time.closest("[data-ex-date-form]").dataset.exDateForm);
      time.dateTime = isoToday();
    }
    // Printed links show their full address (see the print styles); a work's address is its text.
    const here = location.href.split("#")[0], published = publisher();
    for (const link of article.querySelectorAll("a[href]:not(.headerlink, .ex-term, .ex-cite, .ex-url)")) {
      const href = link.href;
      if (href.split("#")[0] !== here) link.dataset.exHref = published(href);
    }
    // After Material has finished its own scrolling of the new page.
    requestAnimationFrame(arrive);
  });
})();

// == Notes beside the text ===================================================
// On wide screens (60em, where the stylesheet leaves a margin) each editorial note and
// each source of the page's panel stands in the margin, level with the paragraph it
// follows or the first citation of it, moved down only as far as the note above it
// needs. Without JavaScript, and on narrower screens, they stay where they are in the
// text: the notes after their paragraph, the sources after the text. Pointing at,
// focusing or clicking a citation points its sources out there, instead of a tooltip
// and without scrolling (window.exPointOut, used by the tooltip's show above).
(() => {
  const WIDE = matchMedia("screen and (min-width: 60em)"), GAP = 12;
  let article = null;

  const noteItems = () => [
    ...[...article.querySelectorAll(":scope > .admonition.note")].map(note =>
      [note, note.previousElementSibling]),
    ...[...article.querySelectorAll(".ex-sources__item")].map(item => {
      const back = item.querySelector(".ex-sources__backref");
      const cited = back && document.getElementById(back.hash.slice(1));
      return [item, cited || article.querySelector(":scope > p:not([class])")];
    }),
  ].filter(([, anchor]) => anchor);

  function layout() {
    if (!article) return;
    // Only an article's page (chapters, the front page) has the margin: see the stylesheet.
    const items = article.matches(":has(> .ex-byline)") ? noteItems() : [];
    const wide = WIDE.matches && items.length > 0;
    article.classList.toggle("ex-margin", wide);
    article.style.minHeight = "";
    for (const [note] of items) note.style.top = "";
    if (!wide) return;
    const origin = article.getBoundingClientRect().top;
    const at = anchor => anchor.getBoundingClientRect().top - origin;
    let bottom = 0;
    for (const [note, anchor] of items.sort((a, b) => at(a[1]) - at(b[1]))) {
      const top = Math.max(at(anchor), bottom);
      note.style.top = `${top}px`;
      bottom = top + note.offsetHeight + GAP;
    }
    if (bottom > article.offsetHeight) article.style.minHeight = `${bottom}px`;
  }

  window.exPointOut = (citation) => {
    if (!article?.classList.contains("ex-margin")) return false;
    for (const number of citation.querySelectorAll("[data-cite-key]")) {
      const entry = document.getElementById(`ex-source-${number.dataset.citeKey}`);
      if (!entry) continue;
      entry.classList.remove("ex-arrived");
      void entry.offsetWidth;  // restart the highlight
      entry.classList.add("ex-arrived");
      setTimeout(() => entry.classList.remove("ex-arrived"), 2500);
    }
    return true;
  };

  let frame = 0;
  const later = () => { cancelAnimationFrame(frame); frame = requestAnimationFrame(layout); };
  addEventListener("resize", later);
  document$.subscribe(() => {
    article = document.querySelector("article.md-content__inner");
    layout();
  });
})();

// Chapter numbers in the navigation; the addresses (main.html) are relative to the first page.
(() => {
  const data = document.getElementById("ex-chapters");
  if (!data || !window.document$) return;
  const chapters = JSON.parse(data.textContent).map(url => new URL(url, location.href).pathname);
  document$.subscribe(() => {
    for (const link of document.querySelectorAll(".md-nav--primary a.md-nav__link[href]")) {
      const number = chapters.indexOf(new URL(link.href).pathname) + 1;
      if (number) link.dataset.exChapter = number;
    }
  });
})();
