package demo

import (
	"math"
	"math/rand/v2"
)

// Random streams of one account. Each part of the simulation draws from its
// own stream, so adding extra metrics, say, leaves every other value as it was.
const (
	streamProfile = iota
	streamContacts
	streamShocks
	streamHealth
	streamEvents
	streamUsage
	streamExtra
	streamSave // the save workflow: plans, risk, handoffs, re-discoveries (see workflow.go)
)

// newRand returns the generator of one stream of one account. Seeding from
// (seed, account, stream) rather than from one shared generator makes an
// account's data independent of the order and batching of generation.
func newRand(seed int64, account, stream int) *rand.Rand {
	a := splitmix(uint64(seed))
	b := splitmix(a ^ splitmix(uint64(account)<<8|uint64(stream)))
	return rand.New(rand.NewPCG(a, b))
}

// splitmix is SplitMix64's finalizer: it spreads nearby seeds (account 1, 2,
// 3…) over unrelated generator states.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// uniform returns a float in [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// between returns an int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// lognormal returns a positive value with the given median and spread (the
// standard deviation of its logarithm).
func lognormal(r *rand.Rand, median, spread float64) float64 {
	return median * math.Exp(spread*r.NormFloat64())
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// poisson draws a count with mean lambda: exactly for small means, by the
// normal approximation for large ones (daily counts of big accounts).
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, r.Float64()
	for p > l {
		k++
		p *= r.Float64()
	}
	return k
}

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// weighted returns an index drawn with the given relative weights.
func weighted(r *rand.Rand, weights ...float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
