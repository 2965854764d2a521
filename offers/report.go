package offers

import (
	"context"
	"sort"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// Results is the ladder's report over the offers proposed in a period: offers
// by rung and status, the ARR they defended, and how each owner's and
// segment's accepted offers rank in the article's order (full revenue
// defended > logo retained > paused > churned).
type Results struct {
	From   gtg.Day   `json:"from,omitempty"`
	To     gtg.Day   `json:"to,omitempty"`
	Offers int       `json:"offers"`
	ByRung []RungRow `json:"by_rung"`
	// ARRDefended is the ARR accepted offers kept: Σ arr_after of accepted
	// expand, reduce and discount offers, plus the ARR of accepted pauses,
	// which resumes.
	ARRDefended float64 `json:"arr_defended"`
	// ARRAtStake is Σ arr_before of the accepted offers.
	ARRAtStake float64 `json:"arr_at_stake"`
	// ARRConceded is what reductions and discounts gave up, ARRLost what churns lost.
	ARRConceded float64        `json:"arr_conceded"`
	ARRLost     float64        `json:"arr_lost"`
	ARRExpanded float64        `json:"arr_expanded"` // expansions' ARR above arr_before
	Results     map[string]int `json:"results"`      // accepted offers by ladder result
	ByOwner     []ResultRow    `json:"by_owner"`
	BySegment   []ResultRow    `json:"by_segment"`
}

// RungRow counts one rung's offers by status.
type RungRow struct {
	Rung      string         `json:"rung"`
	Offers    int            `json:"offers"`
	ByStatus  map[string]int `json:"by_status"`
	Accepted  int            `json:"accepted"`
	ARRBefore float64        `json:"arr_before"` // of the accepted ones
	ARRAfter  float64        `json:"arr_after"`  // of the accepted ones
}

// ResultRow is one owner's or segment's accepted offers by ladder result.
type ResultRow struct {
	Key         string         `json:"key"`
	Accepted    int            `json:"accepted"`
	ByResult    map[string]int `json:"by_result"`
	ARRDefended float64        `json:"arr_defended"`
}

// defended is the ARR an accepted offer kept (see Results.ARRDefended).
func defended(o *gtg.Offer) float64 {
	if o.Rung == gtg.RungPause {
		return o.ARRBefore
	}
	return o.ARRAfter
}

// Report returns the ladder's results over the offers proposed from from to
// to (inclusive; 0 leaves that end open).
func Report(ctx context.Context, st *store.Store, from, to gtg.Day) (*Results, error) {
	all, err := st.Offers(ctx, gtg.OfferFilter{})
	if err != nil {
		return nil, err
	}
	r := &Results{From: from, To: to, Results: map[string]int{}}
	for _, res := range gtg.LadderResults {
		r.Results[res] = 0
	}
	rungs := map[string]*RungRow{}
	for _, rung := range gtg.Rungs {
		row := &RungRow{Rung: rung, ByStatus: map[string]int{}}
		for _, s := range gtg.OfferStatuses {
			row.ByStatus[s] = 0
		}
		rungs[rung] = row
		r.ByRung = append(r.ByRung, RungRow{})
	}
	owners, segments := map[string]*ResultRow{}, map[string]*ResultRow{}
	add := func(m map[string]*ResultRow, key string, o *gtg.Offer) {
		if key == "" {
			key = "(none)"
		}
		row := m[key]
		if row == nil {
			row = &ResultRow{Key: key, ByResult: map[string]int{}}
			for _, res := range gtg.LadderResults {
				row.ByResult[res] = 0
			}
			m[key] = row
		}
		row.Accepted++
		row.ByResult[o.Result()]++
		row.ARRDefended += defended(o)
	}
	for _, o := range all {
		if (from != 0 && o.ProposedOn < from) || (to != 0 && o.ProposedOn > to) {
			continue
		}
		r.Offers++
		row := rungs[o.Rung]
		if row == nil {
			continue
		}
		row.Offers++
		row.ByStatus[o.Status]++
		if o.Status != gtg.OfferAccepted {
			continue
		}
		row.Accepted++
		row.ARRBefore += o.ARRBefore
		row.ARRAfter += o.ARRAfter
		r.Results[o.Result()]++
		r.ARRAtStake += o.ARRBefore
		r.ARRDefended += defended(o)
		switch o.Rung {
		case gtg.RungExpand:
			r.ARRExpanded += o.ARRAfter - o.ARRBefore
		case gtg.RungReduce, gtg.RungDiscount:
			r.ARRConceded += o.ARRBefore - o.ARRAfter
		case gtg.RungChurn:
			r.ARRLost += o.ARRBefore
		}
		add(owners, o.Owner, o)
		add(segments, o.Segment, o)
	}
	for i, rung := range gtg.Rungs {
		r.ByRung[i] = *rungs[rung]
	}
	r.ByOwner, r.BySegment = ranked(owners), ranked(segments)
	return r, nil
}

// ranked orders rows by the article's ranking: the largest share of accepted
// offers that defended full revenue first, then of logos retained, then of
// pauses; ties go to the one with more accepted offers.
func ranked(m map[string]*ResultRow) []ResultRow {
	out := make([]ResultRow, 0, len(m))
	for _, row := range m {
		out = append(out, *row)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		for _, res := range gtg.LadderResults[:3] {
			// a's share > b's share, cross-multiplied to stay exact.
			x, y := a.ByResult[res]*b.Accepted, b.ByResult[res]*a.Accepted
			if x != y {
				return x > y
			}
		}
		if a.Accepted != b.Accepted {
			return a.Accepted > b.Accepted
		}
		return a.Key < b.Key
	})
	return out
}
