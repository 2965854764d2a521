package gtg

import (
	"errors"
	"fmt"
)

// Error codes. Every error a user sees carries one of these; the HTTP layer and
// the CLI map them to a status and an exit code in one table each.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EBUSY         = "busy" // too much at once: retry after a moment
	EINTERNAL     = "internal"
)

// Error is the one error type of gtg: a code from the list above and a
// message a person can act on.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message a user may see: the *Error's message with
// the context wrapped around it, or "internal error" for anything else.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		// Keep the context the callers wrapped around it ("import accounts
		// a.csv line 3: ..."), but not the code prefix of the inner error.
		full := err.Error()
		inner := e.Error()
		if len(full) > len(inner) && full[len(full)-len(inner):] == inner {
			return full[:len(full)-len(inner)] + e.Message
		}
		return e.Message
	}
	return "internal error"
}

// errorTable maps each code to its HTTP status and CLI exit code: the one
// place where that mapping lives.
var errorTable = map[string]struct{ status, exit int }{
	EINVALID:      {400, 2},
	EUNAUTHORIZED: {401, 3},
	EFORBIDDEN:    {403, 3},
	ENOTFOUND:     {404, 4},
	ECONFLICT:     {409, 5},
	EBUSY:         {429, 6},
	EINTERNAL:     {500, 1},
}

// HTTPStatus returns the HTTP status for err's code (500 for unknown errors).
func HTTPStatus(err error) int {
	if v, ok := errorTable[ErrorCode(err)]; ok {
		return v.status
	}
	return 500
}

// ExitCode returns the process exit code for err's code (0 for nil).
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	if v, ok := errorTable[ErrorCode(err)]; ok {
		return v.exit
	}
	return 1
}
