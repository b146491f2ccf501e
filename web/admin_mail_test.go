package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/mail"
	"masthead/mail/mailtest"
	"masthead/password"
	"masthead/sqlstore"
)

// mailRig is a site whose server sends mail to a test SMTP server, and
// an outbox that the test runs when it wants mail sent.
type mailRig struct {
	store  *sqlstore.Store
	server *Server
	smtp   *mailtest.Server
	outbox *mail.Outbox
}

// newMailRig serves a fresh site whose --smtp-* flags name a test SMTP
// server; with noMail, the site has no mail settings at all.
func newMailRig(t *testing.T, noMail bool) *mailRig {
	t.Helper()
	rig := &mailRig{store: newStore(t)}
	must(t, rig.store.UpdateSite(context.Background(), &masthead.Site{Title: "Observer", Language: "en-GB", TimeZone: "UTC", CommentDepth: 3,
		PageSize: 10, CommentModeration: masthead.ModerateHoldFirst, CommentPages: masthead.CommentPagesOn, CommentPageSize: 50,
		CommentDefaultPage: masthead.CommentPageLast, CommentOrder: masthead.CommentsOldestFirst}))
	var settings mail.Settings
	if !noMail {
		rig.smtp = mailtest.Start(t, mailtest.Options{})
		settings = rig.smtp.Settings()
	}
	srv, err := NewServer(rig.store, Options{BaseURL: "https://observer.example", Now: func() time.Time { return now }, Mail: settings})
	must(t, err)
	rig.server = srv
	rig.outbox = &mail.Outbox{Store: rig.store, Now: func() time.Time { return now },
		Settings: func(context.Context) (mail.Settings, error) { return settings, nil }}
	return rig
}

// deliver sends what the outbox holds and returns what has arrived.
func (rig *mailRig) deliver(t *testing.T, want int) []*mailtest.Message {
	t.Helper()
	if _, err := rig.outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	return rig.smtp.Wait(t, want, 5*time.Second)
}

var setPasswordLink = regexp.MustCompile(`https://observer\.example/admin/set-password\?token=[A-Za-z0-9_-]+`)

// linkIn returns the set-password link of a message's text part, and
// checks that its HTML part links to the same address.
func linkIn(t *testing.T, m *mailtest.Message) string {
	t.Helper()
	link := setPasswordLink.FindString(m.Text)
	if link == "" {
		t.Fatalf("no set-password link in the text part:\n%s", m.Text)
	}
	doc, err := html.Parse(strings.NewReader(m.HTML))
	must(t, err)
	found := false
	for _, a := range findAll(doc, byTag("a")) {
		if attr(a, "href") == link {
			found = true
		}
	}
	if !found {
		t.Fatalf("the HTML part does not link to %s:\n%s", link, m.HTML)
	}
	return link
}

// sitePath turns an absolute link of the site into the path to request.
func sitePath(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	must(t, err)
	return u.RequestURI()
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	must(t, err)
	return string(b)
}

// statusNotice returns the text of a page's role="status" notices.
func statusNotice(t *testing.T, body string) string {
	t.Helper()
	var out []string
	for _, n := range findAll(parse(t, body), func(n *html.Node) bool { return attr(n, "role") == "status" }) {
		out = append(out, strings.Join(strings.Fields(text(n)), " "))
	}
	return strings.Join(out, " | ")
}

