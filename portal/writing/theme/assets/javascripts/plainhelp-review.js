/* Plainhelp: the "due to be checked again" note on a guide past its review date.
 * The site may be served long after it was built, so the build's own decision
 * (partials/kb-reviewed.html renders the note shown or hidden) is checked again here against
 * today's date in the reader's browser. Without JavaScript the build's decision stays.
 * Stands alone: it needs nothing from assets/plainhelp.js. */
(function () {
  "use strict";

  var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  /* Today in the reader's own calendar, as YYYY-MM-DD (text order is date order). */
  function today() {
    var now = new Date();
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  function decide() {
    var notes = document.querySelectorAll("[data-kb-review-due]");
    var day = today();
    for (var i = 0; i < notes.length; i++) {
      var due = notes[i].getAttribute("data-kb-review-due") || "";
      if (DATE.test(due)) {
        notes[i].hidden = !(due < day);
        notes[i].setAttribute("data-kb-review-checked", day); /* decided in this browser */
      }
    }
  }

  var plainhelp = window.plainhelp;
  if (plainhelp && typeof plainhelp.onEachPage === "function") {
    plainhelp.onEachPage(decide);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", decide);
  } else {
    decide();
  }
})();
