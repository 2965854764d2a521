package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// handler serves the JSON API. Every endpoint is an apiFunc listed in routes.go.
type handler struct {
	st  *store.Store
	log *slog.Logger
	mux *http.ServeMux
	// lastSweep is when old idempotency keys were last swept (Unix seconds).
	lastSweep atomic.Int64
	// gate bounds the writing requests handled and waiting at once.
	gate *writeGate
	// offerProposed emails an offer's approvers (WithOfferProposed).
	offerProposed func(ctx context.Context, o *gtg.Offer) error
}

// apiFunc is the shape of every endpoint: it writes a success response or
// returns an error, which serve renders in the one error format.
type apiFunc func(w http.ResponseWriter, r *http.Request) error

// authMode says how a route authenticates its caller.
type authMode int

const (
	authBearer  authMode = iota // Authorization: Bearer <token>
	authSegment                 // Bearer, or Basic with the token as user name as Segment sends it
	authNone                    // public (the OpenAPI document)
)

// route is one endpoint: a Go 1.22 method pattern and its function.
type route struct {
	method, path string
	fn           apiFunc
	auth         authMode
}

// ServeHTTP implements http.Handler.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// adapt turns a route into an http.Handler: body limit, authentication, role
// check, idempotency, and the rendering of errors, all in one place.
func (h *handler) adapt(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		if err := h.serve(rt, w, r); err != nil {
			h.writeError(w, r, err)
		}
	})
}

func (h *handler) serve(rt route, w http.ResponseWriter, r *http.Request) error {
	if rt.auth == authNone {
		return rt.fn(w, r)
	}
	u, err := h.authenticate(r, rt.auth == authSegment)
	if err != nil {
		return err
	}
	if need := requiredRole(r.Method); !gtg.Can(u.Role, need) {
		return gtg.Errorf(gtg.EFORBIDDEN, "%s %s needs role %s or above; %s is %s", r.Method, r.URL.Path, need, u.Email, u.Role)
	}
	r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
	// Only an authenticated caller takes a place in the write queue, so
	// strangers cannot crowd out the real writers.
	if writes(r) && h.gate != nil {
		release, err := h.gate.enter(r.Context())
		if err != nil {
			return err
		}
		defer release()
	}
	if key := r.Header.Get("Idempotency-Key"); key != "" && (r.Method == http.MethodPost || r.Method == http.MethodPut) {
		return h.idempotent(w, r, key, rt.fn)
	}
	return rt.fn(w, r)
}

// requiredRole is the least role allowed to make a request: viewers read,
// csm and above write.
func requiredRole(method string) string {
	if method == http.MethodGet || method == http.MethodHead {
		return gtg.UserViewer
	}
	return gtg.UserCSM
}

type userKey struct{}

// userFrom returns the authenticated caller; routes without auth have none.
func userFrom(ctx context.Context) *gtg.User {
	u, _ := ctx.Value(userKey{}).(*gtg.User)
	return u
}

// actor names the caller in the audit log.
func actor(r *http.Request) string {
	if u := userFrom(r.Context()); u != nil {
		return u.Email
	}
	return "api"
}

// authenticate finds the user owning the token in the Authorization header.
// basic also accepts HTTP Basic auth with the token as the user name, which is
// how Segment's libraries send a write key.
func (h *handler) authenticate(r *http.Request, basic bool) (*gtg.User, error) {
	authz := strings.TrimSpace(r.Header.Get("Authorization"))
	if authz == "" {
		return nil, gtg.Errorf(gtg.EUNAUTHORIZED, `missing Authorization header: send "Authorization: Bearer <API token>"`)
	}
	var secret string
	scheme, rest, _ := strings.Cut(authz, " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		secret = strings.TrimSpace(rest)
	case strings.EqualFold(scheme, "Basic") && basic:
		if user, _, ok := r.BasicAuth(); ok {
			secret = user
		}
	}
	if secret == "" {
		if basic {
			return nil, gtg.Errorf(gtg.EUNAUTHORIZED, `unsupported Authorization header: send "Bearer <API token>" or Basic auth with the token as user name`)
		}
		return nil, gtg.Errorf(gtg.EUNAUTHORIZED, `unsupported Authorization header: send "Authorization: Bearer <API token>"`)
	}
	u, err := h.st.UserByToken(r.Context(), HashToken(secret))
	if gtg.ErrorCode(err) == gtg.ENOTFOUND {
		return nil, gtg.Errorf(gtg.EUNAUTHORIZED, "invalid API token")
	} else if err != nil {
		return nil, fmt.Errorf("authenticate API token: %w", err)
	}
	return u, nil
}

// errorBody is the one error format of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// codeTooLarge is the code of a 413 response; gtg's error codes have no
// equivalent because only HTTP limits the size of a request.
const codeTooLarge = "too_large"

// errorParts returns the status, code and message a client sees for err.
func errorParts(err error) (status int, code, msg string) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge, codeTooLarge,
			fmt.Sprintf("request body is larger than the %d MiB limit: split the items into several requests", tooBig.Limit>>20)
	}
	return gtg.HTTPStatus(err), gtg.ErrorCode(err), gtg.ErrorMessage(err)
}

// writeError renders err; internal errors are logged with their context and
// shown only as "internal error".
func (h *handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, code, msg := errorParts(err)
	if status >= 500 {
		email := ""
		if u := userFrom(r.Context()); u != nil {
			email = u.Email
		}
		h.log.ErrorContext(r.Context(), "api request failed", "method", r.Method, "path", r.URL.Path, "user", email, "err", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gtg"`)
	}
	if status == http.StatusTooManyRequests && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "1")
	}
	if err := writeJSON(w, status, errorBody{errorDetail{code, msg}}); err != nil {
		h.log.ErrorContext(r.Context(), "api write error", "err", err)
	}
}

// writeJSON writes v with the given status. It encodes before writing so an
// encoding failure can still become a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// notFound answers paths under /api/v1/ that match no route: 405 with an
// Allow header when the path exists for other methods, 404 otherwise.
func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := h.mux.Handler(probe); pattern != "" && pattern != fallbackPattern {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{errorDetail{"method_not_allowed",
			fmt.Sprintf("%s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allow, " or "))}})
		return
	}
	h.writeError(w, r, gtg.Errorf(gtg.ENOTFOUND, "no API endpoint %s %s; see /api/v1/openapi.json", r.Method, r.URL.Path))
}

// now is the store's clock, so tests and replays control "today".
func (h *handler) now() time.Time {
	if h.st.Now != nil {
		return h.st.Now().UTC()
	}
	return time.Now().UTC()
}

// wrap adds context to an internal error, which is logged; an error the
// client sees (invalid, not found, …) keeps its own message unprefixed.
func wrap(err error, what string) error {
	if err == nil || gtg.ErrorCode(err) != gtg.EINTERNAL {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}