// TestForgotPassword asks for a reset from the sign-in page's link, for a
// staff address and for an unknown one: both get the same answer, and
// only the staff member gets a mail, whose link sets a new password once,
// ends the account's sessions and signs this browser in.
func TestForgotPassword(t *testing.T) {
	rig := newMailRig(t, false)
	h := rig.server
	ed := addStaff(t, rig.store, "Eda Editor", masthead.RoleEditor)
	old := signIn(t, h, ed.Email)

	login := get(t, h, "GET", "/admin/login")
	link := first(t, parse(t, login.body), func(n *html.Node) bool { return n.Data == "a" && text(n) == "Forgot your password?" }, "the forgot-password link")
	if attr(link, "href") != "/admin/forgot" {
		t.Fatalf("the sign-in page's link leads to %q", attr(link, "href"))
	}

	var answers []string
	for _, email := range []string{ed.Email, "nobody@staff.example"} {
		res := send(t, h, "POST", "/admin/forgot", url.Values{"email": {email}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", email, res.StatusCode)
		}
		answers = append(answers, statusNotice(t, readAll(t, res)))
	}
	if answers[0] != answers[1] || answers[0] != resetSentence {
		t.Fatalf("answers differ or are not the sentence:\n%q\n%q", answers[0], answers[1])
	}
	msgs := rig.deliver(t, 1)
	if len(msgs) != 1 || msgs[0].To[0] != ed.Email {
		t.Fatalf("%d messages, the first to %v; want one, to the staff member", len(msgs), msgs[0].To)
	}
	m := msgs[0]
	if m.Header.Get("Content-Language") != "en-GB" || m.Header.Get("Auto-Submitted") != "auto-generated" ||
		!strings.HasSuffix(m.Header.Get("Message-ID"), "@observer.example>") || !strings.Contains(m.Header.Get("From"), "Observer") {
		t.Fatalf("headers: %v", m.Header)
	}
	reset := sitePath(t, linkIn(t, m))

	form := get(t, h, "GET", reset)
	if form.status != http.StatusOK || form.header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("the link's page: %d, Referrer-Policy %q", form.status, form.header.Get("Referrer-Policy"))
	}
	token := attr(first(t, parse(t, form.body), func(n *html.Node) bool { return attr(n, "name") == "token" }, "the token field"), "value")
	if res := send(t, h, "POST", "/admin/set-password", url.Values{"token": {token}, "password": {"short"}, "password2": {"short"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a short password: status %d, want 422", res.StatusCode)
	}
	const fresh = "a brand new harbour password"
	res := send(t, h, "POST", "/admin/set-password", url.Values{"token": {token}, "password": {fresh}, "password2": {fresh}})
	session := cookieNamed(res, sessionCookie)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/" || session == nil {
		t.Fatalf("setting the password: %d to %q, cookie %v", res.StatusCode, res.Header.Get("Location"), session)
	}
	if res := send(t, h, "GET", "/admin/", nil, session); res.StatusCode != http.StatusOK {
		t.Fatalf("the new session: status %d", res.StatusCode)
	}
	if res := send(t, h, "GET", "/admin/", nil, old); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the session from before the reset still works: %d", res.StatusCode)
	}
	if res := send(t, h, "POST", "/admin/login", url.Values{"email": {ed.Email}, "password": {fresh}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in with the new password: %d", res.StatusCode)
	}
	if res := send(t, h, "POST", "/admin/login", url.Values{"email": {ed.Email}, "password": {staffPassword}}); res.StatusCode == http.StatusSeeOther {
		t.Fatal("the old password still signs in")
	}
	// Once used, the link is spent.
	if again := get(t, h, "GET", reset); again.status != http.StatusNotFound || !strings.Contains(again.body, "Ask for a new link") {
		t.Fatalf("the used link: %d", again.status)
	}
	if res := send(t, h, "POST", "/admin/set-password", url.Values{"token": {token}, "password": {fresh + "!"}, "password2": {fresh + "!"}}); res.StatusCode != http.StatusNotFound {
		t.Fatalf("the used link posted: %d", res.StatusCode)
	}
}

// TestForgotPasswordRefusals sends the form for a disabled account, too
// often, and empty: nothing reaches anyone, and the answers say why in a
// sentence without telling who is staff.
func TestForgotPasswordRefusals(t *testing.T) {
	rig := newMailRig(t, false)
	h := rig.server
	addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	gone := addStaff(t, rig.store, "Gone Reporter", masthead.RoleAuthor)
	must(t, rig.store.DisableStaff(context.Background(), gone.ID))
	res := send(t, h, "POST", "/admin/forgot", url.Values{"email": {gone.Email}})
	if res.StatusCode != http.StatusOK || statusNotice(t, readAll(t, res)) != resetSentence {
		t.Fatalf("a disabled account: %d", res.StatusCode)
	}
	if _, err := rig.outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(rig.smtp.Messages()); n != 0 {
		t.Fatalf("a disabled account was sent %d messages", n)
	}
	if res := send(t, h, "POST", "/admin/forgot", url.Values{"email": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an empty address: %d", res.StatusCode)
	}
	// The throttle counts the address from this network, known or not.
	var last *http.Response
	for range 4 {
		last = send(t, h, "POST", "/admin/forgot", url.Values{"email": {"someone@staff.example"}})
	}
	body := readAll(t, last)
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" || !strings.Contains(body, "Too many password reset requests") {
		t.Fatalf("the fourth request: %d, Retry-After %q", last.StatusCode, last.Header.Get("Retry-After"))
	}
}

// TestForgotPasswordWithoutMail says on the form that the site cannot
// send mail, and queues nothing.
func TestForgotPasswordWithoutMail(t *testing.T) {
	rig := newMailRig(t, true)
	ed := addStaff(t, rig.store, "Eda Editor", masthead.RoleEditor)
	if page := get(t, rig.server, "GET", "/admin/forgot"); !strings.Contains(page.body, "cannot send email yet") {
		t.Fatal("the form does not say that the site cannot send mail")
	}
	send(t, rig.server, "POST", "/admin/forgot", url.Values{"email": {ed.Email}})
	if _, n, _ := rig.store.FindOutbox(context.Background(), masthead.OutboxFilter{}); n != 0 {
		t.Fatalf("%d messages queued on a site without mail", n)
	}
}

// TestInvitations adds a staff member without a password: the invitation
// arrives, the staff page lists it with "send again" and "revoke", a new
// link replaces the old one, and the link lets the new staff member
// choose a password and sign in.
func TestInvitations(t *testing.T) {
	rig := newMailRig(t, false)
	h := rig.server
	admin := addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	cookie := signIn(t, h, admin.Email)
	res := send(t, h, "POST", "/admin/staff", url.Values{"name": {"Nia Reporter"}, "email": {"nia@staff.example"}, "role": {"author"}}, cookie)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("inviting: status %d", res.StatusCode)
	}
	invitation := rig.deliver(t, 1)[0]
	if invitation.To[0] != "nia@staff.example" || !strings.Contains(invitation.Text, "Ada Admin invited you") || !strings.Contains(invitation.Text, "as author") {
		t.Fatalf("the invitation: to %v\n%s", invitation.To, invitation.Text)
	}
	firstLink := sitePath(t, linkIn(t, invitation))

	staff := getAs(t, h, "/admin/staff", cookie)
	doc := parse(t, staff.body)
	invs := findAll(doc, func(n *html.Node) bool { return strings.HasPrefix(attr(n, "id"), "invitation-") })
	if len(invs) != 1 || !strings.Contains(text(invs[0]), "Nia Reporter") || !strings.Contains(text(invs[0]), "Works until") {
		t.Fatalf("the staff page lists %d invitations", len(invs))
	}
	nia, _, err := rig.store.FindAuthorByEmail(context.Background(), "nia@staff.example")
	must(t, err)

	if res := send(t, h, "POST", "/admin/staff/"+itoa(nia.ID)+"/invite", url.Values{}, cookie); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sending again: %d", res.StatusCode)
	}
	second := rig.deliver(t, 2)[1]
	secondLink := sitePath(t, linkIn(t, second))
	if got := get(t, h, "GET", firstLink); got.status != http.StatusNotFound {
		t.Fatalf("the first link after sending again: %d, want 404", got.status)
	}
	form := get(t, h, "GET", secondLink)
	if form.status != http.StatusOK || !strings.Contains(form.body, "Choose your password") {
		t.Fatalf("the invitation's page: %d", form.status)
	}
	token := attr(first(t, parse(t, form.body), func(n *html.Node) bool { return attr(n, "name") == "token" }, "the token field"), "value")
	const pw = "nia chooses a long one"
	res = send(t, h, "POST", "/admin/set-password", url.Values{"token": {token}, "password": {pw}, "password2": {pw}})
	if res.StatusCode != http.StatusSeeOther || cookieNamed(res, sessionCookie) == nil {
		t.Fatalf("choosing the password: %d", res.StatusCode)
	}
	if res := send(t, h, "POST", "/admin/login", url.Values{"email": {"nia@staff.example"}, "password": {pw}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the invited staff member signs in: %d", res.StatusCode)
	}
	if staff := getAs(t, h, "/admin/staff", cookie); len(findAll(parse(t, staff.body), func(n *html.Node) bool { return strings.HasPrefix(attr(n, "id"), "invitation-") })) != 0 {
		t.Fatal("the invitation is still listed after it was used")
	}

	// Revoked, a link stops working and the account is disabled.
	send(t, h, "POST", "/admin/staff", url.Values{"name": {"Omar Writer"}, "email": {"omar@staff.example"}, "role": {"contributor"}}, cookie)
	omarLink := sitePath(t, linkIn(t, rig.deliver(t, 3)[2]))
	omar, _, err := rig.store.FindAuthorByEmail(context.Background(), "omar@staff.example")
	must(t, err)
	if res := send(t, h, "POST", "/admin/staff/"+itoa(omar.ID)+"/revoke", url.Values{}, cookie); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoking: %d", res.StatusCode)
	}
	if got := get(t, h, "GET", omarLink); got.status != http.StatusNotFound {
		t.Fatalf("a revoked link: %d", got.status)
	}
	if a, _ := rig.store.FindAuthorByID(context.Background(), omar.ID); !a.Disabled() {
		t.Fatal("the revoked account is not disabled")
	}
	// The admin may still give a first password directly.
	res = send(t, h, "POST", "/admin/staff", url.Values{"name": {"Pat Direct"}, "email": {"pat@staff.example"}, "role": {"author"}, "password": {staffPassword}}, cookie)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("adding with a password: %d", res.StatusCode)
	}
	if _, hash, err := rig.store.FindAuthorByEmail(context.Background(), "pat@staff.example"); err != nil || !password.Matches(staffPassword, hash) {
		t.Fatalf("the direct password was not stored: %v", err)
	}
}

