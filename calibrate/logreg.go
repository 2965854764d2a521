package calibrate

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// fitLogistic fits log-odds = b + w·x by Newton's method (iteratively
// reweighted least squares) with a ridge of l2 on w, not on b.
func fitLogistic(xs [][]float64, ys []bool, l2 float64) (w []float64, b float64) {
	d := 0
	if len(xs) > 0 {
		d = len(xs[0])
	}
	p := d + 1 // the intercept is the last coefficient
	beta := make([]float64, p)
	pos := 0.0
	for _, y := range ys {
		if y {
			pos++
		}
	}
	rate := (pos + 0.5) / (float64(len(ys)) + 1)
	beta[d] = math.Log(rate / (1 - rate))
	hess := make([]float64, p*p)
	grad := make([]float64, p)
	row := make([]float64, p)
	row[d] = 1
	var chol mat.Cholesky
	step := mat.NewVecDense(p, nil)
	for range 100 {
		clear(hess)
		clear(grad)
		for i, x := range xs {
			copy(row, x)
			s := 0.0
			for k, v := range row {
				s += beta[k] * v
			}
			pr := sigmoid(s)
			g, h := pr, pr*(1-pr)
			if ys[i] {
				g--
			}
			for a, va := range row {
				if va == 0 {
					continue
				}
				grad[a] += g * va
				hv := h * va
				r := hess[a*p : a*p+p]
				for c := a; c < p; c++ {
					r[c] += hv * row[c]
				}
			}
		}
		for a := range d {
			grad[a] += l2 * beta[a]
			hess[a*p+a] += l2
		}
		hess[d*p+d] += 1e-9
		for a := range p { // mirror the upper triangle
			for c := a + 1; c < p; c++ {
				hess[c*p+a] = hess[a*p+c]
			}
		}
		if !chol.Factorize(mat.NewSymDense(p, hess)) {
			for a := range p {
				hess[a*p+a] += 1e-6
			}
			if !chol.Factorize(mat.NewSymDense(p, hess)) {
				break
			}
		}
		if err := chol.SolveVecTo(step, mat.NewVecDense(p, grad)); err != nil {
			break
		}
		largest := 0.0
		for k := range beta {
			beta[k] -= step.AtVec(k)
			largest = max(largest, math.Abs(step.AtVec(k)))
		}
		if largest < 1e-9 {
			break
		}
	}
	return beta[:d], beta[d]
}

// LogReg is the baseline the explainable model is measured against: logistic
// regression on standardised numbers and one-hot categories (rare ones
// pooled), with an indicator for each feature's missing values, and a ridge
// so that separable data still fits.
type LogReg struct {
	enc []encoding
	w   []float64
	b   float64
}

// encoding turns one feature into columns of the regression.
type encoding struct {
	name        string
	numeric     bool
	mean, sd    float64
	cats        map[string]int // folded category → column offset; other is len
	ncats       int
	missingFlag bool
}

func (e *encoding) width() int {
	n := 1
	if !e.numeric {
		n = e.ncats + 1
	}
	if e.missingFlag {
		n++
	}
	return n
}

func (e *encoding) write(dst []float64, f *Feature, i int) {
	clear(dst[:e.width()])
	missing := f.missing(i)
	if e.missingFlag && missing {
		dst[e.width()-1] = 1
	}
	if missing {
		return
	}
	if e.numeric {
		dst[0] = (f.Num[i] - e.mean) / e.sd
		return
	}
	k, ok := e.cats[fold(f.Cat[i])]
	if !ok {
		k = e.ncats
	}
	dst[k] = 1
}

// FitLogReg fits the baseline on every example of ds.
func FitLogReg(ds *Dataset, o Options) (*LogReg, error) {
	if err := ds.Validate(); err != nil {
		return nil, err
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	lr := &LogReg{}
	for _, f := range ds.Features {
		e := encoding{name: f.Name, numeric: f.Numeric()}
		var sum, sum2, n float64
		for i := range ds.Len() {
			if f.missing(i) {
				e.missingFlag = true
			} else if e.numeric {
				sum += f.Num[i]
				sum2 += f.Num[i] * f.Num[i]
				n++
			}
		}
		if e.numeric {
			e.mean, e.sd = 0, 1
			if n > 0 {
				e.mean = sum / n
				if v := sum2/n - e.mean*e.mean; v > 1e-12 {
					e.sd = math.Sqrt(v)
				}
			}
		} else {
			cats, index := categories(f.Cat, o.MinBinRows)
			e.ncats = len(cats)
			e.cats = map[string]int{}
			for k, b := range index {
				e.cats[k] = b - 1
			}
		}
		lr.enc = append(lr.enc, e)
	}
	xs, err := lr.matrix(ds)
	if err != nil {
		return nil, err
	}
	lr.w, lr.b = fitLogistic(xs, ds.Labels, o.LogRegL2)
	return lr, nil
}

func (lr *LogReg) matrix(ds *Dataset) ([][]float64, error) {
	byName := map[string]*Feature{}
	for _, f := range ds.Features {
		byName[f.Name] = f
	}
	width := 0
	for _, e := range lr.enc {
		width += e.width()
		if err := checkFeature(e.name, e.numeric, byName[e.name], ds.Len()); err != nil {
			return nil, err
		}
	}
	flat := make([]float64, ds.Len()*width)
	xs := make([][]float64, ds.Len())
	for i := range xs {
		xs[i] = flat[i*width : (i+1)*width]
		at := 0
		for k := range lr.enc {
			e := &lr.enc[k]
			e.write(xs[i][at:], byName[e.name], i)
			at += e.width()
		}
	}
	return xs, nil
}

// Predict returns each example's churn probability.
func (lr *LogReg) Predict(ds *Dataset) ([]float64, error) {
	xs, err := lr.matrix(ds)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(xs))
	for i, x := range xs {
		s := lr.b
		for k, v := range x {
			s += lr.w[k] * v
		}
		out[i] = sigmoid(s)
	}
	return out, nil
}
