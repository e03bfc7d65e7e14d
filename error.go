// Package hearth holds Hearth's domain: the types a recovery community works
// with, the services that keep them, and the errors those services return.
// It imports no adapter; sqlstore, web, vault and the rest speak these types.
package hearth

import (
	"errors"
	"fmt"
)

// Error codes. Every service documents which of them it returns.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	ECONFLICT     = "conflict"
	ERATELIMIT    = "rate_limited"
	ETOOLARGE     = "too_large"
	EINTERNAL     = "internal"
)

// Error is an error that is safe to show a member. Message and the values of
// Fields are message-catalog keys (package i18n), never English text, so the
// web layer can say them in the member's language. Detail is never shown; it
// wraps what went wrong underneath, for the log.
type Error struct {
	Code    string
	Message string
	// Fields names the form or JSON fields at fault, each with a catalog key.
	Fields map[string]string
	Err    error
}

func (e *Error) Error() string {
	s := fmt.Sprintf("hearth: %s: %s", e.Code, e.Message)
	if len(e.Fields) > 0 {
		s += fmt.Sprintf(" %v", e.Fields)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and catalog key.
func Errorf(code, key string) *Error { return &Error{Code: code, Message: key} }

// FieldErrors collects per-field problems while validating a form.
type FieldErrors map[string]string

// Add records key for field unless the field already has a problem.
func (f FieldErrors) Add(field, key string) {
	if _, ok := f[field]; !ok {
		f[field] = key
	}
}

// Err returns nil when there are no problems, else an EINVALID *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "error.form", Fields: f}
}

// ErrorCode returns the code of err, EINTERNAL for any error that is not an
// *Error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the catalog key of err, or the generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "error.internal"
}

// ErrorFields returns the per-field catalog keys of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
