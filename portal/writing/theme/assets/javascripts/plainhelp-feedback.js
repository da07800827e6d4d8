/* Plainhelp: the "Was this helpful?" widget (partials/kb-feedback.html).
 * The vote is sent as soon as Yes or No is pressed; the reason and comment follow with the whole
 * answer again. When the portal cannot be reached the widget says so and the page stays usable.
 * Without assets/plainhelp.js the widget stays hidden, as it is without JavaScript. */
(function () {
  "use strict";

  var plainhelp = window.plainhelp;
  if (!plainhelp) return;

  var UNSENT =
    "Sorry, your answer could not be sent just now. Please try again later.";
  var SAVED = "Thank you for your answer.";
  var DONE =
    "Thank you. The people who write these guides read every comment and use it to make them better.";

  function apiUrl(name) {
    return new URL("api/" + name, plainhelp.siteRoot()).href;
  }

  /* Resolves to {ok, message}; never rejects, so a failure is only ever a sentence. */
  function send(payload) {
    return plainhelp.fetch(apiUrl("feedback"), {
      method: "POST",
      headers: plainhelp.readerHeaders(),
      body: JSON.stringify(payload),
      credentials: "same-origin"
    }, 10000)
      .then(function (response) {
        if (response.ok) return { ok: true };
        if (response.status === 429 || response.status >= 500) {
          return { ok: false, message: UNSENT };
        }
        return response.json().then(
          function (data) {
            return { ok: false, message: (data && data.error) || UNSENT };
          },
          function () {
            return { ok: false, message: UNSENT };
          }
        );
      })
      .catch(function () {
        return { ok: false, message: UNSENT };
      });
  }

  function setup(widget) {
    if (widget.getAttribute("data-kb-ready")) return;
    widget.setAttribute("data-kb-ready", "1");

    var page = widget.getAttribute("data-kb-page");
    var buttons = widget.querySelectorAll("[data-kb-helpful]");
    var votes = widget.querySelector(".kb-feedback__vote");
    var form = widget.querySelector(".kb-feedback__more");
    var reasons = widget.querySelector(".kb-feedback__reasons");
    var comment = widget.querySelector(".kb-feedback__comment");
    var left = widget.querySelector(".kb-feedback__left");
    var status = widget.querySelector(".kb-feedback__status");
    var stuck = widget.querySelector(".kb-feedback__stuck");
    var stuckTitle = document.getElementById("kb-still-stuck-title");
    var state = { helpful: null, busy: false };
    /* The comment's limit, from portal/guides/vocabulary.py (the box's maxlength says the same). */
    var limit = (plainhelp.vocabulary().feedback || {}).comment_chars || comment.maxLength;

    var pendingSay = null;

    function say(message) {
      clearTimeout(pendingSay);
      if (status.textContent === message) {
        /* The same words again: clear first so screen readers announce them again. */
        status.textContent = "";
        pendingSay = setTimeout(function () { status.textContent = message; }, 100);
      } else {
        status.textContent = message;
      }
    }

    function press(helpful) {
      buttons.forEach(function (button) {
        var yes = button.getAttribute("data-kb-helpful") === "yes";
        button.setAttribute("aria-pressed", String(helpful !== null && yes === helpful));
      });
    }

    function chosenReason() {
      var checked = reasons.querySelector("input:checked");
      if (!checked) return null;
      var label = checked.closest("label");
      return { key: checked.value, label: label ? label.textContent.trim() : checked.value };
    }

    function showForm(helpful) {
      form.hidden = false;
      reasons.hidden = helpful;
      form.querySelectorAll("[data-kb-when]").forEach(function (text) {
        text.hidden = text.getAttribute("data-kb-when") !== (helpful ? "yes" : "no");
      });
      if (helpful) {
        comment.focus();
      } else {
        (reasons.querySelector("input:checked") || reasons.querySelector("input")).focus();
      }
    }

    function vote(helpful) {
      if (state.busy) return;
      state.busy = true;
      var before = state.helpful;
      press(helpful);
      if (!helpful && stuckTitle) {
        /* Offered at once, even if the answer cannot be sent: the reader still needs help. */
        stuck.hidden = false;
        var reason = chosenReason();
        plainhelp.stillStuck(reason ? reason.label : "");
      }
      send({ page: page, helpful: helpful }).then(function (result) {
        state.busy = false;
        if (result.ok) {
          if (helpful) {
            stuck.hidden = true;
            plainhelp.stillStuck(null);
          }
          state.helpful = helpful;
          say(SAVED);
          showForm(helpful);
        } else {
          press(before);
          say(result.message);
        }
      });
    }

    function finish() {
      clearTimeout(pendingSay); /* a repeated "Thank you" must not overwrite this one */
      votes.hidden = true;
      form.hidden = true;
      status.textContent = DONE;
      status.focus();
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        vote(button.getAttribute("data-kb-helpful") === "yes");
      });
    });

    reasons.addEventListener("change", function () {
      var reason = chosenReason();
      if (state.helpful === false && reason) plainhelp.stillStuck(reason.label);
    });

    comment.addEventListener("input", function () {
      left.textContent = Math.max(0, limit - comment.value.length).toLocaleString("en-GB");
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.busy || state.helpful === null) return;
      var payload = { page: page, helpful: state.helpful };
      var reason = state.helpful ? null : chosenReason();
      var text = comment.value.trim();
      if (reason) payload.reason = reason.key;
      if (text) payload.comment = text;
      if (!reason && !text) {
        finish();
        return;
      }
      state.busy = true;
      send(payload).then(function (result) {
        state.busy = false;
        if (result.ok) {
          finish();
        } else {
          say(result.message);
        }
      });
    });

    if (stuck && stuckTitle) {
      stuck.querySelector("a").addEventListener("click", function (event) {
        event.preventDefault();
        stuckTitle.setAttribute("tabindex", "-1");
        /* Bring the whole block into view, not only its heading: focus alone scrolls as little
         * as it can, which on a phone left the heading at the bottom and the ways out unseen. */
        stuckTitle.focus({ preventScroll: true });
        (stuckTitle.closest(".kb-still-stuck") || stuckTitle).scrollIntoView({ block: "start" });
      });
    }

    widget.hidden = false;
  }

  function enhance() {
    document.querySelectorAll(".kb-feedback").forEach(setup);
  }

  plainhelp.onEachPage(enhance);
})();
