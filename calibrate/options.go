package calibrate

import "github.com/gtg-dev/gtg"

// Options tune fitting and cross-validation. The zero value of a field takes
// its default (DefaultOptions); the defaults are chosen to do well across
// churn tables of a few hundred to a few hundred thousand rows, not tuned to
// any one of them.
type Options struct {
	Folds int    // k of k-fold cross-validation
	Seed  uint64 // the same seed gives the same folds, model and scores; used as given, 0 included

	// Binning.
	Bins       int // most bins of a numeric measure
	MinBinRows int // fewest examples in a bin; categories seen less often are pooled as "other"

	// Boosting: each round fits every measure's shape function in turn to
	// the residual log-loss gradient with a small tree over its bins.
	LearningRate    float64 // shrinks every step
	MaxRounds       int     // most rounds over all measures
	Patience        int     // stop after this many rounds without a better validation loss
	Bags            int     // models fitted on different validation splits and averaged; 0: by rows (see bagsFor)
	ValidationShare float64 // share of the training groups held out for early stopping, per bag
	SmoothRounds    int     // first rounds that cut at random, for smoother shape functions (negative: none)
	Leaves          int     // leaves of each step's tree over a measure's bins (the missing bin is its own)
	MinLeafRows     int     // fewest examples in a leaf
	L2              float64 // ridge on leaf values, in units of summed hessian

	// Pairwise terms: up to Pairs pairs of measures (negative: none) are
	// boosted after the main effects, and kept when they raise the bags'
	// mean validation AUC by MinPairGain or more; each becomes a tree of at
	// most PairLeaves leaves in the card.
	Pairs       int
	MinPairGain float64
	PairLeaves  int

	// Derived measures: sums of columns that share a first or last word
	// and ratios (per seat, used over licensed) are ranked on the main
	// effects' residuals; the best Derived (negative: none) are tried in
	// turn, each kept when it raises the mean validation AUC of the first
	// bags by MinDerivedGain or more.
	Derived        int
	MinDerivedGain float64

	// The scorecard.
	MaxBands  int     // most bands of a numeric measure
	MinWeight float64 // measures that would carry less of the score, in percent, are left out

	// Thresholds: the share of examples the card should flag red, and yellow
	// (the next riskiest share after the red ones).
	RedShare    float64
	YellowShare float64

	// LogRegL2 is the ridge of the logistic-regression baseline.
	LogRegL2 float64

	// Workers bounds how many bags are fitted at once; 0 is GOMAXPROCS.
	Workers int
}

// DefaultOptions are the options a zero field takes.
var DefaultOptions = Options{
	Folds:           5,
	Bins:            32,
	MinBinRows:      10,
	LearningRate:    0.04,
	MaxRounds:       3000,
	Patience:        50,
	ValidationShare: 0.15,
	SmoothRounds:    150,
	Leaves:          3,
	MinLeafRows:     30,
	L2:              5,
	Pairs:           3,
	MinPairGain:     0.002,
	PairLeaves:      4,
	Derived:         3,
	MinDerivedGain:  0.002,
	MaxBands:        8,
	MinWeight:       0.5,
	RedShare:        0.10,
	YellowShare:     0.20,
	LogRegL2:        1,
}

// withDefaults fills the zero fields and checks the rest.
func (o Options) withDefaults() (Options, error) {
	d := DefaultOptions
	fill := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	fillF := func(v *float64, def float64) {
		if *v == 0 {
			*v = def
		}
	}
	fill(&o.Folds, d.Folds)
	fill(&o.Bins, d.Bins)
	fill(&o.MinBinRows, d.MinBinRows)
	fillF(&o.LearningRate, d.LearningRate)
	fill(&o.MaxRounds, d.MaxRounds)
	fill(&o.Patience, d.Patience)
	fillF(&o.ValidationShare, d.ValidationShare)
	fill(&o.Leaves, d.Leaves)
	fill(&o.SmoothRounds, d.SmoothRounds)
	fill(&o.MinLeafRows, d.MinLeafRows)
	fill(&o.MaxBands, d.MaxBands)
	fill(&o.Pairs, d.Pairs)
	fillF(&o.MinPairGain, d.MinPairGain)
	fill(&o.PairLeaves, d.PairLeaves)
	fill(&o.Derived, d.Derived)
	fillF(&o.MinDerivedGain, d.MinDerivedGain)
	fillF(&o.MinWeight, d.MinWeight)
	fillF(&o.RedShare, d.RedShare)
	fillF(&o.YellowShare, d.YellowShare)
	fillF(&o.LogRegL2, d.LogRegL2)
	switch {
	case o.Folds < 2:
		return o, gtg.Errorf(gtg.EINVALID, "folds: %d is too few; cross-validation needs at least 2", o.Folds)
	case o.Bins < 2:
		return o, gtg.Errorf(gtg.EINVALID, "bins: want at least 2")
	case o.LearningRate <= 0 || o.LearningRate > 1:
		return o, gtg.Errorf(gtg.EINVALID, "learning rate %v: want above 0, at most 1", o.LearningRate)
	case o.ValidationShare <= 0 || o.ValidationShare >= 0.5:
		return o, gtg.Errorf(gtg.EINVALID, "validation share %v: want above 0, under 0.5", o.ValidationShare)
	case o.Leaves < 2:
		return o, gtg.Errorf(gtg.EINVALID, "leaves: want at least 2")
	case o.PairLeaves < 2:
		return o, gtg.Errorf(gtg.EINVALID, "pair leaves: want at least 2")
	case o.MaxBands < 2:
		return o, gtg.Errorf(gtg.EINVALID, "bands: want at least 2")
	case o.RedShare <= 0 || o.YellowShare <= 0 || o.RedShare+o.YellowShare >= 1:
		return o, gtg.Errorf(gtg.EINVALID, "red share %v and yellow share %v: each must be above 0, together under 1", o.RedShare, o.YellowShare)
	}
	return o, nil
}

// bagsFor is the number of bags when Options.Bags is 0: 8 up to 20,000
// examples, fewer above, down to 3 from about 53,000. Averaging bags tames
// the variance of the shape functions, which shrinks as examples grow,
// while the time grows with examples × bags.
func bagsFor(n int) int {
	return min(8, max(3, 160000/max(n, 1)))
}
