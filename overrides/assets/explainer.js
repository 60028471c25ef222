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
    const below = height - box.bottom - GAP - EDGE, above = box.top - GAP - EDGE;
    tip.style.maxHeight = "";
    const down = tip.offsetHeight <= below || below >= above;
    tip.style.maxHeight = `${down ? below : above}px`;
    tip.style.top = `${down ? box.bottom + GAP : box.top - GAP - tip.offsetHeight}px`;
    tip.style.left = `${Math.max(EDGE, Math.min(box.left, width - tip.offsetWidth - EDGE))}px`;
  }

  function show(next) {
    clearTimeout(timer);
    if (next === trigger) return;
    hide();
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
    if (!on || !touch || !ev.detail || tapOnOpen) return;
    ev.preventDefault();
    ev.stopPropagation();
    show(on);
  }, true);

  addEventListener("scroll", () => tip && place(), { passive: true, capture: true });
  addEventListener("resize", () => tip && place());
  // After an instant navigation the open tooltip's page is gone.
  if (window.document$) document$.subscribe(hide);
})();

// == Sharing and arrival ===================================================
// Buttons beside each h2/h3 copy the section's address or a citation of it; the
// "Cite this page" buttons copy one style. Arriving at #section (also
// #section:~:text=…, also after instant navigation) scrolls it below the header
// and highlights it briefly. Without JavaScript the permalinks (¶) still work.
(() => {
  const ICONS = {
    link: "M3.9 12A3.1 3.1 0 0 1 7 8.9h4V7H7a5 5 0 0 0 0 10h4v-1.9H7A3.1 3.1 0 0 1 3.9 12M8 13h8v-2H8zm9-6h-4v1.9h4a3.1 3.1 0 0 1 0 6.2h-4V17h4a5 5 0 0 0 0-10",
    cite: "M14 17h3l2-4V7h-6v6h3M6 17h3l2-4V7H5v6h3z",
  };
  // The words in the site's language ("script.*" of hooks/explainer/strings.py), which
  // overrides/main.html writes into every page. The same on every page of a site.
  const WORDS = JSON.parse(document.getElementById("ex-strings")?.textContent || "{}");
  const LABELS = { link: WORDS["script.copy_link"], cite: WORDS["script.copy_citation"] };

  // The published address of this page (not the mirror or preview it is read on).
  const pageUrl = () =>
    (document.querySelector("link[rel=canonical]")?.href || location.href).split("#")[0];

  // A link of this site as published: the site's root where it is read (Material's
  // __md_scope) replaced by the root of the canonical address.
  const published = href => {
    const here = __md_scope.href, page = location.href.split("#")[0].slice(here.length);
    const canonical = pageUrl(), root = canonical.slice(0, canonical.length - page.length);
    return href.startsWith(here) && canonical.endsWith(page) ? root + href.slice(here.length) : href;
  };

  const sectionName = heading => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink, .ex-share").forEach(el => el.remove());
    return copy.textContent.trim();
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
    copied.then(() => announce(done), () => announce(WORDS["script.copy_failed"]));
  };

  const shareButton = kind => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ex-share__button";
    button.dataset.exShare = kind;
    button.title = LABELS[kind];
    button.setAttribute("aria-label", LABELS[kind]);
    button.innerHTML = `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="${ICONS[kind]}"/></svg>`;
    return button;
  };

  document.addEventListener("click", event => {
    const button = event.target.closest("[data-ex-share], [data-ex-copy]");
    if (!button) return;
    if (button.dataset.exCopy) {
      const citation = document.getElementById(button.dataset.exCopy);
      return copy(citation.textContent.trim(), citation.innerHTML, WORDS["script.citation_copied"]);
    }
    const heading = button.closest("[id]");
    const url = `${pageUrl()}#${heading.id}`;
    if (button.dataset.exShare === "link") return copy(url, null, WORDS["script.link_copied"]);
    const template = document.querySelector("[data-ex-cite-section]").dataset.exCiteSection;
    const name = sectionName(heading);
    const citation = template.replace("{section}", () => name).replace("{url}", () => url);
    copy(citation, null, WORDS["script.citation_copied"]);
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
    const article = document.querySelector("article.md-content__inner");
    if (!article) return;
    document.querySelector("[data-md-component=dialog]")?.setAttribute("role", "status");
    const citable = article.querySelector("[data-ex-cite-section]");
    for (const heading of article.querySelectorAll("h2[id]:not([id^=ex-]), h3[id]:not([id^=ex-])")) {
      const share = document.createElement("span");
      share.className = "ex-share";
      share.append(shareButton("link"));
      if (citable) share.append(shareButton("cite"));
      heading.append(share);
    }
    article.querySelectorAll("[data-ex-copy]").forEach(button => (button.hidden = false));
    // Printed links show their full address (see the print styles).
    for (const link of article.querySelectorAll("a[href]:not(.headerlink, .ex-term, .ex-cite)")) {
      if (link.href.split("#")[0] !== location.href.split("#")[0]) link.dataset.exHref = published(link.href);
    }
    // After Material has finished its own scrolling of the new page.
    requestAnimationFrame(arrive);
  });
})();
