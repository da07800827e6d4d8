/* Plainhelp: troubleshooters, one question at a time (partials/kb-troubleshooter.html).
 *
 * The page as built is every question with its answers as plain links, so it works without
 * JavaScript. Here it steps in place: one question shows, its answers stay real links (to the
 * next question's address, or to the guide an answer ends at, so they open in a new tab too),
 * with what the reader said so far, Back and Start again. The address keeps the answers
 * (`?answers=computer.screen#screen`, the start question never listed), so it can be shared,
 * reopened, and the browser's Back and Forward work. Focus moves to the new question and a
 * polite live region says what changed.
 *
 * Counting (POST /api/troubleshooters/steps): each question shown by a step forward (the first
 * one when the page opens), each answer that ends at a guide or the service desk, and "Still
 * stuck?" used after a troubleshooter. Only where the portal serves the site (its /api/status
 * answers); on a static host nothing is sent. Nothing is ever shown to the reader about it.
 *
 * What "Still stuck?" carries: leaving for a guide (or the desk), the answers are kept in this
 * tab for an hour (sessionStorage), for that page only; on it (and on the contact page after
 * it) plainhelp-feedback.js adds them to the e-mail and the request. Reaching another guide
 * some other way carries nothing.
 * Without assets/plainhelp.js nothing here runs, and the page stays as built. */
