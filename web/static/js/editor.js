// Live preview for the article editor: as the body changes, the server
// renders it (the same Markdown and sanitiser as publishing uses) into a
// panel beside the form. Without this script the Preview button does the
// same with a full page.
(function () {
  "use strict";
  var body = document.getElementById("body");
  var form = body && body.closest("form.editor-form");
  if (!form) return;
  var editor = form.parentNode;
  var panel = editor.querySelector(".preview");
  if (!panel) {
    panel = document.createElement("section");
    panel.className = "preview";
    panel.setAttribute("aria-label", "Live preview");
    var heading = document.createElement("h2");
    heading.textContent = "Preview";
    var content = document.createElement("div");
    content.className = "story-body";
    panel.appendChild(heading);
    panel.appendChild(content);
    editor.appendChild(panel);
    editor.classList.add("with-preview");
  }
  var target = panel.querySelector(".story-body");
  var timer = 0;
  var asked = 0;
  function refresh() {
    var n = ++asked;
    var data = new URLSearchParams();
    data.set("body", body.value);
    fetch("/admin/preview", { method: "POST", body: data, credentials: "same-origin" })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) { if (n === asked) target.innerHTML = html; })
      .catch(function () {});
  }
  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  refresh();
})();
