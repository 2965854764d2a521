package backtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/calibrate"
)

// Report is how well a scorecard's health foretold churn and contraction.
type Report struct {
	Cards       []string        `json:"cards"` // the scorecards replayed, as name@version
	From        gtg.Day         `json:"from"`
	To          gtg.Day         `json:"to"`
	Every       int             `json:"every_days"`
	Horizon     int             `json:"horizon_days"`
	Examples    int             `json:"examples"`   // accounts × dates with a score
	Positives   int             `json:"positives"`  // of them, churned or contracted within the horizon
	Accounts    int             `json:"accounts"`   // distinct accounts among the examples
	Unscored    int             `json:"unscored"`   // examples with insufficient data, left out of the metrics
	AUC         Num             `json:"auc"`        // ROC AUC of low health for "churns or contracts within the horizon"
	PRAUC       Num             `json:"pr_auc"`     // average precision of the same
	BaseRate    Num             `json:"base_rate"`  // positives over examples: what PR AUC is to beat
	Red         Flag            `json:"red"`        // flagging red accounts
	RedYellow   Flag            `json:"red_yellow"` // flagging red and yellow accounts
	Surprise    Surprise        `json:"surprise_churn"`
	Lead        Lead            `json:"lead_time"`
	Measures    []MeasureLift   `json:"measures"`
	Calibration []calibrate.Bin `json:"calibration"` // predicted churn probability against the observed rate, by decile
}

// Flag is the precision and recall of flagging by color.
type Flag struct {
	Flagged   int `json:"flagged"`
	Precision Num `json:"precision"`
	Recall    Num `json:"recall"`
}

// Surprise is the churned ARR that was green Horizon days before it churned.
type Surprise struct {
	Churned    int     `json:"churned"`     // churns with a score Horizon days before
	ChurnedARR float64 `json:"churned_arr"` // their ARR at churn
	GreenARR   float64 `json:"green_arr"`   // of it, the ARR of accounts that were green then
	Share      Num     `json:"share"`       // GreenARR over ChurnedARR
}

// Lead is how long before churning accounts left green.
type Lead struct {
	Churned    int   `json:"churned"`     // churns in the replay
	MedianDays Num   `json:"median_days"` // median days from the last departure from green to the churn
	NeverGreen int   `json:"never_green"` // churns not green at any time in the look-back
	Days       []int `json:"days"`        // each churn's lead, for the histogram
}

// MeasureLift is how much one measure adds to the score's AUC: the AUC of
// the full score minus the AUC of the score without it (its weight spread
// over the others). Negative means the score is better without it.
type MeasureLift struct {
	Key        string `json:"key"`
	Label      string `json:"label"`
	AUCWithout Num    `json:"auc_without"`
	Lift       Num    `json:"lift"`
}

// Report computes the metrics of a replay.
func (rp *Replay) Report() *Report {
	o := rp.Options
	r := &Report{From: o.From, To: o.To, Every: o.Every, Horizon: o.Horizon}
	for _, c := range o.Cards {
		r.Cards = append(r.Cards, fmt.Sprintf("%s@%d", c.Name, c.Version))
	}
	var risk []float64
	var labels []bool
	var kept []*Example
	accounts := map[int64]bool{}
	for i := range rp.Examples {
		ex := &rp.Examples[i]
		if math.IsNaN(ex.Score) {
			r.Unscored++
			continue
		}
		kept = append(kept, ex)
		risk = append(risk, -ex.Score)
		labels = append(labels, ex.Label)
		accounts[ex.AccountID] = true
		if ex.Label {
			r.Positives++
		}
	}
	r.Examples, r.Accounts = len(kept), len(accounts)
	if r.Examples > 0 {
		r.BaseRate = Num(float64(r.Positives) / float64(r.Examples))
	}
	r.AUC = Num(calibrate.ROCAUC(risk, labels))
	r.PRAUC = Num(calibrate.PRAUC(risk, labels))
	r.Red = flag(kept, func(ex *Example) bool { return ex.Color == gtg.Red })
	r.RedYellow = flag(kept, func(ex *Example) bool { return ex.Color == gtg.Red || ex.Color == gtg.Yellow })

	for _, c := range rp.churns {
		r.Lead.Churned++
		if c.lead < 0 {
			r.Lead.NeverGreen++
		} else {
			r.Lead.Days = append(r.Lead.Days, c.lead)
		}
		if c.colorBefore == "" || c.colorBefore == gtg.InsufficientData {
			continue
		}
		r.Surprise.Churned++
		r.Surprise.ChurnedARR += c.arr
		if c.colorBefore == gtg.Green {
			r.Surprise.GreenARR += c.arr
		}
	}
	r.Surprise.Share = Num(math.NaN())
	if r.Surprise.ChurnedARR > 0 {
		r.Surprise.Share = Num(r.Surprise.GreenARR / r.Surprise.ChurnedARR)
	}
	r.Lead.MedianDays = Num(median(r.Lead.Days))

	// Ablations: the score without each measure, renormalised over the rest.
	for k, key := range rp.Keys {
		without := make([]float64, len(kept))
		for i, ex := range kept {
			var sum, w float64
			for _, p := range ex.parts {
				if p.key != k {
					sum += float64(p.weight) * float64(p.point)
					w += float64(p.weight)
				}
			}
			s := ex.Score
			if w > 0 {
				s = sum / w
			}
			without[i] = -s
		}
		auc := calibrate.ROCAUC(without, labels)
		r.Measures = append(r.Measures, MeasureLift{Key: key, Label: rp.Labels[key], AUCWithout: Num(auc), Lift: r.AUC - Num(auc)})
	}
	slices.SortStableFunc(r.Measures, func(a, b MeasureLift) int {
		switch {
		case a.Lift > b.Lift:
			return -1
		case a.Lift < b.Lift:
			return 1
		}
		return 0
	})

	r.Calibration = calibrate.Calibration(rp.probabilities(kept), labels, 10)
	return r
}

