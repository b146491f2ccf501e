package web

import (
	"net/http"
	"net/url"
	"strconv"

	"masthead"
	"masthead/i18n"
)

// outboxPageSize is how many messages the outbox shows a page.
const outboxPageSize = 50

// outboxPage is the data of the outbox page (admins).
type outboxPage struct {
	layout
	Status   masthead.MailStatus
	Counts   map[masthead.MailStatus]int
	Messages []*masthead.OutboxMessage
	Pages    pagination
	Notice   string
	// Configured says whether the site can send mail; Where where it
	// goes, without user or password.
	Configured bool
	Where      string
}

// outboxTabs are the outbox's statuses in the order the page lists them.
var outboxTabs = []masthead.MailStatus{masthead.MailQueued, masthead.MailFailed, masthead.MailSent}

// mailKindNames name why each kind of message was sent, as the outbox
// says it.
var mailKindNames = map[masthead.MailKind]string{
	masthead.MailPasswordReset: i18n.Key("password reset"),
	masthead.MailInvitation:    i18n.Key("invitation"),
	masthead.MailTest:          i18n.Key("test"),
}

// KindName names a kind of message in the page's language; a kind this
// list does not know is shown as it is stored.
func (p *outboxPage) KindName(k masthead.MailKind) string {
	if name, ok := mailKindNames[k]; ok {
		return p.T(name)
	}
	return string(k)
}

// outboxNotices are the sentences a redirect to the outbox may ask it to
// show, by name (?notice=test), so that the address carries no text.
var outboxNotices = map[string]string{
	"test":      i18n.Key("The test email is queued to your address; it shows under Sent once the SMTP server took it."),
	"retried":   i18n.Key("The message will be sent again now."),
	"discarded": i18n.Key("The message was discarded; it will not be sent."),
}

// Tabs returns the outbox's statuses, for the page's tabs.
func (p *outboxPage) Tabs() []masthead.MailStatus { return outboxTabs }

// handleOutbox serves "GET /admin/outbox?status=...": the messages of one
// status, newest first, with their attempts and last error. A sensitive
// message's body (a live set-password link) is never shown.
func (s *Server) handleOutbox(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status := masthead.MailStatus(q.Get("status"))
	if status == "" {
		status = masthead.MailQueued
	}
	n, ok := queryPageNumber(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	msgs, total, err := s.store.FindOutbox(r.Context(), masthead.OutboxFilter{Status: status, Limit: outboxPageSize, Offset: (n - 1) * outboxPageSize})
	if err != nil {
		s.error(w, r, err)
		return
	}
	counts, err := s.store.CountOutbox(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	lay, err := s.adminLayout(r, "Outbox", "outbox")
	if err != nil {
		s.error(w, r, err)
		return
	}
	settings := s.mailSettings(lay.Site)
	for _, m := range msgs {
		m.LastError = settings.Redact(m.LastError) // also for errors stored before redaction
	}
	pages := max(1, (total+outboxPageSize-1)/outboxPageSize)
	page := &outboxPage{layout: lay, Status: status, Counts: counts, Messages: msgs, Configured: settings.Configured(), Where: settings.Where(),
		Pages: newPagination(n, pages, func(n int) string {
			return "/admin/outbox?" + url.Values{"status": {string(status)}, "page": {strconv.Itoa(n)}}.Encode()
		})}
	if key, ok := outboxNotices[q.Get("notice")]; ok {
		page.Notice = lay.T(key)
	}
	s.render(w, r, http.StatusOK, "admin_outbox", page)
}

// outboxMessage reads the {id} of an outbox route, or answers itself.
func (s *Server) outboxMessage(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.handleNotFound(w, r)
		return 0, false
	}
	return id, true
}

// handleRetryMail serves "POST /admin/outbox/{id}/retry": a queued or
// failed message is due at once, its tries counted afresh.
func (s *Server) handleRetryMail(w http.ResponseWriter, r *http.Request) {
	id, ok := s.outboxMessage(w, r)
	if !ok {
		return
	}
	if err := s.store.RetryMail(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	localRedirect(w, r, "/admin/outbox?notice=retried", http.StatusSeeOther)
}

// handleDiscardMail serves "POST /admin/outbox/{id}/discard": a message
// that was not sent is removed.
func (s *Server) handleDiscardMail(w http.ResponseWriter, r *http.Request) {
	id, ok := s.outboxMessage(w, r)
	if !ok {
		return
	}
	if err := s.store.DiscardMail(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	localRedirect(w, r, "/admin/outbox?notice=discarded", http.StatusSeeOther)
}
