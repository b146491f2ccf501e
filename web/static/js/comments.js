// Progressive enhancement for the comment form: "Reply" moves the form
// under the comment being answered instead of reloading the page. Without
// this script the same links reload the page with ?replytocom=ID, which
// the server understands too.
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;
  var home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);
  var parentInput = document.getElementById("comment_parent");
  var title = document.getElementById("reply-title");
  var cancel = respond.querySelector(".cancel-reply");
  var plainTitle = "Leave a Reply";

  function setTitle(name) {
    title.firstChild.nodeValue = name ? plainTitle + " to " : plainTitle;
    var who = title.querySelector(".reply-to-name");
    if (name) {
      if (!who) {
        who = document.createElement("span");
        who.className = "reply-to-name";
        title.insertBefore(who, cancel);
        title.insertBefore(document.createTextNode(" "), cancel);
      }
      who.textContent = name;
    } else if (who) {
      who.remove();
    }
    title.normalize();
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
