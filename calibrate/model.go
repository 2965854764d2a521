package calibrate

import (
	"math"
	"slices"
)

// Model is a fitted scorecard: for each measure, bands of values (numeric)
// or categories, each with the health points it earns, and the measure's
// weight. The score of an example is the weighted average of the points of
// the measures that have a value, as the scorecard engine computes it, so
// the card written by Scorecard ranks accounts exactly as Score does.
type Model struct {
	Terms       []*Term // the measures that carry weight, heaviest first
	Dropped     []*Term // the measures left out: no effect, or less than Options.MinWeight
	Intercept   float64 // the additive model's log-odds with every shape function at its data mean
	A, B        float64 // churn probability = 1 / (1 + exp(B·score − A))
	Yellow      float64 // scores below this are red
	Green       float64 // scores at or above this are green; between, yellow
	Rows        int     // examples fitted
	Positives   int     // of them positive
	RedShare    float64 // the alert volumes the thresholds were set for
	YellowShare float64
	MinWeight   float64    // the least weight a measure kept, in percent
	Derived     []*Derived // the derived measures fitted besides the data's features, in the order computed

	bins       []*binning // the additive model behind the card, for PredictLogit
	raw        *additive
	grids      []*grid     // its pairwise terms
	pairShapes [][]float64 // per grid cell
}

// Term is one measure of a Model.
type Term struct {
	Feature string    // the Dataset feature; for a pair "A × B"
	Numeric bool      // bands over numbers, else points per category (or per leaf of Pair)
	Pair    *Pair     // a pairwise term: Points per leaf of the tree; nil for a main effect
	Cuts    []float64 // numeric: band k covers [Cuts[k-1], Cuts[k]); the first and last bands are open
	Cats    []string  // categorical: the values with points of their own; any other value is "other"
	Logit   []float64 // the model's effect on the churn log-odds per band, or per category then other
	Points  []float64 // health points per band, or per category then other: 0 to 100, higher is healthier
	Weight  float64   // percent of the score, when every measure has a value
	Rows    []int     // fitted examples per band, or per category then other
	Churned []int     // of them positive

	Missing      int     // fitted examples without a value (of either measure of a pair): the card leaves the term out for them
	MissingLogit float64 // the effect the model learned for a missing value
	// MissingPoints are the points the card gives a missing value (its
	// `missing:` field), on the scale of Points, when HasMissing: a main
	// effect with missing values in the fitted data.
	MissingPoints float64
	HasMissing    bool
	Range         float64 // max − min of Logit: how far the measure moves the churn log-odds
}

