/* Plainhelp: Material's "Back to top" button never sits on top of what a reader is answering.
 * plainhelp.css puts the button in the bottom corner: beside the text on wide screens, over
 * its right edge on phones. While it would cover one of the blocks below (the thank-you text of
 * "Was this helpful?", "Still stuck?", a lesson's check and way on, a row of tabs, the table of
 * contents), it steps aside (.md-top[data-kb-covering] is hidden), and it comes back once the
 * block has scrolled away. */
(function () {
  "use strict";

  var KEEP_CLEAR = [
    ".kb-feedback",
    ".kb-still-stuck",
    ".kb-lesson-next",
    ".kb-check",
    ".kb-tree__question",
    ".tabbed-labels",
    ".md-path",
    ".md-nav--secondary > .md-nav__list"
  ].join(", ");

  var button = document.querySelector(".md-top");
  if (!button) return;
  var waiting = false;

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function check() {
    waiting = false;
    var box = button.getBoundingClientRect();
    var covering = false;
    var blocks = document.querySelectorAll(KEEP_CLEAR);
    for (var i = 0; i < blocks.length && !covering; i += 1) {
      if (blocks[i].offsetParent !== null && overlaps(box, blocks[i].getBoundingClientRect())) {
        covering = true;
      }
    }
    if (covering !== button.hasAttribute("data-kb-covering")) {
      button.toggleAttribute("data-kb-covering", covering);
    }
  }

  function soon() {
    if (waiting) return;
    waiting = true;
    window.requestAnimationFrame(check);
  }

  window.addEventListener("scroll", soon, { passive: true });
  window.addEventListener("resize", soon);
  document.addEventListener("focusin", soon);
  document.addEventListener("click", soon);
  /* Material moves the button (its top follows the header) and shows or hides it. */
  if (window.MutationObserver) {
    new MutationObserver(soon).observe(button, { attributes: true, attributeFilter: ["hidden", "style"] });
  }
  soon();
})();
