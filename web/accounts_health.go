package web

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/store"
)

// healthColorChoices and trendChoices are the account list's health filters.
var (
	healthColorChoices = []keyName{{gtg.Green, "Green"}, {gtg.Yellow, "Yellow"}, {gtg.Red, "Red"}, {gtg.InsufficientData, "Insufficient data"}, {"unscored", "Not scored"}}
	trendChoices       = []keyName{{"down", "Falling"}, {"flat", "Flat"}, {"up", "Rising"}}
)

// scoreChange is a change of score as the list shows it.
type scoreChange struct {
	Known bool
	Delta float64
	Text  string // "+4.2", "−7.0"
	Class string // delta-up, delta-down or ""
}

// scoreChanges holds every account's score now and 7 and 30 days before.
type scoreChanges struct {
	now, d7, d30 map[int64]store.ScoreColor
}

// scoreChanges reads the scores the list's change columns compare.
func (s *server) scoreChanges(ctx context.Context, day gtg.Day) (scoreChanges, error) {
	if day == 0 {
		return scoreChanges{}, nil
	}
	return s.changes.get(ctx, s.store, day, func() (scoreChanges, error) { return s.readScoreChanges(ctx, day) })
}

func (s *server) readScoreChanges(ctx context.Context, day gtg.Day) (scoreChanges, error) {
	var c scoreChanges
	var err error
	if c.now, err = s.store.ScoresOn(ctx, day); err != nil {
		return c, err
	}
	if c.d7, err = s.store.ScoresOn(ctx, day-7); err != nil {
		return c, err
	}
	c.d30, err = s.store.ScoresOn(ctx, day-30)
	return c, err
}

// delta is the score's change over days (7 or 30); ok is false when either
// end is unscored or had too little data.
func (c scoreChanges) delta(id int64, days int) (float64, bool) {
	then := c.d7
	if days == 30 {
		then = c.d30
	}
	a, ok1 := c.now[id]
	b, ok2 := then[id]
	if !ok1 || !ok2 || a.Color == gtg.InsufficientData || b.Color == gtg.InsufficientData {
		return 0, false
	}
	return math.Round((a.Score-b.Score)*10) / 10, true
}

func (c scoreChanges) of(id int64, days int) scoreChange {
	d, ok := c.delta(id, days)
	if !ok {
		return scoreChange{Text: "—"}
	}
	v := scoreChange{Known: true, Delta: d, Text: strings.Replace(fmt.Sprintf("%+.1f", d), "-", "−", 1)}
	if d == 0 {
		v.Text = "0.0"
	}
	switch {
	case d >= 1:
		v.Class = "delta-up"
	case d <= -1:
		v.Class = "delta-down"
	}
	return v
}