// TestInvitationWithoutMail shows the link once on a site that cannot
// send mail, and says so on the page.
func TestInvitationWithoutMail(t *testing.T) {
	rig := newMailRig(t, true)
	h := rig.server
	admin := addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	cookie := signIn(t, h, admin.Email)
	if page := getAs(t, h, "/admin/staff", cookie); !strings.Contains(page.body, "this site cannot send email") {
		t.Fatal("the staff page does not say that the site cannot send mail")
	}
	res := send(t, h, "POST", "/admin/staff", url.Values{"name": {"Nia Reporter"}, "email": {"nia@staff.example"}, "role": {"author"}}, cookie)
	body := readAll(t, res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("inviting: %d", res.StatusCode)
	}
	a := first(t, parse(t, body), byClass("invitation-address"), "the invitation's link")
	link := attr(a, "href")
	if !setPasswordLink.MatchString(link) || !strings.Contains(statusNotice(t, body), "cannot send email") {
		t.Fatalf("the page shows %q", link)
	}
	if _, n, _ := rig.store.FindOutbox(context.Background(), masthead.OutboxFilter{}); n != 0 {
		t.Fatalf("%d messages queued on a site without mail", n)
	}
	if page := get(t, h, "GET", sitePath(t, link)); page.status != http.StatusOK {
		t.Fatalf("the shown link: %d", page.status)
	}
	// Shown once: the staff page does not show it again.
	if page := getAs(t, h, "/admin/staff", cookie); strings.Contains(page.body, link) {
		t.Fatal("the staff page shows the link again")
	}
}

