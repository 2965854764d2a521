package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gtg-dev/gtg"
)

// ownerScope is whose accounts a page lists. The URL's owner parameter
// chooses (owner= with no value is everyone); without one, a CSM who owns
// accounts sees their own book and everyone else sees the whole team.
type ownerScope struct {
	Owner    string // "" for everyone
	Mine     bool   // Owner is the signed-in user
	Explicit bool   // the URL chose; links carry owner= on
	Me       string // the signed-in user's email, for "my accounts" links
}

// scopeOf reads the owner scope of a request; owners are the accounts' owners.
func scopeOf(r *http.Request, u *gtg.User, owners []string) ownerScope {
	var sc ownerScope
	if u != nil {
		sc.Me = u.Email
	}
	if q := r.URL.Query(); q.Has("owner") {
		sc.Owner, sc.Explicit = q.Get("owner"), true
	} else {
		sc.Owner = defaultOwner(u, owners)
	}
	sc.Mine = sc.Owner != "" && sc.Owner == sc.Me
	return sc
}

// defaultOwner is whose accounts a page lists when the URL does not say:
// a CSM's own when they own some, else everyone's ("").
func defaultOwner(u *gtg.User, owners []string) string {
	if u != nil && u.Role == gtg.UserCSM && slices.Contains(owners, u.Email) {
		return u.Email
	}
	return ""
}

// scope is scopeOf with the owners read from the store.
func (s *server) scope(ctx context.Context, r *http.Request, u *gtg.User) (ownerScope, []string, error) {
	owners, _, err := s.store.AccountFacets(ctx)
	if err != nil {
		return ownerScope{}, nil, err
	}
	return scopeOf(r, u, owners), owners, nil
}

// set puts the scope in v when a link must keep it: an explicit choice, or
// a default that differs from what the page would default to anyway.
func (sc ownerScope) set(v url.Values) {
	switch {
	case sc.Owner != "":
		v.Set("owner", sc.Owner)
	case sc.Explicit && sc.Me != "":
		v.Set("owner", "")
	}
}

// includes reports whether an account owned by owner is in scope.
func (sc ownerScope) includes(owner string) bool { return sc.Owner == "" || owner == sc.Owner }

// Label names the scope for headings: "your accounts", "sam@…'s accounts", "every account".
func (sc ownerScope) Label() string {
	switch {
	case sc.Mine:
		return "your accounts"
	case sc.Owner != "":
		return sc.Owner + "'s accounts"
	}
	return "every account"
}

// ownerOption is one choice of an owner filter.
type ownerOption struct {
	Value, Label string
	Selected     bool
}

// ownerOptions lists the choices of an owner filter: everyone, the user's
// own accounts first when they have some, then each owner.
func ownerOptions(sc ownerScope, owners []string) []ownerOption {
	out := []ownerOption{{Value: "", Label: "Every owner", Selected: sc.Owner == ""}}
	if sc.Me != "" && slices.Contains(owners, sc.Me) {
		out = append(out, ownerOption{Value: sc.Me, Label: "My accounts", Selected: sc.Mine})
	}
	for _, o := range owners {
		if o == sc.Me {
			continue
		}
		out = append(out, ownerOption{Value: o, Label: o, Selected: o == sc.Owner})
	}
	if sc.Owner != "" && !slices.Contains(owners, sc.Owner) {
		out = append(out, ownerOption{Value: sc.Owner, Label: sc.Owner, Selected: true})
	}
	return out
}

// moreLink is a list's "Show more": the same page with a longer list,
// which htmx swaps in place of the list's section.
type moreLink struct {
	URL, Target string
	Shown       int
	Total       int
	Next        int // how many more the link adds
}

// shownLimit is how many rows of a list to show: ?key=N when given (up to
// max), else def.
func shownLimit(r *http.Request, key string, def, max int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(key))
	if err != nil || n < 1 {
		return def
	}
	return min(n, max)
}

// more returns the list's "Show more" link, or nil when everything shows.
func more(r *http.Request, key, target string, shown, total, step int) *moreLink {
	if shown >= total {
		return nil
	}
	v := r.URL.Query()
	v.Set(key, strconv.Itoa(shown+step))
	return &moreLink{URL: r.URL.Path + "?" + v.Encode(), Target: target, Shown: shown, Total: total, Next: min(step, total-shown)}
}
