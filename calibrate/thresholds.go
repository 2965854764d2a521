package calibrate

import (
	"math"
	"slices"
	"strconv"
)

// calibrate maps scores to churn probabilities by a logistic fit on the
// fitted examples, and sets the thresholds that flag the alert volumes.
func (m *Model) calibrate(scores []float64, labels []bool, o Options) {
	var xs [][]float64
	var ys []bool
	var present []float64
	for i, s := range scores {
		if !math.IsNaN(s) {
			xs = append(xs, []float64{s / 100})
			ys = append(ys, labels[i])
			present = append(present, s)
		}
	}
	m.A, m.B = math.Log(float64(m.Positives)/float64(m.Rows-m.Positives)), 0
	if len(present) > 0 {
		w, b0 := fitLogistic(xs, ys, 1e-6)
		m.A, m.B = b0, -w[0]/100
	}
	slices.Sort(present)
	m.Yellow = cutAtShare(present, o.RedShare)
	m.Green = cutAtShare(present, o.RedShare+o.YellowShare)
	if m.Green <= m.Yellow {
		m.Green = m.Yellow + 0.1
	}
	m.Yellow, m.Green = min(max(m.Yellow, 0), 99.9), min(max(m.Green, 0.1), 100)
}

// cutAtShare returns a threshold with about share of the sorted scores below
// it: a number between two neighbouring distinct scores, at the place
// nearest the share; among the places within half a percent of the scores
// of it, the one whose threshold has the fewest digits, so the card reads
// "40.5" rather than "40.4873".
func cutAtShare(sorted []float64, share float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 100 * share
	}
	k := int(math.Round(share * float64(n)))
	cutAt := func(p int) float64 {
		switch p {
		case 0:
			return sorted[0]
		case n:
			return math.Nextafter(sorted[n-1], math.Inf(1))
		}
		return niceCut(sorted[p-1], sorted[p])
	}
	near := -1 // the place nearest k
	for p := 0; p <= n; p++ {
		if (p == 0 || p == n || sorted[p-1] < sorted[p]) && (near < 0 || abs(p-k) < abs(near-k)) {
			near = p
		}
	}
	slack := max(abs(near-k), n/200)
	best, bestLen := near, digits(cutAt(near))
	for p := max(k-slack, 1); p <= min(k+slack, n-1); p++ {
		if sorted[p-1] == sorted[p] {
			continue
		}
		if l := digits(cutAt(p)); l < bestLen || l == bestLen && abs(p-k) < abs(best-k) {
			best, bestLen = p, l
		}
	}
	return cutAt(best)
}

// digits is the length of a number as the card writes it.
func digits(v float64) int { return len(strconv.FormatFloat(v, 'f', -1, 64)) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
