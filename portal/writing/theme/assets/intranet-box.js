/* Plainhelp's intranet search box: suggestions as you type for the plain search form that
 * intranet pages paste in (docs/intranet-search-box.md, /intranet-box on the portal).
 *
 * The form works on its own: it sends people to the help center's /search page. This script
 * styles it to fit the host page (its font, its light or dark colours) and adds an ARIA 1.2
 * combobox on top: the best guides from GET /api/search (the same order as the help center's
 * own boxes), then "See all N results" and "Contact the service desk"; arrows to move, Enter to
 * open the highlighted entry, Escape to close. When the words are vague, the help center's
 * question back ("What isn't working?") comes first, its choices a group of options. It runs on other sites, so it styles nothing but
 * its own classes (names starting with "plainhelp-box"), sends no cookies, and stays silent
 * when the help center cannot be reached or does not allow this page's origin
 * (KB_CORS_ORIGINS): it asks /api/intranet-box/allowed once (an answer every origin may read),
 * so a refused request never fills the host page's console, and it stops after a failure. */
(function () {
  "use strict";

  if (!window.fetch || typeof window.URL !== "function" || !document.querySelectorAll) return;

  var DELAY = 150; // ms after the last key press before asking
  var LIMIT = 6;
  var CONTACT = "help/contact-the-service-desk/";
  var MIN_CHARS = 2;
  var STYLE_ID = "plainhelp-box-styles";
  var count = 0;

  /* Every rule starts from `all: initial` on our own classes, so the host page's rules for
   * lists and links do not reach in, and ours reach nothing else. The selectors are chained to
   * outweigh a host's usual rules (such as `[dir=ltr] .content ul`). System colours follow the
   * host's light or dark scheme and Windows' high-contrast mode. */
  var BOX = ".plainhelp-box";
  var LIST = BOX + ' .plainhelp-box__list[role="listbox"]';
  var OPTION = LIST + " .plainhelp-box__option";
  var FORM = "form.plainhelp-box-form";
  var CSS = [
    FORM + "{display:flex;flex-wrap:wrap;align-items:center;gap:0.5em;max-width:40em;",
    "box-sizing:border-box;font:inherit}",
    FORM + " .plainhelp-box__label{flex:1 1 100%;font:inherit;font-weight:bold}",
    FORM + " .plainhelp-box__input{flex:1 1 12em;min-width:0;box-sizing:border-box;",
    "min-height:44px;margin:0;padding:0.4em 0.75em;font:inherit;color:CanvasText;",
    "background:Canvas;border:2px solid GrayText;border-radius:4px}",
    FORM + " .plainhelp-box__button{flex:0 0 auto;box-sizing:border-box;min-height:44px;",
    "margin:0;padding:0.4em 1.2em;font:inherit;font-weight:bold;color:ButtonText;",
    "background:ButtonFace;border:2px solid ButtonText;border-radius:4px;cursor:pointer}",
    FORM + " .plainhelp-box__input:focus-visible," + FORM + " .plainhelp-box__button:focus-visible",
    "{outline:3px solid Highlight;outline-offset:2px}",
    BOX + "{all:initial;display:block;position:absolute;width:0;height:0;margin:0;padding:0;",
    "font:inherit;color:inherit}",
    LIST + "{all:initial;position:absolute;z-index:2147483000;display:block;",
    "box-sizing:border-box;max-height:22em;overflow-y:auto;margin:0;padding:0.25em 0;",
    "font:inherit;color:CanvasText;background:Canvas;border:1px solid GrayText;",
    "border-radius:4px;box-shadow:0 4px 12px rgba(0,0,0,0.25)}",
    LIST + "[hidden]{display:none}",
    OPTION + "{all:initial;display:block;box-sizing:border-box;min-height:44px;margin:0;",
    "padding:0.7em 0.9em;font:inherit;line-height:1.4;color:inherit;cursor:pointer}",
    OPTION + ":hover{text-decoration:underline}",
    LIST + " .plainhelp-box__option--more{font-weight:bold;border-top:1px solid GrayText}",
    /* "See all" and the service desk stay in sight at the foot of a long list. */
    LIST + "{scroll-padding-bottom:6.4em}",
    LIST + " .plainhelp-box__option--more{position:sticky;bottom:0;height:3.2em;min-height:0;",
    "padding-top:0;padding-bottom:0;line-height:3.2em;overflow:hidden;white-space:nowrap;",
    "text-overflow:ellipsis;background:Canvas}",
    LIST + " .plainhelp-box__option--all{bottom:3.2em}",
    OPTION + '[aria-selected="true"]{background:Highlight;color:HighlightText;',
    "forced-color-adjust:none}",
    /* The question back: a group named by the question, its choices in bold. */
    LIST + " .plainhelp-box__group," + LIST + " .plainhelp-box__choices{all:initial;display:block;",
    "margin:0;padding:0;font:inherit;color:inherit}",
    LIST + " .plainhelp-box__question{all:initial;display:block;padding:0.6em 0.9em 0.3em;",
    "font:inherit;font-weight:bold;color:inherit}",
    LIST + " .plainhelp-box__option--choice{font-weight:bold}",
    LIST + " .plainhelp-box__choices{border-bottom:1px solid GrayText}",
    BOX + " .plainhelp-box__status{all:initial;position:absolute;width:1px;height:1px;",
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
  ].join("");

  function addStyles() {
    if (document.getElementById(STYLE_ID)) return;
    var style = document.createElement("style");
    style.id = STYLE_ID;
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  function element(tag, className, attributes) {
    var node = document.createElement(tag);
    node.className = className;
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  /* Asked once per help center and page: may this page's origin search? Any failure is a no. */
  var permissions = {};
  function allowed(root) {
    var key = root.href;
    if (!permissions[key]) {
      permissions[key] = fetch(new URL("api/intranet-box/allowed", root).href, {
        mode: "cors",
        credentials: "omit"
      })
        .then(function (response) {
          return response.ok ? response.json() : { allowed: false };
        })
        .then(function (data) {
          return Boolean(data && data.allowed === true);
        })
        .catch(function () {
          return false;
        });
    }
    return permissions[key];
  }

  function setup(form) {
    var input = form.querySelector('input[name="q"]');
    if (!input || form.getAttribute("data-plainhelp-ready")) return;
    var action;
    try {
      action = new URL(form.getAttribute("action") || "", document.baseURI);
    } catch (error) {
      return;
    }
    form.setAttribute("data-plainhelp-ready", "1");
    count += 1;
    var id = "plainhelp-box-" + count;
    var root = new URL("./", action); // the help center's address: the form opens root/search
    var api = new URL("api/search", root);
    var stopped = false; // after one failure the box stays a plain form

    form.classList.add("plainhelp-box-form");
    input.classList.add("plainhelp-box__input");
    var label = input.id ? form.querySelector('label[for="' + input.id + '"]') : null;
    if (label) label.classList.add("plainhelp-box__label");
    var button = form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]');
    if (button) button.classList.add("plainhelp-box__button");

    var anchor = element("div", "plainhelp-box");
    var list = element("ul", "plainhelp-box__list", {
      id: id + "-list",
      role: "listbox",
      "aria-label": "Suggested guides"
    });
    var status = element("div", "plainhelp-box__status", { role: "status" });
    list.hidden = true;
    anchor.appendChild(list);
    anchor.appendChild(status);
    /* Inside the form, so the list belongs to its search landmark; absolutely placed, so it
     * takes no room in the host's layout (`place` measures where it landed). */
    form.appendChild(anchor);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var asked = 0; // number of the latest question; older answers are dropped
    var timer = null;
    var controller = null;

    function isOpen() {
      return !list.hidden;
    }

    /* Under the whole form (on a phone the button sits below the field): never over the button. */
    function place() {
      var box = anchor.getBoundingClientRect();
      var field = input.getBoundingClientRect();
      var whole = form.getBoundingClientRect();
      var room = document.documentElement.clientWidth - field.left - 8;
      list.style.left = field.left - box.left + "px";
      list.style.top = Math.max(field.bottom, whole.bottom) - box.top + 2 + "px";
      list.style.width = Math.max(whole.right - field.left, Math.min(240, room)) + "px";
    }

    function highlight(index) {
      active = index;
      var options = optionNodes();
      for (var i = 0; i < options.length; i += 1) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        var option = options[index];
        if (option.offsetTop < list.scrollTop) {
          list.scrollTop = option.offsetTop;
        } else if (option.offsetTop + option.offsetHeight > list.scrollTop + list.clientHeight) {
          list.scrollTop = option.offsetTop + option.offsetHeight - list.clientHeight;
        }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      highlight(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function open() {
      if (!items.length) return;
      place();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    /* Guides live on the help center: nothing else (another site, `javascript:`) is opened. */
    function sameSite(address) {
      try {
        return new URL(address, api).origin === api.origin;
      } catch (error) {
        return false;
      }
    }

    /* A choice of the question back: the help center's pages, or the desk's phone or e-mail. */
    function choiceAddress(address) {
      return sameSite(address) || /^(tel|mailto):/i.test(address);
    }

    function optionNodes() {
      return list.querySelectorAll('[role="option"]');
    }

    function go(item) {
      close();
      window.location.assign(new URL(item.url, api).href);
    }

    /* The question back, or null: {question, choices: [{title, url, choice: true}]}. */
    function narrowingOf(value) {
      if (!value || typeof value.question !== "string" || !Array.isArray(value.choices)) return null;
      var choices = value.choices.filter(function (choice) {
        return (
          choice && typeof choice.label === "string" && typeof choice.url === "string" &&
          choiceAddress(choice.url)
        );
      }).map(function (choice) {
        return { title: choice.label, url: choice.url, choice: true, desk: choice.kind === "desk" };
      });
      return choices.length ? { question: value.question, choices: choices } : null;
    }

    function option(item, index, into) {
      var kind = item.more ? " plainhelp-box__option--more" : "";
      if (item.all) kind += " plainhelp-box__option--all";
      if (item.choice) kind += " plainhelp-box__option--choice";
      var node = element("li", "plainhelp-box__option" + kind, {
        id: id + "-option-" + index,
        role: "option",
        "aria-selected": "false"
      });
      node.textContent = item.title;
      into.appendChild(node);
    }

    function show(found, total, text, asked) {
      var guides = found.filter(function (item) {
        return (
          item && typeof item.title === "string" && typeof item.url === "string" &&
          sameSite(item.url)
        );
      });
      var narrowing = narrowingOf(asked);
      var choices = narrowing ? narrowing.choices : [];
      items = choices.concat(guides.slice(0, LIMIT));
      var all = new URL("search", root);
      all.searchParams.set("q", text);
      if (total > 0) {
        items.push({
          title: total === 1 ? "See the result on the help center" : "See all " + total + " results",
          url: all.href,
          more: true,
          all: true
        });
      }
      /* Once is enough: a question that already offers the desk ("help") keeps its own. */
      var offersDesk = choices.some(function (choice) { return choice.desk; });
      if (!offersDesk) {
        items.push({ title: "Contact the service desk", url: new URL(CONTACT, root).href, more: true });
      }
      list.textContent = "";
      if (narrowing) {
        /* A group of options named by the question, above the guides. */
        var holder = element("li", "plainhelp-box__group", { role: "none" });
        var group = element("div", "plainhelp-box__group", {
          role: "group",
          "aria-labelledby": id + "-question"
        });
        var label = element("span", "plainhelp-box__question", { id: id + "-question" });
        label.textContent = narrowing.question;
        var inside = element("ul", "plainhelp-box__choices", { role: "none" });
        group.appendChild(label);
        group.appendChild(inside);
        holder.appendChild(group);
        list.appendChild(holder);
        choices.forEach(function (item, index) {
          option(item, index, inside);
        });
      }
      items.slice(choices.length).forEach(function (item, index) {
        option(item, choices.length + index, list);
      });
      active = -1;
      if (document.activeElement !== input) {
        close();
        return;
      }
      open();
      var said =
        total === 0 ? "No guide matches these words yet." : total === 1 ? "1 guide matches." : total + " guides match.";
      if (narrowing) {
        said = narrowing.question + " " +
          (choices.length === 1 ? "1 answer to choose from." : choices.length + " answers to choose from.") +
          (total > 0 ? " " + said : "");
      }
      status.textContent = said + " Use the up and down arrow keys to choose, then press Enter.";
    }

    function forget() {
      asked += 1;
      clearTimeout(timer);
      if (controller) controller.abort();
      items = [];
      list.textContent = "";
      status.textContent = "";
      list.removeAttribute("aria-busy");
      close();
    }

    function ask(text) {
      if (stopped) return;
      var mine = (asked += 1);
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      var url = new URL(api.href);
      url.searchParams.set("q", text);
      url.searchParams.set("limit", String(LIMIT));
      /* The host page's language, when it says one: guides in that language come first. */
      if (document.documentElement.lang) url.searchParams.set("lang", document.documentElement.lang);
      list.setAttribute("aria-busy", "true");
      var signal = controller ? controller.signal : undefined;
      allowed(root)
        .then(function (yes) {
          if (!yes) {
            stopped = true;
            throw new Error("this page's origin is not allowed");
          }
          return fetch(url.href, { mode: "cors", credentials: "omit", signal: signal });
        })
        .then(function (response) {
          if (!response.ok) throw new Error("no suggestions");
          return response.json();
        })
        .then(function (data) {
          if (mine !== asked) return; // a newer question is on its way
          list.removeAttribute("aria-busy");
          var results = data && Array.isArray(data.results) ? data.results : [];
          show(
            results,
            typeof data.total === "number" ? data.total : results.length,
            text,
            data ? data.narrowing : null
          );
        })
        .catch(function (error) {
          /* Unreachable, not allowed or starting up: say nothing from now on, the form works. */
          if (!error || error.name !== "AbortError") stopped = true;
          if (mine === asked) forget();
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

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "Down") {
        if (!items.length) return;
        event.preventDefault();
        if (!isOpen()) open();
        highlight(active + 1 < items.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (!items.length) return;
        event.preventDefault();
        if (!isOpen()) open();
        highlight(active > 0 ? active - 1 : items.length - 1);
      } else if (event.key === "Enter") {
        if (isOpen() && active >= 0) {
          event.preventDefault();
          go(items[active]);
        } else {
          close(); // the form goes to the search page as usual
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (isOpen()) {
          event.preventDefault(); // close only; a second Escape clears the box as usual
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", close);

    /* Keep focus in the box while the mouse or a finger chooses a guide. */
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var node = event.target.closest ? event.target.closest('[role="option"]') : null;
      if (!node) return;
      var index = Array.prototype.indexOf.call(optionNodes(), node);
      if (index >= 0) go(items[index]);
    });

    window.addEventListener("resize", function () {
      if (isOpen()) place();
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-plainhelp-box]");
    if (!forms.length) return;
    addStyles();
    Array.prototype.forEach.call(forms, setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
