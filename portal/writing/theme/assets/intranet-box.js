/* Plainhelp's intranet search box: suggestions as you type for the plain search form that
 * intranet pages paste in (docs/intranet-search-box.md, /intranet-box on the portal).
 *
 * The form works on its own: it sends people to the help center's /search page. This script
 * only adds an ARIA 1.2 combobox on top: the guides' titles from GET /api/suggest, arrows to
 * move, Enter to open the highlighted guide, Escape to close. It runs on other sites, so it
 * touches nothing but its own elements (class names starting with "plainhelp-box"), keeps the
 * host page's font, sends no cookies, and stays silent when the help center cannot be reached
 * or does not allow this page's origin (KB_CORS_ORIGINS): the plain form still works. */
(function () {
  "use strict";

  if (!window.fetch || typeof window.URL !== "function" || !document.querySelectorAll) return;

  var DELAY = 150; // ms after the last key press before asking
  var LIMIT = 6;
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
  var CSS = [
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
    OPTION + '[aria-selected="true"]{background:Highlight;color:HighlightText;',
    "forced-color-adjust:none}",
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
    var api = new URL("api/suggest", action);

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

    function place() {
      var box = anchor.getBoundingClientRect();
      var field = input.getBoundingClientRect();
      var room = document.documentElement.clientWidth - field.left - 8;
      list.style.left = field.left - box.left + "px";
      list.style.top = field.bottom - box.top + 2 + "px";
      list.style.width = Math.max(field.width, Math.min(240, room)) + "px";
    }

    function highlight(index) {
      active = index;
      var options = list.children;
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

    function go(item) {
      close();
      window.location.assign(new URL(item.url, api).href);
    }

    function show(found) {
      items = found.filter(function (item) {
        return (
          item && typeof item.title === "string" && typeof item.url === "string" &&
          sameSite(item.url)
        );
      });
      list.textContent = "";
      items.forEach(function (item, index) {
        var option = element("li", "plainhelp-box__option", {
          id: id + "-option-" + index,
          role: "option",
          "aria-selected": "false"
        });
        option.textContent = item.title;
        list.appendChild(option);
      });
      active = -1;
      if (!items.length || document.activeElement !== input) {
        close();
        return;
      }
      open();
      status.textContent =
        items.length +
        (items.length === 1 ? " guide suggested" : " guides suggested") +
        ". Use the up and down arrow keys to choose one, then press Enter.";
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
      var mine = (asked += 1);
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      var url = new URL(api.href);
      url.searchParams.set("q", text);
      url.searchParams.set("limit", String(LIMIT));
      /* The host page's language, when it says one: guides in that language come first. */
      if (document.documentElement.lang) url.searchParams.set("lang", document.documentElement.lang);
      list.setAttribute("aria-busy", "true");
      fetch(url.href, {
        mode: "cors",
        credentials: "omit",
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) {
          if (!response.ok) throw new Error("no suggestions");
          return response.json();
        })
        .then(function (data) {
          if (mine !== asked) return; // a newer question is on its way
          list.removeAttribute("aria-busy");
          show(data && Array.isArray(data.suggestions) ? data.suggestions : []);
        })
        .catch(function () {
          /* Unreachable, refused (CORS) or starting up: say nothing, the form still works. */
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
      var option = event.target.closest ? event.target.closest('[role="option"]') : null;
      if (!option) return;
      var index = Array.prototype.indexOf.call(list.children, option);
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
