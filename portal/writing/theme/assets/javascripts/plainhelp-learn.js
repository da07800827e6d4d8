/* Plainhelp: the courses (content/learn/). On a lesson, each check question (the form that
 * `!!! check` becomes at build time) is answered on the page: the chosen options are marked in
 * place with their explanations, the result is announced politely, and another try is always
 * allowed. The reader's progress (lessons done, first tries, the day a course was finished) is
 * kept in this browser's localStorage only, shown on the course page, the Learn page and the
 * finish page, and cleared with "Clear my progress". Answers and progress are also sent to the
 * portal without a name (POST /api/answer, /api/progress), so writers see which lessons do not
 * teach yet; a failure there is silent and never blocks the page.
 *
 * Without JavaScript (or without assets/plainhelp.js) nothing here runs: every lesson reads in
 * full, and each answer opens under "Check your answer". */
(function () {
  "use strict";

  var plainhelp = window.plainhelp;
  if (!plainhelp) return;

  var KEY = "plainhelp.learn";
  var PATH = /^learn\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)?$/;
  var QUESTION = /^q[0-9]{1,3}$/;

  /* ---- Progress, in this browser only ------------------------------------------------------
   * { lessons: { "<lesson path>": { opened: ms, done: ms,
   *                                  answers: { q1: { first: [1], firstRight: true,
   *                                                   last: [1], right: true } } } },
   *   courses: { "<course path>": { finished: ms } } }
   * Whatever else is in storage is ignored, so a damaged entry costs the reader nothing. */

  function isTime(value) {
    return typeof value === "number" && value > 0 && isFinite(value);
  }

  function isChoice(value) {
    return Array.isArray(value) && value.length <= 5 && value.every(function (n) {
      return typeof n === "number" && n >= 0 && n < 5 && Math.floor(n) === n;
    });
  }

  function cleanAnswers(answers) {
    var clean = {};
    if (!answers || typeof answers !== "object") return clean;
    Object.keys(answers).forEach(function (id) {
      var answer = answers[id];
      if (!QUESTION.test(id) || !answer || !isChoice(answer.first) || !isChoice(answer.last)) return;
      clean[id] = {
        first: answer.first,
        firstRight: answer.firstRight === true,
        last: answer.last,
        right: answer.right === true
      };
    });
    return clean;
  }

  function load() {
    var state = { lessons: {}, courses: {} };
    var stored;
    try {
      stored = JSON.parse(window.localStorage.getItem(KEY) || "{}");
    } catch (error) {
      return state;
    }
    if (!stored || typeof stored !== "object") return state;
    Object.keys(stored.lessons || {}).forEach(function (path) {
      var lesson = stored.lessons[path];
      if (!PATH.test(path) || !lesson || typeof lesson !== "object") return;
      var clean = { answers: cleanAnswers(lesson.answers) };
      if (isTime(lesson.opened)) clean.opened = lesson.opened;
      if (isTime(lesson.done)) clean.done = lesson.done;
      state.lessons[path] = clean;
    });
    Object.keys(stored.courses || {}).forEach(function (path) {
      var course = stored.courses[path];
      if (PATH.test(path) && course && isTime(course.finished)) {
        state.courses[path] = { finished: course.finished };
      }
    });
    return state;
  }

  function save(state) {
    try {
      if (Object.keys(state.lessons).length || Object.keys(state.courses).length) {
        window.localStorage.setItem(KEY, JSON.stringify(state));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      /* Storage is off or full: the lesson still works, it is only not remembered. */
    }
  }

  function lessonIn(state, path) {
    if (!state.lessons[path]) state.lessons[path] = { answers: {} };
    return state.lessons[path];
  }

  function pathsOf(element) {
    return (element.getAttribute("data-kb-lessons") || "").split(/\s+/).filter(function (path) {
      return PATH.test(path);
    });
  }

  function doneCount(state, paths) {
    return paths.filter(function (path) {
      return state.lessons[path] && state.lessons[path].done;
    }).length;
  }

  function longDate(time) {
    try {
      return new Date(time).toLocaleDateString("en-GB", {
        day: "numeric", month: "long", year: "numeric"
      });
    } catch (error) {
      return new Date(time).toDateString();
    }
  }

  function isoDate(time) {
    var day = new Date(time);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate());
  }

  /* ---- To the portal: counted without a name, and never in the reader's way ---------------- */

  function send(name, payload) {
    var headers = plainhelp.readerHeaders
      ? plainhelp.readerHeaders()
      : { "Content-Type": "application/json" };
    try {
      plainhelp.fetch(new URL("api/" + name, plainhelp.siteRoot()).href, {
        method: "POST",
        headers: headers,
        body: JSON.stringify(payload),
        credentials: "same-origin",
        keepalive: true
      }, 10000).catch(function () {});
    } catch (error) {
      /* No portal here (a static copy of the site): the lesson works the same. */
    }
  }

  /* A lesson is done once every check on it has an answer, or when the reader goes on from it. */
  function markDone(lesson) {
    var state = load();
    var entry = lessonIn(state, lesson);
    if (entry.done) return;
    entry.done = Date.now();
    save(state);
    send("progress", { lesson: lesson, event: "finished" });
  }

  /* ---- A check question ------------------------------------------------------------------- */

  function say(region, message) {
    /* The same words again (a second wrong try) are announced again. */
    plainhelp.announcer(region)(message);
  }

  function plural(count, one, many) {
    return count === 1 ? "one " + one : count + " " + many;
  }

  function setupCheck(form, lesson, allForms) {
    if (form.getAttribute("data-kb-ready")) return;
    var id = form.getAttribute("data-kb-check");
    var submit = form.querySelector(".kb-check__submit");
    var result = form.querySelector(".kb-check__result");
    if (!id || !QUESTION.test(id) || !submit || !result) return;
    form.setAttribute("data-kb-ready", "1");
    var many = form.getAttribute("data-kb-choose") === "many";

    /* What the build wrote under "Check your answer": for each option, right or not, and why. */
    var answers = {};
    form.querySelectorAll(".kb-check__answer").forEach(function (item) {
      answers[item.getAttribute("data-kb-option")] = {
        right: item.getAttribute("data-kb-right") === "true",
        why: item.querySelector(".kb-check__why")
      };
    });
    var inputs = Array.prototype.slice.call(form.querySelectorAll(".kb-check__options input"));

    function chosen() {
      return inputs.filter(function (input) { return input.checked; }).map(function (input) {
        return Number(input.value);
      });
    }

    function unmark() {
      form.classList.remove("kb-check--right", "kb-check--wrong");
      form.querySelectorAll(".kb-check__feedback").forEach(function (note) { note.remove(); });
      form.querySelectorAll(".kb-check__option").forEach(function (option) {
        option.classList.remove("kb-check__option--right", "kb-check__option--wrong");
      });
    }

    /* Each chosen option is marked where it is, with its own explanation under it. */
    function mark() {
      unmark();
      inputs.forEach(function (input) {
        var answer = answers[input.value];
        var option = input.closest(".kb-check__option");
        if (!input.checked || !answer || !option) return;
        option.classList.add(answer.right ? "kb-check__option--right" : "kb-check__option--wrong");
        var note = document.createElement("p");
        note.className = "kb-check__feedback";
        var verdict = document.createElement("strong");
        verdict.textContent = answer.right ? "Right. " : "Not quite. ";
        note.appendChild(verdict);
        if (answer.why) {
          Array.prototype.forEach.call(answer.why.childNodes, function (node) {
            note.appendChild(node.cloneNode(true));
          });
        }
        option.appendChild(note);
      });
    }

    /* The sentence announced for a try, and whether it was right. */
    function judge(picks) {
      var wrong = picks.filter(function (n) { return !(answers[n] && answers[n].right); });
      var missing = Object.keys(answers).filter(function (n) {
        return answers[n].right && picks.indexOf(Number(n)) === -1;
      });
      if (!wrong.length && !missing.length) {
        var why = picks.length === 1 && answers[picks[0]].why
          ? " " + answers[picks[0]].why.textContent.trim()
          : "";
        return { right: true, message: (many ? "Right: you found them all." : "Right.") + why };
      }
      if (!many) {
        var because = answers[picks[0]] && answers[picks[0]].why
          ? " " + answers[picks[0]].why.textContent.trim()
          : "";
        return {
          right: false,
          message: "Not quite." + because + " Take a second look and try again, or open “Check your answer”."
        };
      }
      if (wrong.length) {
        return {
          right: false,
          message: "Not quite: " + plural(wrong.length, "of your choices is", "of your choices are") +
            " not right. Each one says why. Try again, or open “Check your answer”."
        };
      }
      return {
        right: false,
        message: "Nearly: your choices are right, and there " +
          (missing.length === 1 ? "is one more" : "are " + missing.length + " more") +
          " to find. Try again, or open “Check your answer”."
      };
    }

    function record(picks, verdict) {
      var state = load();
      var entry = lessonIn(state, lesson);
      var firstTry = !entry.answers[id];
      if (firstTry) entry.answers[id] = { first: picks, firstRight: verdict.right };
      entry.answers[id].last = picks;
      entry.answers[id].right = verdict.right;
      save(state);
      send("answer", { lesson: lesson, question: id, chosen: picks, first_try: firstTry });
      var answered = allForms.every(function (other) {
        return entry.answers[other.getAttribute("data-kb-check")];
      });
      if (answered) markDone(lesson);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var picks = chosen();
      if (!picks.length) {
        unmark();
        say(result, many ? "Choose one or more answers first, then check them." : "Choose an answer first, then check it.");
        return;
      }
      var verdict = judge(picks);
      mark();
      form.classList.add(verdict.right ? "kb-check--right" : "kb-check--wrong");
      say(result, verdict.message);
      record(picks, verdict);
    });

    /* Changing an answer starts another try: the marks of the last one go. */
    form.addEventListener("change", function () {
      if (form.querySelector(".kb-check__feedback")) {
        unmark();
        result.textContent = "";
      }
    });

    /* Back on a lesson: the last answer shows again, marked, without being announced. */
    var stored = (load().lessons[lesson] || { answers: {} }).answers[id];
    if (stored) {
      inputs.forEach(function (input) {
        input.checked = stored.last.indexOf(Number(input.value)) !== -1;
      });
      mark();
      form.classList.add(stored.right ? "kb-check--right" : "kb-check--wrong");
    }
    submit.hidden = false;
  }

  function setupLesson() {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form.kb-check"));
    var end = document.querySelector("[data-kb-lesson-end]");
    var lesson = (end && end.getAttribute("data-kb-lesson-end")) ||
      (forms[0] && forms[0].getAttribute("data-kb-lesson")) || "";
    if (!PATH.test(lesson)) return;
    forms.forEach(function (form) { setupCheck(form, lesson, forms); });
    if (end && !end.getAttribute("data-kb-ready")) {
      end.setAttribute("data-kb-ready", "1");
      end.addEventListener("click", function () { markDone(lesson); });
    }
    var state = load();
    var entry = lessonIn(state, lesson);
    if (!entry.opened) {
      entry.opened = Date.now();
      save(state);
      send("progress", { lesson: lesson, event: "opened" });
    }
  }

  /* ---- The course page: lessons ticked, the way in, and "Clear my progress" ----------------- */

  function showCourse(section) {
    var course = section.getAttribute("data-kb-course");
    var paths = pathsOf(section);
    var state = load();
    var done = doneCount(state, paths);
    var started = paths.some(function (path) { return state.lessons[path]; });
    var progress = section.querySelector(".kb-course__progress");
    var start = section.querySelector(".kb-course__start");
    var note = section.querySelector(".kb-course__note");

    section.querySelectorAll(".kb-course__lesson").forEach(function (item) {
      var path = item.getAttribute("data-kb-lesson");
      var isDone = !!(state.lessons[path] && state.lessons[path].done);
      item.classList.toggle("kb-course__lesson--done", isDone);
      var mark = item.querySelector(".kb-course__done");
      if (mark) mark.hidden = !isDone;
    });

    if (progress) {
      progress.hidden = !started;
      progress.textContent = !started ? "" : done === paths.length
        ? "You have done every lesson."
        : "You have done " + done + " of " + paths.length + " lessons.";
    }

    if (start) {
      if (!start.hasAttribute("data-kb-built-href")) {
        start.setAttribute("data-kb-built-href", start.getAttribute("href"));
      }
      var next = paths.filter(function (path) {
        return !(state.lessons[path] && state.lessons[path].done);
      })[0];
      var link = next && section.querySelector('[data-kb-lesson="' + next + '"] a');
      if (!started) {
        start.textContent = "Start the course";
        start.setAttribute("href", start.getAttribute("data-kb-built-href"));
      } else if (link) {
        start.textContent = "Continue with lesson " + (paths.indexOf(next) + 1);
        start.setAttribute("href", link.getAttribute("href"));
      } else {
        start.textContent = "See what you learned";
        start.setAttribute("href", section.getAttribute("data-kb-finished-url") || start.getAttribute("data-kb-built-href"));
      }
    }
    if (note) note.hidden = !started && !(state.courses[course]);
  }

  function setupCourse(section) {
    showCourse(section);
    var clear = section.querySelector(".kb-course__clear");
    if (!clear || clear.getAttribute("data-kb-ready")) return;
    clear.setAttribute("data-kb-ready", "1");
    clear.addEventListener("click", function () {
      var state = load();
      pathsOf(section).forEach(function (path) { delete state.lessons[path]; });
      delete state.courses[section.getAttribute("data-kb-course")];
      save(state);
      showCourse(section);
      /* The button has gone: focus goes where people go next, the way in. */
      var start = section.querySelector(".kb-course__start");
      if (start) start.focus();
      say(section.querySelector(".kb-course__said"), "Your progress on this course is cleared.");
    });
  }

  /* ---- The course cards (the Learn page and the home page) -------------------------------- */

  function showCard(card) {
    var place = card.querySelector(".kb-course-card__progress");
    if (!place) return;
    var state = load();
    var paths = pathsOf(card);
    var finished = state.courses[card.getAttribute("data-kb-course")];
    var done = doneCount(state, paths);
    if (finished) {
      place.textContent = "Finished on " + longDate(finished.finished) + ".";
    } else if (done) {
      place.textContent = "You have done " + done + " of " + paths.length + " lessons.";
    }
    place.hidden = !(finished || done);
  }

  /* ---- The finish page: the day it was finished, and printing ----------------------------- */

  function setupFinished(block) {
    var course = block.getAttribute("data-kb-course");
    if (!PATH.test(course)) return;
    var state = load();
    if (!state.courses[course]) {
      state.courses[course] = { finished: Date.now() };
      save(state);
    }
    var when = state.courses[course].finished;
    var date = block.querySelector(".kb-finished__date");
    var time = date && date.querySelector("time");
    if (time) {
      time.textContent = longDate(when);
      time.setAttribute("datetime", isoDate(when));
      date.hidden = false;
    }
    var print = block.querySelector(".kb-finished__print");
    if (print && !print.getAttribute("data-kb-ready")) {
      print.setAttribute("data-kb-ready", "1");
      print.addEventListener("click", function () { window.print(); });
      print.hidden = false;
    }
  }

  plainhelp.onEachPage(function () {
    setupLesson();
    document.querySelectorAll(".kb-course").forEach(setupCourse);
    document.querySelectorAll(".kb-course-card").forEach(showCard);
    document.querySelectorAll(".kb-finished").forEach(setupFinished);
  });
})();
