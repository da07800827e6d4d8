"""Measurements made in the page, from computed styles, for the accessibility, keyboard and
mobile tests: scripts for `page.evaluate` that measure the focus ring and its contrast, the tap
targets under 44 x 44 CSS px, and what sticks out sideways."""

from __future__ import annotations

# Colours as the browser paints them: any CSS colour is drawn on a 1x1 canvas and read back,
# so rgb(), hsl(), color-mix() and named colours all become [r, g, b, a] (0-255, alpha 0-1).
_COLOUR_JS = """
const paint = (() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  return (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0, 0, 0, 0)";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
})();
const over = (top, below) => {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]);
};
const background = (element) => {
  const layers = [];
  for (let e = element; e && e.nodeType === 1; e = e.parentElement) {
    const colour = paint(getComputedStyle(e).backgroundColor);
    if (colour[3] > 0) layers.push(colour);
    if (colour[3] === 1) break;
  }
  return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
};
const luminance = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
};
const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
"""

# What the focused element shows once any transition has finished: its outline or box-shadow
# ring, and the contrast of that ring against the colour right behind it (the parent's
# background for a ring drawn outside the element, the element's own for one drawn inside).
# A visually hidden radio (Material's palette toggle, content tabs) shows its focus on what
# stands for it: its label, or the row of tab labels. Returns null while the page itself has
# focus; with `roundThePage` true, {again: true} once Tab has gone round the page and focus
# moves back up it.
FOCUS_JS = (
    "async (roundThePage) => {"
    + _COLOUR_JS
    + """
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  // Tab has gone round the page when focus moves back up it (to the header, or to the first
  // element measured).
  const last = window.kbLastFocus;
  const up = last
    && (last === e || e.compareDocumentPosition(last) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (roundThePage && up) return { again: true };
  window.kbLastFocus = e;
  const seen = (x) => {
    const r = x.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;
    for (let a = x; a && a.nodeType === 1; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.visibility === "hidden" || parseFloat(s.opacity) === 0) return false;
    }
    return true;
  };
  let shows = e;
  if (!seen(e)) {
    const next = e.nextElementSibling;
    const set = e.closest(".tabbed-set");
    const stands = [
      set && set.querySelector(":scope > .tabbed-labels"),
      next && next.tagName === "LABEL" ? next : null,
      ...(e.labels || []),
    ];
    shows = stands.find(x => x && seen(x)) || e;
  }
  // Focus opens Material's search box, a moment later (its script reacts to the focus).
  const toggle = document.getElementById("__search");
  for (let i = 0; e.matches(".md-search__input") && toggle && !toggle.checked && i < 100; i++) {
    await new Promise(done => setTimeout(done, 20));
  }
  // Backgrounds and rings fade in (the search box turns white as it opens): measure once they
  // have. Text colour fades (Material's links) change neither, so they are not waited for.
  const matters = /^(background|outline|box-shadow|opacity|visibility)/;
  const fading = document.getAnimations().filter(a => {
    const target = a.effect && a.effect.target;
    return target && target.contains(shows)
      && (!a.transitionProperty || matters.test(a.transitionProperty));
  });
  await Promise.race([
    Promise.all(fading.map(a => a.finished.catch(() => null))),
    new Promise(done => setTimeout(done, 2000)),
  ]);
  const style = getComputedStyle(shows);
  const text = (e.innerText || e.value || e.getAttribute("aria-label") || "").trim();
  const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className.trim()
       ? "." + e.className.trim().split(/\\s+/).join(".") : "")
    + (e.type ? "[" + e.type + "]" : "") + " " + text.replace(/\\s+/g, " ").slice(0, 40);
  const width = parseFloat(style.outlineWidth) || 0;
  let ring = null, inside = false;
  if (style.outlineStyle !== "none" && width > 0) {
    ring = paint(style.outlineColor);
    inside = parseFloat(style.outlineOffset) < -width / 2;
  } else if (style.boxShadow && style.boxShadow !== "none") {
    const found = style.boxShadow.match(/(rgba?\\([^)]*\\)|color\\([^)]*\\)|#[0-9a-f]+)/i);
    if (found) ring = paint(found[1]);
    inside = /inset/.test(style.boxShadow);
  }
  const behind = background(inside || !shows.parentElement ? shows : shows.parentElement);
  const drawn = ring && ring[3] > 0 ? over(ring, behind) : null;
  return {
    name,
    shown_on: shows === e ? "itself" : shows.tagName.toLowerCase() + "." + shows.className,
    tag: e.tagName.toLowerCase(),
    type: e.type || "",
    outline: style.outlineStyle + " " + style.outlineWidth + " " + style.outlineColor,
    shadow: style.boxShadow,
    behind: behind.map(Math.round),
    contrast: drawn ? contrast(drawn, behind) : 0,
    visible: seen(shows),
  };
}"""
)


