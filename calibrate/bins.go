package calibrate

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// missingBin holds the examples without a value, in every binning.
const missingBin = 0

// maxBins bounds a feature's bins, the missing one included, so a binned
// value fits a byte.
const maxBins = 255

// binning turns one feature's values into small integers. Bin 0 holds the
// missing values. Numeric values x fall in bin 1 + (the number of cuts ≤ x),
// so that bin b covers [cuts[b-2], cuts[b-1]) as scorecard bands do.
// Categories are bins 1…len(cats); the last bin, "other", holds the rare
// ones and any value never seen.
type binning struct {
	name    string
	numeric bool
	cuts    []float64
	cats    []string       // as first written in the data
	index   map[string]int // folded category → bin
	counts  []int          // examples per bin in the data the binning was made from
}

// nbins is the number of bins, the missing one included.
func (b *binning) nbins() int {
	if b.numeric {
		return len(b.cuts) + 2
	}
	return len(b.cats) + 2
}

// otherBin is the categorical bin of rare and unseen values.
func (b *binning) otherBin() int { return len(b.cats) + 1 }

// fold is the form in which categories are compared: scorecards match text
// values ignoring case and surrounding space.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (b *binning) binNum(x float64) int {
	if math.IsNaN(x) {
		return missingBin
	}
	n, _ := slices.BinarySearchFunc(b.cuts, x, func(c, x float64) int {
		if c <= x {
			return -1
		}
		return 1
	})
	return 1 + n
}

func (b *binning) binCat(s string) int {
	if s == "" {
		return missingBin
	}
	if k, ok := b.index[fold(s)]; ok {
		return k
	}
	return b.otherBin()
}

// apply bins feature f's values.
func (b *binning) apply(f *Feature) []uint8 {
	out := make([]uint8, len(f.Num)+len(f.Cat))
	if b.numeric {
		for i, x := range f.Num {
			out[i] = uint8(b.binNum(x))
		}
	} else {
		for i, s := range f.Cat {
			out[i] = uint8(b.binCat(s))
		}
	}
	return out
}

// newBinning makes the bins of feature f from its values: for numbers,
// quantile bins of at least minRows examples each (up to bins of them),
// cut at the shortest decimal between neighbouring values; for categories,
// one bin per value seen at least minRows times (the most frequent first),
// the rest pooled as "other".
func newBinning(f *Feature, bins, minRows int) *binning {
	b := &binning{name: f.Name, numeric: f.Numeric()}
	if b.numeric {
		b.cuts = quantileCuts(f.Num, bins, minRows)
	} else {
		b.cats, b.index = categories(f.Cat, minRows)
	}
	b.counts = make([]int, b.nbins())
	for _, k := range b.apply(f) {
		b.counts[k]++
	}
	return b
}

func quantileCuts(vals []float64, bins, minRows int) []float64 {
	xs := make([]float64, 0, len(vals))
	for _, x := range vals {
		if !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	slices.Sort(xs)
	bins = min(bins, maxBins-1)
	target := max(minRows, int(math.Ceil(float64(len(xs))/float64(bins))), 1)
	var cuts []float64
	acc := 0
	for i := 0; i < len(xs); {
		// Values that differ only by rounding (sums of decimals, as derived
		// measures are: 701.9 and 701.9000000000001) are one value, never
		// cut between, so a cut reads as the decimal it is.
		j := i
		for j < len(xs) && (xs[j] == xs[i] || math.Abs(xs[j]-xs[i]) <= 1e-12*math.Abs(xs[i])) {
			j++
		}
		acc += j - i
		if j < len(xs) && acc >= target && len(xs)-j >= minRows && len(cuts) < bins-1 {
			cuts = append(cuts, niceCut(xs[j-1], xs[j]))
			acc = 0
		}
		i = j
	}
	return cuts
}

// niceCut returns the number with the fewest significant digits in (a, b]:
// a cut between two observed values that reads well in a band.
func niceCut(a, b float64) float64 {
	for e := 15; e >= -15; e-- {
		p := math.Pow(10, float64(e))
		c := math.Floor(b/p) * p
		// Round-trip the decimal, so the cut is exactly the number written.
		c, _ = strconv.ParseFloat(strconv.FormatFloat(c, 'g', 15, 64), 64)
		if c > a && c <= b {
			return c
		}
	}
	return b
}

func categories(vals []string, minRows int) ([]string, map[string]int) {
	count := map[string]int{}
	first := map[string]string{}
	for _, s := range vals {
		if s == "" {
			continue
		}
		k := fold(s)
		if count[k] == 0 {
			first[k] = strings.TrimSpace(s)
		}
		count[k]++
	}
	var keys []string
	for k, n := range count {
		if n >= minRows {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	if len(keys) > maxBins-2 {
		keys = keys[:maxBins-2]
	}
	index := make(map[string]int, len(keys))
	cats := make([]string, len(keys))
	for i, k := range keys {
		index[k] = i + 1
		cats[i] = first[k]
	}
	return cats, index
}
