/* Plainhelp: one search box everywhere on the site (the header, the home page, the results page).
 *
 * Each box is a plain form that opens the portal's /search page, so it works with JavaScript off.
 * This script adds an ARIA 1.2 combobox on top: as people type, the best guides from
 * GET /api/search (the same answer, in the same order, as /search), then "See all N results" and
 * "Contact the service desk". When the words are vague, the answer's question back ("What isn't
 * working?", search/narrowing.py) comes first: a group of options, each opening a troubleshooter's
 * question, a guide, a topic or the service desk. Arrows move, Enter opens the chosen entry (or /search with nothing
 * chosen), Escape closes. Where the portal cannot be reached (the site on a static host), the
 * answers come from Material's own built-in index and worker instead, so the site always searches.
 *
 * Opened results carry ?kb_s=<search>&kb_p=<position> (plainhelp-clicks.js counts the click), and
 * every search made is kept for "Still stuck?" in sessionStorage["plainhelp.lastSearch"].
 * The page at /intranet-box gets its "Copy the code" button here too. */
(function () {
  "use strict";

  var plainhelp = window.plainhelp;
  if (!plainhelp || typeof window.URL !== "function" || !document.querySelectorAll) return;

  var DELAY = 200; // ms after the last key press before asking
  var SHOWN = 6; // guides in the list; "See all" leads to the rest
  var MIN_CHARS = 2;
  var TIMEOUT_MS = 2500;
  var RETRY_AFTER_MS = 30000;
  var CONTACT = "help/contact-the-service-desk/";
  var LAST_SEARCH = "plainhelp.lastSearch";
  var count = 0;

  /* ---- Where answers come from --------------------------------------------------------- */

  var portalDownUntil = 0;
  var portalSeen = false;

  function rememberSearch(query) {
    try {
      window.sessionStorage.setItem(
        LAST_SEARCH, JSON.stringify({ query: query, at: Date.now() })
      );
    } catch (error) {
      /* No storage (a private window): "Still stuck?" goes without it. */
    }
  }

  function tracked(address, searchId, position) {
    if (!searchId) return address;
    var parts = address.split("#");
    var join = parts[0].indexOf("?") === -1 ? "?" : "&";
    return parts[0] + join + "kb_s=" + encodeURIComponent(searchId) + "&kb_p=" + position +
      (parts.length > 1 ? "#" + parts.slice(1).join("#") : "");
  }

  /* The question back, as the box shows it: {question, choices: [{label, href, kind}]} or null. */
  function narrowingOf(value) {
    if (!value || typeof value.question !== "string" || !Array.isArray(value.choices)) return null;
    var choices = value.choices.filter(function (choice) {
      return choice && typeof choice.label === "string" && typeof choice.url === "string";
    }).map(function (choice) {
      return { label: choice.label, href: choice.url, kind: String(choice.kind || "") };
    });
    return choices.length ? { question: value.question, choices: choices } : null;
  }

  /* The portal's answer: {total, results: [{title, url, snippet, section_title, heading}], search_id,
   * narrowing}. */
  function askPortal(text, limit) {
    var url = new URL("api/search", plainhelp.siteRoot());
    url.searchParams.set("q", text);
    url.searchParams.set("limit", String(limit));
    url.searchParams.set("source", "site");
    if (document.documentElement.lang) url.searchParams.set("lang", document.documentElement.lang);
    return plainhelp.fetch(url.href, { headers: { Accept: "application/json" } }, TIMEOUT_MS)
      .then(function (response) {
        if (!response.ok) throw new Error("search answered " + response.status);
        return response.json();
      })
      .then(function (body) {
        if (!body || !Array.isArray(body.results)) throw new Error("not a search answer");
        portalSeen = true;
        return {
          portal: true,
          narrowing: narrowingOf(body.narrowing),
          total: typeof body.total === "number" ? body.total : body.results.length,
          guides: body.results.map(function (hit, index) {
            return {
              title: String(hit.title || ""),
              where: [hit.section_title, hit.heading].filter(Boolean).join(" › "),
              snippet: String(hit.snippet || ""),
              href: tracked(String(hit.url || ""), body.search_id, index + 1)
            };
          })
        };
      });
  }

  /* Material's own search (lunr in its worker, the index the site build wrote), started once. */
  var builtIn = null;
  function startBuiltIn() {
    if (builtIn) return builtIn.ready;
    var config = {};
    try {
      config = JSON.parse(document.getElementById("__config").textContent);
    } catch (error) {
      config = {};
    }
    builtIn = { waiting: [] };
    if (!config.search || typeof window.Worker !== "function") {
      builtIn.ready = Promise.reject(new Error("no built-in search"));
      return builtIn.ready;
    }
    var worker = new window.Worker(new URL(config.search, window.location.href).href);
    builtIn.worker = worker;
    builtIn.ready = new Promise(function (resolve, reject) {
      worker.addEventListener("message", function (event) {
        var message = event.data || {};
        if (message.type === 1) resolve(worker); // READY
        if (message.type === 3 && builtIn.waiting.length) builtIn.waiting.shift()(message.data);
      });
      worker.addEventListener("error", reject);
      plainhelp.fetch(new URL("search/search_index.json", plainhelp.siteRoot()).href, {}, 15000)
        .then(function (response) {
          if (!response.ok) throw new Error("no built-in index");
          return response.json();
        })
        .then(function (index) {
          var options = { pipeline: ["stopWordFilter"], suggest: false };
          worker.postMessage({ type: 0, data: { config: index.config, docs: index.docs, options: options } });
        })
        .catch(reject);
    });
    return builtIn.ready;
  }

  function askBuiltIn(text) {
    return startBuiltIn().then(function (worker) {
      return new Promise(function (resolve) {
        builtIn.waiting.push(resolve);
        worker.postMessage({ type: 2, data: text });
      });
    }).then(function (data) {
      var root = plainhelp.siteRoot();
      var groups = (data && data.items) || [];
      return {
        portal: false,
        narrowing: null,
        total: groups.length,
        guides: groups.map(function (group) {
          var page = group[0];
          var best = group.length > 1 ? group[1] : page;
          return {
            title: plainText(page.title),
            where: best !== page ? plainText(best.title) : "",
            snippet: best.text || page.text || "",
            href: new URL(best.location, root).href
          };
        })
      };
    });
  }

  /* The portal first; when it cannot answer, the built-in search, and the portal again later. */
  function answer(text, limit) {
    if (Date.now() < portalDownUntil) return askBuiltIn(text);
    return askPortal(text, limit).catch(function () {
      portalDownUntil = Date.now() + RETRY_AFTER_MS;
      return askBuiltIn(text);
    });
  }

  /* ---- Safe text: only <mark> survives from an answer's HTML ---------------------------- */

  function parsed(html) {
    return new window.DOMParser().parseFromString("<body>" + String(html) + "</body>", "text/html").body;
  }

  function plainText(html) {
    return (parsed(html).textContent || "").trim();
  }

  /* The snippet as text nodes and <mark> elements only, cut at `most` characters. */
  function snippetInto(target, html, most) {
    var left = most;
    function copy(from, into) {
      Array.prototype.forEach.call(from.childNodes, function (node) {
        if (left <= 0) return;
        if (node.nodeType === 3) {
          var text = node.nodeValue.length > left ? node.nodeValue.slice(0, left) + "…" : node.nodeValue;
          left -= node.nodeValue.length;
          into.appendChild(document.createTextNode(text));
        } else if (node.nodeType === 1 && node.nodeName === "MARK") {
          copy(node, into.appendChild(document.createElement("mark")));
        } else if (node.nodeType === 1) {
          copy(node, into);
        }
      });
    }
    copy(parsed(html), target);
  }

  /* ---- One combobox per form ------------------------------------------------------------ */

  function element(tag, className, attributes) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  function guidesMatch(total) {
    if (total === 0) return "No guide matches these words yet.";
    return total === 1 ? "1 guide matches." : total + " guides match.";
  }

  /* What a screen reader hears when an answer arrives: the question back first, if any. */
  function answerSaid(found) {
    var said = guidesMatch(found.total);
    if (found.narrowing) {
      var count = found.narrowing.choices.length;
      said = found.narrowing.question + " " +
        (count === 1 ? "1 answer to choose from." : count + " answers to choose from.") +
        (found.total > 0 ? " " + said : "");
    }
    return said + " Use the up and down arrow keys to choose, then press Enter.";
  }

  /* A phone or narrow window, where Material shows the header's box as a screen of its own. */
  function narrow() {
    return !!(window.matchMedia && window.matchMedia("(max-width: 59.9375em)").matches);
  }

  function setup(form) {
    var input = form.querySelector('input[name="q"]');
    if (!input || form.getAttribute("data-kb-box-ready")) return;
    form.setAttribute("data-kb-box-ready", "1");
    count += 1;
    var id = "kb-box-" + count;
    var kind = form.getAttribute("data-kb-box") || "page";
    var header = kind === "header";
    var toggle = document.getElementById("__search");

    /* Focusable, so a keyboard can scroll a long list (and axe: scrollable-region-focusable). */
    var panel = element("div", "kb-box kb-box--" + kind, { tabindex: "0", role: "group", "aria-label": "Search results" });
    var status = element("p", "kb-box__count", { id: id + "-count" });
    /* Always in the page (a live region that appears with its text is often not read). */
    var spoken = element("p", "kb-visually-hidden kb-box-status kb-box-status--" + kind, { role: "status" });
    var list = element("ul", "kb-box__list", {
      id: id + "-list",
      role: "listbox",
      "aria-label": "Matching guides"
    });
    panel.hidden = true;
    panel.appendChild(status);
    panel.appendChild(list);
    var output = header ? form.parentNode.querySelector(".kb-box-output") : null;
    if (output) {
      output.appendChild(panel);
      output.appendChild(spoken);
    } else {
      /* Right under the whole form: the list never covers its Search button. */
      var holder = element("div", "kb-box-holder");
      holder.appendChild(panel);
      holder.appendChild(spoken);
      form.parentNode.insertBefore(holder, form.nextSibling);
    }

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    input.removeAttribute("required");

    var entries = []; // {href, kind: "choice" | "guide" | "all" | "contact"}
    var active = -1;
    var asked = 0; // number of the latest question; older answers are dropped
    var timer = null;
    var shownFor = "";
    var lastAnswer = null;

    function isOpen() {
      return !panel.hidden;
    }

    /* Every option in order, those inside the question's group included. */
    function optionNodes() {
      return list.querySelectorAll('[role="option"]');
    }

    function highlight(index) {
      active = index;
      var options = optionNodes();
      for (var i = 0; i < options.length; i += 1) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        if (options[index].scrollIntoView) options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      highlight(-1);
      panel.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function open() {
      if (!entries.length) return;
      panel.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (header && toggle && !toggle.checked) toggle.checked = true;
    }

    function searchPage(text) {
      var url = new URL(form.getAttribute("action") || "/search", window.location.href);
      url.search = "";
      url.searchParams.set("q", text);
      return url.href;
    }

    function go(entry) {
      close();
      if (header && toggle) toggle.checked = false;
      window.location.assign(entry.href);
    }

    function option(kindOf, href, into) {
      var node = element("li", "kb-box__option kb-box__option--" + kindOf, {
        id: id + "-option-" + entries.length,
        role: "option",
        "aria-selected": "false"
      });
      node.setAttribute("data-kb-href", href);
      entries.push({ href: href, kind: kindOf });
      (into || list).appendChild(node);
      return node;
    }

    /* The question back: a group of options named by the question, above the guides (the
     * list item only holds it: a list item may not be a group). */
    function question(narrowing) {
      var holder = element("li", "kb-box__group-holder", { role: "none" });
      var group = element("div", "kb-box__group", {
        role: "group",
        "aria-labelledby": id + "-question"
      });
      var label = element("span", "kb-box__question", { id: id + "-question" });
      label.textContent = narrowing.question;
      var choices = element("ul", "kb-box__choices", { role: "none" });
      group.appendChild(label);
      group.appendChild(choices);
      holder.appendChild(group);
      list.appendChild(holder);
      narrowing.choices.forEach(function (choice) {
        var node = option("choice", choice.href, choices);
        node.classList.add("kb-box__choice--" + (choice.kind || "topic"));
        node.textContent = choice.label;
      });
    }

    function show(text, found) {
      lastAnswer = found;
      shownFor = text;
      entries = [];
      active = -1;
      list.textContent = "";
      /* With a question back and no guide, the question says it all: no "No guide matches". */
      status.textContent = found.narrowing && found.total === 0 ? "" : guidesMatch(found.total);
      status.hidden = !status.textContent;
      spoken.textContent = answerSaid(found);
      if (found.narrowing) question(found.narrowing);
      found.guides.slice(0, SHOWN).forEach(function (guide) {
        var node = option("guide", guide.href);
        node.appendChild(element("span", "kb-box__title")).textContent = guide.title;
        if (guide.where) node.appendChild(element("span", "kb-box__where")).textContent = guide.where;
        if (guide.snippet) snippetInto(node.appendChild(element("span", "kb-box__snippet")), guide.snippet, 160);
      });
      if (found.portal && found.total > 0) {
        option("all", searchPage(text)).textContent =
          found.total === 1 ? "See the result on its own page" : "See all " + found.total + " results";
      }
      /* Once is enough: a question that already offers the desk ("help") keeps its own. */
      var offersDesk = found.narrowing && found.narrowing.choices.some(function (choice) {
        return choice.kind === "desk";
      });
      if (!offersDesk) {
        option("contact", new URL(CONTACT, plainhelp.siteRoot()).href).textContent =
          "Contact the service desk";
      }
      rememberSearch(text);
      if (document.activeElement === input) open();
    }

    function forget() {
      asked += 1;
      clearTimeout(timer);
      entries = [];
      lastAnswer = null;
      shownFor = "";
      list.textContent = "";
      status.textContent = "";
      spoken.textContent = "";
      close();
    }

    function ask(text) {
      var mine = (asked += 1);
      list.setAttribute("aria-busy", "true");
      return answer(text, SHOWN).then(function (found) {
        if (mine !== asked) return null; // a newer question is on its way
        list.removeAttribute("aria-busy");
        show(text, found);
        return found;
      }, function () {
        if (mine === asked) list.removeAttribute("aria-busy");
        return null;
      });
    }

    /* Enter with nothing chosen: the results page; where there is no portal, the best guide. */
    function submitted(event) {
      var text = input.value.trim();
      if (portalSeen && Date.now() >= portalDownUntil) {
        rememberSearch(text);
        return; // the form opens /search as it would without JavaScript
      }
      event.preventDefault();
      clearTimeout(timer);
      var mine = asked + 1;
      ask(text || " ").then(function (found) {
        if (mine !== asked || !found) return;
        if (found.portal) {
          form.submit();
        } else if (entries.length) {
          go(entries[0]);
        }
      });
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      clearTimeout(timer);
      if (text.length < MIN_CHARS) {
        forget();
        return;
      }
      timer = setTimeout(function () {
        ask(text);
      }, DELAY);
    });

    input.addEventListener("focus", function () {
      if (header && toggle && !toggle.checked) toggle.checked = true;
      if (lastAnswer && shownFor === input.value.trim()) open();
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "Down") {
        if (!entries.length) return;
        event.preventDefault();
        if (!isOpen()) open();
        highlight(active + 1 < entries.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (!entries.length) return;
        event.preventDefault();
        if (!isOpen()) open();
        highlight(active > 0 ? active - 1 : entries.length - 1);
      } else if (event.key === "Enter") {
        if (isOpen() && active >= 0) {
          event.preventDefault();
          go(entries[active]);
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (isOpen()) {
          event.preventDefault(); // close only; a second Escape leaves the box
          close();
          /* On a wide screen the box sits in the header: the grey cover goes with the list,
           * so the page can be clicked again at once. */
          if (header && toggle && !narrow()) toggle.checked = false;
        } else if (header) {
          event.preventDefault();
          if (toggle) toggle.checked = false;
          input.blur();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    form.addEventListener("submit", submitted);

    /* Leaving the list for somewhere else on the page closes it, as leaving the box does. */
    panel.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next && (next === input || panel.contains(next))) return;
      close();
    });

    input.addEventListener("blur", function (event) {
      if (event.relatedTarget && panel.contains(event.relatedTarget)) return;
      close();
      if (header && toggle && !narrow()) {
        toggle.checked = false;
      }
    });

    /* Keep focus in the box while the mouse or a finger chooses an entry. */
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var node = event.target.closest ? event.target.closest('[role="option"]') : null;
      if (!node) return;
      var index = Array.prototype.indexOf.call(optionNodes(), node);
      if (index >= 0) go(entries[index]);
    });

    /* Phones: Material's magnifier button checks __search; the box then takes the focus. */
    if (header && toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) {
          input.focus();
        } else {
          close();
        }
      });
    }

    /* The results page shown with words: that is a search made. */
    if (kind === "page" && input.value.trim()) rememberSearch(input.value.trim());
  }

  /* ---- "Copy the code" on /intranet-box ------------------------------------------------- */

  function copyButton(pre) {
    if (pre.getAttribute("data-kb-copy-ready")) return;
    pre.setAttribute("data-kb-copy-ready", "1");
    var bar = element("div", "kb-copy");
    var button = element("button", "md-button kb-copy__button", { type: "button" });
    button.textContent = "Copy the code";
    var said = element("span", "kb-copy__status", { role: "status" });
    bar.appendChild(button);
    bar.appendChild(said);
    pre.parentNode.insertBefore(bar, pre);

    function selectCode() {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }

    button.addEventListener("click", function () {
      var code = pre.textContent;
      var done = function () {
        said.textContent = "Copied. Paste it into your intranet page.";
      };
      var manual = function () {
        selectCode();
        said.textContent = "The code is selected: press Ctrl+C (or Cmd+C on a Mac) to copy it.";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code).then(done, manual);
      } else {
        manual();
      }
    });
  }

  /* Material's keyboard shortcuts for its search ("/", "s", "f") open the header box. */
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key !== "/" && event.key !== "s" && event.key !== "f") return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName))) return;
    var input = document.getElementById("kb-header-q");
    if (!input) return;
    event.preventDefault();
    input.focus();
  });

  plainhelp.onEachPage(function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-kb-box]"), setup);
    Array.prototype.forEach.call(document.querySelectorAll("pre.kb-intranet-code"), copyButton);
  });
})();
