package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/gtg-dev/gtg"
)

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 255

// idempotent runs fn at most once per (user, Idempotency-Key). The first
// successful response is stored with a hash of the request; a retry with the
// same key and the same request gets that response again, marked with
// Idempotent-Replayed: true, and a retry with the same key but a different
// request is refused with 409 Conflict (the key is being reused by mistake).
//
// Only 2xx responses are stored: a request that failed wrote nothing, so the
// client may fix it and retry under the same key.
func (h *handler) idempotent(w http.ResponseWriter, r *http.Request, key string, fn apiFunc) error {
	if len(key) > maxIdempotencyKey || !printableASCII(key) {
		return gtg.Errorf(gtg.EINVALID, "Idempotency-Key: want at most %d printable ASCII characters", maxIdempotencyKey)
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	u := userFrom(r.Context())
	sum := sha256.New()
	sum.Write([]byte(r.Method + "\n" + r.URL.RequestURI() + "\n"))
	sum.Write(body)
	reqHash := hex.EncodeToString(sum.Sum(nil))

	storedHash, status, stored, err := h.st.IdempotentGet(r.Context(), u.ID, key)
	switch {
	case err == nil && storedHash == reqHash:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(status)
		w.Write(stored)
		return nil
	case err == nil:
		return gtg.Errorf(gtg.ECONFLICT, "Idempotency-Key %q was already used for a different request; use a new key for a new request", key)
	case gtg.ErrorCode(err) != gtg.ENOTFOUND:
		return wrap(err, "look up idempotency key")
	}

	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	if err := fn(rec, r); err != nil {
		h.writeError(rec, r, err)
	}
	if rec.status >= 200 && rec.status < 300 {
		// The response has gone out; failing to store it only costs a
		// retry its replay, so log rather than fail.
		if err := h.st.IdempotentPut(r.Context(), u.ID, key, reqHash, rec.status, rec.body.Bytes()); err != nil {
			h.log.ErrorContext(r.Context(), "store idempotent response", "key", key, "user", u.Email, "err", err)
		}
	}
	return nil
}

// recorder passes a response through and keeps a copy for replays.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (rec *recorder) WriteHeader(status int) {
	rec.status = status
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *recorder) Write(b []byte) (int, error) {
	rec.body.Write(b)
	return rec.ResponseWriter.Write(b)
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
