package calibrate

import (
	"math"

	"github.com/gtg-dev/gtg"
)

// Score returns the health score of each example of ds: the weighted
// average of the points of the measures with a value (or with points for
// having none), NaN when none has. It is what the written card computes.
// ds must have the features the model was fitted on, of the same types.
func (m *Model) Score(ds *Dataset) ([]float64, error) {
	cols, err := m.columns(ds, m.Terms)
	if err != nil {
		return nil, err
	}
	out := make([]float64, ds.Len())
	for i := range out {
		pts, have := 0.0, 0.0
		for j, t := range m.Terms {
			if k, ok := t.band(cols[j], i); ok {
				pts += t.Weight * t.Points[k]
				have += t.Weight
			} else if t.HasMissing {
				pts += t.Weight * t.MissingPoints
				have += t.Weight
			}
		}
		out[i] = math.NaN()
		if have > 0 {
			out[i] = pts / have
		}
	}
	return out, nil
}

// Probability is the churn probability of a score; the positive rate of the
// fitted examples when the score is NaN (no measure had a value).
func (m *Model) Probability(score float64) float64 {
	if math.IsNaN(score) {
		return float64(m.Positives) / float64(m.Rows)
	}
	return sigmoid(m.A - m.B*score)
}

// Predict returns each example's health score and churn probability.
func (m *Model) Predict(ds *Dataset) (scores, probs []float64, err error) {
	scores, err = m.Score(ds)
	if err != nil {
		return nil, nil, err
	}
	probs = make([]float64, len(scores))
	for i, s := range scores {
		probs[i] = m.Probability(s)
	}
	return scores, probs, nil
}

// PredictLogit returns the churn log-odds of the additive model behind the
// card, before its shape functions became bands and trees, with its effects
// of missing values: what the card gives up to be readable.
func (m *Model) PredictLogit(ds *Dataset) ([]float64, error) {
	all := make([]*Term, len(m.bins))
	for j, b := range m.bins {
		all[j] = &Term{Feature: b.name, Numeric: b.numeric}
	}
	cols, err := m.columns(ds, all)
	if err != nil {
		return nil, err
	}
	d := &design{bins: m.bins, cols: make([][]uint8, len(m.bins))}
	for j, b := range m.bins {
		d.cols[j] = b.apply(cols[j][0])
	}
	out := make([]float64, ds.Len())
	for i := range out {
		out[i] = m.raw.logit(d, i)
	}
	for p, g := range m.grids {
		for i, c := range g.cellsOf(d) {
			if c != noCell {
				out[i] += m.pairShapes[p][c]
			}
		}
	}
	return out, nil
}

// columns finds each term's feature (two for a pair) in ds by name.
func (m *Model) columns(ds *Dataset, terms []*Term) ([][]*Feature, error) {
	byName := map[string]*Feature{}
	for _, f := range ds.Features {
		byName[f.Name] = f
	}
	// The derived measures, from the features they read, unless ds has them.
	for _, dv := range m.Derived {
		if byName[dv.Name] != nil {
			continue
		}
		for _, p := range dv.Parts {
			if err := checkFeature(p, true, byName[p], ds.Len()); err != nil {
				return nil, err
			}
		}
		byName[dv.Name] = &Feature{Name: dv.Name, Num: dv.compute(byName, ds.Len())}
	}
	cols := make([][]*Feature, len(terms))
	for j, t := range terms {
		names, numeric := []string{t.Feature}, []bool{t.Numeric}
		if t.Pair != nil {
			names, numeric = t.Pair.Features[:], t.Pair.Numeric[:]
		}
		for k, name := range names {
			f := byName[name]
			if err := checkFeature(name, numeric[k], f, ds.Len()); err != nil {
				return nil, err
			}
			cols[j] = append(cols[j], f)
		}
	}
	return cols, nil
}

// checkFeature checks that f, found under name, is there and of the type
// the model was fitted on.
func checkFeature(name string, numeric bool, f *Feature, n int) error {
	switch {
	case f == nil:
		return gtg.Errorf(gtg.EINVALID, "the data has no %q, which the model scores", name)
	case f.Numeric() != numeric:
		return gtg.Errorf(gtg.EINVALID, "%q is %s here but was %s when the model was fitted", name, kindName(f.Numeric()), kindName(numeric))
	case len(f.Num)+len(f.Cat) != n:
		return gtg.Errorf(gtg.EINVALID, "%q has %d values for %d examples", name, len(f.Num)+len(f.Cat), n)
	}
	return nil
}

func kindName(numeric bool) string {
	if numeric {
		return "numeric"
	}
	return "categorical"
}

// band returns the band (category, leaf) of example i, false when it has
// no value. It follows the scorecard engine: a value below the first cut
// takes the first band; a category is matched ignoring case; an unlisted
// one is other; a pair needs both values.
func (t *Term) band(fs []*Feature, i int) (int, bool) {
	for _, f := range fs {
		if f.missing(i) {
			return 0, false
		}
	}
	if t.Pair != nil {
		var x [2]float64
		var s [2]string
		for k, f := range fs {
			if f.Numeric() {
				x[k] = f.Num[i]
			} else {
				s[k] = f.Cat[i]
			}
		}
		return t.Pair.leaf(x, s), true
	}
	f := fs[0]
	if t.Numeric {
		x := f.Num[i]
		for k, c := range t.Cuts {
			if x < c {
				return k, true
			}
		}
		return len(t.Cuts), true
	}
	v := fold(f.Cat[i])
	for k, c := range t.Cats {
		if fold(c) == v {
			return k, true
		}
	}
	return len(t.Cats), true
}
