package calibrate

import (
	"cmp"
	"math"
	"slices"
)

// Pairwise terms. After the main effects, a few pairs of measures whose
// joint values explain what the main effects leave (ranked as in FAST: the
// gain of the best 2×2 cut of their joint histogram of residual gradients)
// are boosted on a coarse grid of their values, in the same bags. They are
// kept only when they clearly improve the bags' validation AUC; each then
// becomes a small decision tree over the two measures, which a scorecard
// writes as an expression.

// The most bins of a measure in a pair's grid: numbers in quantiles,
// categories the most frequent with the rest as "other". A grid's cells
// must number under noCell.
const (
	coarseNumBins = 12
	coarseCatBins = 8
	maxCells      = coarseNumBins * coarseNumBins
)

// noCell marks an example outside a pair's grid: one of its values is
// missing, so the pair says nothing about it (as the card's expression).
const noCell = 255

// axis maps one feature's bins to a pair grid's coarse bins.
type axis struct {
	feature int
	numeric bool
	coarse  []uint8 // fine bin → coarse bin; noCell for the missing bin
	n       int     // coarse bins
	start   []int   // numeric: the first fine bin of each coarse bin
	members [][]int // categorical: the fine bins of each coarse bin; the last holds "other"
}

func newAxis(j int, b *binning) axis {
	ax := axis{feature: j, numeric: b.numeric, coarse: make([]uint8, b.nbins())}
	ax.coarse[missingBin] = noCell
	if b.numeric {
		// Quantiles: a fine bin goes to the coarse bin its middle example
		// falls in; coarse bins left empty are dropped.
		total := 0
		for k := 1; k < b.nbins(); k++ {
			total += b.counts[k]
		}
		before, last := 0, -1
		for k := 1; k < b.nbins(); k++ {
			q := min(coarseNumBins-1, int(float64(before)+float64(b.counts[k])/2)*coarseNumBins/max(total, 1))
			if q != last {
				ax.start = append(ax.start, k)
				last = q
			}
			ax.coarse[k] = uint8(len(ax.start) - 1)
			before += b.counts[k]
		}
		ax.n = len(ax.start)
		return ax
	}
	own := min(len(b.cats), coarseCatBins-1)
	ax.n = own + 1
	ax.members = make([][]int, ax.n)
	for k := 1; k < b.nbins(); k++ {
		c := min(k-1, own)
		ax.coarse[k] = uint8(c)
		ax.members[c] = append(ax.members[c], k)
	}
	return ax
}

// grid is a pair of axes.
type grid struct{ x, y axis }

func (g *grid) cells() int { return g.x.n * g.y.n }

// cellsOf returns each example's cell.
func (g *grid) cellsOf(d *design) []uint8 {
	cx, cy := d.cols[g.x.feature], d.cols[g.y.feature]
	out := make([]uint8, len(cx))
	for i := range out {
		a, b := g.x.coarse[cx[i]], g.y.coarse[cy[i]]
		if a == noCell || b == noCell {
			out[i] = noCell
		} else {
			out[i] = a*uint8(g.y.n) + b
		}
	}
	return out
}

