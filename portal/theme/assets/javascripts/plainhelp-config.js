/* Plainhelp: before Material starts, route its search worker through the portal.
 * Material reads the worker's address from the #__config JSON; we keep its own worker as the
 * fallback and pass the site's root so the worker can find /api/search. */
(function () {
  "use strict";
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
      "&root=" + encodeURIComponent(root);
    element.textContent = JSON.stringify(config);
  } catch (error) {
    /* Leave Material's own search in place. */
  }
})();
