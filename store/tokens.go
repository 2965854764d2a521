package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gtg-dev/gtg"
)

// CreateAPIToken stores a token (its hash, never the secret) and fills its
// ID. An empty scope is TokenAdmin: the user's full rights, as tokens had
// before scopes.
func (s *Store) CreateAPIToken(ctx context.Context, actor string, t *gtg.APIToken) error {
	if t.Scope == "" {
		t.Scope = gtg.TokenAdmin
	}
	if t.Hash == "" {
		return gtg.Errorf(gtg.EINVALID, "token: hash required")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		t.CreatedAt = s.now()
		if err := s.queryRow(ctx, tx.tx, `INSERT INTO api_tokens (user_id, name, prefix, hash, scope, created_at, expires_at)
			VALUES (?,?,?,?,?,?,?) RETURNING id`, t.UserID, t.Name, t.Prefix, t.Hash, t.Scope, t.CreatedAt, timeArg(t.ExpiresAt)).Scan(&t.ID); err != nil {
			return fmt.Errorf("create token: %w", s.d.mapErr(err))
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "create", Entity: "token", EntityID: fmt.Sprint(t.ID),
			After: fmt.Sprintf(`{"user_id":%d,"name":%q,"prefix":%q,"scope":%q,"expires_at":%q}`, t.UserID, t.Name, t.Prefix, t.Scope, fmtTime(t.ExpiresAt))})
	})
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// UserByToken returns the user a live token acts as, with the role its
// scope allows (gtg.ScopedRole), or ENOTFOUND for an unknown, revoked or
// expired token; it notes when the token was last used.
func (s *Store) UserByToken(ctx context.Context, hash string) (*gtg.User, error) {
	var u gtg.User
	var t gtg.APIToken
	err := s.queryRow(ctx, s.db, `SELECT u.id, u.email, u.name, u.role, u.password_hash, u.created_at, t.id, t.scope, t.expires_at, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?`, hash).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, timeDest{&u.CreatedAt}, &t.ID, &t.Scope, timeDest{&t.ExpiresAt}, timeDest{&t.RevokedAt})
	if err != nil {
		return nil, notFound(err, "unknown API token")
	}
	now := s.now()
	if !t.Live(now) {
		return nil, gtg.Errorf(gtg.ENOTFOUND, "API token revoked or expired")
	}
	if _, err := s.exec(ctx, s.db, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, t.ID); err != nil {
		return nil, fmt.Errorf("note token use: %w", err)
	}
	u.Role = gtg.ScopedRole(u.Role, t.Scope)
	return &u, nil
}

// APITokens lists a user's tokens (0: everyone's), revoked ones included.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]*gtg.APIToken, error) {
	where, args := "", []any{}
	if userID != 0 {
		where, args = " WHERE t.user_id = ?", []any{userID}
	}
	rows, err := s.query(ctx, s.db, `SELECT t.id, t.user_id, u.email, t.name, t.prefix, t.scope, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id`+where+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*gtg.APIToken
	for rows.Next() {
		var t gtg.APIToken
		if err := rows.Scan(&t.ID, &t.UserID, &t.UserEmail, &t.Name, &t.Prefix, &t.Scope, timeDest{&t.CreatedAt}, timeDest{&t.ExpiresAt},
			timeDest{&t.LastUsedAt}, timeDest{&t.RevokedAt}); err != nil {
			return nil, err
		}
		out = append(out, &t)
	}
	return out, rows.Err()
}

// RevokeAPIToken ends a token for good. userID limits it to that user's
// tokens (0: any, for admins); revoking a revoked token is a no-op.
func (s *Store) RevokeAPIToken(ctx context.Context, actor string, id, userID int64) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var owner int64
		var revoked time.Time
		if err := s.queryRow(ctx, tx.tx, `SELECT user_id, revoked_at FROM api_tokens WHERE id = ?`, id).Scan(&owner, timeDest{&revoked}); err != nil {
			return notFound(err, "no API token %d", id)
		}
		if userID != 0 && owner != userID {
			return gtg.Errorf(gtg.ENOTFOUND, "no API token %d of yours", id)
		}
		if !revoked.IsZero() {
			return nil
		}
		now := s.now()
		if _, err := s.exec(ctx, tx.tx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, now, id); err != nil {
			return fmt.Errorf("revoke token %d: %w", id, err)
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: actor, Action: "revoke", Entity: "token", EntityID: strconv.FormatInt(id, 10)})
	})
}