// Fit fits the additive model on every example of ds and turns it into a
// scorecard with thresholds for the alert volumes of o.
func Fit(ds *Dataset, o Options) (*Model, error) {
	if err := ds.Validate(); err != nil {
		return nil, err
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	return fit(ds, o), nil
}

func fit(ds *Dataset, o Options) *Model {
	rows := make([]int, ds.Len())
	for i := range rows {
		rows[i] = i
	}
	mainFit := func(ds *Dataset) ([]*binning, *design, []*bag) {
		bins := make([]*binning, len(ds.Features))
		for j, f := range ds.Features {
			bins[j] = newBinning(f, o.Bins, o.MinBinRows)
		}
		d := newDesign(ds, bins)
		return bins, d, fitBags(ds, d, rows, o)
	}
	bins, d, bags := mainFit(ds)
	add := average(bags, bins)
	derived := chooseDerived(ds, d, bags, add, rows, o)
	if len(derived) > 0 {
		ds = withDerived(ds, derived)
		bins, d, bags = mainFit(ds)
		add = average(bags, bins)
	}
	grids, pairShapes := fitPairs(d, bins, bags, add, o)
	center(add, bins)
	m := &Model{Intercept: add.intercept, Rows: ds.Len(), Positives: ds.Positives(),
		RedShare: o.RedShare, YellowShare: o.YellowShare, MinWeight: o.MinWeight, bins: bins, raw: add,
		grids: grids, pairShapes: pairShapes, Derived: derived}
	var terms []*Term
	for j, b := range bins {
		terms = append(terms, newTerm(b, add.shape[j], d.cols[j], d.y, o))
	}
	for p, g := range grids {
		t := m.pairTerm(g, p, ds, d, o)
		terms = append(terms, t)
	}
	m.weigh(terms, o.MinWeight)
	scores, _ := m.Score(ds)
	m.calibrate(scores, ds.Labels, o)
	return m
}

// center moves each shape function's mean over the examples with a value
// into the intercept, so a measure's points read against the average
// account, and sets bins no example fell in to that mean: an unseen
// category counts as average.
func center(a *additive, bins []*binning) {
	for j, b := range bins {
		var sum, n float64
		for k := 1; k < b.nbins(); k++ {
			sum += a.shape[j][k] * float64(b.counts[k])
			n += float64(b.counts[k])
		}
		mean := 0.0
		if n > 0 {
			mean = sum / n
		}
		for k := range a.shape[j] {
			a.shape[j][k] -= mean
			if b.counts[k] == 0 {
				a.shape[j][k] = 0
			}
		}
		a.intercept += mean
	}
}

// newTerm turns a shape function over bins into bands (numeric: the fewest,
// up to o.MaxBands, that keep the shape within 0.01 log-odds on average) or
// category effects.
func newTerm(b *binning, shape []float64, col []uint8, y []float64, o Options) *Term {
	t := &Term{Feature: b.name, Numeric: b.numeric, Missing: b.counts[missingBin], MissingLogit: shape[missingBin]}
	bandOf := make([]int, b.nbins()) // bin → band, or -1 for missing
	bandOf[missingBin] = -1
	if b.numeric {
		n := b.nbins() - 1
		vals, weights := make([]float64, n), make([]float64, n)
		for k := range n {
			vals[k], weights[k] = shape[k+1], float64(b.counts[k+1])
		}
		ends, sse := segment(vals, weights, o.MaxBands)
		total := 0.0
		for _, w := range weights {
			total += w
		}
		r := len(ends) - 1
		for q := range ends {
			if total == 0 || math.Sqrt(sse[q]/total) <= 0.01 {
				r = q
				break
			}
		}
		start := 0
		for band, e := range ends[r] {
			sum, w := 0.0, 0.0
			for k := start; k < e; k++ {
				sum += vals[k] * weights[k]
				w += weights[k]
				bandOf[k+1] = band
			}
			t.Logit = append(t.Logit, sum/max(w, 1))
			if e < n {
				t.Cuts = append(t.Cuts, b.cuts[e-1])
			}
			start = e
		}
	} else {
		t.Cats = slices.Clone(b.cats)
		t.Logit = slices.Clone(shape[1:])
		for k := 1; k < b.nbins(); k++ {
			bandOf[k] = k - 1
		}
	}
	t.Rows, t.Churned = make([]int, len(t.Logit)), make([]int, len(t.Logit))
	for i, k := range col {
		if band := bandOf[k]; band >= 0 {
			t.Rows[band]++
			if y[i] == 1 {
				t.Churned[band]++
			}
		}
	}
	t.setPoints()
	return t
}

// weigh gives each term its share of the score, in proportion to how far it
// moves the churn log-odds, so the weighted average of points is a linear
// function of the additive model's log-odds. Terms under minWeight percent
// are dropped and the shares recomputed over the rest.
func (m *Model) weigh(terms []*Term, minWeight float64) {
	total := 0.0
	for _, t := range terms {
		total += t.Range
	}
	var kept []*Term
	keptTotal := 0.0
	for _, t := range terms {
		if total > 0 && 100*t.Range/total >= minWeight {
			kept = append(kept, t)
			keptTotal += t.Range
		} else {
			m.Dropped = append(m.Dropped, t)
		}
	}
	for _, t := range kept {
		t.Weight = math.Round(1000*t.Range/keptTotal) / 10
	}
	slices.SortStableFunc(kept, func(a, b *Term) int { return -cmpFloat(a.Weight, b.Weight) })
	m.Terms = kept
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pairTerm centers pair p's shape over the examples it covers (moving the
// mean into the intercept) and simplifies it into a small tree.
func (m *Model) pairTerm(g *grid, p int, ds *Dataset, d *design, o Options) *Term {
	shape := m.pairShapes[p]
	weight := make([]float64, len(shape))
	cells := g.cellsOf(d)
	for _, c := range cells {
		if c != noCell {
			weight[c]++
		}
	}
	var sum, n float64
	for c, w := range weight {
		sum += w * shape[c]
		n += w
	}
	if n > 0 {
		for c := range shape {
			shape[c] -= sum / n
		}
		m.Intercept += sum / n
		m.raw.intercept += sum / n
	}
	tree, means := pairTree(g, m.bins, shape, weight, o.PairLeaves, max(float64(o.MinLeafRows), 0.01*n))
	t := &Term{Feature: tree.Features[0] + " × " + tree.Features[1], Pair: tree, Logit: means,
		Rows: make([]int, len(means)), Churned: make([]int, len(means))}
	cols := [2]*Feature{ds.Features[g.x.feature], ds.Features[g.y.feature]}
	for i := range ds.Len() {
		if k, ok := t.band(cols[:], i); ok {
			t.Rows[k]++
			if ds.Labels[i] {
				t.Churned[k]++
			}
		} else {
			t.Missing++
		}
	}
	t.setPoints()
	return t
}

// setPoints gives the best band 100 points and the worst 0, the others in
// proportion to their effect on the log-odds.
func (t *Term) setPoints() {
	lo, hi := slices.Min(t.Logit), slices.Max(t.Logit)
	t.Range = hi - lo
	t.Points = make([]float64, len(t.Logit))
	for k, v := range t.Logit {
		if t.Range > 0 {
			t.Points[k] = math.Round(100 * (hi - v) / t.Range)
		}
	}
	// A missing value scores what the model learned for it, on the same
	// line, so the card's score stays a straight line of the log-odds.
	if t.Pair == nil && t.Missing > 0 && t.Range > 0 {
		t.MissingPoints = min(max(math.Round(100*(hi-t.MissingLogit)/t.Range), 0), 100)
		t.HasMissing = true
	}
}
