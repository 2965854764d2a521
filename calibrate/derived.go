package calibrate

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
)

// Derived measures. An additive card scores each column alone, so it cannot
// see churn that follows the total of several columns of one unit (usage
// split by time of day or by channel: each part a weak signal, their total a
// strong one) or a ratio (usage per seat, used over licensed). Fitting
// proposes such sums and ratios from the columns' names, ranks them by how
// much of the main effects' residual they explain, refits with the best few
// in turn and keeps each only when it raises the bags' mean validation AUC —
// measured on the validation splits of the examples being fitted, never on
// a held-out fold. A kept one is a measure like any other, which the card
// writes as an expression over the columns it reads.

// Derived is a measure computed from other numeric features: their sum, or
// the ratio of two.
type Derived struct {
	Name  string   // the feature's name: "day minutes + eve minutes", "TotalCharges / tenure"
	Key   string   // the measure key a card gives it, before it is made unique
	Parts []string // the features it reads; a ratio is Parts[0] / Parts[1]
	Ratio bool
}

// compute returns the derived values over byName's features: NaN when a
// part is missing, or for a ratio when the divisor is 0, as the card's
// expression has no value then.
func (dv *Derived) compute(byName map[string]*Feature, n int) []float64 {
	out := make([]float64, n)
	parts := make([]*Feature, len(dv.Parts))
	for k, p := range dv.Parts {
		parts[k] = byName[p]
		if parts[k] == nil || !parts[k].Numeric() {
			for i := range out {
				out[i] = math.NaN()
			}
			return out
		}
	}
	for i := range out {
		if dv.Ratio {
			a, b := parts[0].Num[i], parts[1].Num[i]
			if b == 0 || math.IsNaN(a) || math.IsNaN(b) {
				out[i] = math.NaN()
			} else {
				out[i] = a / b
			}
			continue
		}
		s := 0.0
		for _, f := range parts {
			s += f.Num[i]
		}
		out[i] = s
	}
	return out
}

// withDerived returns ds with the derived features appended (the others
// shared with ds).
func withDerived(ds *Dataset, derived []*Derived) *Dataset {
	if len(derived) == 0 {
		return ds
	}
	out := *ds
	out.Features = slices.Clone(ds.Features)
	byName := map[string]*Feature{}
	for _, f := range ds.Features {
		byName[f.Name] = f
	}
	for _, dv := range derived {
		f := &Feature{Name: dv.Name, Num: dv.compute(byName, ds.Len())}
		out.Features = append(out.Features, f)
		byName[f.Name] = f
	}
	return &out
}

// words splits a column name into lowercase words: at anything but letters
// and digits, and where a lowercase letter meets an uppercase one
// ("MonthlyCharges" → monthly, charges).
func words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range name {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return out
}

// groupStop are words that say how a column is counted, not what it
// counts in: columns that share only them share no unit.
var groupStop = []string{"total", "tot", "num", "number", "count", "cnt", "n", "no", "nr", "is", "has", "avg",
	"average", "mean", "sum", "pct", "percent", "share", "rate", "ratio", "of", "the", "per", "in", "change",
	"delta", "days", "since", "last", "first", "max", "min", "value", "flag", "id", "score", "a", "an"}

// Divisors: a column naming one of these is what other columns are per
// (per seat, per active user, per month of tenure); a used column over a
// column of the same thing licensed is a utilisation.
var (
	perWords     = []string{"seat", "seats", "user", "users", "license", "licenses", "licensed", "employees", "tenure", "months", "members"}
	usedWords    = []string{"used", "active", "consumed", "assigned"}
	licenseWords = []string{"licensed", "purchased", "limit", "quota", "capacity", "allowed", "provisioned", "available", "contracted"}
)

// notPerWords mark a column that is not an amount to divide per seat, nor
// a number of seats to divide by: an average, a change, a count of days.
var notPerWords = []string{"avg", "average", "mean", "change", "delta", "rate", "ratio", "share", "pct", "percent",
	"days", "since", "slope", "trend", "gap", "first", "last", "min", "max", "score"}