// TestOutboxPage lists what the outbox holds by status, never the body
// of a message with a live link, and retries and discards.
func TestOutboxPage(t *testing.T) {
	rig := newMailRig(t, false)
	h := rig.server
	admin := addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	cookie := signIn(t, h, admin.Email)
	send(t, h, "POST", "/admin/forgot", url.Values{"email": {admin.Email}})
	if res := send(t, h, "POST", "/admin/settings/test-email", url.Values{}, cookie); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the test email: %d", res.StatusCode)
	}
	queued := getAs(t, h, "/admin/outbox", cookie)
	doc := parse(t, queued.body)
	rows := findAll(doc, func(n *html.Node) bool { return strings.HasPrefix(attr(n, "id"), "mail-") })
	if len(rows) != 2 {
		t.Fatalf("the outbox lists %d queued messages, want 2", len(rows))
	}
	if setPasswordLink.MatchString(queued.body) || strings.Contains(queued.body, "token=") {
		t.Fatal("the outbox shows a live set-password link")
	}
	if !strings.Contains(queued.body, "holds a live link and is not shown") || !strings.Contains(queued.body, "This is the test email") {
		t.Fatal("the outbox does not show the test mail's text, or does not say why the reset's is hidden")
	}
	msgs, _, err := rig.store.FindOutbox(context.Background(), masthead.OutboxFilter{})
	must(t, err)
	var test, reset *masthead.OutboxMessage
	for _, m := range msgs {
		switch m.Kind {
		case masthead.MailTest:
			test = m
		case masthead.MailPasswordReset:
			reset = m
		}
	}
	if test == nil || test.To != admin.Email {
		t.Fatalf("the test email went to %v", test)
	}
	if res := send(t, h, "POST", "/admin/outbox/"+itoa(test.ID)+"/discard", url.Values{}, cookie); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("discarding: %d", res.StatusCode)
	}
	delivered := rig.deliver(t, 1)
	if len(delivered) != 1 || delivered[0].Header.Get("Subject") == "" {
		t.Fatalf("delivered %d", len(delivered))
	}
	sent := getAs(t, h, "/admin/outbox?status=sent", cookie)
	if rows := findAll(parse(t, sent.body), func(n *html.Node) bool { return strings.HasPrefix(attr(n, "id"), "mail-") }); len(rows) != 1 {
		t.Fatalf("the sent tab lists %d", len(rows))
	}
	if res := send(t, h, "POST", "/admin/outbox/"+itoa(reset.ID)+"/retry", url.Values{}, cookie); res.StatusCode != http.StatusConflict {
		t.Fatalf("retrying a sent message: %d, want 409", res.StatusCode)
	}
}

