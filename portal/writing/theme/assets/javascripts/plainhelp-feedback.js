/* Plainhelp: the "Was this helpful?" widget (partials/kb-feedback.html), and what the "Still
 * stuck?" links carry (partials/kb-still-stuck.html).
 * The vote is sent as soon as Yes or No is pressed; the reason and comment follow with the whole
 * answer again. When the portal cannot be reached the widget says so and the page stays usable.
 * The e-mail and request links carry the guide, the reader's last search, their answer and their
 * comment as the portal saved it (screened): a comment the portal did not save is never carried.
 * After a troubleshooter they also carry the reader's answers to its questions, handed over by
 * plainhelp-troubleshooter.js through plainhelp.carryAnswers().
 * Without assets/plainhelp.js the widget stays hidden and the links stay as the site built them,
 * as they are without JavaScript. */
(function () {
  "use strict";

  var plainhelp = window.plainhelp;
  if (!plainhelp) return;

  var UNSENT =
    "Sorry, your answer could not be sent just now. Please try again later.";
  var SAVED = "Thank you for your answer.";
  /* After No the vote is already saved, but the form below still asks why: say so, so nobody
   * takes the thanks for the end and leaves before telling us what went wrong. */
  var SAVED_NO = SAVED + " If you can, tell us below what went wrong, then press Send.";
  var DONE =
    "Thank you. The people who write these guides read every comment and use it to make them better.";

  /* --- What "Still stuck?" carries ----------------------------------------------------------- */

  var LAST_SEARCH = "plainhelp.lastSearch"; /* written by every site search box */
  var SEARCH_MAX_AGE = 60 * 60 * 1000; /* an older search is not what brought the reader here */
  var SEARCH_CHARS = 200;
  /* Some browsers and mail programs cut mailto: links at about 2,000 characters, so the comment
   * is shortened until the whole link fits below that, and the e-mail says it was. */
  var LINK_CHARS = 1900;
  var REMOVED = "[removed]";
  var ANSWERS_CHARS = 700; /* a troubleshooter's answers: four questions and answers, and more */

  /* What the reader told us on this page: their answer (true, false or null for none yet), the
   * reason's words, the comment exactly as the portal saved it (null when none was saved), and
   * their answers in a troubleshooter ({title, answers: [[question, answer], ...]} or null). */
  var told = { helpful: null, reason: "", comment: null, answers: null };

  /* The reader's last search, if it was made in the last hour in this tab; "" otherwise. */
  function lastSearch() {
    var saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(LAST_SEARCH) || "null");
    } catch (error) {
      return "";
    }
    if (!saved || typeof saved.query !== "string") return "";
    var age = Date.now() - Number(saved.at);
    if (!(age >= -60000 && age <= SEARCH_MAX_AGE)) return "";
    var query = cut(saved.query.replace(/\s+/g, " ").trim(), SEARCH_CHARS);
    try {
      encodeURIComponent(query); /* throws on half a surrogate pair: then carry no search */
    } catch (error) {
      return "";
    }
    return query;
  }

  /* The first `chars` characters of `text` (at a space when one is near), with "…" when cut.
   * Never splits a pair of surrogates: encodeURIComponent would throw on half of one. */
  function cut(text, chars) {
    if (text.length <= chars) return text;
    var end = chars;
    var code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    var space = text.lastIndexOf(" ", end);
    if (space > end - 20 && space > 0) end = space;
    return text.slice(0, end).replace(/\s+$/, "") + "…";
  }

  /* Split "mailto:x?a=1&b=2" into its address and decoded parameters, and back again. */
  function parseHref(href) {
    var at = href.indexOf("?");
    var params = [];
    if (at !== -1) {
      href.slice(at + 1).split("&").forEach(function (part) {
        var eq = part.indexOf("=");
        var value = eq === -1 ? "" : part.slice(eq + 1);
        try {
          value = decodeURIComponent(value.replace(/\+/g, "%20"));
        } catch (error) {
          /* Keep it as it was. */
        }
        params.push([eq === -1 ? part : part.slice(0, eq), value]);
      });
    }
    return { address: at === -1 ? href : href.slice(0, at), params: params };
  }

  function buildHref(parts) {
    if (!parts.params.length) return parts.address;
    return parts.address + "?" + parts.params.map(function (pair) {
      return pair[0] + "=" + encodeURIComponent(pair[1]);
    }).join("&");
  }

  /* "My answers in <title>: <question> <answer>. ..." for a troubleshooter's answers; "" for none. */
  function answersLine() {
    var record = told.answers;
    if (!record || !record.answers || !record.answers.length) return "";
    var parts = [];
    record.answers.forEach(function (pair) {
      var question = String(pair[0] || "").replace(/\s+/g, " ").trim();
      var answer = String(pair[1] || "").replace(/\s+/g, " ").trim();
      if (!answer) return;
      if (question && !/[?:.!]$/.test(question)) question += ":";
      parts.push((question ? question + " " : "") + answer + (/[.?!]$/.test(answer) ? "" : "."));
    });
    if (!parts.length) return "";
    var line = cut("My answers in " + (record.title || "the troubleshooter") + ": " + parts.join(" "), ANSWERS_CHARS);
    try {
      encodeURIComponent(line); /* throws on half a surrogate pair: then carry no answers */
    } catch (error) {
      return "";
    }
    return line;
  }

  /* The paragraphs added to the e-mail's body and the request's description: their search,
   * their answer, their comment, then their answers in the troubleshooter that led here.
   * `answers` is the answers line as it fits (see fitted). */
  function toldLines(search, comment, shortened, answers) {
    var lines = [];
    var question = (plainhelp.vocabulary().feedback || {}).question;
    if (search) lines.push("Before that, I searched the help center for \"" + search + "\".");
    if (told.helpful === false && question) {
      lines.push("My answer to \"" + question + "\": No." + (told.reason ? " " + told.reason + "." : ""));
    }
    if (comment) {
      var line = (shortened ? "My comment (shortened to fit):\n" : "My comment:\n") + comment;
      if (comment.indexOf(REMOVED) !== -1) {
        line += "\n(Where it says " + REMOVED + ", a password or personal detail was taken out.)";
      }
      lines.push(line);
    }
    if (answers) lines.push(answers);
    return lines;
  }

  /* `text` with the lines put just before "What happened:", where the reader goes on writing. */
  function withLines(text, lines) {
    if (!lines.length) return text;
    var marker = (plainhelp.vocabulary().still_stuck || {}).what_happened;
    var added = lines.join("\n\n");
    var at = marker ? text.indexOf(marker) : -1;
    return at === -1 ? text + "\n\n" + added + "\n" : text.slice(0, at) + added + "\n\n" + text.slice(at);
  }

  /* One link as built, with the guide's full address (the desk can open it) and what was told. */
  function carried(built, path, full, search, comment, shortened, answers) {
    var parts = parseHref(built);
    var lines = toldLines(search, comment, shortened, answers);
    parts.params.forEach(function (pair) {
      if (path && pair[1].indexOf(path) !== -1 && pair[1].indexOf(full) === -1) {
        pair[1] = pair[1].split(path).join(full);
      }
      if (pair[0] === "body" || pair[0] === "description") {
        pair[1] = withLines(pair[1], lines);
      } else if (pair[0] === "summary" && told.helpful === false && told.reason) {
        pair[1] += " (" + told.reason + ")";
      }
    });
    return buildHref(parts);
  }

  /* The longest `cut(text, n)` for which `make` stays within LINK_CHARS ("" if none does). */
  function longestFitting(text, make) {
    var low = 0;
    var high = text.length - 1;
    while (low < high) {
      var middle = Math.ceil((low + high) / 2);
      if (make(cut(text, middle)).length <= LINK_CHARS) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low ? cut(text, low) : "";
  }

  /* The longest link that fits: the whole comment, or as much of it as fits, said so; and if
   * even without a comment it would not fit, as much of the troubleshooter's answers as fits. */
  function fitted(built, path, full, search) {
    var comment = told.comment || "";
    var answers = answersLine();
    var href = carried(built, path, full, search, comment, false, answers);
    if (href.length <= LINK_CHARS || (!comment && !answers)) return href;
    if (comment) {
      var shorter = longestFitting(comment, function (text) {
        return carried(built, path, full, search, text, true, answers);
      });
      href = carried(built, path, full, search, shorter, true, answers);
      if (href.length <= LINK_CHARS || !answers) return href;
    }
    var kept = longestFitting(answers, function (text) {
      return carried(built, path, full, search, "", !!comment, text);
    });
    return carried(built, path, full, search, "", !!comment, kept);
  }

  /* Rebuild the "Still stuck?" e-mail and request links from what they were built as. */
  function carryIntoStillStuck() {
    var block = document.querySelector(".kb-still-stuck");
    if (!block) return;
    var path = block.getAttribute("data-kb-guide-path") || "";
    var full = path ? window.location.origin + path : "";
    /* On the search page the links already say what was searched for. */
    var search = block.hasAttribute("data-kb-query") ? "" : lastSearch();
    var links = block.querySelectorAll('a[data-kb-channel="email"], a[data-kb-channel="portal"]');
    links.forEach(function (link) {
      if (!link.hasAttribute("data-kb-built-href")) {
        link.setAttribute("data-kb-built-href", link.getAttribute("href"));
      }
      link.setAttribute("href", fitted(link.getAttribute("data-kb-built-href"), path, full, search));
    });
    var note = block.querySelector(".kb-still-stuck__carried");
    if (!note) return;
    var items = [];
    if (search) items.push("what you searched for");
    if (told.helpful === false) items.push("your answer");
    if (told.comment) items.push("your comment");
    if (answersLine()) items.push("your answers in “" + (told.answers.title || "the troubleshooter") + "”");
    note.hidden = !links.length || !items.length;
    /* Follows the block's "your message already says you tried ..." (guides only: on the
     * search page nothing is added, so this stays hidden). */
    note.textContent = items.length ? "It will also include " + listed(items) + "." : "";
  }

  function listed(items) {
    if (items.length < 2) return items.join("");
    return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  function apiUrl(name) {
    return new URL("api/" + name, plainhelp.siteRoot()).href;
  }

  /* Resolves to {ok, saved} (the portal's answer) or {ok: false, message}; never rejects, so a
   * failure is only ever a sentence. */
  function send(payload) {
    return plainhelp.fetch(apiUrl("feedback"), {
      method: "POST",
      headers: plainhelp.readerHeaders(),
      body: JSON.stringify(payload),
      credentials: "same-origin"
    }, 10000)
      .then(function (response) {
        if (response.ok) {
          return response.json().then(
            function (data) {
              return { ok: true, saved: data || {} };
            },
            function () {
              return { ok: true, saved: {} };
            }
          );
        }
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

    var say = plainhelp.announcer(status);

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
        told.helpful = false;
        told.reason = reason ? reason.label : "";
        carryIntoStillStuck();
      }
      send({ page: page, helpful: helpful }).then(function (result) {
        state.busy = false;
        if (result.ok) {
          if (helpful) stuck.hidden = true;
          told.helpful = helpful;
          if (helpful) told.reason = "";
          remember(result.saved);
          state.helpful = helpful;
          say(helpful ? SAVED : SAVED_NO);
          showForm(helpful);
        } else {
          press(before);
          say(result.message);
        }
      });
    }

    /* The portal's answer replaces the whole stored answer, so its comment (screened, or null)
     * is now the one to carry. */
    function remember(saved) {
      told.comment = typeof saved.comment === "string" && saved.comment ? saved.comment : null;
      carryIntoStillStuck();
    }

    function finish() {
      say.cancel(); /* a repeated "Thank you" must not overwrite this one */
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
      if (state.helpful === false && reason) {
        told.reason = reason.label;
        carryIntoStillStuck();
      }
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
          remember(result.saved);
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
    told = { helpful: null, reason: "", comment: null, answers: null }; /* a new page: nothing told yet */
    carryIntoStillStuck();
    document.querySelectorAll(".kb-feedback").forEach(setup);
  }

  /* What plainhelp-troubleshooter.js hands over: the reader's answers ({title, answers:
   * [[question, answer], ...]}) on the page a troubleshooter led to, or so far on its own page;
   * null for none. The links are rebuilt at once. */
  plainhelp.carryAnswers = function (record) {
    told.answers = record && Array.isArray(record.answers) && record.answers.length ? record : null;
    carryIntoStillStuck();
  };

  plainhelp.onEachPage(enhance);
})();
