package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

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
// The key is claimed before the request is handled, so a concurrent second
// request with the same key gets 409 with Retry-After instead of running
// twice. Only 2xx responses are stored: a request that failed wrote nothing
// and frees its key, so the client may fix it and retry under the same key.
// Keys are kept for 24 hours.
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

	claim, err := h.st.IdempotentClaim(r.Context(), u.ID, key, reqHash, idempotencyStale)
	if err != nil {
		return wrap(err, "claim idempotency key")
	}
	h.sweepIdempotency(r)
	if !claim.Claimed {
		switch {
		case claim.RequestHash != reqHash:
			return gtg.Errorf(gtg.ECONFLICT, "Idempotency-Key %q was already used for a different request; use a new key for a new request", key)
		case claim.Status == 0:
			w.Header().Set("Retry-After", "1")
			return gtg.Errorf(gtg.ECONFLICT, "a request with Idempotency-Key %q is still being handled; retry in a moment to get its response", key)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(claim.Status)
		w.Write(claim.Body)
		return nil
	}

	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	if err := fn(rec, r); err != nil {
		h.writeError(rec, r, err)
	}
	// The response has gone out; failing to store it (or to free the key)
	// costs a retry its replay (or a wait until the key goes stale), so log
	// rather than fail. Both use a context that outlives the request's.
	ctx := context.WithoutCancel(r.Context())
	if rec.status >= 200 && rec.status < 300 {
		if err := h.st.IdempotentPut(ctx, u.ID, key, reqHash, rec.status, rec.body.Bytes()); err != nil {
			h.log.ErrorContext(ctx, "store idempotent response", "key", key, "user", u.Email, "err", err)
		}
	} else if err := h.st.IdempotentRelease(ctx, u.ID, key, reqHash); err != nil {
		h.log.ErrorContext(ctx, "release idempotency key", "key", key, "user", u.Email, "err", err)
	}
	return nil
}

// idempotencyStale is how long a claimed key with no response holds off
// retries before one may take it over (its server died mid-request);
// idempotencyKeep is how long responses are kept for replays.
const (
	idempotencyStale = 15 * time.Minute
	idempotencyKeep  = 24 * time.Hour
)

// sweepIdempotency deletes keys older than idempotencyKeep, at most once
// an hour per process, so the table holds about a day of keys.
func (h *handler) sweepIdempotency(r *http.Request) {
	now := h.st.Now()
	last := h.lastSweep.Load()
	if now.Unix()-last < 3600 || !h.lastSweep.CompareAndSwap(last, now.Unix()) {
		return
	}
	if n, err := h.st.SweepIdempotencyKeys(r.Context(), now.Add(-idempotencyKeep)); err != nil {
		h.log.ErrorContext(r.Context(), "sweep idempotency keys", "err", err)
	} else if n > 0 {
		h.log.InfoContext(r.Context(), "swept idempotency keys", "deleted", n, "older_than", idempotencyKeep)
	}
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
