package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"masthead"
	"masthead/i18n"
	"masthead/password"
)

// setLanguage sets the page's language from a BCP 47 tag: the site's
// language setting, or a staff member's own.
func (lay *layout) setLanguage(s *Server, tag string) {
	lay.Lang = strings.TrimSpace(tag)
	if lay.Lang == "" {
		lay.Lang = i18n.English
	}
	lay.Dir = i18n.Direction(lay.Lang)
	lay.locale = s.locale(lay.Lang)
}

// T translates a message of a handler into the page's language.
func (lay *layout) T(key string, args ...any) string {
	return lay.tr().T(key, args...)
}

// N translates a message that counts something into the page's language.
func (lay *layout) N(one, other string, count int, args ...any) string {
	return lay.tr().N(one, other, count, args...)
}

// tr is the page's locale, English for a layout built without one, or
// for no layout.
func (lay *layout) tr() *i18n.Locale {
	if lay == nil || lay.locale == nil {
		return i18n.Default()
	}
	return lay.locale
}

// interfaceLocale is the locale a page's templates are executed in.
func (lay layout) interfaceLocale() *i18n.Locale { return lay.tr() }

// localized is a page's data that says its language.
type localized interface{ interfaceLocale() *i18n.Locale }

// localeOf is the locale of a page's data, English when it says none.
func localeOf(data any) *i18n.Locale {
	if d, ok := data.(localized); ok {
		return d.interfaceLocale()
	}
	return i18n.Default()
}

// locale returns the locale of a language tag. A tag without a catalog is
// shown in English, and the log says so once per tag, so that whoever set
// it learns why the site is not in that language.
func (s *Server) locale(tag string) *i18n.Locale {
	loc, ok := i18n.Match(tag)
	if !ok {
		if _, told := s.unknownLanguages.LoadOrStore(tag, true); !told {
			s.logger.LogAttrs(context.Background(), slog.LevelWarn, "Masthead has no translation for the language "+tag+", so its interface is shown in English; the languages it speaks are "+strings.Join(i18n.Languages(), ", ")+".",
				slog.String("language", tag))
		}
	}
	return loc
}

// textParts is a translation split around its one %s, for a template
// that puts markup there: "Leave a Reply to %s" around the name.
type textParts struct{ Before, After string }

// splitTranslation translates key, which holds one %s, and splits the
// translation around it.
func splitTranslation(loc *i18n.Locale, key string) textParts {
	const mark = "\x00"
	before, after, _ := strings.Cut(loc.T(key, mark), mark)
	return textParts{Before: before, After: after}
}

// message is err's message for the page's reader, in the page's language:
// a rule's *masthead.Error has its English sentence translated, with its
// values formatted into the translation; any other error is internal.
func (lay *layout) message(err error) string {
	var e *masthead.Error
	var weak *password.CheckError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &weak):
		return lay.T(weak.Format, weak.Args...)
	case !errors.As(err, &e):
		return lay.T("Internal error.")
	case e.Format != "":
		return lay.T(e.Format, e.Args...)
	default:
		return lay.T(e.Message)
	}
}

// siteT translates a message into the site's language, for what is
// written without a page, such as a feed.
func (s *Server) siteT(r *http.Request, key string, args ...any) string {
	site, err := s.site(r.Context())
	if err != nil {
		return i18n.Default().T(key, args...)
	}
	return s.locale(site.Language).T(key, args...)
}

// roleNames are the staff roles as the interface names them.
var roleNames = map[masthead.Role]string{
	masthead.RoleContributor: i18n.Key("contributor"),
	masthead.RoleAuthor:      i18n.Key("author"),
	masthead.RoleEditor:      i18n.Key("editor"),
	masthead.RoleAdmin:       i18n.Key("admin"),
}

// roleName names a role in the locale's language.
func roleName(loc *i18n.Locale, r masthead.Role) string {
	if name, ok := roleNames[r]; ok {
		return loc.T(name)
	}
	return string(r)
}

// signInWait is the sentence of a throttled sign-in, in the page's
// language: how long to wait, in seconds under a minute, else in whole
// minutes, as masthead.SignInThrottled says it in English.
func (lay *layout) signInWait(err error) string {
	var e *masthead.Error
	if !errors.As(err, &e) || e.Code != masthead.ERATELIMIT {
		return lay.message(err)
	}
	secs := max(1, int((e.RetryAfter+time.Second-1)/time.Second))
	if secs < 60 {
		return lay.N("Too many failed sign-ins: please wait %d second and try again.", "Too many failed sign-ins: please wait %d seconds and try again.", secs)
	}
	return lay.N("Too many failed sign-ins: please wait %d minute and try again.", "Too many failed sign-ins: please wait %d minutes and try again.", (secs+59)/60)
}

// resetWait is the sentence of a throttled "Forgot your password?" form,
// in the page's language, as masthead.PasswordResetThrottled says it in
// English.
func (lay *layout) resetWait(err error) string {
	var e *masthead.Error
	if !errors.As(err, &e) || e.Code != masthead.ERATELIMIT {
		return lay.message(err)
	}
	secs := max(1, int((e.RetryAfter+time.Second-1)/time.Second))
	if secs < 60 {
		return lay.N("Too many password reset requests: please wait %d second and try again.", "Too many password reset requests: please wait %d seconds and try again.", secs)
	}
	return lay.N("Too many password reset requests: please wait %d minute and try again.", "Too many password reset requests: please wait %d minutes and try again.", (secs+59)/60)
}

// privacyWait is the sentence of a throttled request for a reader's
// data, in the page's language, in whole hours as the store says it in
// English.
func (lay *layout) privacyWait(err error) string {
	var e *masthead.Error
	if !errors.As(err, &e) || e.Code != masthead.ERATELIMIT {
		return lay.message(err)
	}
	hours := max(1, int((e.RetryAfter+time.Hour-1)/time.Hour))
	return lay.N("Too many requests came for this address or from your network: please try again in %d hour.", "Too many requests came for this address or from your network: please try again in %d hours.", hours)
}