# Every element a finger can aim at, with the box it offers. A radio or checkbox counts with
# its labels (a tap on the label chooses it); a label that wraps or names a control is part of
# that control, not a target of its own.
_TARGETS_JS = """
const shown = (e) => {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  if (r.right <= 0 || r.left >= innerWidth) return false;  // an off-canvas drawer
  for (let a = e; a && a.nodeType === 1; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.visibility === "hidden" || s.display === "none" || parseFloat(s.opacity) === 0) {
      return false;
    }
  }
  return true;
};
// Off the screen, a control is tapped after scrolling: the page, or a box of its own (the
// search results). An open search locks the page, so what lies below it cannot be reached.
const reachable = (e) => {
  const page = document.scrollingElement;
  if (page.scrollHeight > innerHeight || page.scrollWidth > innerWidth) return true;
  for (let a = e.parentElement; a && a !== page; a = a.parentElement) {
    const s = getComputedStyle(a);
    const scrolls = (v) => v === "auto" || v === "scroll";
    if ((scrolls(s.overflowY) && a.scrollHeight > a.clientHeight)
        || (scrolls(s.overflowX) && a.scrollWidth > a.clientWidth)) return true;
  }
  return false;
};
// Under an overlay (the open search covers the header) a control cannot be tapped at all.
const covered = (e) => {
  const r = e.getBoundingClientRect();
  const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return !reachable(e);
  const hit = document.elementFromPoint(x, y);
  if (!hit) return false;
  const mine = [e, ...(e.labels || [])];
  return !mine.some(m => m.contains(hit) || hit.contains(m));
};
const targetsIn = (root) => {
  const found = [];
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary,"
    + " [role=button], [role=tab], [role=option], label[for]";
  for (const e of root.querySelectorAll(selector)) {
    if (e.tagName === "LABEL") {
      const control = e.control;
      // Material's labels that open the drawer or the search stand alone as buttons.
      if (control && control.type !== "checkbox" && control.type !== "radio") continue;
      if (control && shown(control)) continue;  // counted with its control below
      if (!shown(e) || covered(e)) continue;
      found.push({ element: e, rect: e.getBoundingClientRect() });
      continue;
    }
    let rect = e.getBoundingClientRect();
    if ((e.type === "radio" || e.type === "checkbox") && e.labels) {
      if (!shown(e)) continue;
      for (const label of e.labels) {
        const r = label.getBoundingClientRect();
        const left = Math.min(rect.left, r.left), top = Math.min(rect.top, r.top);
        const right = Math.max(rect.right, r.right), bottom = Math.max(rect.bottom, r.bottom);
        rect = { left, top, right, bottom, width: right - left, height: bottom - top };
      }
    } else if (!shown(e)) {
      continue;
    }
    if (covered(e)) continue;
    found.push({ element: e, rect });
  }
  return found;
};
const describe = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
  + (typeof e.className === "string" && e.className.trim()
     ? "." + e.className.trim().split(/\\s+/).join(".") : "")
  + ' "' + (e.innerText || e.value || e.getAttribute("aria-label") || e.title || "")
    .trim().replace(/\\s+/g, " ").slice(0, 40) + '"';
"""

# Tap targets under 44 x 44 CSS px that no exception covers. WCAG 2.5.8 (and 2.5.5, whose 44 px
# we hold to) exempts a link inside a sentence: its size is set by the line of text around
# it. An undersized target also passes with spacing: a 44 px circle on its centre touches no
# other target and no other small target's circle.
SMALL_TARGETS_JS = (
    "() => {"
    + _TARGETS_JS
    + """
  const MIN = 44;
  const targets = targetsIn(document);
  const inSentence = (e) => {
    if (e.tagName !== "A" || getComputedStyle(e).display !== "inline") return false;
    let block = e.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) {
      block = block.parentElement;
    }
    if (!block) return false;
    const rest = block.innerText.replace(e.innerText, "").replace(/[\\s.,;:!?()“”"']/g, "");
    return rest.length > 0;
  };
  const small = targets.filter(t => (t.rect.width < MIN - 0.5 || t.rect.height < MIN - 0.5)
    && !inSentence(t.element));
  const centre = (r) => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  const distanceToRect = ([x, y], r) => Math.hypot(
    Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const failing = [];
  for (const t of small) {
    const c = centre(t.rect);
    const crowded = targets.some(u => {
      if (u === t || u.element.contains(t.element) || t.element.contains(u.element)) {
        return false;
      }
      if (small.includes(u)) {
        const [x, y] = centre(u.rect);
        return Math.hypot(c[0] - x, c[1] - y) < MIN;
      }
      return distanceToRect(c, u.rect) < MIN / 2;
    });
    if (crowded) {
      const size = `${Math.round(t.rect.width)}x${Math.round(t.rect.height)}`;
      failing.push(describe(t.element) + " " + size);
    }
  }
  return { checked: targets.length, failing };
}"""
)

# Horizontal overflow: the page must not scroll sideways, and no visible element may be wider
# than the screen unless a container that scrolls sideways by itself (a table, a code block)
# holds it and fits on the screen.
OVERFLOW_JS = (
    "() => {"
    + _TARGETS_JS
    + """
  const width = innerWidth;
  const scrolls = (e) => {
    const s = getComputedStyle(e).overflowX;
    return (s === "auto" || s === "scroll");
  };
  const offenders = [];
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= width) continue;
    if (r.left >= -0.5 && r.right <= width + 0.5) continue;
    if (!shown(e)) continue;
    // An empty layer (the backdrop Material spreads behind its phone search box) hides no
    // content, and the page's scrollWidth (returned below) still shows any scrolling it causes.
    if (!e.innerText.trim() && !e.querySelector("img, svg, video, canvas, input, iframe")) {
      continue;
    }
    let holder = null;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a)) { holder = a; break; }
    }
    if (holder) {
      const h = holder.getBoundingClientRect();
      if (h.left >= -0.5 && h.right <= width + 0.5) continue;
    }
    offenders.push(describe(e) + ` left ${Math.round(r.left)} right ${Math.round(r.right)}`);
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    offenders: offenders.slice(0, 20),
  };
}"""
)
