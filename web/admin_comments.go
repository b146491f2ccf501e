package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"masthead"
	"masthead/i18n"
	"masthead/moderation"
)

// moderationPageSize is how many comments one page of the queue shows.
const moderationPageSize = 50

// moderationPage is the data of the comment moderation screen.
type moderationPage struct {
	layout
	Status     masthead.CommentStatus
	Tabs       []moderationTab
	Comments   []moderatedComment
	Notice     string
	Pagination pagination
}

type moderationTab struct {
	Status masthead.CommentStatus
	Label  string
	Count  int
	URL    string
}

// moderatedComment is a comment with the article it belongs to.
type moderatedComment struct {
	*masthead.Comment
	// Reason is the comment's, in the page's language; Actions are its
	// buttons.
	Reason  string
	Actions []moderationButton
	Article *articleView
	Created string
	// OnSite is the comment's address on the public site, on its comment
	// page; empty while readers cannot see it.
	OnSite string
}

// BulkActions are what the queue's tab offers for ticked comments.
func (p *moderationPage) BulkActions() []moderationButton {
	return moderationButtons(p.tr(), p.Status)
}

// moderationButton is a moderation action as a button or choice offers
// it, in the page's language.
type moderationButton struct{ Name, Label string }

// moderationButtons are the buttons of the actions that apply to a
// comment in status.
func moderationButtons(loc *i18n.Locale, status masthead.CommentStatus) []moderationButton {
	var out []moderationButton
	for _, a := range moderation.ActionsFor(status) {
		out = append(out, moderationButton{Name: a.Name, Label: moderationLabel(loc, a.Name, a.Label)})
	}
	return out
}

var moderationTabs = []struct {
	status masthead.CommentStatus
	label  string
}{
	{masthead.CommentPending, i18n.Key("Pending")}, {masthead.CommentApproved, i18n.Key("Approved")},
	{masthead.CommentSpam, i18n.Key("Spam")}, {masthead.CommentTrash, i18n.Key("Trash")},
}

// handleModerationQueue serves "GET /admin/comments?status=...": the held
// comments with the reason each was held, or the approved, spam or trash.
func (s *Server) handleModerationQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	status := masthead.CommentStatus(r.URL.Query().Get("status"))
	if status == "" {
		status = masthead.CommentPending
	}
	if !status.Valid() {
		s.handleNotFound(w, r)
		return
	}
	n, ok := queryPageNumber(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	lay, err := s.adminLayout(r, "Comments", "comments")
	if err != nil {
		s.error(w, r, err)
		return
	}
	page := &moderationPage{layout: lay, Status: status, Notice: r.URL.Query().Get("notice")}
	for _, t := range moderationTabs {
		count := lay.Admin.Pending // the navigation badge counted the held ones already
		if t.status != masthead.CommentPending {
			if _, count, err = s.store.FindComments(ctx, masthead.CommentFilter{Status: t.status, Limit: 1}); err != nil {
				s.error(w, r, err)
				return
			}
		}
		page.Tabs = append(page.Tabs, moderationTab{Status: t.status, Label: lay.T(t.label), Count: count, URL: "/admin/comments?status=" + string(t.status)})
	}
	comments, total, err := s.store.FindComments(ctx, masthead.CommentFilter{Status: status, Newest: true,
		Limit: moderationPageSize, Offset: (n - 1) * moderationPageSize})
	if err != nil {
		s.error(w, r, err)
		return
	}
	ids := make([]int64, 0, len(comments))
	for _, c := range comments {
		ids = append(ids, c.ArticleID)
	}
	// Comments may sit on pages too (a WordPress import brings them).
	articles, _, err := s.store.FindArticles(ctx, masthead.ArticleFilter{Kind: masthead.AnyKind, IDs: ids, WithoutBody: true, SkipTotal: true,
		Limit: moderationPageSize})
	if err != nil {
		s.error(w, r, err)
		return
	}
	byID := map[int64]*articleView{}
	public := map[int64]*masthead.Article{}
	for _, v := range views(articles, lay.Loc) {
		byID[v.ID] = &v
		if !v.IsPage() && v.VisibleAt(s.now()) {
			public[v.ID] = v.Article
		}
	}
	var approved []*masthead.Comment
	for _, c := range comments {
		if c.Status == masthead.CommentApproved {
			approved = append(approved, c)
		}
	}
	onSite, err := s.commentLinks(ctx, lay.Site, approved, public)
	if err != nil {
		s.error(w, r, err)
		return
	}
	for _, c := range comments {
		page.Comments = append(page.Comments, moderatedComment{Comment: c, Article: byID[c.ArticleID], Created: lay.tr().DateTime(c.CreatedAt.In(lay.Loc)),
			OnSite: onSite[c.ID], Reason: moderation.Reason(lay.tr(), c.Reason), Actions: moderationButtons(lay.tr(), c.Status)})
	}
	pages := max(1, (total+moderationPageSize-1)/moderationPageSize)
	page.Pagination = pagination{Page: n, TotalPages: pages}
	link := func(n int) string {
		return "/admin/comments?" + url.Values{"status": {string(status)}, "page": {strconv.Itoa(n)}}.Encode()
	}
	if n > 1 {
		page.Pagination.Prev = link(n - 1)
	}
	if n < pages {
		page.Pagination.Next = link(n + 1)
	}
	s.render(w, r, http.StatusOK, "admin_comments", page)
}

// handleModerate serves "POST /admin/comments": one action on one comment
// (a row's button) or on every ticked comment (the bulk form).
func (s *Server) handleModerate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.error(w, r, masthead.Errorf(masthead.EINVALID, "The form could not be read, so please send it again."))
		return
	}
	action, ok := moderation.FindAction(r.PostFormValue("action"))
	if !ok {
		s.error(w, r, masthead.Errorf(masthead.EINVALID, "Choose what to do with the comments."))
		return
	}
	back := masthead.CommentStatus(r.PostFormValue("status"))
	if !back.Valid() {
		back = masthead.CommentPending
	}
	done := 0
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		switch err := action.Apply(ctx, s.store, id); masthead.ErrorCode(err) {
		case "":
			done++
		case masthead.ENOTFOUND, masthead.ECONFLICT: // moderated meanwhile by someone else
		default:
			s.error(w, r, err)
			return
		}
	}
	loc := s.staffLocale(r)
	notice := loc.T("No comment was chosen.")
	if done > 0 {
		notice = moderationDone(loc, action.Name, done)
	}
	http.Redirect(w, r, "/admin/comments?"+url.Values{"status": {string(back)}, "notice": {notice}}.Encode(), http.StatusSeeOther)
}

// handleStaffReply serves "POST /admin/comments/{id}/reply": a staff reply
// under a comment, published at once under the staff member's name. A held
// comment that staff answer is approved with it.
func (s *Server) handleStaffReply(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user := currentUser(ctx)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return
	}
	parent, err := s.store.FindCommentByID(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	text := strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n")
	back := "/admin/comments?" + url.Values{"status": {string(parent.Status)}}.Encode()
	if strings.TrimSpace(text) == "" {
		http.Redirect(w, r, back+"&"+url.Values{"notice": {s.staffLocale(r).T("The reply was empty, so nothing was posted.")}}.Encode(), http.StatusSeeOther)
		return
	}
	article, err := s.store.FindArticleByID(ctx, parent.ArticleID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	site, err := s.site(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if _, err := moderation.StaffReply(ctx, s.store, site, article, parent, user, text, s.absURL(r, user.Path()), s.now()); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, back+"&"+url.Values{"notice": {s.staffLocale(r).T("Your reply was published.")}}.Encode(), http.StatusSeeOther)
}
