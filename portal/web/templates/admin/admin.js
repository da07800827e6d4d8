/* The writers' dashboard: light or dark as on the rest of the site. The reader's choice in the
 * site's palette toggle (Material keeps it in localStorage) wins; otherwise the system's
 * setting, followed when it changes. Without JavaScript, admin.css follows the system alone.
 * Runs first thing in <body>, so the page never flashes in the wrong scheme. */
(function () {
  "use strict";

  var DARK = "(prefers-color-scheme: dark)";
  var LIGHT = "(prefers-color-scheme: light)";
  var system = window.matchMedia ? window.matchMedia(DARK) : null;

  /* The palette the site's toggle stored: its media query, or "" when none. */
  function chosen() {
    try {
      var palette = JSON.parse(window.localStorage.getItem("/.__palette"));
      return (palette && palette.color && palette.color.media) || "";
    } catch (error) {
      return "";
    }
  }

  function apply() {
    var media = chosen();
    var dark = media === DARK || (media !== LIGHT && !!system && system.matches);
    document.body.setAttribute("data-md-color-scheme", dark ? "slate" : "default");
  }

  apply();
  if (system && system.addEventListener) system.addEventListener("change", apply);
})();
