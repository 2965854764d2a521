package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/offers"
)

// offersListLimit is how many offers or follow-ups a list on /offers shows.
const offersListLimit = 50

// offersPage is /offers: the offers waiting for approval, the offers in
// play and the follow-ups of one CSM (the signed-in one by default; a
// manager sees everyone's), and the ladder's results.
type offersPage struct {
	basePage
	Owner      string // "" for everyone
	Owners     []string
	Approvals  []offerView
	InPlay     []offerView
	InPlayMore int
	FollowUps  []followUpView
	FollowMore int // later follow-ups of the same offers, not listed
	Overdue    int
	Back       string
	From, To   string
	Results    *offers.Results
	Tiles      []offerTile
	RungBars   []stackBar
	OwnerBars  []stackBar
	SegBars    []stackBar
	Policy     string
	PolicyText string
}

type offerTile struct {
	Label, Value, Sub, Tone string
}

// stackBar is one row of a stacked bar chart: parts in order, widths in
// percent of the longest row.
type stackBar struct {
	Label, Sub string
	Total      int
	Parts      []stackPart
}

type stackPart struct {
	Key, Label string
	N          int
	X, W       float64
}

func stack(label, sub string, keys []string, counts map[string]int, labels map[string]string, longest int) stackBar {
	b := stackBar{Label: label, Sub: sub}
	x := 0.0
	for _, k := range keys {
		n := counts[k]
		b.Total += n
		if n == 0 || longest == 0 {
			continue
		}
		w := 100 * float64(n) / float64(longest)
		b.Parts = append(b.Parts, stackPart{Key: k, Label: fmt.Sprintf("%s: %d", labels[k], n), N: n, X: x, W: w})
		x += w
	}
	return b
}

var resultLabels = map[string]string{gtg.ResultFullRevenue: "full revenue", gtg.ResultLogoRetained: "logo retained",
	gtg.ResultPaused: "paused", gtg.ResultChurned: "churned"}

var statusGroups = []string{"accepted", "open", "declined", "rejected", "expired"}

func (s *server) offersList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	p := offersPage{basePage: s.base(r, "Offers", "offers")}
	u := p.User
	p.Owner = u.Email
	if isManager(u) {
		p.Owner = ""
	}
	if v, ok := q["owner"]; ok {
		p.Owner = v[0]
	}
	p.Back = "/offers"
	if p.Owner != u.Email {
		p.Back += "?owner=" + url.QueryEscape(p.Owner)
	}
	today := gtg.DayOf(s.now())
	pol, err := offers.Policy(ctx, s.store)
	if err != nil {
		return err
	}
	p.Policy, p.PolicyText = pol.Ref(), policyText(pol)
	pending, err := offers.Pending(ctx, s.store)
	if err != nil {
		return err
	}
	for _, o := range pending {
		v := s.offerViewOf(o, u, pol)
		v.CSRF, v.Back = p.CSRF, p.Back
		p.Approvals = append(p.Approvals, v)
	}
	open, err := s.store.Offers(ctx, gtg.OfferFilter{Statuses: []string{gtg.OfferProposed, gtg.OfferApproved}, Owner: p.Owner})
	if err != nil {
		return err
	}
	for i, o := range open {
		if i == offersListLimit {
			p.InPlayMore = len(open) - i
			break
		}
		v := s.offerViewOf(o, u, pol)
		v.CSRF, v.Back = p.CSRF, p.Back
		p.InPlay = append(p.InPlay, v)
	}
	fs, err := s.store.FollowUps(ctx, gtg.FollowUpFilter{Owner: p.Owner, Open: true})
	if err != nil {
		return err
	}
	// The next open follow-up of each offer (fs is by due day): a churn's
	// later keep-warm touches are counted, not listed.
	listed := map[int64]bool{}
	for _, f := range fs {
		if f.Overdue(today) {
			p.Overdue++
		}
		if (listed[f.OfferID] && !f.Overdue(today)) || len(p.FollowUps) >= offersListLimit {
			p.FollowMore++
			continue
		}
		listed[f.OfferID] = true
		v := followUpViewOf(f, u, today)
		v.CSRF, v.Back = p.CSRF, p.Back
		p.FollowUps = append(p.FollowUps, v)
	}
	owners, err := s.offerOwners(r)
	if err != nil {
		return err
	}
	p.Owners = owners

	from, err := dayParamWeb(q, "from")
	if err != nil {
		return err
	}
	to, err := dayParamWeb(q, "to")
	if err != nil {
		return err
	}
	if from != 0 {
		p.From = from.String()
	}
	if to != 0 {
		p.To = to.String()
	}
	if p.Results, err = offers.Report(ctx, s.store, from, to); err != nil {
		return err
	}
	s.offerCharts(&p)
	return s.page(w, http.StatusOK, "offers", p)
}

