package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/gtg-dev/gtg"
)

// handlerFunc is how gtg's page handlers are written: they return an error
// instead of writing one, and handle turns it into a page in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc to http.Handler. The status comes from the
// error's code (gtg.HTTPStatus); internal errors are logged with the request
// and shown only as "internal error".
func (s *server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// fail writes the error page for err.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := gtg.HTTPStatus(err)
	msg := gtg.ErrorMessage(err)
	if status >= 500 {
		s.logger.LogAttrs(r.Context(), slog.LevelError, "web request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("user", userEmail(r)), slog.Any("err", err))
		msg = "internal error"
	}
	title := http.StatusText(status)
	if status == http.StatusNotFound {
		title = "Page not found"
	}
	data := errorPage{basePage: s.base(r, title, ""), Status: status, Message: msg}
	if err := s.tmpl.render(w, status, "error", "page", data); err != nil {
		// The error page itself failed: fall back to plain text.
		s.logger.Error("render error page", "err", err)
		http.Error(w, msg, status)
	}
}

type errorPage struct {
	basePage
	Status  int
	Message string
}

// notFound is the page for any path no route matches.
func (s *server) notFound(w http.ResponseWriter, r *http.Request) error {
	return gtg.Errorf(gtg.ENOTFOUND, "There is no page at %s.", r.URL.Path)
}

// recoverPanics turns a panicking handler into a logged internal error
// instead of a dropped connection.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
