/* Plainhelp: tell the portal which search result a reader opened, so writers learn which words
 * lead to which guide. Two places: links on the portal's /search page, and guides opened from the
 * site's search box (the search worker adds ?kb_s=<search>&kb_p=<position> to those links).
 * Without assets/plainhelp.js nothing is counted. */
(function () {
  "use strict";

  var plainhelp = window.plainhelp;
  if (!plainhelp) return;

  /* Fire and forget: the reader is leaving or has arrived; nothing waits for the answer. */
  function record(search, position, page) {
    if (!search || !(position >= 1) || !page) return;
    var url = new URL("api/click", plainhelp.siteRoot()).href;
    var body = JSON.stringify({ search: search, position: position, page: page });
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
      plainhelp.fetch(url, {
        method: "POST",
        body: body,
        keepalive: true,
        headers: { "Content-Type": "text/plain;charset=UTF-8" }
      }, 10000).catch(function () {});
    } catch (error) {
      /* Counting is never worth an error for the reader. */
    }
  }

  /* This page's address under the site root, as the store names guides: "printing/clear-paper-jam". */
  function thisPage() {
    var widget = document.querySelector(".kb-feedback[data-kb-page]");
    if (widget) return widget.getAttribute("data-kb-page");
    var root = plainhelp.siteRoot().pathname;
    var path = window.location.pathname;
    if (path.indexOf(root) === 0) path = path.slice(root.length);
    path = path.replace(/index\.html$/, "").replace(/^\/+|\/+$/g, "");
    try {
      return decodeURIComponent(path);
    } catch (error) {
      return path;
    }
  }

  /* (a) The /search page: <ol class="kb-results" data-kb-search> of a.kb-result__link. */
  function onResultClick(event) {
    if (event.type === "auxclick" && event.button !== 1) return;
    var link = event.target.closest && event.target.closest("a.kb-result__link");
    if (!link) return;
    var list = link.closest("[data-kb-search]");
    if (!list) return;
    record(
      list.getAttribute("data-kb-search"),
      parseInt(link.getAttribute("data-kb-position"), 10),
      link.getAttribute("data-kb-path")
    );
  }
  document.addEventListener("click", onResultClick);
  document.addEventListener("auxclick", onResultClick);

  /* (b) A guide opened from the site's search box: count it once, then tidy the address so a
   * reload, bookmark or shared link does not count it again. */
  function arrivedFromSearch() {
    var here = new URL(window.location.href);
    if (!here.searchParams.has("kb_s") && !here.searchParams.has("kb_p")) return;
    record(
      here.searchParams.get("kb_s"),
      parseInt(here.searchParams.get("kb_p"), 10),
      thisPage()
    );
    here.searchParams.delete("kb_s");
    here.searchParams.delete("kb_p");
    var query = here.searchParams.toString();
    history.replaceState(
      history.state, "", here.pathname + (query ? "?" + query : "") + here.hash
    );
  }

  plainhelp.onEachPage(arrivedFromSearch);
})();