// TestSettingsMailPassword keeps the SMTP password write-only on the
// settings page: never in the page, kept when the field is left empty,
// replaced when typed, cleared when asked.
func TestSettingsMailPassword(t *testing.T) {
	rig := newMailRig(t, true)
	h := rig.server
	admin := addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	cookie := signIn(t, h, admin.Email)
	ctx := context.Background()
	site, err := rig.store.FindSite(ctx)
	must(t, err)
	site.SMTPHost, site.MailFrom, site.SMTPUser, site.SMTPPassword = "smtp.observer.example", "news@observer.example", "news", "hunter2-smtp"
	must(t, rig.store.UpdateSite(ctx, site))

	form := getAs(t, h, "/admin/settings", cookie)
	if strings.Contains(form.body, "hunter2") {
		t.Fatal("the settings page shows the SMTP password")
	}
	doc := parse(t, form.body)
	field := first(t, doc, byID("smtp_password"), "the password field")
	if attr(field, "type") != "password" || attr(field, "value") != "" {
		t.Fatalf("the password field: type %q, value %q", attr(field, "type"), attr(field, "value"))
	}
	if label := first(t, doc, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == "smtp_password" }, "its label"); !strings.Contains(text(label), "(set") {
		t.Fatalf("the label says %q, want it to say the password is set", text(label))
	}
	first(t, doc, byID("smtp_password_clear"), "the box that clears it")

	values := settingsForm(site)
	save := func(extra url.Values) *masthead.Site {
		t.Helper()
		v := url.Values{}
		for k, vs := range values {
			v[k] = vs
		}
		for k, vs := range extra {
			v[k] = vs
		}
		if res := send(t, h, "POST", "/admin/settings", v, cookie); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving: %d", res.StatusCode)
		}
		got, err := rig.store.FindSite(ctx)
		must(t, err)
		return got
	}
	if got := save(nil); got.SMTPPassword.Reveal() != "hunter2-smtp" {
		t.Fatal("saving without typing a password lost it")
	}
	if got := save(url.Values{"smtp_password": {"new-smtp-pass"}}); got.SMTPPassword.Reveal() != "new-smtp-pass" {
		t.Fatal("typing a password did not replace it")
	}
	if got := save(url.Values{"smtp_password_clear": {"1"}}); got.SMTPPassword != "" {
		t.Fatal("the box did not clear the password")
	}
	if got := save(url.Values{"smtp_security": {"none"}, "smtp_port": {"25"}}); got.SMTPSecurity != "none" || got.SMTPPort != 25 {
		t.Fatalf("mail settings saved as %q %d", got.SMTPSecurity, got.SMTPPort)
	}
	v := url.Values{}
	for k, vs := range values {
		v[k] = vs
	}
	v.Set("smtp_security", "ssl")
	if res := send(t, h, "POST", "/admin/settings", v, cookie); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bad security: %d, want 422", res.StatusCode)
	}
}

