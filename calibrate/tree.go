package calibrate

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// treeFitter fits one boosting step's tree over a feature's bins: the
// missing bin is a leaf of its own, the other bins are cut into at most
// o.Leaves runs (numeric bins in value order, categories in order of their
// gradient ratio), chosen greedily by the log-loss gain of each cut.
type treeFitter struct {
	o      Options
	order  []int     // the non-missing bins in split order
	cg, ch []float64 // prefix sums over order: gradient and hessian
	cc     []float64 // and examples
	leaves []span
}

// span is a run of order[lo:hi], one leaf.
type span struct{ lo, hi int }

func newTreeFitter(maxNB int, o Options) *treeFitter {
	return &treeFitter{o: o, order: make([]int, 0, maxNB),
		cg: make([]float64, maxNB+1), ch: make([]float64, maxNB+1), cc: make([]float64, maxNB+1)}
}

// fit writes the step for each bin into delta.
// With rng set, the cuts are drawn at random among those that leave
// enough examples on each side, instead of the best: the smoothing rounds.
func (t *treeFitter) fit(delta, g, h, counts []float64, categorical bool, rng *rand.Rand) {
	lr, l2 := t.o.LearningRate, t.o.L2
	clear(delta)
	if counts[missingBin] > 0 {
		delta[missingBin] = -lr * g[missingBin] / max(h[missingBin]+l2, 1e-12)
	}
	t.order = t.order[:0]
	for k := 1; k < len(delta); k++ {
		if !categorical || counts[k] > 0 {
			t.order = append(t.order, k)
		}
	}
	if categorical {
		slices.SortStableFunc(t.order, func(a, b int) int {
			return cmp.Compare(g[a]/(h[a]+l2+1e-12), g[b]/(h[b]+l2+1e-12))
		})
	}
	n := len(t.order)
	if n == 0 {
		return
	}
	for i, k := range t.order {
		t.cg[i+1], t.ch[i+1], t.cc[i+1] = t.cg[i]+g[k], t.ch[i]+h[k], t.cc[i]+counts[k]
	}
	score := func(lo, hi int) float64 {
		G, H := t.cg[hi]-t.cg[lo], t.ch[hi]-t.ch[lo]
		return G * G / max(H+l2, 1e-12)
	}
	min := float64(t.o.MinLeafRows)
	t.leaves = append(t.leaves[:0], span{0, n})
	for len(t.leaves) < t.o.Leaves {
		bestGain, bestLeaf, bestAt := 1e-12, -1, 0
		if rng != nil {
			bestLeaf, bestAt = t.randomCut(rng, min)
			if bestLeaf < 0 {
				break
			}
		}
		for li, s := range t.leaves {
			if rng != nil {
				break
			}
			whole := score(s.lo, s.hi)
			for at := s.lo + 1; at < s.hi; at++ {
				if t.cc[at]-t.cc[s.lo] < min || t.cc[s.hi]-t.cc[at] < min {
					continue
				}
				if gain := score(s.lo, at) + score(at, s.hi) - whole; gain > bestGain {
					bestGain, bestLeaf, bestAt = gain, li, at
				}
			}
		}
		if bestLeaf < 0 {
			break
		}
		s := t.leaves[bestLeaf]
		t.leaves[bestLeaf] = span{s.lo, bestAt}
		t.leaves = append(t.leaves, span{bestAt, s.hi})
	}
	if len(t.leaves) == 1 {
		return // no split worth making: the intercept already holds the mean
	}
	for _, s := range t.leaves {
		G, H := t.cg[s.hi]-t.cg[s.lo], t.ch[s.hi]-t.ch[s.lo]
		v := -lr * G / max(H+l2, 1e-12)
		for _, k := range t.order[s.lo:s.hi] {
			delta[k] = v
		}
	}
}

// randomCut draws a leaf and a cut in it, among the cuts that leave at
// least min examples on each side; -1 when there is none.
func (t *treeFitter) randomCut(rng *rand.Rand, min float64) (leaf, at int) {
	seen := 0
	leaf = -1
	for li, s := range t.leaves {
		for a := s.lo + 1; a < s.hi; a++ {
			if t.cc[a]-t.cc[s.lo] < min || t.cc[s.hi]-t.cc[a] < min {
				continue
			}
			seen++
			if rng.IntN(seen) == 0 { // reservoir sampling: each cut equally likely
				leaf, at = li, a
			}
		}
	}
	return leaf, at
}