// quadrants finds the best cut of a grid histogram into four quadrants: one
// cut on each axis, numeric axes in value order, categorical ones in order
// of their gradient ratio. It returns the gain and, per cell, its quadrant
// (-1 for a cell in no quadrant: none when no cut is allowed).
func quadrants(g *grid, gs, hs, cs []float64, minRows, l2 float64) (gain float64, quad []int) {
	order := func(ax axis, marg func(c int) (float64, float64)) []int {
		o := make([]int, ax.n)
		for c := range o {
			o[c] = c
		}
		if !ax.numeric {
			slices.SortStableFunc(o, func(a, b int) int {
				ga, ha := marg(a)
				gb, hb := marg(b)
				return cmp.Compare(ga/(ha+l2+1e-12), gb/(hb+l2+1e-12))
			})
		}
		return o
	}
	ny := g.y.n
	ox := order(g.x, func(a int) (float64, float64) {
		var G, H float64
		for b := range ny {
			G, H = G+gs[a*ny+b], H+hs[a*ny+b]
		}
		return G, H
	})
	oy := order(g.y, func(b int) (float64, float64) {
		var G, H float64
		for a := range g.x.n {
			G, H = G+gs[a*ny+b], H+hs[a*ny+b]
		}
		return G, H
	})
	score := func(G, H float64) float64 { return G * G / max(H+l2, 1e-12) }
	// Sums over the ordered grid's cells below and left of each corner.
	nx, nyo := len(ox), len(oy)
	w := nyo + 1
	var sum [(coarseNumBins + 1) * (coarseNumBins + 1)][3]float64
	for px, a := range ox {
		for py, b := range oy {
			c := a*ny + b
			for k, v := range [3]float64{gs[c], hs[c], cs[c]} {
				sum[(px+1)*w+py+1][k] = v + sum[px*w+py+1][k] + sum[(px+1)*w+py][k] - sum[px*w+py][k]
			}
		}
	}
	rect := func(x0, x1, y0, y1 int) (G, H, C float64) {
		at := func(x, y, k int) float64 { return sum[x*w+y][k] }
		f := func(k int) float64 { return at(x1, y1, k) - at(x0, y1, k) - at(x1, y0, k) + at(x0, y0, k) }
		return f(0), f(1), f(2)
	}
	G, H, _ := rect(0, nx, 0, nyo)
	whole := score(G, H)
	best, bx, by := 1e-12, -1, -1
	for sx := 1; sx < nx; sx++ {
		for sy := 1; sy < nyo; sy++ {
			gain, ok := -whole, true
			for _, r := range [4][4]int{{0, sx, 0, sy}, {0, sx, sy, nyo}, {sx, nx, 0, sy}, {sx, nx, sy, nyo}} {
				g, h, c := rect(r[0], r[1], r[2], r[3])
				if c < minRows {
					ok = false
					break
				}
				gain += score(g, h)
			}
			if ok && gain > best {
				best, bx, by = gain, sx, sy
			}
		}
	}
	if bx < 0 {
		return 0, nil
	}
	quad = make([]int, len(gs))
	for px, a := range ox {
		for py, b := range oy {
			k := 0
			if px >= bx {
				k += 2
			}
			if py >= by {
				k++
			}
			quad[a*ny+b] = k
		}
	}
	return best, quad
}

