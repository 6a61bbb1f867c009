// Small conveniences only; every page works without this file.
(function () {
  "use strict";
  // After htmx swaps in the next question or the result, move focus to its heading (or the error summary),
  // so a screen-reader user hears the new question instead of being left on a button that is gone.
  document.addEventListener("htmx:afterSwap", function () {
    var target = document.querySelector("#self-check .error-summary, #self-check [data-autofocus]");
    if (target) { target.focus(); }
    var heading = document.querySelector("#self-check h1");
    if (heading) { document.title = heading.textContent.trim() + " – " + document.title.split(" – ").pop(); }
  });
  // The print button only exists for people with JavaScript; others use the browser's menu.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
