package calibrate

import (
	"math"
	"math/rand/v2"
)

// newRand returns the random source of one stream of work (a bag, a fold
// split) of a seed: the same seed and stream always draw the same numbers,
// whichever goroutine runs them.
func newRand(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream^0x9e3779b97f4a7c15))
}

// groupsByClass lists the groups of the examples at rows, those with a
// positive example first and the others after, each in the order first seen,
// shuffled by rng; members maps a group to its examples.
func groupsByClass(ds *Dataset, rows []int, rng *rand.Rand) (pos, neg []string, members map[string][]int) {
	members = map[string][]int{}
	var order []string
	positive := map[string]bool{}
	for _, i := range rows {
		g := ds.group(i)
		if _, ok := members[g]; !ok {
			order = append(order, g)
		}
		members[g] = append(members[g], i)
		if ds.Labels[i] {
			positive[g] = true
		}
	}
	for _, g := range order {
		if positive[g] {
			pos = append(pos, g)
		} else {
			neg = append(neg, g)
		}
	}
	rng.Shuffle(len(pos), func(a, b int) { pos[a], pos[b] = pos[b], pos[a] })
	rng.Shuffle(len(neg), func(a, b int) { neg[a], neg[b] = neg[b], neg[a] })
	return pos, neg, members
}

// assignFolds deals the groups of all examples to k folds, stratified: the
// groups with a positive example are dealt round first, then the others
// continue the deal, so every fold gets a like share of each. It returns
// each example's fold; an example's whole group is in the same fold.
func assignFolds(ds *Dataset, k int, seed uint64) []int {
	rows := make([]int, ds.Len())
	for i := range rows {
		rows[i] = i
	}
	pos, neg, members := groupsByClass(ds, rows, newRand(seed, 1<<32))
	fold := make([]int, ds.Len())
	for n, g := range append(pos, neg...) {
		for _, i := range members[g] {
			fold[i] = n % k
		}
	}
	return fold
}

// holdOut splits rows into a training part and a validation part of about
// share of the groups of each class, never splitting a group.
func holdOut(ds *Dataset, rows []int, share float64, rng *rand.Rand) (train, valid []int) {
	pos, neg, members := groupsByClass(ds, rows, rng)
	take := func(gs []string) {
		nv := int(math.Round(share * float64(len(gs))))
		if nv == 0 && len(gs) > 1 {
			nv = 1
		}
		for n, g := range gs {
			if n < nv {
				valid = append(valid, members[g]...)
			} else {
				train = append(train, members[g]...)
			}
		}
	}
	take(pos)
	take(neg)
	return train, valid
}
