/* Plainhelp: small progressive enhancements. The site works without this file. */
(function () {
  "use strict";

  /* Give the service desk the full address of the guide the reader tried. */
  function carryFullAddress() {
    var block = document.querySelector(".kb-still-stuck");
    if (!block) return;
    var path = block.getAttribute("data-kb-guide-path");
    var full = window.location.origin + path;
    var links = block.querySelectorAll(
      'a[data-kb-channel="email"], a[data-kb-channel="portal"]'
    );
    links.forEach(function (link) {
      var href = link.getAttribute("href");
      if (path && href.indexOf(path) !== -1 && href.indexOf(full) === -1) {
        link.setAttribute("href", href.split(path).join(encodeURIComponent(full)));
      }
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
        var controller = new AbortController();
        var timer = setTimeout(function () { controller.abort(); }, 1500);
        fetch(form.action.replace(/search$/, "healthz"), { signal: controller.signal })
          .then(function (response) {
            clearTimeout(timer);
            if (!response.ok && response.status !== 503) throw new Error("no portal");
            form.submit();
          })
          .catch(function () {
            window.location.href = "?q=" + encodeURIComponent(query);
          });
      });
    });
  }

  /* Shared with the other Plainhelp scripts, which load after this one. */
  window.plainhelp = {
    /* The site's root: the portal serves the site, so its API lives there too. */
    siteRoot: function () {
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
    },
    /* Run `enhance` on every page Material shows (also after instant navigation). */
    onEachPage: function (enhance) {
      if (window.document$ && typeof window.document$.subscribe === "function") {
        window.document$.subscribe(enhance);
      } else if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", enhance);
      } else {
        enhance();
      }
    }
  };

  window.plainhelp.onEachPage(function () {
    carryFullAddress();
    searchFallback();
  });
})();
