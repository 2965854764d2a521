package calibrate

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// design is a dataset binned for boosting: one byte per example and feature,
// stored by feature so a pass over one feature reads memory in order.
type design struct {
	bins []*binning
	cols [][]uint8
	y    []float64 // 1 positive, 0 negative
}

func newDesign(ds *Dataset, bins []*binning) *design {
	d := &design{bins: bins, cols: make([][]uint8, len(bins)), y: make([]float64, ds.Len())}
	for j, b := range bins {
		d.cols[j] = b.apply(ds.Features[j])
	}
	for i, l := range ds.Labels {
		if l {
			d.y[i] = 1
		}
	}
	return d
}

// additive is a fitted additive model on a design's bins: the log-odds of a
// positive are intercept + Σ shape[j][bin of feature j].
type additive struct {
	intercept float64
	shape     [][]float64
}

func (a *additive) logit(d *design, i int) float64 {
	s := a.intercept
	for j, col := range d.cols {
		s += a.shape[j][col[i]]
	}
	return s
}

// bag is one boosted model and the split it stopped early on.
type bag struct {
	main         *additive
	train, valid []int
}

// fitBags fits o.Bags boosted models, each stopping early on its own
// validation split of rows. The bags run in parallel; the result depends
// on o.Seed only.
func fitBags(ds *Dataset, d *design, rows []int, o Options) []*bag {
	n := o.Bags
	if n <= 0 {
		n = bagsFor(len(rows))
	}
	bags := make([]*bag, n)
	parallel(len(bags), o.Workers, func(b int) {
		train, valid := holdOut(ds, rows, o.ValidationShare, newRand(o.Seed, uint64(b)))
		slices.Sort(train)
		slices.Sort(valid)
		bags[b] = &bag{main: boost(d, train, valid, o, newRand(o.Seed, uint64(b)+1<<20)), train: train, valid: valid}
	})
	return bags
}

// parallel calls fn(0…n-1) on up to workers goroutines (0: GOMAXPROCS).
func parallel(n, workers int, fn func(int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(i)
		}()
	}
	wg.Wait()
}

// average is the mean of the bags' models.
func average(bags []*bag, bins []*binning) *additive {
	avg := &additive{shape: make([][]float64, len(bins))}
	for j, b := range bins {
		avg.shape[j] = make([]float64, b.nbins())
	}
	for _, bg := range bags {
		m := bg.main
		avg.intercept += m.intercept / float64(len(bags))
		for j := range m.shape {
			for k, v := range m.shape[j] {
				avg.shape[j][k] += v / float64(len(bags))
			}
		}
	}
	return avg
}

// boost fits one additive model by cyclic gradient boosting on log-loss:
// each round visits every feature in turn and moves its shape function a
// learning-rate step towards a small tree fitted, by Newton steps, to the
// gradient over the feature's bins. It keeps the shape functions of the
// round with the lowest log-loss on valid, and stops o.Patience rounds
// after it.
func boost(d *design, train, valid []int, o Options, rng *rand.Rand) *additive {
	nf := len(d.bins)
	gather := func(rows []int) ([][]uint8, []float64) {
		cols := make([][]uint8, nf)
		for j := range cols {
			cols[j] = make([]uint8, len(rows))
			for k, i := range rows {
				cols[j][k] = d.cols[j][i]
			}
		}
		y := make([]float64, len(rows))
		for k, i := range rows {
			y[k] = d.y[i]
		}
		return cols, y
	}
	tc, ty := gather(train)
	vc, vy := gather(valid)

	pos := 0.0
	for _, y := range ty {
		pos += y
	}
	rate := (pos + 0.5) / (float64(len(ty)) + 1)
	b0 := math.Log(rate / (1 - rate))
	m := &additive{intercept: b0, shape: make([][]float64, nf)}
	best := &additive{intercept: b0, shape: make([][]float64, nf)}
	counts := make([][]float64, nf)
	maxNB := 0
	for j, b := range d.bins {
		m.shape[j] = make([]float64, b.nbins())
		best.shape[j] = make([]float64, b.nbins())
		counts[j] = make([]float64, b.nbins())
		for _, k := range tc[j] {
			counts[j][k]++
		}
		maxNB = max(maxNB, b.nbins())
	}
	ts := make([]float64, len(ty))
	tp := make([]float64, len(ty)) // the probabilities of ts
	vs := make([]float64, len(vy))
	for i := range ts {
		ts[i] = b0
	}
	for i := range vs {
		vs[i] = b0
	}
	g, h := make([]float64, maxNB), make([]float64, maxNB)
	delta := make([]float64, maxNB)
	t := newTreeFitter(maxNB, o)

	// The gradient histogram of feature 0; afterwards each update pass
	// builds the next feature's histogram as it goes.
	for i, k := range tc[0] {
		p := sigmoid(ts[i])
		tp[i] = p
		g[k] += p - ty[i]
		h[k] += p * (1 - p)
	}
	bestLoss, bestRound := validLoss(vs, vy), 0
	for round := 1; round <= o.MaxRounds; round++ {
		for j := range nf {
			nb := d.bins[j].nbins()
			var r *rand.Rand
			if round <= o.SmoothRounds {
				r = rng
			}
			t.fit(delta[:nb], g[:nb], h[:nb], counts[j], !d.bins[j].numeric, r)
			for k := range nb {
				m.shape[j][k] += delta[k]
			}
			next := tc[(j+1)%nf]
			clear(g)
			clear(h)
			col := tc[j]
			if j == 0 {
				// Once a round, the exact probabilities.
				for i := range ts {
					s := ts[i] + delta[col[i]]
					ts[i] = s
					p := 1 / (1 + math.Exp(-s))
					tp[i] = p
					k := next[i]
					g[k] += p - ty[i]
					h[k] += p * (1 - p)
				}
			} else {
				// In between, a first-order step: dp = p(1-p)·ds, exact to
				// O(ds²) for steps that a learning rate keeps small, and
				// three times faster than an exponential per example.
				for i := range ts {
					d := delta[col[i]]
					ts[i] += d
					p := tp[i]
					p = min(max(p+p*(1-p)*d, 1e-12), 1-1e-12)
					tp[i] = p
					k := next[i]
					g[k] += p - ty[i]
					h[k] += p * (1 - p)
				}
			}
			vcol := vc[j]
			for i := range vs {
				vs[i] += delta[vcol[i]]
			}
		}
		loss := validLoss(vs, vy)
		if loss < bestLoss-1e-7 {
			bestLoss, bestRound = loss, round
			for j := range m.shape {
				copy(best.shape[j], m.shape[j])
			}
		} else if round-bestRound >= o.Patience {
			break
		}
	}
	return best
}

func sigmoid(s float64) float64 { return 1 / (1 + math.Exp(-s)) }

// validLoss is the mean log-loss of log-odds s for labels y; with no
// validation examples it is 0, so boosting stops after o.Patience rounds.
func validLoss(s, y []float64) float64 {
	if len(s) == 0 {
		return 0
	}
	sum := 0.0
	for i, v := range s {
		// log(1+e^v) − y·v, computed without overflow.
		if v > 0 {
			sum += v + math.Log1p(math.Exp(-v)) - y[i]*v
		} else {
			sum += math.Log1p(math.Exp(v)) - y[i]*v
		}
	}
	return sum / float64(len(s))
}
