package masthead

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error codes shared by every layer. The web layer maps each to one HTTP
// status; stores and services never speak HTTP.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	// ERATELIMIT refuses a request because too many like it came from the
	// same place lately; Error.RetryAfter says when to try again.
	ERATELIMIT = "rate_limited"
	// EUNAVAILABLE refuses a request because the database cannot take it
	// now (locked by another writer for too long, or its disk full): a
	// later try may succeed, and nothing was stored.
	EUNAVAILABLE = "unavailable"
)

// Error is an application error whose Message is safe to show to a user.
type Error struct {
	Code    string
	Message string
	// Format and Args are what Message was made of, when it was made by
	// Errorf or FieldErrorf: the web layer translates Format, an English
	// sentence, and formats Args into the translation, so that the rules
	// stay in English and their messages still reach readers in theirs.
	Format string
	Args   []any
	// Field names the form field at fault, when there is one.
	Field string
	// RetryAfter, for ERATELIMIT and EUNAVAILABLE, is how long to wait
	// before trying again.
	RetryAfter time.Duration
	// cause is the error behind an EUNAVAILABLE, for the logs.
	cause error
}

// Unwrap returns the error behind e, if any.
func (e *Error) Unwrap() error { return e.cause }

// Unavailable wraps a database error that a later try may not meet (a
// lock held too long, a full disk) as EUNAVAILABLE, with a sentence for
// the reader and the original error for the logs.
func Unavailable(cause error) *Error {
	return &Error{Code: EUNAVAILABLE, Message: "The site cannot save anything at this moment; nothing was lost, so please try again in a few seconds.",
		RetryAfter: 5 * time.Second, cause: cause}
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("masthead error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// FieldErrorf returns an EINVALID *Error that points at one form field.
func FieldErrorf(field string, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorField returns the form field named by the first *Error in err's
// chain, or "" when there is none. Callers decide by it, never by the
// message, which is written for people and may change.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrorMessage returns the user-facing message of err; internal errors get a
// generic message so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// Problems is every field of a form that cannot be accepted, at most one
// per field, so that a form can show each message beside its field. Its
// code is EINVALID: errors.As finds the first *Error in it.
type Problems []*Error

// Error implements the error interface.
func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, e := range p {
		msgs[i] = e.Message
	}
	return "masthead error: code=" + EINVALID + " message=" + strings.Join(msgs, " ")
}

// Unwrap returns each problem, for errors.As and errors.Is.
func (p Problems) Unwrap() []error {
	out := make([]error, len(p))
	for i, e := range p {
		out[i] = e
	}
	return out
}