// TestSettingsMailPasswordFollowsServer changes the SMTP server, then the
// user, without typing the password: the stored password is removed each
// time, and the page says to type it again; typed with the change, it
// is kept.
func TestSettingsMailPasswordFollowsServer(t *testing.T) {
	rig := newMailRig(t, true)
	h := rig.server
	admin := addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	cookie := signIn(t, h, admin.Email)
	ctx := context.Background()
	site, err := rig.store.FindSite(ctx)
	must(t, err)
	site.SMTPHost, site.MailFrom, site.SMTPUser, site.SMTPPassword = "smtp.observer.example", "news@observer.example", "news", "hunter2-smtp"
	must(t, rig.store.UpdateSite(ctx, site))
	values := settingsForm(site)
	save := func(change url.Values) (*masthead.Site, string) {
		t.Helper()
		v := url.Values{}
		for k, vs := range values {
			v[k] = vs
		}
		for k, vs := range change {
			v[k] = vs
			if k != "smtp_password" {
				values[k] = vs // the next save starts from this one
			}
		}
		res := send(t, h, "POST", "/admin/settings", v, cookie)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("saving: %d", res.StatusCode)
		}
		got, err := rig.store.FindSite(ctx)
		must(t, err)
		return got, res.Header.Get("Location")
	}
	got, next := save(url.Values{"smtp_host": {"smtp.elsewhere.example"}})
	if got.SMTPPassword != "" {
		t.Fatal("a new server kept the password typed for the old one")
	}
	page := getAs(t, h, next, cookie)
	if notice := first(t, parse(t, page.body), byID("smtp-password-again"), "the notice to type the password again"); !strings.Contains(text(notice), "type the password") {
		t.Fatalf("the notice says %q", text(notice))
	}

	_, _ = save(url.Values{"smtp_password": {"for-elsewhere"}})
	got, _ = save(url.Values{"smtp_user": {"desk"}})
	if got.SMTPPassword != "" {
		t.Fatal("a new user kept the password typed for the old one")
	}
	got, next = save(url.Values{"smtp_host": {"smtp.third.example"}, "smtp_password": {"for-third"}})
	if got.SMTPPassword.Reveal() != "for-third" || strings.Contains(next, "password=again") {
		t.Fatalf("a password typed with the change: stored %v, sent to %q", got.SMTPPassword != "", next)
	}
	if page := getAs(t, h, next, cookie); strings.Contains(page.body, "smtp-password-again") {
		t.Fatal("the page asks for the password again although it was typed")
	}
}

// getAs fetches a page with a session cookie.
func getAs(t *testing.T, h http.Handler, path string, cookie *http.Cookie) response {
	t.Helper()
	res := send(t, h, "GET", path, nil, cookie)
	return response{status: res.StatusCode, header: res.Header, body: readAll(t, res)}
}

