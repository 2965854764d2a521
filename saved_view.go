package gtg

import (
	"strings"
	"time"
	"unicode/utf8"
)

// SavedView is a person's named view of a list page: the page's query
// string (filters and sort), so a view they use every day is one click away.
type SavedView struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Page      string    `json:"page"` // the list it belongs to: "accounts"
	Name      string    `json:"name"`
	Query     string    `json:"query"` // e.g. "color=red&sort=-arr"
	CreatedAt time.Time `json:"created_at"`
}

// MaxViewName is the longest name a saved view may have.
const MaxViewName = 60

// Normalize tidies values before validation.
func (v *SavedView) Normalize() {
	v.Name = strings.TrimSpace(v.Name)
	v.Query = strings.TrimPrefix(strings.TrimSpace(v.Query), "?")
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (v *SavedView) Validate() error {
	switch {
	case v.Page != "accounts":
		return Errorf(EINVALID, "page: %q is not a list with saved views (accounts)", v.Page)
	case v.Name == "":
		return Errorf(EINVALID, "name: give the view a name")
	case utf8.RuneCountInString(v.Name) > MaxViewName:
		return Errorf(EINVALID, "name: longer than %d characters", MaxViewName)
	case len(v.Query) > MaxFieldLen:
		return Errorf(EINVALID, "query: longer than %d bytes", MaxFieldLen)
	}
	return nil
}
