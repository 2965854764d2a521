package calibrate

import "math"

// segment cuts a sequence of values, each with a weight, into at most k runs
// of neighbours so that replacing every value by its run's weighted mean
// loses the least weighted squared error. It returns, for each number of
// runs from 1 to k, where the runs end (exclusive) and the error.
// Dynamic programming: O(k·n²), for the few dozen bins of a measure.
func segment(vals, weights []float64, k int) (ends [][]int, sse []float64) {
	n := len(vals)
	k = min(k, n)
	var cw, cwv, cwv2 []float64
	cw, cwv, cwv2 = make([]float64, n+1), make([]float64, n+1), make([]float64, n+1)
	for i := range n {
		cw[i+1] = cw[i] + weights[i]
		cwv[i+1] = cwv[i] + weights[i]*vals[i]
		cwv2[i+1] = cwv2[i] + weights[i]*vals[i]*vals[i]
	}
	cost := func(a, b int) float64 { // runs a…b-1
		w := cw[b] - cw[a]
		if w <= 0 {
			return 0
		}
		s := cwv[b] - cwv[a]
		return max(cwv2[b]-cwv2[a]-s*s/w, 0)
	}
	// best[r][i]: least error of r+1 runs over the first i values; from[r][i] where the last run starts.
	best := make([][]float64, k)
	from := make([][]int, k)
	for r := range k {
		best[r] = make([]float64, n+1)
		from[r] = make([]int, n+1)
		for i := range best[r] {
			best[r][i] = math.Inf(1)
		}
	}
	for i := 1; i <= n; i++ {
		best[0][i] = cost(0, i)
	}
	for r := 1; r < k; r++ {
		for i := r + 1; i <= n; i++ {
			for j := r; j < i; j++ {
				if c := best[r-1][j] + cost(j, i); c < best[r][i] {
					best[r][i], from[r][i] = c, j
				}
			}
		}
	}
	for r := range k {
		e := make([]int, r+1)
		i := n
		for q := r; q >= 0; q-- {
			e[q] = i
			i = from[q][i]
		}
		ends = append(ends, e)
		sse = append(sse, best[r][n])
	}
	return ends, sse
}