// isWindow reports whether w reads as a window or a year: 30d, 90, 2024.
func isWindow(w string) bool {
	digits := 0
	for _, r := range w {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	return digits > 0 && len(w)-digits <= 1
}

// deriveCandidates proposes derived measures from the names of ds's numeric
// features: the sum of each set of two to twelve whose names differ in one
// word only (not a word like total or count, nor a window), each amount over
// a per-something column (seats, users, tenure), and used over licensed.
func deriveCandidates(ds *Dataset) []*Derived {
	type col struct {
		name  string
		all   []string // the name's words
		words []string // without the words of groupStop and windows
	}
	var cols []col
	for _, f := range ds.Features {
		if !f.Numeric() || distinctAtMost(f.Num, 1) {
			continue
		}
		var ws []string
		for _, w := range words(f.Name) {
			if !slices.Contains(groupStop, w) && !isWindow(w) {
				ws = append(ws, w)
			}
		}
		cols = append(cols, col{f.Name, words(f.Name), ws})
	}
	var out []*Derived
	seen := map[string]bool{}
	add := func(dv *Derived) {
		id := strings.Join(dv.Parts, "\x00")
		if dv.Ratio {
			id = "/" + id
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, dv)
		}
	}
	has := func(ws []string, list []string) string {
		for _, w := range ws {
			if slices.Contains(list, w) {
				return w
			}
		}
		return ""
	}
	// Sums of columns whose names are the same but for one word, in
	// column order: day_minutes, eve_minutes and night_minutes (the slot
	// "*_minutes"), or day_minutes and day_charge ("day_*"). The word that
	// differs must say what is counted, not how (avg, sum) or over what
	// window (30d): logins_avg_30d and logins_sum_90d add up to nothing.
	var keys []string
	groups := map[string][]string{}
	slotWord := map[string]string{}
	for _, c := range cols {
		if has(c.all, notPerWords) != "" {
			continue // averages, changes, day counts and trends do not add up
		}
		for p, w := range c.all {
			if slices.Contains(groupStop, w) || isWindow(w) || slices.Contains(usedWords, w) || slices.Contains(licenseWords, w) {
				continue
			}
			// The words the columns share, of which one at least must say
			// what they count: not only a window or "total".
			var shared []string
			unit := false
			for q, v := range c.all {
				if q != p && v != "total" {
					shared = append(shared, v)
					unit = unit || !slices.Contains(groupStop, v) && !isWindow(v)
				}
			}
			if !unit {
				continue
			}
			slot := slices.Clone(c.all)
			slot[p] = "*"
			k := strings.Join(slot, "_")
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
				// The key of the sum: total_minutes for *_minutes, day_total for day_*.
				if p == len(c.all)-1 {
					slotWord[k] = strings.Join(shared, "_") + "_total"
				} else {
					slotWord[k] = "total_" + strings.Join(shared, "_")
				}
			}
			groups[k] = append(groups[k], c.name)
		}
	}
	for _, k := range keys {
		parts := groups[k]
		if len(parts) < 2 || len(parts) > 12 {
			continue
		}
		add(&Derived{Name: strings.Join(parts, " + "), Key: keyOf(slotWord[k]), Parts: parts})
	}
	// Ratios.
	byName := map[string]*Feature{}
	for _, f := range ds.Features {
		byName[f.Name] = f
	}
	for _, d := range cols {
		if has(d.words, perWords) == "" || has(d.all, notPerWords) != "" {
			continue
		}
		for _, c := range cols {
			if c.name == d.name || distinctAtMost(byName[c.name].Num, 2) || has(c.words, perWords) != "" || has(c.all, notPerWords) != "" {
				continue
			}
			add(&Derived{Name: c.name + " / " + d.name, Key: keyOf(c.name + "_per_" + d.name), Parts: []string{c.name, d.name}, Ratio: true})
		}
	}
	for _, u := range cols {
		if has(u.words, usedWords) == "" {
			continue
		}
		for _, l := range cols {
			if l.name == u.name || has(l.words, licenseWords) == "" || !shareWord(u.words, l.words, usedWords, licenseWords) {
				continue
			}
			add(&Derived{Name: u.name + " / " + l.name, Key: keyOf(u.name + "_share"), Parts: []string{u.name, l.name}, Ratio: true})
		}
	}
	return out
}

