// Editor comfort, on top of a form that works without it: a live word
// count and reading time under the body, autosave of the text into the
// writer's own autosave slot (never into the article), and a warning
// before leaving a form with changes nobody saved.
(function () {
  "use strict";
  var form = document.querySelector("form.editor-form");
  if (!form) return;
  // The page's words, as JSON in the form's data-strings attribute
  // (the server's editorScriptStrings).
  var words = {};
  try {
    words = JSON.parse(form.getAttribute("data-strings") || "{}") || {};
  } catch (e) { /* the counts fall back to bare numbers */ }
  var lang = words.lang || document.documentElement.lang || "en";
  var plurals = new Intl.PluralRules(lang);
  var numbers = new Intl.NumberFormat(lang, { numberingSystem: "latn" });

  // The server's digits for the language (Arabic-Indic in Arabic), which
  // browsers do not all give Intl for the same tag.
  var digits = Array.from(words.digits || "0123456789");

  // counted writes a count with the plural form its language gives it:
  // forms are the catalog's, by CLDR category, as Intl.PluralRules names
  // them, with %d where the number goes.
  function counted(forms, n) {
    forms = forms || {};
    var form = forms[plurals.select(n)] || forms.other || "%d";
    var number = numbers.format(n).replace(/[0-9]/g, function (d) { return digits[d] || d; });
    return form.replace("%d", number);
  }

  // countWords counts as masthead.CountWords does: runs of non-space
  // characters holding at least one letter or digit.
  function countWords(text) {
    var n = 0;
    text.split(/\s+/).forEach(function (w) {
      if (/[\p{L}\p{N}]/u.test(w)) n++;
    });
    return n;
  }

  function bodyStats(count) {
    if (count === 0) return counted(words.words, 0);
    var minutes = Math.ceil(count / 230);
    return counted(words.words, count) + " · " + counted(words.minutes, minutes);
  }

  function watchWordCount() {
    var body = document.getElementById("body");
    var out = document.getElementById("body-stats");
    if (!body || !out) return;
    var timer = 0;
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { out.textContent = bodyStats(countWords(body.value)); }, 150);
    });
  }

  // snapshot is what the form would send, to tell whether it changed.
  function snapshot() {
    var data = new URLSearchParams(new FormData(form));
    data.delete("action");
    return data.toString();
  }

  var saved = snapshot();    // as the page came, or as last submitted
  var submitting = false;

  function warnBeforeLeaving() {
    form.addEventListener("submit", function (event) {
      // A preview opening in another tab leaves this page where it is,
      // with its changes still unsaved.
      var by = event.submitter;
      if (by && by.getAttribute("formtarget") === "_blank") return;
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || snapshot() === saved) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  function autosave() {
    var url = form.getAttribute("data-autosave");
    var status = document.getElementById("autosave-status");
    if (!url || !status) return;
    var interval = Number(form.getAttribute("data-autosave-interval")) || 30000;
    var last = saved;        // as last autosaved
    var busy = false;
    function run() {
      var now = snapshot();
      if (busy || submitting || now === last) return;
      busy = true;
      var data = new URLSearchParams(new FormData(form));
      data.delete("action");
      fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (res) {
          var json = (res.headers.get("Content-Type") || "").indexOf("application/json") === 0;
          if (!json) throw new Error(words.autosaveSignedOut);
          return res.json().then(function (answer) {
            if (!res.ok) throw new Error(answer.message);
            last = now;
            status.textContent = answer.message;
            status.classList.toggle("conflict", !!answer.conflict);
          });
        })
        .catch(function (err) {
          status.textContent = err && err.message ? err.message : words.autosaveFailed;
        })
        .then(function () { busy = false; });
    }
    setInterval(run, interval);
    form.addEventListener("focusout", run);
  }

  watchWordCount();
  warnBeforeLeaving();
  autosave();
})();
