// Package calibrate learns health scorecards from outcomes. It fits an
// explainable additive model of churn — one shape function per measure, in
// the manner of Explainable Boosting Machines — by cyclic gradient boosting on
// binned measures, checks it by k-fold cross-validation that never splits a
// group (an account) across folds, and writes it as a scorecard YAML a person
// can read and review: bands of values and the points each one earns.
//
// The package is pure computation over in-memory data: table mode reads a
// CSV into a Dataset, and the portfolio mode builds one from the store. The
// metrics (ROC AUC, PR AUC, precision and recall at an alert volume,
// calibration) are exported for backtests to share.
package calibrate

import (
	"math"

	"github.com/gtg-dev/gtg"
)

// Dataset is a set of labelled examples with one value per feature each.
type Dataset struct {
	IDs      []string   // one per example, for scores-out files
	Groups   []string   // examples that share a group never sit in two folds; nil: each example is its own group
	Labels   []bool     // true: the outcome happened (the account churned)
	Features []*Feature // the candidate measures
}

// Feature is one candidate measure: numeric (Num, NaN for missing) or
// categorical (Cat, "" for missing). Exactly one of Num and Cat is set.
type Feature struct {
	Name string    // as the source names it: a CSV column, a measure key
	Num  []float64 // numeric values; NaN is missing
	Cat  []string  // categories; "" is missing
}

// Numeric reports whether the feature holds numbers.
func (f *Feature) Numeric() bool { return f.Cat == nil }

func (f *Feature) missing(i int) bool {
	if f.Cat != nil {
		return f.Cat[i] == ""
	}
	return math.IsNaN(f.Num[i])
}

// Len is the number of examples.
func (ds *Dataset) Len() int { return len(ds.Labels) }

// Positives counts the examples labelled true.
func (ds *Dataset) Positives() int {
	n := 0
	for _, l := range ds.Labels {
		if l {
			n++
		}
	}
	return n
}

// group returns the group of example i.
func (ds *Dataset) group(i int) string {
	if ds.Groups != nil {
		return ds.Groups[i]
	}
	if ds.IDs != nil {
		return ds.IDs[i]
	}
	return ""
}

// Validate checks that the dataset can be fitted: both classes present, every
// column as long as the labels, each feature numeric or categorical.
func (ds *Dataset) Validate() error {
	n := ds.Len()
	switch pos := ds.Positives(); {
	case n == 0:
		return gtg.Errorf(gtg.EINVALID, "calibrate: no examples")
	case pos == 0:
		return gtg.Errorf(gtg.EINVALID, "calibrate: all %d examples are negative; the label needs both outcomes", n)
	case pos == n:
		return gtg.Errorf(gtg.EINVALID, "calibrate: all %d examples are positive; the label needs both outcomes", n)
	case ds.IDs != nil && len(ds.IDs) != n:
		return gtg.Errorf(gtg.EINVALID, "calibrate: %d ids for %d labels", len(ds.IDs), n)
	case ds.Groups != nil && len(ds.Groups) != n:
		return gtg.Errorf(gtg.EINVALID, "calibrate: %d groups for %d labels", len(ds.Groups), n)
	case ds.Groups == nil && ds.IDs == nil:
		return gtg.Errorf(gtg.EINVALID, "calibrate: examples need ids or groups")
	case len(ds.Features) == 0:
		return gtg.Errorf(gtg.EINVALID, "calibrate: no features to learn from")
	}
	seen := map[string]bool{}
	for _, f := range ds.Features {
		switch {
		case seen[f.Name]:
			return gtg.Errorf(gtg.EINVALID, "calibrate: feature %q given twice", f.Name)
		case (f.Num == nil) == (f.Cat == nil):
			return gtg.Errorf(gtg.EINVALID, "calibrate: feature %q must be numeric or categorical", f.Name)
		case len(f.Num)+len(f.Cat) != n:
			return gtg.Errorf(gtg.EINVALID, "calibrate: feature %q has %d values for %d examples", f.Name, len(f.Num)+len(f.Cat), n)
		}
		seen[f.Name] = true
	}
	return nil
}

// subset returns the examples at rows, sharing nothing with ds that a
// caller could change.
func (ds *Dataset) subset(rows []int) *Dataset {
	out := &Dataset{Labels: make([]bool, len(rows))}
	if ds.IDs != nil {
		out.IDs = make([]string, len(rows))
	}
	if ds.Groups != nil {
		out.Groups = make([]string, len(rows))
	}
	for k, i := range rows {
		out.Labels[k] = ds.Labels[i]
		if ds.IDs != nil {
			out.IDs[k] = ds.IDs[i]
		}
		if ds.Groups != nil {
			out.Groups[k] = ds.Groups[i]
		}
	}
	for _, f := range ds.Features {
		g := &Feature{Name: f.Name}
		if f.Cat != nil {
			g.Cat = make([]string, len(rows))
			for k, i := range rows {
				g.Cat[k] = f.Cat[i]
			}
		} else {
			g.Num = make([]float64, len(rows))
			for k, i := range rows {
				g.Num[k] = f.Num[i]
			}
		}
		out.Features = append(out.Features, g)
	}
	return out
}