// healthFilterSort applies the list's color and trend filters and, for a
// health sort, orders the accounts: by score, by 7- or 30-day change, or by
// the 30-day slope, ascending unless "-". Accounts without the value go
// last either way; the name breaks ties, so pages are stable.
func healthFilterSort(list []*gtg.Account, q listQuery, hs map[int64]*gtg.Health, ts map[int64]*health.Trend, ch scoreChanges) []*gtg.Account {
	out := list[:0:0]
	for _, a := range list {
		h := hs[a.ID]
		switch {
		case q.Color == "unscored" && h != nil, q.Color != "" && q.Color != "unscored" && (h == nil || h.Color != q.Color):
			continue
		}
		if q.Trend != "" {
			if t := ts[a.ID]; t == nil || t.Movement != q.Trend {
				continue
			}
		}
		out = append(out, a)
	}
	key := strings.TrimPrefix(q.Sort, "-")
	desc := strings.HasPrefix(q.Sort, "-")
	value := func(a *gtg.Account) (float64, bool) {
		switch key {
		case "health":
			h := hs[a.ID]
			if h == nil || h.Color == gtg.InsufficientData {
				return 0, false
			}
			return h.Score, true
		case "change7":
			return ch.delta(a.ID, 7)
		case "change30":
			return ch.delta(a.ID, 30)
		case "trend":
			if t := ts[a.ID]; t != nil && t.Movement != "" {
				return t.Slope30, true
			}
			return 0, false
		}
		return 0, false
	}
	if listSorts[key].store != "" {
		// A column sort with a health filter: the store's order, by name
		// here, or by the column.
		slices.SortStableFunc(out, func(a, b *gtg.Account) int {
			var c int
			switch key {
			case "arr":
				c = cmp.Compare(a.ARR, b.ARR)
			case "owner":
				c = cmp.Compare(a.Owner, b.Owner)
			case "renewal":
				if (a.RenewalDate == 0) != (b.RenewalDate == 0) {
					if a.RenewalDate == 0 {
						return 1
					}
					return -1
				}
				c = cmp.Compare(a.RenewalDate, b.RenewalDate)
			default:
				c = cmp.Compare(a.Name, b.Name)
			}
			if desc {
				c = -c
			}
			if c == 0 {
				c = cmp.Compare(a.ExternalID, b.ExternalID)
			}
			return c
		})
		return out
	}
	slices.SortStableFunc(out, func(a, b *gtg.Account) int {
		va, oka := value(a)
		vb, okb := value(b)
		if oka != okb {
			if oka {
				return -1
			}
			return 1
		}
		c := cmp.Compare(va, vb)
		if desc {
			c = -c
		}
		if c == 0 {
			c = cmp.Compare(a.Name, b.Name)
		}
		if c == 0 {
			c = cmp.Compare(a.ExternalID, b.ExternalID)
		}
		return c
	})
	return out
}

// viewChip is a saved view above the list.
type viewChip struct {
	ID        int64
	Name, URL string
	Active    bool
}

// accountViewSave saves the list's current filters and sort under a name.
func (s *server) accountViewSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	v := &gtg.SavedView{UserID: u.ID, Page: "accounts", Name: r.PostFormValue("name"), Query: r.PostFormValue("query")}
	if _, err := url.ParseQuery(strings.TrimPrefix(v.Query, "?")); err != nil {
		return gtg.Errorf(gtg.EINVALID, "query: %v", err)
	}
	if err := s.store.SaveView(r.Context(), v); err != nil {
		return err
	}
	return seeOther(w, r, "/accounts?"+v.Query)
}

// accountViewDelete removes one of the user's saved views.
func (s *server) accountViewDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return gtg.Errorf(gtg.ENOTFOUND, "saved view %q not found", r.PathValue("id"))
	}
	if err := s.store.DeleteView(r.Context(), currentUser(r).ID, id); err != nil {
		return err
	}
	return seeOther(w, r, backTo(r, "/accounts"))
}

// accountsReassign gives the ticked accounts another owner, in one
// transaction, each change audited and kept in the account history.
func (s *server) accountsReassign(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		return gtg.Errorf(gtg.EINVALID, "form: %v", err)
	}
	owner := strings.TrimSpace(r.PostFormValue("owner"))
	if owner == "" {
		return gtg.Errorf(gtg.EINVALID, "owner: say who the accounts go to")
	}
	ids := r.PostForm["id"]
	if len(ids) == 0 {
		return gtg.Errorf(gtg.EINVALID, "id: choose at least one account")
	}
	var accts []*gtg.Account
	for _, ext := range ids {
		a, err := s.store.Account(ctx, ext)
		if err != nil {
			return err
		}
		if a.Owner != owner {
			a.Owner = owner
			accts = append(accts, a)
		}
	}
	var changed int
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		changed, err = tx.UpsertAccounts(ctx, currentUser(r).Email, accts)
		return err
	})
	if err != nil {
		return err
	}
	back, err := url.Parse(backTo(r, "/accounts"))
	if err != nil {
		back = &url.URL{Path: "/accounts"}
	}
	v := back.Query()
	v.Set("done", fmt.Sprintf("%d %s reassigned to %s", changed, plural(changed, "account", "accounts"), owner))
	back.RawQuery = v.Encode()
	return seeOther(w, r, back.String())
}

// trendWord says a 30-day movement in words.
func trendWord(m string) string {
	return map[string]string{"up": "rising", "down": "falling", "flat": "flat"}[m]
}
