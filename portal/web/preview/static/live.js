/* The live preview (kb serve --dev only): reload this page when the preview is rebuilt.
 * The server sends the build number on /_preview/events; the page knows the one it came
 * from, so a rebuild finished before this script ran still reloads it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) {
    return;
  }
  var shown = script.getAttribute("data-generation");
  var source = new window.EventSource(script.getAttribute("data-events"));
  source.onmessage = function (event) {
    if (event.data && event.data !== shown) {
      shown = event.data;
      source.close();
      window.location.reload();
    }
  };
})();