// selectPairs ranks the pairs among the features that matter most by the
// gain of their best quadrant cut on the residuals of the main effects, and
// returns the best n.
func selectPairs(d *design, bins []*binning, main *additive, n int, o Options) []*grid {
	const candidates = 24 // features considered: the strongest main effects
	feats := make([]int, len(bins))
	ranges := make([]float64, len(bins))
	for j := range bins {
		feats[j] = j
		lo, hi := math.Inf(1), math.Inf(-1)
		for k, v := range main.shape[j] {
			if k != missingBin && bins[j].counts[k] > 0 {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		ranges[j] = max(hi-lo, 0)
	}
	slices.SortStableFunc(feats, func(a, b int) int { return cmp.Compare(ranges[b], ranges[a]) })
	feats = feats[:min(len(feats), candidates)]
	slices.Sort(feats)
	grad, hess := make([]float64, len(d.y)), make([]float64, len(d.y))
	for i := range d.y {
		p := sigmoid(main.logit(d, i))
		grad[i], hess[i] = p-d.y[i], p*(1-p)
	}
	type ranked struct {
		g    *grid
		gain float64
	}
	var all []ranked
	for ai, a := range feats {
		for _, b := range feats[ai+1:] {
			g := &grid{x: newAxis(a, bins[a]), y: newAxis(b, bins[b])}
			if g.x.n < 2 || g.y.n < 2 {
				continue
			}
			gs, hs, cs := make([]float64, g.cells()), make([]float64, g.cells()), make([]float64, g.cells())
			for i, c := range g.cellsOf(d) {
				if c != noCell {
					gs[c] += grad[i]
					hs[c] += hess[i]
					cs[c]++
				}
			}
			if gain, quad := quadrants(g, gs, hs, cs, float64(o.MinLeafRows), o.L2); quad != nil {
				all = append(all, ranked{g, gain})
			}
		}
	}
	slices.SortStableFunc(all, func(a, b ranked) int { return cmp.Compare(b.gain, a.gain) })
	var out []*grid
	for _, r := range all[:min(len(all), n)] {
		out = append(out, r.g)
	}
	return out
}

// pairFit is one bag's pair shapes, and how much they improved its
// validation AUC.
type pairFit struct {
	shape [][]float64 // per pair, per cell: log-odds
	gain  float64
}

// boostPairs boosts the pairs' shape functions over their grids on top of
// the bag's main effects, stopping early on the bag's validation split.
func boostPairs(d *design, grids []*grid, cells [][]uint8, bg *bag, o Options) pairFit {
	gather := func(rows []int) ([]float64, []float64, [][]uint8) {
		s, y := make([]float64, len(rows)), make([]float64, len(rows))
		cs := make([][]uint8, len(grids))
		for p := range grids {
			cs[p] = make([]uint8, len(rows))
		}
		for k, i := range rows {
			s[k], y[k] = bg.main.logit(d, i), d.y[i]
			for p := range grids {
				cs[p][k] = cells[p][i]
			}
		}
		return s, y, cs
	}
	ts, ty, tc := gather(bg.train)
	vs, vy, vc := gather(bg.valid)
	before := validAUC(vs, vy)
	shape, best := make([][]float64, len(grids)), make([][]float64, len(grids))
	for p, g := range grids {
		shape[p], best[p] = make([]float64, g.cells()), make([]float64, g.cells())
	}
	bestLoss, bestRound := validLoss(vs, vy), 0
	bestVS := slices.Clone(vs)
	var gs, hs, cs [maxCells]float64
	for round := 1; round <= o.MaxRounds; round++ {
		for p, g := range grids {
			n := g.cells()
			clear(gs[:])
			clear(hs[:])
			clear(cs[:])
			for i, c := range tc[p] {
				if c != noCell {
					pr := sigmoid(ts[i])
					gs[c] += pr - ty[i]
					hs[c] += pr * (1 - pr)
					cs[c]++
				}
			}
			_, quad := quadrants(g, gs[:n], hs[:n], cs[:n], float64(o.MinLeafRows), o.L2)
			if quad == nil {
				continue
			}
			var qg, qh [4]float64
			for c, k := range quad {
				qg[k] += gs[c]
				qh[k] += hs[c]
			}
			var delta [maxCells]float64
			for c, k := range quad {
				delta[c] = -o.LearningRate * qg[k] / max(qh[k]+o.L2, 1e-12)
				shape[p][c] += delta[c]
			}
			for i, c := range tc[p] {
				if c != noCell {
					ts[i] += delta[c]
				}
			}
			for i, c := range vc[p] {
				if c != noCell {
					vs[i] += delta[c]
				}
			}
		}
		if loss := validLoss(vs, vy); loss < bestLoss-1e-7 {
			bestLoss, bestRound = loss, round
			for p := range shape {
				copy(best[p], shape[p])
			}
			copy(bestVS, vs)
		} else if round-bestRound >= o.Patience {
			break
		}
	}
	return pairFit{shape: best, gain: validAUC(bestVS, vy) - before}
}

func validAUC(s, y []float64) float64 {
	labels := make([]bool, len(y))
	for i, v := range y {
		labels[i] = v == 1
	}
	a := ROCAUC(s, labels)
	if math.IsNaN(a) {
		return 0
	}
	return a
}

// fitPairs selects and boosts the pairs in every bag and averages them; it
// returns none unless they raise the bags' mean validation AUC by at least
// o.MinPairGain.
func fitPairs(d *design, bins []*binning, bags []*bag, main *additive, o Options) ([]*grid, [][]float64) {
	if o.Pairs <= 0 || len(bins) < 2 {
		return nil, nil
	}
	grids := selectPairs(d, bins, main, o.Pairs, o)
	if len(grids) == 0 {
		return nil, nil
	}
	cells := make([][]uint8, len(grids))
	for p, g := range grids {
		cells[p] = g.cellsOf(d)
	}
	fits := make([]pairFit, len(bags))
	parallel(len(bags), o.Workers, func(b int) { fits[b] = boostPairs(d, grids, cells, bags[b], o) })
	gain := 0.0
	shapes := make([][]float64, len(grids))
	for p, g := range grids {
		shapes[p] = make([]float64, g.cells())
	}
	for _, f := range fits {
		gain += f.gain / float64(len(fits))
		for p := range f.shape {
			for c, v := range f.shape[p] {
				shapes[p][c] += v / float64(len(fits))
			}
		}
	}
	if gain < o.MinPairGain {
		return nil, nil
	}
	return grids, shapes
}