// offerOwners lists the CSMs with offers or follow-ups, for the filter.
func (s *server) offerOwners(r *http.Request) ([]string, error) {
	all, err := s.store.Offers(r.Context(), gtg.OfferFilter{})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, o := range all {
		if o.Owner != "" && !seen[o.Owner] {
			seen[o.Owner] = true
			out = append(out, o.Owner)
		}
	}
	sort.Strings(out)
	return out, nil
}

func dayParamWeb(q url.Values, name string) (gtg.Day, error) {
	v := q.Get(name)
	if v == "" {
		return 0, nil
	}
	d, err := gtg.ParseDay(v)
	if err != nil {
		return 0, gtg.Errorf(gtg.EINVALID, "%s: %q is not a date (YYYY-MM-DD)", name, v)
	}
	return d, nil
}

// offerCharts fills the results' tiles and bars.
func (s *server) offerCharts(p *offersPage) {
	res := p.Results
	accepted := 0
	for _, n := range res.Results {
		accepted += n
	}
	p.Tiles = []offerTile{
		{Label: "Offers", Value: formatNumber(float64(res.Offers)), Sub: fmt.Sprintf("%d accepted", accepted)},
		{Label: "ARR defended", Value: gtg.Money(res.ARRDefended), Sub: "of " + gtg.Money(res.ARRAtStake) + " at stake", Tone: "good"},
		{Label: "Expanded", Value: gtg.Money(res.ARRExpanded), Sub: "more ARR from expansions", Tone: "good"},
		{Label: "Conceded", Value: gtg.Money(res.ARRConceded), Sub: "reductions and discounts", Tone: "warn"},
		{Label: "Lost", Value: gtg.Money(res.ARRLost), Sub: "churned", Tone: "bad"},
	}
	statusLabels := map[string]string{"accepted": "accepted", "open": "in play", "declined": "declined", "rejected": "rejected", "expired": "expired"}
	longest := 0
	for _, row := range res.ByRung {
		longest = max(longest, row.Offers)
	}
	for _, row := range res.ByRung {
		counts := map[string]int{"accepted": row.Accepted, "declined": row.ByStatus[gtg.OfferDeclined], "rejected": row.ByStatus[gtg.OfferRejected],
			"expired": row.ByStatus[gtg.OfferExpired],
			"open":    row.ByStatus[gtg.OfferProposed] + row.ByStatus[gtg.OfferPendingApproval] + row.ByStatus[gtg.OfferApproved]}
		sub := ""
		if row.Accepted > 0 {
			sub = gtg.Money(row.ARRBefore) + " → " + gtg.Money(row.ARRAfter)
		}
		p.RungBars = append(p.RungBars, stack(rungLabels[row.Rung], sub, statusGroups, counts, statusLabels, longest))
	}
	bars := func(rows []offers.ResultRow) []stackBar {
		longest := 0
		for _, r := range rows {
			longest = max(longest, r.Accepted)
		}
		var out []stackBar
		for i, r := range rows {
			if i == 20 {
				break
			}
			out = append(out, stack(r.Key, gtg.Money(r.ARRDefended)+" defended", gtg.LadderResults, r.ByResult, resultLabels, longest))
		}
		return out
	}
	p.OwnerBars, p.SegBars = bars(res.ByOwner), bars(res.BySegment)
}
