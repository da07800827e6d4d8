/* Plainhelp: the IT team's announcement at the top of every page ("E-mail is down for everyone;
 * we're on it."). The region is in main.html's `announce` block; the words come from the portal's
 * /api/status on every page view and every minute while the page is open. Text only (never
 * HTML), and where there is no portal (a plain static server) the page simply has no banner;
 * nor has it without assets/plainhelp.js. */
(function () {
  "use strict";

  var plainhelp = window.plainhelp;
  if (!plainhelp) return;

  var POLL_MS = 60000;
  var LABEL = "From the IT team:";
  var shown = null; /* the announcement last received, kept across instant navigation */
  var polling = false;

  function apiUrl() {
    return new URL("api/status", plainhelp.siteRoot()).href;
  }

  function valid(data) {
    var item = data && data.announcement;
    if (!item || typeof item.message !== "string" || !item.message.trim()) return null;
    return {
      message: item.message,
      posted: typeof item.posted_at === "string" ? new Date(item.posted_at) : null
    };
  }

  /* "Posted 10:30." today, "Posted 3 March, 10:30." on another day, in the reader's time. */
  function postedText(posted) {
    if (!posted || isNaN(posted.getTime())) return "";
    var time = posted.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (posted.toDateString() === new Date().toDateString()) return "Posted " + time + ".";
    var day = posted.toLocaleDateString([], { day: "numeric", month: "long" });
    return "Posted " + day + ", " + time + ".";
  }

  function render() {
    var region = document.querySelector("[data-kb-status]");
    if (!region) return;
    var key = shown ? shown.message + "\n" + (shown.posted ? shown.posted.getTime() : "") : "";
    /* The same words again: leave the live region alone, so nothing is read out twice. */
    if (region.getAttribute("data-kb-shown") === key) return;
    region.setAttribute("data-kb-shown", key);
    region.textContent = "";
    if (!shown) return;
    var box = document.createElement("div");
    box.className = "kb-status__box";
    var text = document.createElement("p");
    text.className = "kb-status__text";
    var label = document.createElement("strong");
    label.textContent = LABEL;
    var message = document.createElement("span");
    message.className = "kb-status__message";
    message.textContent = shown.message;
    text.appendChild(label);
    text.appendChild(document.createTextNode(" "));
    text.appendChild(message);
    var when = postedText(shown.posted);
    if (when) {
      var time = document.createElement("span");
      time.className = "kb-status__time";
      time.textContent = when;
      text.appendChild(document.createTextNode(" "));
      text.appendChild(time);
    }
    box.appendChild(text);
    region.appendChild(box);
  }

  /* A 404 means no portal (or none with announcements): no banner. A network error or a
   * busy portal keeps what is shown, so a hiccup does not take an outage notice away. */
  function refresh() {
    plainhelp.fetch(apiUrl(), {
      cache: "no-cache",
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }, 10000)
      .then(function (response) {
        if (response.status === 404) return { announcement: null };
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) {
        shown = valid(data);
        render();
        /* Says the portal's answer is in (for people debugging, and for the tests). */
        var region = document.querySelector("[data-kb-status]");
        if (region) region.setAttribute("data-kb-answered", "");
      })
      .catch(function () {
        /* Keep the page as it is. */
      });
  }

  function enhance() {
    var region = document.querySelector("[data-kb-status]");
    if (!region) return;
    var banner = region.closest("aside");
    if (banner && !banner.hasAttribute("aria-label")) {
      banner.setAttribute("aria-label", "Announcements");
    }
    render(); /* what was known on the page before, at once (instant navigation) */
    refresh();
    if (!polling) {
      polling = true;
      setInterval(function () {
        if (!document.hidden) refresh();
      }, POLL_MS);
      document.addEventListener("visibilitychange", function () {
        if (!document.hidden) refresh();
      });
    }
  }

  plainhelp.onEachPage(enhance);
})();