// TestForgotPasswordTellsNobodyWhoIsStaff asks for a reset for an active
// account, a disabled one, one invited that never chose a password, and
// an address nobody has: every answer is the same page notice and status,
// and only the active account gets a mail.
func TestForgotPasswordTellsNobodyWhoIsStaff(t *testing.T) {
	rig := newMailRig(t, false)
	h := rig.server
	ctx := context.Background()
	active := addStaff(t, rig.store, "Eda Editor", masthead.RoleEditor)
	gone := addStaff(t, rig.store, "Gone Reporter", masthead.RoleAuthor)
	must(t, rig.store.DisableStaff(ctx, gone.ID))
	invited := &masthead.Author{Name: "Nia Reporter", Slug: "nia", Role: masthead.RoleAuthor, Email: "nia@staff.example"}
	tok := masthead.AccountToken{Hash: masthead.HashToken("nia"), Kind: masthead.TokenInvitation, ExpiresAt: time.Now().Add(masthead.InvitationLifetime)}
	must(t, rig.store.InviteStaff(ctx, invited, tok, nil))

	type answer struct {
		status int
		notice string
	}
	var answers []answer
	for _, email := range []string{active.Email, gone.Email, invited.Email, "nobody@staff.example"} {
		res := send(t, h, "POST", "/admin/forgot", url.Values{"email": {email}})
		answers = append(answers, answer{res.StatusCode, statusNotice(t, readAll(t, res))})
	}
	for i, a := range answers {
		if a != answers[0] || a.status != http.StatusOK || a.notice != resetSentence {
			t.Errorf("answer %d: %+v, want the same 200 and sentence for every address (the first was %+v)", i, a, answers[0])
		}
	}
	msgs := rig.deliver(t, 1)
	if len(msgs) != 1 || msgs[0].To[0] != active.Email {
		t.Fatalf("%d messages were sent, want one, to the active account", len(msgs))
	}
	if _, n, _ := rig.store.FindOutbox(ctx, masthead.OutboxFilter{}); n != 1 {
		t.Fatalf("the outbox holds %d messages, want the active account's only", n)
	}
}

// TestOutboxActionsWaitForTheSender retries and discards a message while
// a sender holds it under a live lease: both are refused with a sentence
// saying that it is being sent, and change nothing.
func TestOutboxActionsWaitForTheSender(t *testing.T) {
	rig := newMailRig(t, false)
	h := rig.server
	ctx := context.Background()
	admin := addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	cookie := signIn(t, h, admin.Email)
	if res := send(t, h, "POST", "/admin/settings/test-email", url.Values{}, cookie); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the test email: %d", res.StatusCode)
	}
	claimed, err := rig.store.ClaimMail(ctx, masthead.MailClaim{Limit: 1, Lease: time.Hour})
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %d (%v)", len(claimed), err)
	}
	for _, action := range []string{"retry", "discard"} {
		res := send(t, h, "POST", "/admin/outbox/"+itoa(claimed[0].ID)+"/"+action, url.Values{}, cookie)
		body := readAll(t, res)
		if res.StatusCode != http.StatusConflict || !strings.Contains(text(parse(t, body)), "being sent at this moment") {
			t.Errorf("%s under a live lease: %d, want 409 saying it is being sent", action, res.StatusCode)
		}
	}
	if _, n, _ := rig.store.FindOutbox(ctx, masthead.OutboxFilter{Status: masthead.MailQueued}); n != 1 {
		t.Fatalf("the message is gone from the queue (%d queued)", n)
	}
}

// TestOutboxPageHidesThePassword lists a failed message whose stored
// error holds the SMTP password (as one stored before errors were
// redacted would): the page shows the error without it.
func TestOutboxPageHidesThePassword(t *testing.T) {
	rig := newMailRig(t, false)
	h := rig.server
	ctx := context.Background()
	site, err := rig.store.FindSite(ctx)
	must(t, err)
	site.SMTPHost, site.SMTPPassword = rig.smtp.Host, "hunter2-smtp"
	must(t, rig.store.UpdateSite(ctx, site))
	admin := addStaff(t, rig.store, "Ada Admin", masthead.RoleAdmin)
	cookie := signIn(t, h, admin.Email)
	if res := send(t, h, "POST", "/admin/settings/test-email", url.Values{}, cookie); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the test email: %d", res.StatusCode)
	}
	claimed, err := rig.store.ClaimMail(ctx, masthead.MailClaim{Limit: 1, Lease: time.Minute})
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %d (%v)", len(claimed), err)
	}
	must(t, rig.store.MarkMailFailed(ctx, claimed[0].ID, claimed[0].Lease, "535 5.7.8 No user news with password hunter2-smtp.", time.Time{}))
	page := getAs(t, h, "/admin/outbox?status=failed", cookie)
	if page.status != http.StatusOK || strings.Contains(page.body, "hunter2") || !strings.Contains(page.body, "[password]") {
		t.Fatalf("the failed tab (%d) shows the password, or not the redacted error", page.status)
	}
}
