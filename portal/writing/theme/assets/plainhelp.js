/* Plainhelp: small progressive enhancements, and the helpers the other Plainhelp scripts share
 * as `window.plainhelp` (they load after this file). The site works without this file, and the
 * other scripts do nothing without it.
 *
 * The search worker (javascripts/workers/plainhelp-search.js) imports this file too, to share
 * `plainhelp.fetch`: a worker has no page, so everything that needs one sits below the
 * `typeof document` line. */
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

  if (typeof document === "undefined") return; /* in the search worker: nothing else applies */

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

  /* Split "mailto:x?a=1&b=2" into its address and decoded parameters, and back again. */
  function parseHref(href) {
    var at = href.indexOf("?");
    var params = [];
    if (at !== -1) {
      href.slice(at + 1).split("&").forEach(function (part) {
        var eq = part.indexOf("=");
        var key = eq === -1 ? part : part.slice(0, eq);
        var value = eq === -1 ? "" : part.slice(eq + 1);
        try {
          value = decodeURIComponent(value.replace(/\+/g, "%20"));
        } catch (error) {
          /* Keep it as it was. */
        }
        params.push([key, value]);
      });
    }
    return { address: at === -1 ? href : href.slice(0, at), params: params };
  }

  function buildHref(parts) {
    if (!parts.params.length) return parts.address;
    return parts.address + "?" + parts.params.map(function (pair) {
      return pair[0] + "=" + encodeURIComponent(pair[1]);
    }).join("&");
  }

  /* The e-mail's body gets the reader's answer just before "What happened:"; the request's
   * summary gets the reason in brackets. */
  function withAnswer(href, reason) {
    var feedback = vocabulary().feedback || {};
    var marker = (vocabulary().still_stuck || {}).what_happened;
    if (!feedback.question) return href;
    var parts = parseHref(href);
    var line = "My answer to \"" + feedback.question + "\": No.";
    if (reason) line += " " + reason + ".";
    parts.params.forEach(function (pair) {
      if (pair[0] === "body") {
        var at = marker ? pair[1].indexOf(marker) : -1;
        pair[1] = at === -1
          ? pair[1] + "\n\n" + line + "\n"
          : pair[1].slice(0, at) + line + "\n\n" + pair[1].slice(at);
      } else if (pair[0] === "summary" && reason) {
        pair[1] = pair[1] + " (" + reason + ")";
      }
    });
    return buildHref(parts);
  }

  /* The one owner of the "Still stuck?" e-mail and request links (partials/kb-still-stuck.html).
   * Each call starts again from the links as built: they get the full address of the guide,
   * so the desk can open it, and, when `reason` is a string, the reader's No to "Was this
   * helpful?" with that reason ("" for none chosen yet). `reason` null or left out: no answer. */
  function stillStuck(reason) {
    var block = document.querySelector(".kb-still-stuck");
    if (!block) return;
    var path = block.getAttribute("data-kb-guide-path");
    var full = window.location.origin + path;
    block.querySelectorAll('a[data-kb-channel="email"], a[data-kb-channel="portal"]')
      .forEach(function (link) {
        if (!link.hasAttribute("data-kb-built-href")) {
          link.setAttribute("data-kb-built-href", link.getAttribute("href"));
        }
        var href = link.getAttribute("data-kb-built-href");
        if (path && href.indexOf(path) !== -1 && href.indexOf(full) === -1) {
          href = href.split(path).join(encodeURIComponent(full));
        }
        if (typeof reason === "string") href = withAnswer(href, reason);
        link.setAttribute("href", href);
      });
  }

  /* Search forms go to the portal's /search page. Where the site is served without the
   * portal (static hosting), open Material's built-in search with the words instead. */
  function searchFallback() {
    document.querySelectorAll("form[data-kb-fallback]").forEach(function (form) {
      if (form.getAttribute("data-kb-ready")) return;
      form.setAttribute("data-kb-ready", "1");
      form.addEventListener("submit", function (event) {
        var input = form.querySelector('input[name="q"]');
        var query = input ? input.value : "";
        event.preventDefault();
        fetchWithin(form.action.replace(/search$/, "healthz"), {}, 1500)
          .then(function (response) {
            if (!response.ok && response.status !== 503) throw new Error("no portal");
            form.submit();
          })
          .catch(function () {
            window.location.href = "?q=" + encodeURIComponent(query);
          });
      });
    });
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
  plainhelp.stillStuck = stillStuck;

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

  plainhelp.onEachPage(function () {
    stillStuck(null);
    searchFallback();
  });
})(typeof window !== "undefined" ? window : self);
