/* Plainhelp: "Recently viewed" guides, kept in this browser's localStorage and nowhere else.
 * A guide page (marked by partials/kb-time.html) records {path, title, time}; the home page
 * (partials/kb-recent.html) lists the last few. No cookie, nothing sent to the server, and when
 * storage is off or full (private windows, strict settings) the page simply shows no list;
 * nor does it without assets/plainhelp.js. */
(function () {
  "use strict";

  var plainhelp = window.plainhelp;
  if (!plainhelp) return;

  var KEY = "plainhelp.recent";
  var KEEP = 5;

  /* Only paths on this site, with a title: whatever else is in storage is ignored. */
  function valid(item) {
    return (
      item !== null &&
      typeof item === "object" &&
      typeof item.path === "string" &&
      item.path.charAt(0) === "/" &&
      item.path.charAt(1) !== "/" &&
      typeof item.title === "string" &&
      item.title.length > 0
    );
  }

  function load() {
    try {
      var items = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(valid).slice(0, KEEP) : [];
    } catch (error) {
      return [];
    }
  }

  function save(items) {
    try {
      if (items.length) {
        window.localStorage.setItem(KEY, JSON.stringify(items));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      /* Storage is off or full: the list is a nicety, so carry on without it. */
    }
  }

  function record(marker) {
    var title = marker.getAttribute("data-kb-guide");
    var path = window.location.pathname;
    if (!title) return;
    var items = load().filter(function (item) {
      return item.path !== path;
    });
    items.unshift({ path: path, title: title, time: Date.now() });
    save(items.slice(0, KEEP));
  }

  function show(section) {
    var list = section.querySelector(".kb-recent__list");
    var clear = section.querySelector(".kb-recent__clear");
    var items = load();
    list.textContent = "";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.path;
      link.textContent = item.title;
      entry.appendChild(link);
      list.appendChild(entry);
    });
    section.hidden = items.length === 0;
    if (clear && !clear.getAttribute("data-kb-ready")) {
      clear.setAttribute("data-kb-ready", "1");
      clear.addEventListener("click", function () {
        save([]);
        list.textContent = "";
        section.hidden = true;
        /* The button has gone: put focus where people go next, the search box. */
        var search = document.getElementById("kb-home-q");
        if (search) search.focus();
      });
    }
  }

  function enhance() {
    var marker = document.querySelector("[data-kb-guide]");
    if (marker) record(marker);
    document.querySelectorAll(".kb-recent").forEach(show);
  }

  plainhelp.onEachPage(enhance);
})();
