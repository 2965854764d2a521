package store

import (
	"context"
	"fmt"
	"time"

	"github.com/gtg-dev/gtg"
)

const userCols = `id, email, name, role, password_hash, created_at`

func scanUser(row interface{ Scan(...any) error }) (*gtg.User, error) {
	var u gtg.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, timeDest{&u.CreatedAt})
	return &u, err
}

// CreateUser adds a user (PasswordHash already set) and fills its ID.
// It returns ECONFLICT when the email is taken.
func (s *Store) CreateUser(ctx context.Context, actor string, u *gtg.User) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return gtg.Errorf(gtg.EINVALID, "password: required")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		u.CreatedAt = s.now()
		if err := s.queryRow(ctx, tx.tx, `INSERT INTO users (email, name, role, password_hash, created_at)
			VALUES (?,?,?,?,?) RETURNING id`, u.Email, u.Name, u.Role, u.PasswordHash, u.CreatedAt).Scan(&u.ID); err != nil {
			if gtg.ErrorCode(s.d.mapErr(err)) == gtg.ECONFLICT {
				return gtg.Errorf(gtg.ECONFLICT, "a user with email %s already exists", u.Email)
			}
			return fmt.Errorf("create user: %w", err)
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "create", Entity: "user", EntityID: u.Email,
			After: fmt.Sprintf(`{"email":%q,"role":%q}`, u.Email, u.Role)})
	})
}

// CountUsers returns how many users exist; zero means first run.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, s.db, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// UserByEmail returns the user with that email, or ENOTFOUND.
func (s *Store) UserByEmail(ctx context.Context, email string) (*gtg.User, error) {
	u, err := scanUser(s.queryRow(ctx, s.db, `SELECT `+userCols+` FROM users WHERE email = ?`, email))
	if err != nil {
		return nil, notFound(err, "no user with email %s", email)
	}
	return u, nil
}

// User returns the user with that id, or ENOTFOUND.
func (s *Store) User(ctx context.Context, id int64) (*gtg.User, error) {
	u, err := scanUser(s.queryRow(ctx, s.db, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "no user #%d", id)
	}
	return u, nil
}

// Users lists all users by email.
func (s *Store) Users(ctx context.Context) ([]*gtg.User, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+userCols+` FROM users ORDER BY email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*gtg.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateSession stores a login session by the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64, csrf string, expires time.Time) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?,?,?,?,?)`,
		tokenHash, userID, csrf, s.now(), expires.UTC())
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// Session returns the user and CSRF token of a live session, or ENOTFOUND
// when the session is missing or expired.
func (s *Store) Session(ctx context.Context, tokenHash string) (*gtg.User, string, error) {
	r, err := s.liveSession(ctx, tokenHash)
	if err != nil {
		return nil, "", err
	}
	return &r.user, r.csrf, nil
}

// ResumeSession is Session for a request: it also ends the session when it
// has not been used for idle, and otherwise notes that it was used now (at
// most once a minute, so browsing does not write on every request).
func (s *Store) ResumeSession(ctx context.Context, tokenHash string, idle time.Duration) (*gtg.User, string, error) {
	r, err := s.liveSession(ctx, tokenHash)
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	if idle > 0 && now.Sub(r.seen) >= idle {
		if _, err := s.exec(ctx, s.db, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
			return nil, "", fmt.Errorf("end idle session: %w", err)
		}
		return nil, "", gtg.Errorf(gtg.ENOTFOUND, "session idle too long")
	}
	if now.Sub(r.seen) >= time.Minute {
		if _, err := s.exec(ctx, s.db, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, now, tokenHash); err != nil {
			return nil, "", fmt.Errorf("note session use: %w", err)
		}
	}
	return &r.user, r.csrf, nil
}

// sessionRow is a stored session: its user, CSRF token, and when it was
// last used (its start when never since).
type sessionRow struct {
	user gtg.User
	csrf string
	seen time.Time
}

// liveSession reads a session that has not expired, or returns ENOTFOUND.
func (s *Store) liveSession(ctx context.Context, tokenHash string) (*sessionRow, error) {
	var r sessionRow
	var created, expires, lastSeen time.Time
	u := &r.user
	err := s.queryRow(ctx, s.db, `SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at, s.csrf_token, s.created_at, s.expires_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, timeDest{&u.CreatedAt}, &r.csrf, timeDest{&created}, timeDest{&expires}, timeDest{&lastSeen})
	if err != nil {
		return nil, notFound(err, "no such session")
	}
	if !s.now().Before(expires) {
		return nil, gtg.Errorf(gtg.ENOTFOUND, "session expired")
	}
	r.seen = created
	if !lastSeen.IsZero() {
		r.seen = lastSeen
	}
	return &r, nil
}

// DeleteSession ends a session (and sweeps expired ones).
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.exec(ctx, s.db, `DELETE FROM sessions WHERE token_hash = ? OR expires_at < ?`, tokenHash, s.now()); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
