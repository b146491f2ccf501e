// Progressive enhancement for the comment form: "Reply" moves the form
// under the comment being answered instead of reloading the page, and the
// form gets a token of the reader's own when they start writing, so that
// posting takes one press. Without this script the same links reload the
// page with ?replytocom=ID, which the server understands too, and the
// server asks the reader to press Post Comment a second time.
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;

  // The page may be the same for every reader (it is cached), so its
  // token is not one reader's: the server issues that one, once the
  // reader focuses or types in the form, and the minimum time before
  // posting counts from then.
  var form = document.getElementById("commentform");
  var tokenInput = document.getElementById("comment-token");
  var tokenURL = form && form.getAttribute("data-token-url");
  var tokenRequest = null;
  var haveToken = false;
  function fetchToken() {
    if (!tokenURL || !tokenInput || haveToken || tokenRequest) return;
    tokenRequest = fetch(tokenURL, { credentials: "same-origin", cache: "no-store" })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (token) { tokenInput.value = token.trim(); haveToken = true; })
      .catch(function () { /* the page's token stays: the server asks to confirm */ })
      .then(function () { tokenRequest = null; });
  }
  if (form && tokenURL) {
    form.addEventListener("focusin", fetchToken);
    form.addEventListener("input", fetchToken);
    form.addEventListener("submit", function (event) {
      // Pressed before the token arrived: post once it has.
      if (tokenRequest) {
        event.preventDefault();
        tokenRequest.then(function () { HTMLFormElement.prototype.submit.call(form); });
      }
    });
  }
  var home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);
  var parentInput = document.getElementById("comment_parent");
  var title = document.getElementById("reply-title");
  var cancel = respond.querySelector(".cancel-reply");
  // The title's words come from the page, in the site's language:
  // data-title is "Leave a Reply", data-title-to "Leave a Reply to %s".
  var plainTitle = title.getAttribute("data-title") || "";
  var titleTo = title.getAttribute("data-title-to") || plainTitle + " %s";

  function setTitle(name) {
    while (title.firstChild && title.firstChild !== cancel) title.removeChild(title.firstChild);
    if (!name) {
      title.insertBefore(document.createTextNode(plainTitle + " "), cancel);
      return;
    }
    var at = titleTo.indexOf("%s");
    var who = document.createElement("span");
    who.className = "reply-to-name";
    who.textContent = name;
    title.insertBefore(document.createTextNode(at < 0 ? titleTo + " " : titleTo.slice(0, at)), cancel);
    title.insertBefore(who, cancel);
    title.insertBefore(document.createTextNode(at < 0 ? " " : titleTo.slice(at + 2) + " "), cancel);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".comment-reply-link") : null;
    if (link) {
      event.preventDefault();
      var article = link.closest("article");
      article.parentNode.insertBefore(respond, article.nextSibling);
      parentInput.value = link.getAttribute("data-comment");
      setTitle(link.getAttribute("data-author"));
      cancel.hidden = false;
      document.getElementById("comment").focus();
      return;
    }
    if (event.target.id === "cancel-comment-reply-link") {
      event.preventDefault();
      home.parentNode.insertBefore(respond, home);
      parentInput.value = "0";
      setTitle("");
      cancel.hidden = true;
      document.getElementById("comment").focus();
    }
  });

  var errors = document.getElementById("form-errors");
  if (errors) errors.focus();
})();
