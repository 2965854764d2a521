package gtg

import (
	"strings"
	"time"
)

// Lifecycle stages of an account.
const (
	StageOnboarding = "onboarding"
	StageAdoption   = "adoption"
	StageMature     = "mature"
	StageRenewal    = "renewal"
)

// Stages lists the lifecycle stages in the order a customer moves through them.
var Stages = []string{StageOnboarding, StageAdoption, StageMature, StageRenewal}

// Account is a customer: the unit gtg scores, plans for and reports on.
type Account struct {
	ID               int64          `json:"-"`
	ExternalID       string         `json:"id"` // the customer's own id, unique
	Name             string         `json:"name"`
	ARR              float64        `json:"arr"`
	Currency         string         `json:"currency"`
	Plan             string         `json:"plan"`
	Seats            int            `json:"seats"`
	Segment          string         `json:"segment"`
	Stage            string         `json:"stage"`
	ContractStart    Day            `json:"contract_start"`
	RenewalDate      Day            `json:"renewal_date"`
	Owner            string         `json:"owner"` // the CSM
	AccountExecutive string         `json:"account_executive"`
	ICPFit           string         `json:"icp_fit"` // a tier (A, B, C) or a score
	Attrs            map[string]any `json:"attrs"`   // custom attributes: float64, string, bool or Day
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
}

// MaxFieldLen is the longest text value gtg stores in a single field.
const MaxFieldLen = 4096

// ValidKey reports whether s is a usable key for metrics, event types, roles
// and attributes: up to 64 lowercase letters, digits and underscores, starting
// with a letter. (A loop, not a regexp: it runs for every imported value.)
func ValidKey(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Normalize fills defaults and tidies values before validation.
func (a *Account) Normalize() {
	a.ExternalID = strings.TrimSpace(a.ExternalID)
	a.Name = strings.TrimSpace(a.Name)
	a.Stage = strings.ToLower(strings.TrimSpace(a.Stage))
	a.Currency = strings.ToUpper(strings.TrimSpace(a.Currency))
	if a.Currency == "" {
		a.Currency = "USD"
	}
	if a.Stage == "" {
		a.Stage = StageAdoption
	}
	if a.Attrs == nil {
		// No attributes and an empty set are the same thing; keep one form so
		// that comparing a stored account with an incoming one is exact.
		a.Attrs = map[string]any{}
	}
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (a *Account) Validate() error {
	switch {
	case a.ExternalID == "":
		return Errorf(EINVALID, "id: required")
	case a.Name == "":
		return Errorf(EINVALID, "name: required")
	case a.ARR < 0:
		return Errorf(EINVALID, "arr: must not be negative")
	case a.Seats < 0:
		return Errorf(EINVALID, "seats: must not be negative")
	case len(a.Currency) != 3:
		return Errorf(EINVALID, "currency: want a 3-letter ISO code, got %q", a.Currency)
	case !contains(Stages, a.Stage):
		return Errorf(EINVALID, "stage: %q is not one of %s", a.Stage, strings.Join(Stages, ", "))
	case a.RenewalDate != 0 && a.ContractStart != 0 && a.RenewalDate < a.ContractStart:
		return Errorf(EINVALID, "renewal_date: %s is before contract_start %s", a.RenewalDate, a.ContractStart)
	}
	for k, v := range a.Attrs {
		if !ValidKey(k) {
			return Errorf(EINVALID, "attribute %q: name must be lowercase letters, digits and _", k)
		}
		switch v.(type) {
		case float64, string, bool, Day, nil:
		default:
			return Errorf(EINVALID, "attribute %q: unsupported value type %T", k, v)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// AccountFilter selects and orders accounts for lists.
type AccountFilter struct {
	Search  string // matched against name and external id
	Owner   string
	Segment string
	Stage   string
	Sort    string // name, arr, renewal_date, owner; "-" prefix for descending
	Limit   int
	Offset  int
}

// AttrType names the type of a custom attribute value: number, bool, date or
// text. An attribute keeps the type of the first value ever stored for it.
func AttrType(v any) string {
	switch v.(type) {
	case float64:
		return "number"
	case bool:
		return "bool"
	case Day:
		return "date"
	default:
		return "text"
	}
}
