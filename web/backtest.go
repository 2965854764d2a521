package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/backtest"
	"github.com/gtg-dev/gtg/health"
)

// backtestRuns is how many saved runs the page compares.
const backtestRuns = 3

type backtestPage struct {
	basePage
	Runs   []backtestView
	CanRun bool
}

type backtestView struct {
	ID               int64
	Label, When, By  string
	Period           string
	Tiles            []metricTile
	Calib            []calPoint
	CalibMax         string // the axes' top, as a percentage
	Lead             []histBar
	LeadNote         string
	Lifts            []liftBar
	Examples, Churns string
}

type metricTile struct{ Label, Value, Note, Tone string }

// calPoint is a calibration decile on a 100×100 chart.
type calPoint struct {
	X, Y           float64
	Title          string
	Size           float64
	Pred, Observed string
}

// histBar is one bar of a histogram on a 300×66 chart.
type histBar struct {
	X, Y, W, H float64
	LabelDX    float64 // half the width: the count sits over the bar's middle
	Label      string
	Count      int
}

// liftBar is a measure's lift, drawn from the middle of a 100-wide bar.
type liftBar struct {
	Label, Value string
	X, W         float64
	Negative     bool
}

func (s *server) backtestShow(w http.ResponseWriter, r *http.Request) error {
	p := backtestPage{basePage: s.base(r, "Backtest", "backtest")}
	p.CanRun = p.User != nil && gtg.Can(p.User.Role, gtg.UserManager)
	saved, err := s.store.Backtests(r.Context(), backtestRuns)
	if err != nil {
		return fmt.Errorf("backtest page: %w", err)
	}
	for _, b := range saved {
		var rep backtest.Report
		if err := json.Unmarshal(b.Report, &rep); err != nil {
			return fmt.Errorf("backtest %d: %w", b.ID, err)
		}
		v := backtestViewOf(&rep)
		v.ID, v.Label, v.By = b.ID, b.Label, b.CreatedBy
		v.When = b.CreatedAt.UTC().Format("2 Jan 2006 15:04")
		p.Runs = append(p.Runs, v)
	}
	return s.page(w, http.StatusOK, "backtest", p)
}

// backtestRun replays the cards in force over the last year whose horizon
// has passed and keeps the report. On a large portfolio this takes a while;
// `gtg backtest` does the same from the command line.
func (s *server) backtestRun(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cards, err := health.Cards(ctx, s.store)
	if err != nil {
		return err
	}
	today := gtg.DayOf(s.now())
	o := backtest.Options{Cards: cards, Horizon: 90, Every: 30, To: today - 90, Seed: 1}
	o.From = o.To - 365
	rp, err := backtest.Run(ctx, s.store, o)
	if err != nil {
		return err
	}
	rep := rp.Report()
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	if _, err := s.store.SaveBacktest(ctx, sessionFrom(ctx).user.Email, strings.Join(rep.Cards, ", "), b); err != nil {
		return err
	}
	http.Redirect(w, r, "/backtest", http.StatusSeeOther)
	return nil
}

func pctText(v backtest.Num) string {
	f := float64(v)
	if math.IsNaN(f) {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*f)
}

func backtestViewOf(r *backtest.Report) backtestView {
	v := backtestView{
		Period:   fmt.Sprintf("every %d days from %s to %s, %d-day horizon", r.Every, formatDate(r.From), formatDate(r.To), r.Horizon),
		Examples: fmt.Sprintf("%s examples of %s accounts; %s churned or contracted within the horizon (%s)", formatNumber(float64(r.Examples)), formatNumber(float64(r.Accounts)), formatNumber(float64(r.Positives)), pctText(r.BaseRate)),
	}
	auc := float64(r.AUC)
	aucTone := "warn"
	switch {
	case auc >= 0.8:
		aucTone = "good"
	case auc < 0.65:
		aucTone = "bad"
	}
	num := func(x backtest.Num, digits int) string {
		if math.IsNaN(float64(x)) {
			return "—"
		}
		return fmt.Sprintf("%.*f", digits, float64(x))
	}
	v.Tiles = []metricTile{
		{Label: "ROC AUC", Value: num(r.AUC, 3), Note: "0.5 is a coin toss", Tone: aucTone},
		{Label: "PR AUC", Value: num(r.PRAUC, 3), Note: "base rate " + num(r.BaseRate, 3)},
		{Label: "Red", Value: pctText(r.Red.Precision), Note: "precision · recall " + pctText(r.Red.Recall)},
		{Label: "Red or yellow", Value: pctText(r.RedYellow.Precision), Note: "precision · recall " + pctText(r.RedYellow.Recall)},
		{Label: "Surprise churn", Value: pctText(r.Surprise.Share), Note: fmt.Sprintf("of churned ARR was green %d days before", r.Horizon)},
		{Label: "Lead time", Value: num(r.Lead.MedianDays, 0) + " days", Note: "median, leaving green → churn"},
	}

	// Calibration: deciles on a square chart whose axes reach the highest rate.
	top := 0.0
	for _, b := range r.Calibration {
		top = math.Max(top, math.Max(b.Predicted, b.Observed))
	}
	top = math.Max(0.05, math.Ceil(top*20)/20) // a multiple of 5%
	v.CalibMax = fmt.Sprintf("%.0f%%", top*100)
	for _, b := range r.Calibration {
		v.Calib = append(v.Calib, calPoint{X: 100 * b.Predicted / top, Y: 100 - 100*b.Observed/top,
			Pred: fmt.Sprintf("%.1f%%", 100*b.Predicted), Observed: fmt.Sprintf("%.1f%%", 100*b.Observed),
			Size: 1.6 + math.Min(2, float64(b.Count)/2000)})
	}

	// Lead time: churns by how many days before they left green, in months.
	const bins = 12
	counts := make([]int, bins+1)
	for _, d := range r.Lead.Days {
		counts[min(d/30, bins-1)]++
	}
	counts[bins] = r.Lead.NeverGreen
	most := 1
	for _, c := range counts {
		most = max(most, c)
	}
	width := 300.0 / float64(bins+1)
	for i, c := range counts {
		label := fmt.Sprintf("%d–%d days", i*30, i*30+29)
		if i == bins-1 {
			label = fmt.Sprintf("%d+ days", i*30)
		}
		if i == bins {
			label = "never green"
		}
		h := 56 * float64(c) / float64(most)
		v.Lead = append(v.Lead, histBar{X: float64(i)*width + 2, W: width - 4, Y: 66 - h, H: h, LabelDX: (width - 4) / 2, Label: label, Count: c})
	}
	v.LeadNote = fmt.Sprintf("%d churns; %d were never green in the year before", r.Lead.Churned, r.Lead.NeverGreen)
	v.Churns = fmt.Sprintf("%d", r.Lead.Churned)

	// What each measure adds, scaled to the largest.
	big := 0.0
	for _, m := range r.Measures {
		big = math.Max(big, math.Abs(float64(m.Lift)))
	}
	for _, m := range r.Measures {
		l := float64(m.Lift)
		if math.IsNaN(l) {
			continue
		}
		b := liftBar{Label: m.Label, Value: fmt.Sprintf("%+.3f", l), Negative: l < 0}
		if big > 0 {
			b.W = 50 * math.Abs(l) / big
		}
		b.X = 50
		if b.Negative {
			b.X = 50 - b.W
		}
		v.Lifts = append(v.Lifts, b)
	}
	return v
}
