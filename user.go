package gtg

import (
	"net/mail"
	"strings"
	"time"
)

// User roles, from most to least privileged.
const (
	UserAdmin   = "admin"   // everything, including users and tokens
	UserManager = "manager" // all accounts, team decisions (let it churn, approvals)
	UserCSM     = "csm"     // works accounts: edits, imports, plans
	UserViewer  = "viewer"  // reads only
)

// UserRoles lists the roles in order of privilege.
var UserRoles = []string{UserAdmin, UserManager, UserCSM, UserViewer}

// User is a person who signs in to gtg.
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Normalize tidies values before validation.
func (u *User) Normalize() {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Role = strings.ToLower(strings.TrimSpace(u.Role))
	u.Name = strings.TrimSpace(u.Name)
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (u *User) Validate() error {
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		return Errorf(EINVALID, "email: %q is not an email address", u.Email)
	}
	if !contains(UserRoles, u.Role) {
		return Errorf(EINVALID, "role: %q is not one of admin, manager, csm, viewer", u.Role)
	}
	return nil
}

// Can reports whether a user with this role may do an action of the given
// minimum role: admin > manager > csm > viewer.
func Can(role, atLeast string) bool {
	rank := func(r string) int {
		for i, v := range UserRoles {
			if v == r {
				return len(UserRoles) - i
			}
		}
		return 0
	}
	return rank(role) >= rank(atLeast) && rank(atLeast) > 0
}

// APIToken lets a program call the JSON API as a user. Only a hash of the
// secret is stored; the secret is shown once, when the token is created.
type APIToken struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	UserEmail  string    `json:"user_email,omitempty"`
	Name       string    `json:"name"`
	Prefix     string    `json:"prefix"` // the first characters of the secret, to tell tokens apart
	Hash       string    `json:"-"`
	Scope      string    `json:"scope"` // TokenRead, TokenWrite or TokenAdmin
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"` // zero: never
	LastUsedAt time.Time `json:"last_used_at"`
	RevokedAt  time.Time `json:"revoked_at"` // zero: live
}

// Token scopes: what a token may do, at most what its user may.
const (
	TokenRead  = "read"  // reads only, as a viewer
	TokenWrite = "write" // reads and writes, up to a manager's
	TokenAdmin = "admin" // everything its user may do
)

// TokenScopes lists the scopes, narrowest first.
var TokenScopes = []string{TokenRead, TokenWrite, TokenAdmin}

// Validate returns an EINVALID error naming the first wrong field.
func (t *APIToken) Validate() error {
	switch {
	case t.UserID == 0:
		return Errorf(EINVALID, "token: user required")
	case !contains(TokenScopes, t.Scope):
		return Errorf(EINVALID, "scope: %q is not one of read, write, admin", t.Scope)
	case strings.TrimSpace(t.Name) == "":
		return Errorf(EINVALID, "name: required, to tell tokens apart")
	}
	return nil
}

// Live reports whether the token may be used at now.
func (t *APIToken) Live(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// ScopedRole is the role a request made with a token of this scope acts
// with: the user's role, capped by the scope.
func ScopedRole(userRole, scope string) string {
	limit := UserViewer
	switch scope {
	case TokenWrite:
		limit = UserManager
	case TokenAdmin:
		limit = UserAdmin
	}
	if Can(userRole, limit) {
		return limit
	}
	return userRole
}

// AuditEntry records one change: who, when, what, and the values before and after.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`  // a user's email, "cli", "import" or "demo"
	Action   string    `json:"action"` // create, update, delete, import, login
	Entity   string    `json:"entity"` // account, contact, user, token, ...
	EntityID string    `json:"entity_id"`
	Before   string    `json:"before,omitempty"` // JSON
	After    string    `json:"after,omitempty"`  // JSON
}