(function () {
  "use strict";

  var plainhelp = window.plainhelp;
  if (!plainhelp) return;

  var CARRIED = "plainhelp.troubleshooter";
  var CARRY_MAX_AGE = 60 * 60 * 1000;
  var MAX_QUESTIONS = 8; /* the counting endpoint's limit; trees are at most 4 deep */
  var ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

  /* ---- To the portal ------------------------------------------------------------------------ */

  var portalThere = null;

  /* Resolves to true when the portal serves this site: its /api/status answers with JSON (a
   * static host answers 404). Asked once a page; the browser usually has it cached already,
   * as plainhelp-status.js asks the same on every page. */
  function portal() {
    if (!portalThere) {
      portalThere = plainhelp.fetch(new URL("api/status", plainhelp.siteRoot()).href, {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }, 10000)
        .then(function (response) {
          if (!response.ok) return false;
          return response.json().then(function (data) {
            return !!data && typeof data === "object" && "announcement" in data;
          }, function () {
            return false;
          });
        })
        .catch(function () {
          return false;
        });
      portalThere.then(function (there) {
        portalKnown = there;
      });
    }
    return portalThere;
  }
  var portalKnown = null; /* true or false once the portal has answered (or not) */

  function post(payload) {
    try {
      plainhelp.fetch(new URL("api/troubleshooters/steps", plainhelp.siteRoot()).href, {
        method: "POST",
        headers: plainhelp.readerHeaders(),
        body: JSON.stringify(payload),
        credentials: "same-origin",
        keepalive: true
      }, 10000).catch(function () {});
    } catch (error) {
      /* Counting is never worth an error for the reader. */
    }
  }

  /* One step of the contract: {troubleshooter, questions, ending, guide}. A step forward waits
   * for the portal's answer; an ending is sent at once when the page is leaving (if the portal
   * has not answered yet, it is sent anyway: the reader will not wait). */
  function count(tree, questions, ending, guide, leaving) {
    if (!tree || !questions.length || questions.length > MAX_QUESTIONS) return;
    var payload = {
      troubleshooter: tree,
      questions: questions,
      ending: ending || null,
      guide: guide || null
    };
    if (portalKnown === true || (leaving && portalKnown === null)) {
      post(payload); /* at once: the page may be going */
    } else if (portalKnown === null) {
      portal().then(function (there) {
        if (there) post(payload);
      });
    }
  }

  /* ---- What is kept for "Still stuck?" ------------------------------------------------------ */

  function readCarried() {
    try {
      var record = JSON.parse(window.sessionStorage.getItem(CARRIED) || "null");
      if (!record || typeof record.tree !== "string" || !Array.isArray(record.answers)) return null;
      var age = Date.now() - Number(record.at);
      if (!(age >= -60000 && age <= CARRY_MAX_AGE)) return null;
      if (!Array.isArray(record.pages) || !Array.isArray(record.questions)) return null;
      return record;
    } catch (error) {
      return null;
    }
  }

  function keepCarried(record) {
    try {
      if (record) {
        window.sessionStorage.setItem(CARRIED, JSON.stringify(record));
      } else {
        window.sessionStorage.removeItem(CARRIED);
      }
    } catch (error) {
      /* No storage (a private window): nothing is carried; the links still work. */
    }
  }

  /* An address under the site root as the store names pages: "printing/clear-paper-jam". */
  function pageOf(url) {
    var root = plainhelp.siteRoot();
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    var path = url.pathname.slice(root.pathname.length);
    path = path.replace(/index\.html$/, "").replace(/^\/+|\/+$/g, "");
    try {
      return decodeURIComponent(path);
    } catch (error) {
      return path;
    }
  }

  /* The channels of "Still stuck?" and the desk's call buttons: a reader asking for a person. */
  function onAskingForAPerson(handler) {
    function listen(event) {
      if (event.type === "auxclick" && event.button !== 1) return;
      var link = event.target.closest && event.target.closest(".kb-still-stuck a.kb-channel, a.kb-call");
      /* An answer of the tree that calls the desk is counted as that answer, not again here. */
      if (link && !link.closest(".kb-tree__question")) handler(link);
    }
    document.addEventListener("click", listen);
    document.addEventListener("auxclick", listen);
  }

  var askListening = false;
  var onAsk = null; /* what asking for a person does on the page shown now */

  function whenAskingForAPerson(handler) {
    onAsk = handler;
    if (askListening) return;
    askListening = true;
    onAskingForAPerson(function (link) {
      if (onAsk) onAsk(link);
    });
  }

  /* On a guide (or the contact page) a troubleshooter led to: carry the answers, and count
   * "Still stuck?" there once. */
  function carryOnThisPage() {
    var record = readCarried();
    var here = pageOf(new URL(window.location.href));
    if (!record || here === null || record.pages.indexOf(here) === -1) return;
    var desk = record.desk || "";
    if (here !== desk && desk && record.pages.indexOf(desk) === -1) {
      /* From the guide the reader may go on to ask a person: the contact page carries too. */
      record.pages.push(desk);
      keepCarried(record);
    }
    if (plainhelp.carryAnswers) {
      plainhelp.carryAnswers({ title: record.title, answers: record.answers });
    }
    whenAskingForAPerson(function () {
      var now = readCarried();
      if (!now || now.tree !== record.tree || now.at !== record.at || now.asked) return;
      now.asked = true;
      keepCarried(now);
      count(now.tree, now.questions, "desk", now.guide || here, true);
    });
  }

  /* ---- The tree on its page ----------------------------------------------------------------- */

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (link) {
      link.parentNode.removeChild(link);
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  /* Where an answer's link leads: another question, a guide (and its section), or the desk. */
  function optionOf(link, ids, desk) {
    var href = link.getAttribute("href") || "";
    var option = {
      link: link,
      label: link.textContent.replace(/\s+/g, " ").trim(),
      kind: "unknown",
      question: null,
      guide: null
    };
    if (href.charAt(0) === "#") {
      var id = href.slice(1);
      try {
        id = decodeURIComponent(id);
      } catch (error) {
        /* Keep it as written. */
      }
      if (ids.indexOf(id) !== -1) {
        option.kind = "question";
        option.question = id;
      }
      return option;
    }
    if (/^(tel|mailto):/i.test(href)) {
      option.kind = "desk";
      return option;
    }
    var url;
    try {
      url = new URL(href, window.location.href);
    } catch (error) {
      return option;
    }
    var page = pageOf(url);
    if (page === null) return option;
    var anchor = url.hash ? url.hash.slice(1) : "";
    option.kind = page === desk ? "desk" : "guide";
    option.page = page;
    option.guide = page === desk ? null : page + (anchor ? "#" + anchor : "");
    return option;
  }

  function readTree(element) {
    var sections = Array.prototype.slice.call(element.querySelectorAll(".kb-tree__question"));
    var ids = sections.map(function (section) {
      var heading = section.querySelector("h2");
      return heading ? heading.id : "";
    });
    var desk = element.getAttribute("data-kb-desk") || "";
    var questions = [];
    var byId = {};
    sections.forEach(function (section, index) {
      var heading = section.querySelector("h2");
      var id = ids[index];
      if (!heading || !id || byId[id]) return;
      var question = {
        id: id,
        section: section,
        heading: heading,
        text: headingText(heading),
        options: []
      };
      section.querySelectorAll(":scope > ul > li").forEach(function (item) {
        var link = item.querySelector("a[href]");
        if (link) question.options.push(optionOf(link, ids, desk));
      });
      questions.push(question);
      byId[id] = question;
    });
    return {
      element: element,
      path: element.getAttribute("data-kb-tree") || "",
      title: element.getAttribute("data-kb-title") || "",
      desk: desk,
      questions: questions,
      byId: byId,
      start: questions[0] || null
    };
  }

  /* The answer of `from` that leads to question `id`, if there is one. */
  function leadingTo(from, id) {
    for (var i = 0; i < from.options.length; i += 1) {
      if (from.options[i].kind === "question" && from.options[i].question === id) {
        return from.options[i];
      }
    }
    return null;
  }

  /* The shortest way of answers from the start to question `id` (its ids, start left out). */
  function wayTo(tree, id) {
    var seen = {};
    var queue = [[tree.start.id]];
    seen[tree.start.id] = true;
    while (queue.length) {
      var way = queue.shift();
      var last = way[way.length - 1];
      if (last === id) return way.slice(1);
      tree.byId[last].options.forEach(function (option) {
        if (option.kind === "question" && tree.byId[option.question] && !seen[option.question]) {
          seen[option.question] = true;
          queue.push(way.concat([option.question]));
        }
      });
    }
    return null;
  }

  /* The answers an address stands for: `?answers=` as far as it makes a way through the tree
   * (unknown ids and what follows them are left out), then `#id` if it names another question. */
  function answersOf(tree, href) {
    var url = new URL(href);
    var raw = url.searchParams.get("answers") || "";
    var answers = [];
    var at = tree.start;
    raw.split(".").some(function (id) {
      if (!ID.test(id) || id === tree.start.id || answers.indexOf(id) !== -1) return true;
      if (!tree.byId[id] || !leadingTo(at, id)) return true;
      answers.push(id);
      at = tree.byId[id];
      return answers.length >= MAX_QUESTIONS - 1;
    });
    var hash = url.hash.slice(1);
    try {
      hash = decodeURIComponent(hash);
    } catch (error) {
      hash = "";
    }
    if (!hash || !tree.byId[hash] || hash === at.id) return answers;
    if (hash === tree.start.id) return [];
    var place = answers.indexOf(hash);
    if (place !== -1) return answers.slice(0, place + 1);
    if (leadingTo(at, hash)) return answers.concat([hash]);
    return wayTo(tree, hash) || answers;
  }

  /* The address of a state: the tree's page, `?answers=` (none for the start) and `#id`. */
  function addressOf(answers) {
    var url = new URL(window.location.href);
    if (answers.length) {
      url.searchParams.set("answers", answers.join("."));
    } else {
      url.searchParams.delete("answers");
    }
    url.hash = answers.length ? "#" + answers[answers.length - 1] : "";
    return url.pathname + url.search + url.hash;
  }

  function here() {
    return window.location.pathname + window.location.search + window.location.hash;
  }

  function setupTree(element) {
    if (element.getAttribute("data-kb-ready")) return;
    var tree = readTree(element);
    if (!tree.start) return;
    element.setAttribute("data-kb-ready", "1");

    var status = element.querySelector(".kb-tree__status");
    var trail = document.createElement("p");
    trail.className = "kb-tree__trail";
    trail.hidden = true;
    var controls = document.createElement("p");
    controls.className = "kb-tree__controls";
    var back = document.createElement("a");
    back.className = "kb-tree__back";
    back.textContent = "Back";
    var restart = document.createElement("a");
    restart.className = "kb-tree__restart";
    restart.textContent = "Start again";
    controls.appendChild(back);
    controls.appendChild(restart);

    var shown = null; /* the answers shown now */
    var say = plainhelp.announcer(status);

    /* [[question's words, answer's words], ...] for these answers. */
    function pairsOf(answers) {
      var pairs = [];
      var at = tree.start;
      answers.forEach(function (id) {
        var option = leadingTo(at, id);
        pairs.push([at.text, option ? option.label : ""]);
        at = tree.byId[id];
      });
      return pairs;
    }

    function currentOf(answers) {
      return answers.length ? tree.byId[answers[answers.length - 1]] : tree.start;
    }


    function drawTrail(answers) {
      trail.textContent = "";
      var pairs = pairsOf(answers);
      trail.hidden = !pairs.length;
      if (!pairs.length) return;
      var said = document.createElement("span");
      said.className = "kb-tree__said";
      said.textContent = "You said:";
      trail.appendChild(said);
      trail.appendChild(document.createTextNode(" "));
      pairs.forEach(function (pair, index) {
        if (index) {
          var mark = document.createElement("span");
          mark.setAttribute("aria-hidden", "true");
          mark.textContent = " › ";
          trail.appendChild(mark);
          var then = document.createElement("span");
          then.className = "kb-visually-hidden";
          then.textContent = ", then ";
          trail.appendChild(then);
        }
        var answer = document.createElement("span");
        answer.className = "kb-tree__answer";
        answer.textContent = pair[1];
        trail.appendChild(answer);
      });
    }

    /* Show the question these answers lead to; `moved` says how the reader got there. */
    function show(answers, moved) {
      var current = currentOf(answers);
      shown = answers.slice();
      tree.questions.forEach(function (question) {
        question.section.hidden = question !== current;
      });
      /* Answers leading on point at the address of that next step (a new tab opens it). */
      current.options.forEach(function (option) {
        if (option.kind === "question") {
          option.link.setAttribute("href", addressOf(answers.concat([option.question])));
        }
      });
      drawTrail(answers);
      current.section.insertBefore(trail, current.heading);
      current.section.appendChild(controls);
      controls.hidden = !answers.length;
      back.setAttribute("href", addressOf(answers.slice(0, -1)));
      restart.setAttribute("href", addressOf([]));
      back.hidden = !answers.length;
      restart.hidden = answers.length < 2;
      if (plainhelp.carryAnswers) {
        plainhelp.carryAnswers(answers.length ? { title: tree.title, answers: pairsOf(answers) } : null);
      }
      if (!moved) return;
      var heading = current.heading;
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      /* The new question where the old one was; brought into view when the reader had
       * scrolled past its top (a long list of answers on a phone). */
      var header = document.querySelector(".md-header");
      var top = current.section.getBoundingClientRect().top;
      if (top < (header ? header.offsetHeight : 0) || top > window.innerHeight * 0.6) {
        current.section.scrollIntoView({ block: "start" });
      }
      say(moved(current));
    }

    function questionsOf(answers) {
      return [tree.start.id].concat(answers);
    }

    function step(answers, moved) {
      var from = shown ? shown.join(".") : "";
      history.pushState({ kbTree: answers.join("."), kbFrom: from }, "", addressOf(answers));
      show(answers, moved);
    }

    function forward(option) {
      var chosen = option.label;
      var answers = shown.concat([option.question]);
      step(answers, function (current) {
        return "You chose “" + chosen + "”. Next question: " + current.text;
      });
      count(tree.path, questionsOf(answers), null, null, false);
    }

    function goBack() {
      if (!shown.length) return;
      var parent = shown.slice(0, -1);
      var state = history.state;
      if (state && state.kbFrom === parent.join(".") && state.kbTree === shown.join(".")) {
        /* This step was a step forward from there: the browser's own Back, so its history
         * does not fill with going back and forth. */
        pendingMove = "back";
        history.back();
        return;
      }
      step(parent, function (current) {
        return "Back to the question: " + current.text;
      });
    }

    function startAgain() {
      step([], function (current) {
        return "Started again. First question: " + current.text;
      });
    }

    var pendingMove = null;

    /* The address changed under us: the browser's Back or Forward, or a link to `#id`. */
    function follow() {
      var answers = answersOf(tree, window.location.href);
      var canonical = addressOf(answers);
      if (canonical !== here()) {
        history.replaceState({ kbTree: answers.join("."), kbFrom: null }, "", canonical);
      }
      var move = pendingMove;
      pendingMove = null;
      if (shown && shown.join(".") === answers.join(".")) return;
      show(answers, function (current) {
        return (move === "back" ? "Back to the question: " : "Showing the question: ") + current.text;
      });
    }

    /* The answer's link, when the page stays: a next question in place; an ending is counted
     * and remembered, and the link is followed as any link (new tab and all). */
    function chosen(event, option) {
      var current = currentOf(shown);
      if (option.kind === "question") {
        if (event.type !== "click" || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
          return; /* opening it in another tab or window: that tab shows it */
        }
        event.preventDefault();
        forward(option);
        return;
      }
      if (option.kind !== "guide" && option.kind !== "desk") return;
      var questions = questionsOf(shown);
      count(tree.path, questions, option.kind, option.guide, true);
      var pages = option.page ? [option.page] : [];
      keepCarried({
        tree: tree.path,
        title: tree.title,
        questions: questions,
        answers: pairsOf(shown).concat([[current.text, option.label]]),
        guide: option.guide,
        pages: pages,
        desk: tree.desk,
        asked: option.kind === "desk",
        at: Date.now()
      });
    }

    tree.questions.forEach(function (question) {
      question.options.forEach(function (option) {
        function listen(event) {
          if (event.type === "auxclick" && event.button !== 1) return;
          chosen(event, option);
        }
        option.link.addEventListener("click", listen);
        option.link.addEventListener("auxclick", listen);
      });
    });

    function plainClick(event) {
      return !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button);
    }
    back.addEventListener("click", function (event) {
      if (!plainClick(event)) return;
      event.preventDefault();
      goBack();
    });
    restart.addEventListener("click", function (event) {
      if (!plainClick(event)) return;
      event.preventDefault();
      startAgain();
    });

    /* Space works on answers, Back and Start again as on a button (Enter works on any link). */
    element.addEventListener("keydown", function (event) {
      if (event.key !== " " && event.key !== "Spacebar") return;
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || !element.contains(link) || link.closest(".kb-tree__again")) return;
      if (!link.closest(".kb-tree__question > ul, .kb-tree__controls")) return;
      event.preventDefault();
      link.click();
    });

    /* "Still stuck?" here: the answers so far go with the message, and asking is counted once
     * for each place in the tree. */
    var askedAt = null;
    whenAskingForAPerson(function () {
      var key = shown.join(".");
      if (askedAt === key) return;
      askedAt = key;
      count(tree.path, questionsOf(shown), "desk", tree.path, true);
    });

    window.addEventListener("popstate", follow);
    window.addEventListener("hashchange", follow);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) follow(); /* back from a guide, from the browser's cache */
    });

    element.classList.add("kb-tree--stepping");
    var answers = answersOf(tree, window.location.href);
    var canonical = addressOf(answers);
    history.replaceState({ kbTree: answers.join("."), kbFrom: null }, "", canonical);
    show(answers, null);
    count(tree.path, questionsOf(answers), null, null, false);
  }

  function enhance() {
    var element = document.querySelector(".kb-tree[data-kb-tree]");
    onAsk = null;
    if (element) {
      setupTree(element);
    } else {
      carryOnThisPage();
    }
  }

  plainhelp.onEachPage(enhance);
})();
