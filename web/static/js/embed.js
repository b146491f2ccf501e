// Embeds, privacy first: an article's embed arrives as a facade (the
// provider's name, a title, a note and a plain link) and nothing is
// loaded from the provider until the reader presses its button, which this
// script reveals. Pressing it puts the provider's frame where the facade
// was, in a box of the same size, and moves the focus into it. Without
// this script the button stays hidden and the link leads to the original.
(function () {
  "use strict";

  // load replaces a facade's placeholder with its frame. The frame's
  // address and permissions come from the facade's data- attributes,
  // which only the server writes (bodies cannot carry them), and the
  // Content-Security-Policy refuses frames from any other host anyway.
  function load(figure, button) {
    var src = figure.getAttribute("data-embed-src") || "";
    var url;
    try {
      url = new URL(src);
    } catch (e) {
      return;
    }
    if (url.protocol !== "https:") return;
    var frame = document.createElement("iframe");
    frame.className = "embed-iframe";
    frame.src = url.href;
    frame.title = figure.getAttribute("data-embed-title") || "Embedded content";
    frame.setAttribute("sandbox", figure.getAttribute("data-embed-sandbox") || "");
    var allow = figure.getAttribute("data-embed-allow");
    if (allow) frame.setAttribute("allow", allow);
    if (/\bfullscreen\b/.test(allow || "")) frame.setAttribute("allowfullscreen", "");
    // The provider learns which site embeds it, never which page.
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    // The reader asked for it: load it now, even below the fold.
    frame.setAttribute("loading", "eager");
    var box = button.closest(".embed-frame");
    box.replaceChildren(frame);
    figure.classList.add("embed-loaded");
    // The button is gone: the focus follows what replaced it.
    frame.focus();
  }

  var figures = document.querySelectorAll("figure.embed[data-embed-src]");
  for (var i = 0; i < figures.length; i++) {
    (function (figure) {
      var button = figure.querySelector("button.embed-load");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () { load(figure, button); });
    })(figures[i]);
  }
})();
