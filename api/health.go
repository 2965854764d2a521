package api

import (
	"context"
	"fmt"
	"math"
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/scorecard"
)

// historyDays is how far back health history goes by default, and maxHistory
// the longest range one request may ask for.
const (
	historyDays = 90
	maxHistory  = 366
)

// changeDays is how far back "what changed" looks, as on the account page.
const changeDays = 30

// accountOut is an account as GET /accounts/{id} shows it: its fields and its
// current health, with the same names as `gtg accounts list --json`.
type accountOut struct {
	*gtg.Account
	Score    *float64 `json:"score"`
	Color    string   `json:"color"`
	Trend    string   `json:"trend"`
	Slope14  *float64 `json:"slope_14d"`
	Slope30  *float64 `json:"slope_30d"`
	Slope90  *float64 `json:"slope_90d"`
	ScoredOn gtg.Day  `json:"scored_on"`
}

// measureOut is one measure of a health snapshot, as a person reads it.
type measureOut struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Group   string   `json:"group"`
	Unit    string   `json:"unit"`
	Value   *float64 `json:"value"` // null when missing or when the value is text
	Text    string   `json:"text,omitempty"`
	Display string   `json:"display"` // "−38%", "12 days", "negative", "no data"
	Points  *float64 `json:"points"`  // null when it had no part in the score
	Weight  float64  `json:"weight"`
	Missing bool     `json:"missing"`
}

// healthOut is one day's health snapshot with its breakdown.
type healthOut struct {
	AccountExt string       `json:"account_id"`
	Day        gtg.Day      `json:"date"`
	Scorecard  string       `json:"scorecard"`
	Version    int          `json:"version"`
	Score      *float64     `json:"score"` // null with insufficient data
	Color      string       `json:"color"`
	Coverage   float64      `json:"coverage"`
	Measures   []measureOut `json:"measures"`
}

// changeOut is one measure's part in how the score changed.
type changeOut struct {
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Before string  `json:"before"`
	After  string  `json:"after"`
	Points float64 `json:"points"`
	Text   string  `json:"text"`
}

// currentHealthOut is an account's latest health, its trend and what changed
// in the last changeDays.
type currentHealthOut struct {
	healthOut
	Trend        *health.Trend `json:"trend"`
	ChangesSince gtg.Day       `json:"changes_since,omitempty"`
	Changes      []changeOut   `json:"changes"`
}