// shareWord reports whether a and b share a word that is in neither skip list.
func shareWord(a, b []string, skip ...[]string) bool {
	for _, w := range a {
		if !slices.Contains(b, w) {
			continue
		}
		ok := true
		for _, s := range skip {
			if slices.Contains(s, w) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// distinctAtMost reports whether xs holds at most k distinct values besides NaN.
func distinctAtMost(xs []float64, k int) bool {
	var seen []float64
	for _, x := range xs {
		if math.IsNaN(x) || slices.Contains(seen, x) {
			continue
		}
		if seen = append(seen, x); len(seen) > k {
			return false
		}
	}
	return true
}

// derivedEvalBags is how many bags judge a derived measure: the first ones
// of the main fit, whose validation splits a refit with the measure shares.
const derivedEvalBags = 3

// meanValidAUC is the bags' mean AUC on their validation splits.
func meanValidAUC(d *design, bags []*bag) float64 {
	sum := 0.0
	for _, bg := range bags {
		s, y := make([]float64, len(bg.valid)), make([]float64, len(bg.valid))
		for k, i := range bg.valid {
			s[k], y[k] = bg.main.logit(d, i), d.y[i]
		}
		sum += validAUC(s, y)
	}
	return sum / float64(len(bags))
}

// chooseDerived proposes derived measures of ds, ranks them by the gain of a
// Newton step over their bins on the residuals of main (the average of
// bags, fitted on ds's design d), and refits with the best o.Derived in
// turn, keeping each that raises the first bags' mean validation AUC by at
// least o.MinDerivedGain over what was kept before it.
func chooseDerived(ds *Dataset, d *design, bags []*bag, main *additive, rows []int, o Options) []*Derived {
	cands := deriveCandidates(ds)
	if len(cands) == 0 || o.Derived <= 0 {
		return nil
	}
	grad, hess := make([]float64, len(d.y)), make([]float64, len(d.y))
	var G, H float64
	for i := range d.y {
		p := sigmoid(main.logit(d, i))
		grad[i], hess[i] = p-d.y[i], p*(1-p)
		G, H = G+grad[i], H+hess[i]
	}
	whole := G * G / (H + o.L2)
	byName := map[string]*Feature{}
	for _, f := range ds.Features {
		byName[f.Name] = f
	}
	gains := make([]float64, len(cands))
	for c, dv := range cands {
		f := &Feature{Name: dv.Name, Num: dv.compute(byName, ds.Len())}
		b := newBinning(f, o.Bins, o.MinBinRows)
		gs, hs := make([]float64, b.nbins()), make([]float64, b.nbins())
		for i, k := range b.apply(f) {
			gs[k] += grad[i]
			hs[k] += hess[i]
		}
		for k := range gs {
			gains[c] += gs[k] * gs[k] / (hs[k] + o.L2)
		}
		gains[c] -= whole
	}
	order := make([]int, len(cands))
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(gains[b], gains[a]) })
	eval := o
	eval.Bags = min(derivedEvalBags, len(bags))
	best := meanValidAUC(d, bags[:eval.Bags])
	var kept []*Derived
	for _, c := range order[:min(len(order), o.Derived)] {
		if gains[c] <= 0 {
			break
		}
		try := append(slices.Clone(kept), cands[c])
		ds2 := withDerived(ds, try)
		bins2 := make([]*binning, len(ds2.Features))
		for j, f := range ds2.Features {
			bins2[j] = newBinning(f, o.Bins, o.MinBinRows)
		}
		d2 := newDesign(ds2, bins2)
		auc := meanValidAUC(d2, fitBags(ds2, d2, rows, eval))
		if auc-best >= o.MinDerivedGain {
			kept, best = try, auc
		}
	}
	return kept
}
