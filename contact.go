package gtg

import (
	"net/mail"
	"strings"
	"time"
)

// Stakeholder roles. The list is extensible: any valid key is accepted, and
// these are the ones gtg knows how to label and reason about.
const (
	RoleEconomicBuyer    = "economic_buyer"
	RoleExecutiveSponsor = "executive_sponsor"
	RoleChampion         = "champion"
	RoleTechnicalOwner   = "technical_owner"
	RoleAdmin            = "admin"
	RoleEndUser          = "end_user"
)

// KnownRoles maps the roles gtg ships with to their labels.
var KnownRoles = map[string]string{
	RoleEconomicBuyer:    "Economic buyer",
	RoleExecutiveSponsor: "Executive sponsor",
	RoleChampion:         "Champion",
	RoleTechnicalOwner:   "Technical owner",
	RoleAdmin:            "Admin",
	RoleEndUser:          "End user",
}

// Contact statuses.
const (
	ContactActive = "active"
	ContactLeft   = "left"
)

// Contact is a stakeholder at a customer, from analyst to economic buyer.
type Contact struct {
	ID                int64     `json:"-"`
	AccountID         int64     `json:"-"`
	AccountExternalID string    `json:"account_id"`
	Email             string    `json:"email"`
	Name              string    `json:"name"`
	Title             string    `json:"title"`
	Role              string    `json:"role"`
	Status            string    `json:"status"`
	StatusChangedOn   Day       `json:"status_changed_on"` // the day they left, or for an active contact the day they joined (0: always there)
	Influence         string    `json:"influence"`         // high, medium or low, set by the CSM; "" until set
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// Normalize tidies values before validation.
func (c *Contact) Normalize() {
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	c.Role = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(c.Role), " ", "_"))
	c.Status = strings.ToLower(strings.TrimSpace(c.Status))
	if c.Status == "" {
		c.Status = ContactActive
	}
	if c.Role == "" {
		c.Role = RoleEndUser
	}
	c.Influence = strings.ToLower(strings.TrimSpace(c.Influence))
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (c *Contact) Validate() error {
	if c.AccountExternalID == "" && c.AccountID == 0 {
		return Errorf(EINVALID, "account_id: required")
	}
	if c.Email == "" {
		return Errorf(EINVALID, "email: required")
	}
	if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
		return Errorf(EINVALID, "email: %q is not an email address", c.Email)
	}
	if !ValidKey(c.Role) {
		return Errorf(EINVALID, "role: %q must be lowercase letters, digits and _", c.Role)
	}
	if c.Status != ContactActive && c.Status != ContactLeft {
		return Errorf(EINVALID, "status: %q is not active or left", c.Status)
	}
	if c.Influence != "" && !contains(Influences, c.Influence) {
		return Errorf(EINVALID, "influence: %q is not high, medium or low", c.Influence)
	}
	return nil
}
