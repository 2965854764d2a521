package store

import (
	"context"
	"fmt"
	"time"
)

// IdempotencyClaim is what a request found when it claimed an idempotency key.
type IdempotencyClaim struct {
	// Claimed: the key was free (or its holder stale), and this request now
	// holds it and should run.
	Claimed bool
	// Otherwise, the holder's request hash, and its response when it has one
	// (Status 0: still being handled).
	RequestHash string
	Status      int
	Body        []byte
}

// IdempotentClaim reserves (user, key) for a request before it is handled,
// so a second request with the same key, even a concurrent one, finds the
// first instead of running again. A reservation older than staleAfter with
// no response (its server died mid-request) may be taken over.
func (s *Store) IdempotentClaim(ctx context.Context, userID int64, key, reqHash string, staleAfter time.Duration) (IdempotencyClaim, error) {
	now := s.now()
	res, err := s.exec(ctx, s.db, `INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at)
		VALUES (?,?,?,0,?,?) ON CONFLICT (user_id, key) DO NOTHING`, userID, key, reqHash, []byte{}, now)
	if err != nil {
		return IdempotencyClaim{}, fmt.Errorf("claim idempotency key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return IdempotencyClaim{Claimed: true}, nil
	}
	var c IdempotencyClaim
	var created time.Time
	if err := s.queryRow(ctx, s.db, `SELECT request_hash, status, body, created_at FROM idempotency_keys WHERE user_id = ? AND key = ?`,
		userID, key).Scan(&c.RequestHash, &c.Status, &c.Body, timeDest{&created}); err != nil {
		// Released between the insert and the read: the caller retries.
		return IdempotencyClaim{}, fmt.Errorf("read idempotency key: %w", notFound(err, "idempotency key %q was just released; retry", key))
	}
	if c.Status == 0 && now.Sub(created) >= staleAfter {
		res, err := s.exec(ctx, s.db, `UPDATE idempotency_keys SET request_hash = ?, created_at = ?
			WHERE user_id = ? AND key = ? AND status = 0 AND created_at <= ?`, reqHash, now, userID, key, now.Add(-staleAfter))
		if err != nil {
			return IdempotencyClaim{}, fmt.Errorf("take over idempotency key: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return IdempotencyClaim{Claimed: true}, nil
		}
	}
	return c, nil
}

// IdempotentGet returns the stored response for an idempotency key, or
// ENOTFOUND (also while the key's request is still being handled).
func (s *Store) IdempotentGet(ctx context.Context, userID int64, key string) (reqHash string, status int, body []byte, err error) {
	err = s.queryRow(ctx, s.db, `SELECT request_hash, status, body FROM idempotency_keys WHERE user_id = ? AND key = ? AND status <> 0`,
		userID, key).Scan(&reqHash, &status, &body)
	if err != nil {
		return "", 0, nil, notFound(err, "no response stored for idempotency key %q", key)
	}
	return reqHash, status, body, nil
}

// IdempotentPut stores the response for a claimed idempotency key (or
// for an unclaimed one, when none is stored); the first response stored wins.
func (s *Store) IdempotentPut(ctx context.Context, userID int64, key, reqHash string, status int, body []byte) error {
	res, err := s.exec(ctx, s.db, `UPDATE idempotency_keys SET status = ?, body = ?
		WHERE user_id = ? AND key = ? AND request_hash = ? AND status = 0`, status, body, userID, key, reqHash)
	if err != nil {
		return fmt.Errorf("store idempotent response: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	_, err = s.exec(ctx, s.db, `INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at)
		VALUES (?,?,?,?,?,?) ON CONFLICT (user_id, key) DO NOTHING`, userID, key, reqHash, status, body, s.now())
	if err != nil {
		return fmt.Errorf("store idempotent response: %w", err)
	}
	return nil
}

// IdempotentRelease frees a claimed key whose request failed, so the
// client may fix the request and retry under the same key.
func (s *Store) IdempotentRelease(ctx context.Context, userID int64, key, reqHash string) error {
	if _, err := s.exec(ctx, s.db, `DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND request_hash = ? AND status = 0`,
		userID, key, reqHash); err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}

// SweepIdempotencyKeys deletes the keys claimed before a time and returns
// how many went.
func (s *Store) SweepIdempotencyKeys(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.exec(ctx, s.db, `DELETE FROM idempotency_keys WHERE created_at < ?`, before.UTC())
	if err != nil {
		return 0, fmt.Errorf("sweep idempotency keys: %w", err)
	}
	return res.RowsAffected()
}
