/* Plainhelp: tabs open on the reader's own system (Mac, Windows, iPhone, Android) and browser.
 * Material's linked tabs (content.tabs.link in mkdocs.yml) remember the tab a reader chooses and
 * open it on every page; until then every set opened on its first tab, Windows, even on a Mac.
 * Here a set with none of the remembered tabs opens on the one for the reader's system, and
 * nothing is stored: the reader's own choice, made by clicking, is the only one remembered.
 * Runs before Material's bundle starts (extra_javascript comes last in the page), so its tab
 * underline starts on the tab we chose. Without JavaScript the first tab shows, and all work. */
(function () {
  "use strict";

  /* Tab labels used in content/ for each system, best first. A set with none of them keeps
   * its first tab: a phone reader of a Windows-or-Mac guide may use either at work. */
  var LABELS = {
    mac: ["Mac"],
    windows: ["Windows"],
    ios: ["iPhone", "iPhone or Android", "Phone"],
    android: ["Android", "iPhone or Android", "Phone"]
  };

  /* The reader's system from what the browser says; an iPad asks for the Mac site by
   * default, but a Mac has no touch screen. */
  function system() {
    var agent = navigator.userAgent || "";
    var platform = navigator.platform || "";
    var touch = navigator.maxTouchPoints || 0;
    if (/iPhone|iPad|iPod/.test(agent) || /^(iPhone|iPad|iPod)/.test(platform)) return "ios";
    if (/Android/.test(agent)) return "android";
    if (/Macintosh|Mac OS X/.test(agent) || /^Mac/.test(platform)) {
      return touch > 0 ? "ios" : "mac";
    }
    if (/Windows/.test(agent) || /^Win/.test(platform)) return "windows";
    return "";
  }

  /* The reader's browser, for sets of browser tabs (Edge, Chrome, Firefox, Safari): Edge and
   * Opera say "Chrome" too, and Chrome says "Safari", so the most particular name goes first. */
  var BROWSERS = [
    [/Edg\//, "Edge"],
    [/OPR\//, "Opera"],
    [/Firefox\/|FxiOS\//, "Firefox"],
    [/Chrome\/|CriOS\//, "Chrome"],
    [/Safari\//, "Safari"]
  ];
  function browser() {
    var agent = navigator.userAgent || "";
    for (var i = 0; i < BROWSERS.length; i += 1) {
      if (BROWSERS[i][0].test(agent)) return BROWSERS[i][1];
    }
    return "";
  }

  /* The tabs the reader chose, as Material keeps them (window.__md_get, "__tabs"). */
  function remembered() {
    try {
      var tabs = typeof window.__md_get === "function" ? window.__md_get("__tabs") : null;
      return Array.isArray(tabs) ? tabs : [];
    } catch (error) {
      return []; /* Storage is off: no choice can have been kept. */
    }
  }

  function text(label) {
    return (label.textContent || "").replace(/\s+/g, " ").trim();
  }

  function open(set, wanted, chosen, target) {
    var labels = set.querySelectorAll(":scope > .tabbed-labels > label");
    var names = [];
    var i;
    var j;
    for (i = 0; i < labels.length; i += 1) {
      names.push(text(labels[i]));
      if (chosen.indexOf(names[i]) !== -1) return; /* the reader's choice stands */
      if (target && labels[i].htmlFor === target) return; /* a link to this very tab */
    }
    for (j = 0; j < wanted.length; j += 1) {
      i = names.indexOf(wanted[j]);
      if (i !== -1) {
        var input = document.getElementById(labels[i].htmlFor);
        if (input) input.checked = true;
        return;
      }
    }
  }

  var wanted = (LABELS[system()] || []).slice();
  if (browser()) wanted.push(browser());
  if (!wanted.length) return;
  var chosen = remembered();
  var target = window.location.hash.slice(1);
  var sets = document.querySelectorAll(".tabbed-set");
  for (var k = 0; k < sets.length; k += 1) open(sets[k], wanted, chosen, target);
})();