func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func cardNamed(cards []*scorecard.Scorecard, name string) *scorecard.Scorecard {
	for _, c := range cards {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func healthView(ext string, h *gtg.Health, r scorecard.Result) healthOut {
	out := healthOut{AccountExt: ext, Day: h.Day, Scorecard: h.Scorecard, Version: h.Version, Color: h.Color,
		Coverage: h.Coverage, Measures: make([]measureOut, 0, len(r.Measures))}
	if h.Color != gtg.InsufficientData {
		out.Score = finite(h.Score)
	}
	for _, m := range r.Measures {
		mo := measureOut{Key: m.Key, Label: m.Label, Group: m.Group, Unit: m.Unit, Value: finite(m.Value), Text: m.Text,
			Display: m.Display(), Points: finite(m.Points), Weight: m.Weight, Missing: m.Missing}
		if m.Missing && !m.Imputed {
			mo.Display, mo.Points = "no data", nil
		}
		out.Measures = append(out.Measures, mo)
	}
	return out
}

// accountHistory returns an account's snapshots from from to to, oldest first.
func (h *handler) accountHistory(ctx context.Context, id string, from, to gtg.Day) (*gtg.Account, []*gtg.Health, error) {
	a, err := h.st.Account(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	hist, err := h.st.HealthHistory(ctx, a.ID, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("health of %s: %w", id, err)
	}
	return a, hist, nil
}

func (h *handler) getAccount(w http.ResponseWriter, r *http.Request) error {
	today := gtg.DayOf(h.now())
	a, hist, err := h.accountHistory(r.Context(), r.PathValue("id"), today-89-historyDays, today)
	if err != nil {
		return err
	}
	out := accountOut{Account: a, Color: gtg.InsufficientData}
	if t := health.TrendOf(tail(hist, 90)); t != nil {
		out.Score, out.Color, out.Trend, out.ScoredOn = &t.Score, t.Color, t.Movement, t.Day
		out.Slope14, out.Slope30, out.Slope90 = &t.Slope14, &t.Slope30, &t.Slope90
	} else if len(hist) > 0 {
		out.ScoredOn = hist[len(hist)-1].Day
	}
	return writeJSON(w, http.StatusOK, dataResult{out})
}

// tail returns the snapshots of the last days days up to the newest one.
func tail(hist []*gtg.Health, days int) []*gtg.Health {
	if len(hist) == 0 {
		return hist
	}
	last := hist[len(hist)-1].Day
	i := 0
	for i < len(hist) && hist[i].Day <= last-gtg.Day(days) {
		i++
	}
	return hist[i:]
}

func (h *handler) accountHealth(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := checkQuery(r.URL.Query()); err != nil {
		return err
	}
	today := gtg.DayOf(h.now())
	a, hist, err := h.accountHistory(ctx, r.PathValue("id"), today-89-historyDays, today)
	if err != nil {
		return err
	}
	if len(hist) == 0 {
		return gtg.Errorf(gtg.ENOTFOUND, "account %s has no health score yet (gtg score computes it)", a.ExternalID)
	}
	cards, err := health.Cards(ctx, h.st)
	if err != nil {
		return fmt.Errorf("scorecards: %w", err)
	}
	last := hist[len(hist)-1]
	cur := scorecard.FromSnapshot(cardNamed(cards, last.Scorecard), last)
	out := currentHealthOut{healthOut: healthView(a.ExternalID, last, cur), Trend: health.TrendOf(tail(hist, 90)), Changes: []changeOut{}}
	var then *gtg.Health
	for _, x := range hist {
		if x.Day <= last.Day-changeDays {
			then = x
		}
	}
	if then != nil {
		out.ChangesSince = then.Day
		for _, rs := range scorecard.Explain(scorecard.FromSnapshot(cardNamed(cards, then.Scorecard), then), cur) {
			out.Changes = append(out.Changes, changeOut{Key: rs.Key, Label: rs.Label, Before: rs.Before, After: rs.After, Points: rs.Points, Text: rs.Text})
		}
	}
	return writeJSON(w, http.StatusOK, dataResult{out})
}

func (h *handler) accountHealthHistory(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	if err := checkQuery(q, "from", "to"); err != nil {
		return err
	}
	from, err := dayParam(q, "from")
	if err != nil {
		return err
	}
	to, err := dayParam(q, "to")
	if err != nil {
		return err
	}
	if to == 0 {
		to = gtg.DayOf(h.now())
	}
	if from == 0 {
		from = to - historyDays + 1
	}
	switch {
	case from > to:
		return gtg.Errorf(gtg.EINVALID, "from: %s is after to (%s)", from, to)
	case to-from+1 > maxHistory:
		return gtg.Errorf(gtg.EINVALID, "from: at most %d days from %s to %s; ask in pieces", maxHistory, from, to)
	}
	a, hist, err := h.accountHistory(ctx, r.PathValue("id"), from, to)
	if err != nil {
		return err
	}
	cards, err := health.Cards(ctx, h.st)
	if err != nil {
		return fmt.Errorf("scorecards: %w", err)
	}
	out := make([]healthOut, 0, len(hist))
	for _, x := range hist {
		out = append(out, healthView(a.ExternalID, x, scorecard.FromSnapshot(cardNamed(cards, x.Scorecard), x)))
	}
	return writeJSON(w, http.StatusOK, historyResult{Data: out, From: from, To: to})
}

// historyResult is a range of daily snapshots.
type historyResult struct {
	Data []healthOut `json:"data"`
	From gtg.Day     `json:"from"`
	To   gtg.Day     `json:"to"`
}
