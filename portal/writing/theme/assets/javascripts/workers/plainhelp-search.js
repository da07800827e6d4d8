/* Plainhelp search worker: speaks Material's worker protocol.
 *
 * Queries go to the portal's /api/search, which understands typos, synonyms and people's own
 * words. When the portal cannot be reached, Material's stock lunr worker (loaded here too and
 * fed the same setup message) answers instead, so the site's search always works.
 *
 * Protocol: SETUP (0) -> READY (1); QUERY (2) -> RESULT (3) with {items: [[page, ...sections]]}.
 */
"use strict";

var SETUP = 0;
var QUERY = 2;
var RESULT = 3;
var RETRY_AFTER_MS = 30000;
var TIMEOUT_MS = 2500;

var params = new URL(self.location.href).searchParams;
var root = params.get("root") || new URL("../../../", self.location.href).href;
var stockName = params.get("stock");
var language = params.get("lang") || "";

/* Load Material's worker but keep its message handler for ourselves. */
var stockHandler = null;
var realAddEventListener = self.addEventListener.bind(self);
self.addEventListener = function (type, listener, options) {
  if (type === "message" && stockHandler === null) {
    stockHandler = listener;
    return;
  }
  realAddEventListener(type, listener, options);
};
try {
  if (stockName) importScripts(new URL(stockName, self.location.href).href);
} finally {
  self.addEventListener = realAddEventListener;
}

/* The pages' own helpers (assets/plainhelp.js; in a worker it only defines plainhelp.fetch).
 * Without them every query goes to Material's own search, as when the portal is down. */
try {
  importScripts(new URL("../../plainhelp.js", self.location.href).href);
} catch (error) {
  /* Material's search still answers. */
}

var apiDownUntil = 0;
var latest = 0;

function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/* The guide page reports which result was opened (kb_s: the search, kb_p: its position),
 * then removes both from the address bar. */
function tracked(location, searchId, position) {
  if (!searchId) return location;
  var parts = location.split("#");
  var query = "?kb_s=" + encodeURIComponent(searchId) + "&kb_p=" + position;
  return parts[0] + query + (parts.length > 1 ? "#" + parts.slice(1).join("#") : "");
}

/* One group per guide: the guide itself, then its best section when the hit has one. */
function toMaterial(response) {
  var items = response.results.map(function (hit, index) {
    var url = hit.url.replace(/^\//, "");
    var location = tracked(url, response.search_id, index + 1);
    var page = tracked(url.split("#")[0], response.search_id, index + 1);
    var article = {
      location: page,
      title: escapeHtml(hit.title),
      text: hit.snippet,
      score: hit.score,
      terms: {}
    };
    if (url.indexOf("#") === -1 || !hit.heading) return [article];
    article.text = "";
    return [
      article,
      {
        location: location,
        title: escapeHtml(hit.heading),
        text: hit.snippet,
        score: hit.score,
        terms: {}
      }
    ];
  });
  return { items: items };
}

function askPortal(query) {
  if (!self.plainhelp) return Promise.reject(new Error("assets/plainhelp.js did not load"));
  var url = new URL("api/search", root);
  url.searchParams.set("q", query);
  url.searchParams.set("limit", "10");
  url.searchParams.set("source", "site");
  if (language) url.searchParams.set("lang", language);
  return self.plainhelp.fetch(url.href, { headers: { Accept: "application/json" } }, TIMEOUT_MS)
    .then(function (response) {
      if (!response.ok) throw new Error("search API answered " + response.status);
      return response.json();
    });
}

realAddEventListener("message", function (event) {
  var message = event.data;
  if (message && message.type === QUERY && Date.now() >= apiDownUntil) {
    var ticket = ++latest;
    askPortal(message.data)
      .then(function (response) {
        if (ticket === latest) postMessage({ type: RESULT, data: toMaterial(response) });
      })
      .catch(function () {
        apiDownUntil = Date.now() + RETRY_AFTER_MS;
        if (ticket === latest && stockHandler) stockHandler(event);
      });
    return;
  }
  if (message && message.type === QUERY) latest++;
  if (stockHandler) stockHandler(event);
});
