/* Plainhelp: before Material starts, route its search worker through the portal.
 * Material reads the worker's address from the #__config JSON; we keep its own worker as the
 * fallback and pass the site's root so the worker can find /api/search, and the page's
 * language so results come in the language the reader is reading. */
(function () {
  "use strict";
  /* On the portal's own results page, Material would read ?q= and open its search box over
   * the results: rename the parameter (the portal reads both) before Material starts. */
  if (document.querySelector("form.kb-search-page-form")) {
    var here = new URL(window.location.href);
    if (here.searchParams.has("q")) {
      here.searchParams.set("query", here.searchParams.get("q"));
      here.searchParams.delete("q");
      history.replaceState(history.state, "", here.pathname + "?" + here.searchParams + here.hash);
    }
  }
  var element = document.getElementById("__config");
  if (!element) return;
  try {
    var config = JSON.parse(element.textContent);
    if (!config.search) return;
    var stock = config.search;
    var root = new URL(config.base || ".", window.location.href).href;
    var worker = stock.replace(/workers\/[^/]+$/, "workers/plainhelp-search.js");
    config.search =
      worker +
      "?stock=" + encodeURIComponent(stock.replace(/^.*\//, "")) +
      "&root=" + encodeURIComponent(root) +
      "&lang=" + encodeURIComponent(document.documentElement.lang || "");
    element.textContent = JSON.stringify(config);
  } catch (error) {
    /* Leave Material's own search in place. */
  }
})();
