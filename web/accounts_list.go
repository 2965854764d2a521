package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
)

// accountsPerPage is the length of a page of the account list.
const accountsPerPage = 30

// listQuery is the state of the account list, all of it in the URL so a
// view can be bookmarked, shared and reloaded.
type listQuery struct {
	Q, Owner, Segment, Stage string
	Color, Trend             string // health filters: a color (or "unscored"), a 30-day movement
	// AllOwners is an explicit "every owner" (owner= in the URL), which a
	// CSM's list would otherwise narrow to their own accounts.
	AllOwners bool
	// ownerDefault marks an Owner the page chose (a CSM's own book), which
	// URLs leave out, as the next page chooses it again.
	ownerDefault bool
	Sort         string // a key of listSorts, "-" prefixed for descending
	Page         int    // from 1
}

// listSorts maps the list's sort keys to the store's, and says which way a
// first click sorts: the largest ARR and the nearest renewal come first.
var listSorts = map[string]struct {
	store     string
	firstDesc bool
}{
	"name":    {"name", false},
	"owner":   {"owner", false},
	"arr":     {"arr", true},
	"renewal": {"renewal_date", false},
	// Health sorts, computed from the latest snapshots: the worst first.
	"health":   {"", false},
	"change7":  {"", false},
	"change30": {"", false},
	"trend":    {"", false},
}

func parseListQuery(v url.Values) listQuery {
	q := listQuery{
		Q:       strings.TrimSpace(v.Get("q")),
		Owner:   v.Get("owner"),
		Segment: v.Get("segment"),
		Stage:   v.Get("stage"),
		Sort:    v.Get("sort"),
		Color:   v.Get("color"),
		Trend:   v.Get("trend"),
	}
	if _, ok := listSorts[strings.TrimPrefix(q.Sort, "-")]; !ok {
		q.Sort = "name"
	}
	q.Page, _ = strconv.Atoi(v.Get("page"))
	q.Page = max(q.Page, 1)
	return q
}

