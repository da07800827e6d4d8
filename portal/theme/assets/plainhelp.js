/* Plainhelp: small progressive enhancements. The site works without this file. */
(function () {
  "use strict";

  /* Give the service desk the full address of the guide the reader tried. */
  function carryFullAddress() {
    var block = document.querySelector(".kb-still-stuck");
    if (!block) return;
    var path = block.getAttribute("data-kb-guide-path");
    var full = window.location.origin + path;
    var links = block.querySelectorAll(
      'a[data-kb-channel="email"], a[data-kb-channel="portal"]'
    );
    links.forEach(function (link) {
      var href = link.getAttribute("href");
      if (path && href.indexOf(path) !== -1 && href.indexOf(full) === -1) {
        link.setAttribute("href", href.split(path).join(encodeURIComponent(full)));
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(carryFullAddress);
  } else {
    document.addEventListener("DOMContentLoaded", carryFullAddress);
  }
})();