func flag(exs []*Example, on func(*Example) bool) Flag {
	var f Flag
	tp, pos := 0, 0
	for _, ex := range exs {
		if ex.Label {
			pos++
		}
		if on(ex) {
			f.Flagged++
			if ex.Label {
				tp++
			}
		}
	}
	f.Precision, f.Recall = Num(math.NaN()), Num(math.NaN())
	if f.Flagged > 0 {
		f.Precision = Num(float64(tp) / float64(f.Flagged))
	}
	if pos > 0 {
		f.Recall = Num(float64(tp) / float64(pos))
	}
	return f
}

func median(xs []int) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

// probabilities turns health scores into churn probabilities with a
// logistic fit of the label on the score (Platt scaling), each example
// predicted by a fit on the other folds; folds split by account.
func (rp *Replay) probabilities(exs []*Example) []float64 {
	folds := rp.Options.Folds
	fold := map[int64]int{}
	var ids []int64
	for _, ex := range exs {
		if _, ok := fold[ex.AccountID]; !ok {
			fold[ex.AccountID] = 0
			ids = append(ids, ex.AccountID)
		}
	}
	slices.Sort(ids)
	rng := rand.New(rand.NewPCG(uint64(rp.Options.Seed), 0x9e3779b97f4a7c15))
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	for i, id := range ids {
		fold[id] = i % folds
	}
	out := make([]float64, len(exs))
	for f := range folds {
		var xs []float64
		var ys []bool
		for _, ex := range exs {
			if fold[ex.AccountID] != f {
				xs, ys = append(xs, ex.Score), append(ys, ex.Label)
			}
		}
		a, b := platt(xs, ys)
		for i, ex := range exs {
			if fold[ex.AccountID] == f {
				out[i] = sigmoid(a + b*ex.Score)
			}
		}
	}
	return out
}

// platt fits P(label) = σ(a + b·x) by Newton's method on the log-likelihood,
// with a little ridge on b so that a perfect separation stays finite.
func platt(xs []float64, ys []bool) (a, b float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	// Centre and scale x for a well-conditioned fit, and undo it at the end.
	var mean, sd float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	sd = math.Sqrt(sd / float64(len(xs)))
	if sd == 0 {
		sd = 1
	}
	const ridge = 1e-3
	var a0, b0 float64
	for range 50 {
		var ga, gb, haa, hab, hbb float64
		for i, x := range xs {
			z := (x - mean) / sd
			p := sigmoid(a0 + b0*z)
			y := 0.0
			if ys[i] {
				y = 1
			}
			ga += p - y
			gb += (p - y) * z
			w := p * (1 - p)
			haa += w
			hab += w * z
			hbb += w * z * z
		}
		gb += ridge * b0
		hbb += ridge
		haa += 1e-9
		det := haa*hbb - hab*hab
		if det == 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		a0, b0 = a0-da, b0-db
		if math.Abs(da)+math.Abs(db) < 1e-10 {
			break
		}
	}
	return a0 - b0*mean/sd, b0 / sd
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