// url returns the list's URL for q, leaving defaults out.
func (q listQuery) url() string {
	v := url.Values{}
	owner := q.Owner
	if q.ownerDefault {
		owner = ""
	}
	for _, kv := range [][2]string{{"q", q.Q}, {"owner", owner}, {"segment", q.Segment}, {"stage", q.Stage}, {"color", q.Color}, {"trend", q.Trend}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if q.AllOwners {
		v.Set("owner", "")
	}
	if q.Sort != "name" {
		v.Set("sort", q.Sort)
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if len(v) == 0 {
		return "/accounts"
	}
	return "/accounts?" + v.Encode()
}

// Filtered reports whether any search or filter narrows the list.
func (q listQuery) Filtered() bool {
	return q.Q != "" || q.Owner != "" || q.Segment != "" || q.Stage != "" || q.Color != "" || q.Trend != ""
}

// healthQuery reports whether the list is sorted or filtered by health,
// which the page computes from the snapshots rather than in SQL.
func (q listQuery) healthQuery() bool {
	return listSorts[strings.TrimPrefix(q.Sort, "-")].store == "" || q.Color != "" || q.Trend != ""
}

// sortHeader is a sortable column heading: clicking it sorts by the column,
// or flips the direction when the list is already sorted by it.
type sortHeader struct {
	Label, URL string
	Dir        string // "asc", "desc" or "" when the list is not sorted by this column
}

func (q listQuery) header(key, label string) sortHeader {
	h := sortHeader{Label: label}
	next := q
	next.Page = 1
	switch q.Sort {
	case key:
		h.Dir, next.Sort = "asc", "-"+key
	case "-" + key:
		h.Dir, next.Sort = "desc", key
	default:
		next.Sort = key
		if listSorts[key].firstDesc {
			next.Sort = "-" + key
		}
	}
	h.URL = next.url()
	return h
}

// accountRow is an account as the list shows it.
type accountRow struct {
	*gtg.Account
	URL     string
	Renewal renewal
	Health  healthBadge
	// Inactive marks an account with no ARR (churned, paused, a free pilot):
	// no revenue rides on its renewal date, so the row is quiet.
	Inactive bool
	// Change7 and Change30 are the score's change over 7 and 30 days.
	Change7, Change30 scoreChange
}

// renewal describes a renewal date relative to today.
type renewal struct {
	Date  string
	Days  int
	Text  string // "in 40 days"
	Class string // "soon" under 90 days, "urgent" under 30, "past" once gone
}

func renewalOf(d, today gtg.Day) renewal {
	if d.IsZero() {
		return renewal{Date: "—"}
	}
	n := int(d - today)
	r := renewal{Date: formatDate(d), Days: n, Text: daysText(n)}
	switch {
	case n < 0:
		r.Class = "past"
	case n < 30:
		r.Class = "urgent"
	case n < 90:
		r.Class = "soon"
	}
	return r
}

type accountsListPage struct {
	basePage
	Query                    listQuery
	Owners, Segments, Stages []string
	Rows                     []accountRow
	Total                    int
	TotalARR                 string
	MixedCurrency            bool // the page lists several currencies, so the total has none
	Name, Owner, ARR, Renew  sortHeader
	HealthH, C7, C30, TrendH sortHeader
	Colors, Trends           []keyName
	Views                    []viewChip
	CurrentQuery             string // the list's query string, for "Save view"
	CanReassign              bool
	Assignees                []string
	Back                     string
	Done                     string
	Page, Pages, From, To    int
	PrevURL, NextURL         string
	ClearURL                 string
}

func (s *server) accountsList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := parseListQuery(r.URL.Query())
	base := s.base(r, "Accounts", "accounts")
	owners, segments, err := s.store.AccountFacets(ctx)
	if err != nil {
		return fmt.Errorf("account list: facets: %w", err)
	}
	// A CSM's list opens on their own book; owner= shows everyone's.
	def := defaultOwner(base.User, owners)
	if def != "" {
		if !r.URL.Query().Has("owner") {
			q.Owner, q.ownerDefault = def, true
		} else if q.Owner == "" {
			q.AllOwners = true
		}
	}
	sortKey := strings.TrimPrefix(q.Sort, "-")
	storeSort := listSorts[sortKey].store
	if strings.HasPrefix(q.Sort, "-") {
		storeSort = "-" + storeSort
	}
	f := gtg.AccountFilter{
		Search: q.Q, Owner: q.Owner, Segment: q.Segment, Stage: q.Stage, Sort: storeSort,
		Limit: accountsPerPage, Offset: (q.Page - 1) * accountsPerPage,
	}
	day, healths, trends, err := s.latestHealth(ctx)
	if err != nil {
		return fmt.Errorf("account list: health: %w", err)
	}
	ch, err := s.scoreChanges(ctx, day)
	if err != nil {
		return fmt.Errorf("account list: health: %w", err)
	}
	var list []*gtg.Account
	var total int
	var arr float64
	if q.healthQuery() {
		// Sorting or filtering by health: every matching account, then
		// the health filters and sort here, then the page.
		all := f
		all.Limit, all.Offset, all.Sort = 0, 0, "name"
		if list, _, _, err = s.store.AccountsWithARR(ctx, all); err != nil {
			return fmt.Errorf("account list: %w", err)
		}
		list = healthFilterSort(list, q, healths, trends, ch)
		total = len(list)
		for _, a := range list {
			arr += a.ARR
		}
		list = list[min(f.Offset, len(list)):min(f.Offset+f.Limit, len(list))]
	} else if list, total, arr, err = s.store.AccountsWithARR(ctx, f); err != nil {
		return fmt.Errorf("account list: %w", err)
	}
	p := accountsListPage{
		basePage: base,
		Query:    q,
		Stages:   gtg.Stages,
		Total:    total,
		Page:     q.Page,
		Pages:    max(1, (total+accountsPerPage-1)/accountsPerPage),
		Name:     q.header("name", "Account"),
		Owner:    q.header("owner", "Owner"),
		ARR:      q.header("arr", "ARR"),
		Renew:    q.header("renewal", "Renewal"),
		HealthH:  q.header("health", "Health"),
		C7:       q.header("change7", "7 days"),
		C30:      q.header("change30", "30 days"),
		TrendH:   q.header("trend", "Trend"),
		ClearURL: listQuery{Sort: q.Sort, AllOwners: def != ""}.url(),
		Colors:   healthColorChoices,
		Trends:   trendChoices,
		Done:     r.URL.Query().Get("done"),
	}
	cur := q
	cur.Page = 1
	p.CurrentQuery = strings.TrimPrefix(strings.TrimPrefix(cur.url(), "/accounts"), "?")
	p.Back = q.url()
	p.CanReassign = base.User != nil && gtg.Can(base.User.Role, gtg.UserManager)
	p.Assignees = owners
	today := gtg.DayOf(s.now())
	currency := ""
	for i, a := range list {
		row := accountRow{Account: a, URL: "/accounts/" + url.PathEscape(a.ExternalID), Renewal: renewalOf(a.RenewalDate, today), Inactive: a.ARR == 0,
			Health: badgeOf(healths[a.ID], trends[a.ID]), Change7: ch.of(a.ID, 7), Change30: ch.of(a.ID, 30)}
		if row.Inactive {
			row.Renewal.Class = ""
		}
		p.Rows = append(p.Rows, row)
		if i == 0 {
			currency = a.Currency
		} else if a.Currency != currency {
			p.MixedCurrency = true
		}
	}
	if p.MixedCurrency {
		currency = "" // a bare number is the honest sum of several currencies
	}
	p.TotalARR = formatMoneyShort(arr, currency)
	if len(list) > 0 {
		p.From, p.To = f.Offset+1, f.Offset+len(list)
	}
	if q.Page > 1 {
		prev := q
		prev.Page = min(q.Page-1, p.Pages)
		p.PrevURL = prev.url()
	}
	if q.Page < p.Pages {
		next := q
		next.Page++
		p.NextURL = next.url()
	}
	if p.User != nil {
		views, err := s.store.SavedViews(ctx, p.User.ID, "accounts")
		if err != nil {
			return fmt.Errorf("account list: %w", err)
		}
		for _, v := range views {
			p.Views = append(p.Views, viewChip{ID: v.ID, Name: v.Name, URL: "/accounts?" + v.Query, Active: v.Query == p.CurrentQuery})
		}
	}

	// The results fragment and the full page differ for the same URL.
	w.Header().Add("Vary", "HX-Request")
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" {
		// Push the tidy URL, not the form's every empty field.
		w.Header().Set("HX-Push-Url", q.url())
		return s.tmpl.render(w, http.StatusOK, "accounts_list", "results", p)
	}
	p.Owners, p.Segments = owners, segments
	// Keep a filter the facets no longer list (a stale bookmark) selectable.
	if q.Owner != "" && !slices.Contains(p.Owners, q.Owner) {
		p.Owners = append(p.Owners, q.Owner)
	}
	if q.Segment != "" && !slices.Contains(p.Segments, q.Segment) {
		p.Segments = append(p.Segments, q.Segment)
	}
	return s.page(w, http.StatusOK, "accounts_list", p)
}
