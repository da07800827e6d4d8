/* Plainhelp: small progressive enhancements, and the helpers the other Plainhelp scripts share
 * as `window.plainhelp` (they load after this file). The site works without this file, and the
 * other scripts do nothing without it.
 */
(function (scope) {
  "use strict";

  /* fetch() that gives up after `ms` milliseconds: the promise rejects as for a network error,
   * so nobody waits on a portal that does not answer. `options` are fetch's own. The timer is
   * left to run while the caller reads the body, so a stalled body is cut off too (aborting a
   * finished request does nothing). Without AbortController it is a plain fetch. */
  function fetchWithin(url, options, ms) {
    if (typeof scope.fetch !== "function") return Promise.reject(new Error("no fetch"));
    var settings = {};
    Object.keys(options || {}).forEach(function (name) {
      settings[name] = options[name];
    });
    if (typeof scope.AbortController === "function") {
      var controller = new scope.AbortController();
      settings.signal = controller.signal;
      setTimeout(function () { controller.abort(); }, ms);
    }
    return scope.fetch(url, settings);
  }

  var plainhelp = { fetch: fetchWithin };
  scope.plainhelp = plainhelp;

  /* The words and limits readers see (portal/guides/vocabulary.py), as main.html writes them
   * into #kb-vocabulary; {} if the page has none. */
  var words = null;
  function vocabulary() {
    if (words) return words;
    var element = document.getElementById("kb-vocabulary");
    try {
      words = (element && JSON.parse(element.textContent)) || {};
    } catch (error) {
      words = {};
    }
    return words;
  }

  /* A random name for this browser, kept in it: people in one office, behind one address and
   * with identical browsers, are then still different readers. The portal never stores it; it
   * only mixes it into the day's key. Without storage (private windows) there is no name. */
  var READER_KEY = "plainhelp.reader";
  function readerName() {
    try {
      var name = window.localStorage.getItem(READER_KEY);
      if (!name || !/^[A-Za-z0-9_-]{8,64}$/.test(name)) {
        var bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        name = Array.prototype.map.call(bytes, function (b) {
          return ("0" + b.toString(16)).slice(-2);
        }).join("");
        window.localStorage.setItem(READER_KEY, name);
      }
      return name;
    } catch (error) {
      return "";
    }
  }

  /* The headers of every answer sent to the portal (feedback, lesson checks, progress). */
  function readerHeaders() {
    var found = { "Content-Type": "application/json" };
    var name = readerName();
    if (name) found["X-Plainhelp-Reader"] = name;
    return found;
  }

  plainhelp.vocabulary = vocabulary;
  plainhelp.readerHeaders = readerHeaders;

  /* A `say(message)` for a live region: the same words again are cleared first, so screen
   * readers announce them again; `say.cancel()` drops a repeat still waiting. No region, no-op. */
  plainhelp.announcer = function (region) {
    var pending = null;
    function say(message) {
      if (!region) return;
      clearTimeout(pending);
      if (region.textContent === message) {
        region.textContent = "";
        pending = setTimeout(function () { region.textContent = message; }, 100);
      } else {
        region.textContent = message;
      }
    }
    say.cancel = function () { clearTimeout(pending); };
    return say;
  };

  /* The site's root: the portal serves the site, so its API lives there too. */
  plainhelp.siteRoot = function () {
    var base = ".";
    var element = document.getElementById("__config");
    if (element) {
      try {
        base = JSON.parse(element.textContent).base || ".";
      } catch (error) {
        /* Keep the page's own folder. */
      }
    }
    return new URL(base, window.location.href);
  };

  /* Run `enhance` on every page Material shows (also after instant navigation). */
  plainhelp.onEachPage = function (enhance) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(enhance);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", enhance);
    } else {
      enhance();
    }
  };
})(typeof window !== "undefined" ? window : self);
