// editorStrings are the editor's words in the newsroom's language, which
// the form carries as JSON in its data-strings attribute (see the server's
// editorScriptStrings).
function editorStrings() {
  "use strict";
  var form = document.querySelector("form.editor-form");
  try {
    return JSON.parse((form && form.getAttribute("data-strings")) || "{}") || {};
  } catch (e) {
    return {};
  }
}

// Live preview for the article editor: as the body changes, the server
// renders it (the same Markdown and sanitiser as publishing uses) into a
// panel beside the form. Without this script the Preview button does the
// same with a full page.
(function () {
  "use strict";
  var body = document.getElementById("body");
  var form = body && body.closest("form.editor-form");
  if (!form) return;
  var words = editorStrings();
  var editor = form.parentNode;
  var panel = editor.querySelector(".preview");
  if (!panel) {
    panel = document.createElement("section");
    panel.className = "preview";
    panel.setAttribute("aria-label", words.livePreview);
    var heading = document.createElement("h2");
    heading.textContent = words.preview;
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

// Insert buttons for the editor's list of library images: each puts the
// image's line into the body at the cursor, in a paragraph of its own.
// Without this script the lines are there to copy.
(function () {
  "use strict";
  var body = document.getElementById("body");
  var picker = document.querySelector(".image-picker");
  if (!body || !picker) return;
  var words = editorStrings();
  function insert(snippet) {
    var start = body.selectionStart, end = body.selectionEnd;
    var before = body.value.slice(0, start), after = body.value.slice(end);
    var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var trail = after === "" || /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    body.setRangeText(lead + snippet + trail, start, end, "end");
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }
  picker.querySelectorAll("code.snippet").forEach(function (code) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "insert-image";
    button.textContent = words.insert;
    button.setAttribute("aria-label", words.insertInto.replace("%s", code.getAttribute("data-alt") || words.theImage));
    button.addEventListener("click", function () { insert(code.textContent); });
    code.parentNode.appendChild(button);
  });
})();
