package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gtg-dev/gtg"
)

// coveragePageSize is how many accounts the coverage page lists at once.
const coveragePageSize = 25

// coveragePage is multi-threading coverage across the portfolio: per owner,
// then the weakest accounts of the owner picked (the signed-in CSM's own by
// default).
type coveragePage struct {
	basePage
	Owner   string
	Owners  []ownerRow
	Choices []string
	AllURL  string
	Rows    []coverageRow
	Total   int
	From    int
	To      int
	PrevURL string
	NextURL string
	Policy  string
}

type ownerRow struct {
	gtg.OwnerCoverage
	URL              string
	MultiW, SingleW  float64 // shares of the bar, in percent
	NoneW            float64
	KeyPct, MultiPct string
	Active           bool
	ShortText        string
}

type coverageRow struct {
	Account, URL, Owner string
	Roles               []roleTile
	Engaged, Active     int
	Flags               []fact
	Short               int
}

func (s *server) coverageShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	today := gtg.DayOf(s.now())
	q := r.URL.Query()
	p := coveragePage{basePage: s.base(r, "Coverage", "coverage"), AllURL: "/coverage?owner=all"}
	all, err := s.coverage.get(ctx, s, today)
	if err != nil {
		return err
	}
	p.Policy = all.Policy
	owner := q.Get("owner")
	if owner == "" && p.User != nil {
		for _, o := range all.Owners {
			if o.Owner == p.User.Email {
				owner = o.Owner // the signed-in CSM's book by default
			}
		}
	}
	if owner == "all" {
		owner = ""
	}
	p.Owner = owner
	for _, o := range all.Owners {
		row := ownerRow{OwnerCoverage: o, URL: "/coverage?owner=" + url.QueryEscape(o.Owner), Active: o.Owner == owner}
		if o.Accounts > 0 {
			n := float64(o.Accounts)
			row.MultiW, row.SingleW, row.NoneW = 100*float64(o.MultiThreaded)/n, 100*float64(o.SingleThreaded)/n, 100*float64(o.NoEngagement)/n
			row.MultiPct = pct(float64(o.MultiThreaded) / n)
		}
		if o.KeyRolesTotal > 0 {
			row.KeyPct = pct(float64(o.KeyRolesEngaged) / float64(o.KeyRolesTotal))
		}
		row.ShortText = "on cadence"
		if o.AccountsBehind > 0 {
			row.ShortText = fmt.Sprintf("%d touches short on %d of %d accounts", o.TouchesShort, o.AccountsBehind, o.Accounts)
		}
		p.Owners = append(p.Owners, row)
	}
	short := map[string]int{}
	for _, g := range all.Gaps {
		short[g.AccountID] += g.Short
	}
	var rows []gtg.Coverage
	for _, cv := range all.Accounts {
		if owner == "" || cv.Owner == owner {
			rows = append(rows, cv)
		}
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	p.Total = len(rows)
	start := min((page-1)*coveragePageSize, len(rows))
	end := min(start+coveragePageSize, len(rows))
	p.From, p.To = start+1, end
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if owner != "" {
			v.Set("owner", owner)
		} else {
			v.Set("owner", "all")
		}
		return "/coverage?" + v.Encode()
	}
	if start > 0 {
		p.PrevURL = link(page - 1)
	}
	if end < len(rows) {
		p.NextURL = link(page + 1)
	}
	for _, cv := range rows[start:end] {
		row := coverageRow{Account: cv.AccountName, URL: accountURL(cv.AccountID) + "/stakeholders", Owner: cv.Owner,
			Engaged: cv.EngagedContacts, Active: cv.ActiveContacts, Short: short[cv.AccountID]}
		for _, rc := range cv.Roles {
			t := roleTile{Label: roleLabel(rc.Role)}
			switch {
			case rc.Engaged:
				t.State = "engaged"
			case rc.Present:
				t.State = "present"
			case rc.LeftOn != 0:
				t.State = "left"
			default:
				t.State = "missing"
			}
			row.Roles = append(row.Roles, t)
		}
		for _, f := range coverageFlags(cv) {
			if f.Tone != "good" {
				row.Flags = append(row.Flags, f)
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return s.page(w, http.StatusOK, "coverage", p)
}
