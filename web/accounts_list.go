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
const accountsPerPage = 50

// listQuery is the state of the account list, all of it in the URL so a
// view can be bookmarked, shared and reloaded.
type listQuery struct {
	Q, Owner, Segment, Stage string
	Sort                     string // a key of listSorts, "-" prefixed for descending
	Page                     int    // from 1
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
}

func parseListQuery(v url.Values) listQuery {
	q := listQuery{
		Q:       strings.TrimSpace(v.Get("q")),
		Owner:   v.Get("owner"),
		Segment: v.Get("segment"),
		Stage:   v.Get("stage"),
		Sort:    v.Get("sort"),
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
	for _, kv := range [][2]string{{"q", q.Q}, {"owner", q.Owner}, {"segment", q.Segment}, {"stage", q.Stage}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
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
	return q.Q != "" || q.Owner != "" || q.Segment != "" || q.Stage != ""
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
	Page, Pages, From, To    int
	PrevURL, NextURL         string
	ClearURL                 string
}

func (s *server) accountsList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := parseListQuery(r.URL.Query())
	sortKey := strings.TrimPrefix(q.Sort, "-")
	storeSort := listSorts[sortKey].store
	if strings.HasPrefix(q.Sort, "-") {
		storeSort = "-" + storeSort
	}
	f := gtg.AccountFilter{
		Search: q.Q, Owner: q.Owner, Segment: q.Segment, Stage: q.Stage, Sort: storeSort,
		Limit: accountsPerPage, Offset: (q.Page - 1) * accountsPerPage,
	}
	list, total, arr, err := s.store.AccountsWithARR(ctx, f)
	if err != nil {
		return fmt.Errorf("account list: %w", err)
	}
	p := accountsListPage{
		basePage: s.base(r, "Accounts", "accounts"),
		Query:    q,
		Stages:   gtg.Stages,
		Total:    total,
		Page:     q.Page,
		Pages:    max(1, (total+accountsPerPage-1)/accountsPerPage),
		Name:     q.header("name", "Account"),
		Owner:    q.header("owner", "Owner"),
		ARR:      q.header("arr", "ARR"),
		Renew:    q.header("renewal", "Renewal"),
		ClearURL: listQuery{Sort: q.Sort}.url(),
	}
	_, healths, trends, err := s.latestHealth(ctx)
	if err != nil {
		return fmt.Errorf("account list: health: %w", err)
	}
	today := gtg.DayOf(s.now())
	currency := ""
	for i, a := range list {
		row := accountRow{Account: a, URL: "/accounts/" + url.PathEscape(a.ExternalID), Renewal: renewalOf(a.RenewalDate, today), Inactive: a.ARR == 0,
			Health: badgeOf(healths[a.ID], trends[a.ID])}
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

	// The results fragment and the full page differ for the same URL.
	w.Header().Add("Vary", "HX-Request")
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" {
		// Push the tidy URL, not the form's every empty field.
		w.Header().Set("HX-Push-Url", q.url())
		return s.tmpl.render(w, http.StatusOK, "accounts_list", "results", p)
	}
	if p.Owners, p.Segments, err = s.store.AccountFacets(ctx); err != nil {
		return fmt.Errorf("account list: facets: %w", err)
	}
	// Keep a filter the facets no longer list (a stale bookmark) selectable.
	if q.Owner != "" && !slices.Contains(p.Owners, q.Owner) {
		p.Owners = append(p.Owners, q.Owner)
	}
	if q.Segment != "" && !slices.Contains(p.Segments, q.Segment) {
		p.Segments = append(p.Segments, q.Segment)
	}
	return s.page(w, http.StatusOK, "accounts_list", p)
}
