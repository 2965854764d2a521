// Command calibratebench times gtg calibrate's table mode and checks its
// held-out accuracy over several seeds: on a CSV table, or on a synthetic
// table of churn-like data (numbers with bends and missing values,
// categories) generated from a known additive model plus an interaction.
//
//	go run ./bench/calibratebench -rows 100000 -features 30
//	go run ./bench/calibratebench -table FILE.csv -id ID -label LABEL -positive VALUE -seeds 1,2,3
//
// For each seed it prints the held-out ROC AUC of the scorecard, of the
// additive model before bands, and of the logistic-regression baseline on
// the same folds; then the time taken and the peak memory of the process.
// -fit-only times one fit on every row instead; -engine also writes the card
// fitted on every row, scores each row through the scorecard engine and
// compares with the model's own scores; -missing 0 makes a synthetic table
// without missing values.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/calibrate"
	"github.com/gtg-dev/gtg/scorecard"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "calibratebench:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("calibratebench", flag.ContinueOnError)
	table := fs.String("table", "", "a CSV table; without it, a synthetic table")
	id := fs.String("id", "", "the id column")
	label := fs.String("label", "", "the label column")
	positive := fs.String("positive", "", "the positive label value")
	ignore := fs.String("ignore", "", "columns to leave aside, comma-separated")
	rows := fs.Int("rows", 100000, "rows of the synthetic table")
	features := fs.Int("features", 30, "measures of the synthetic table (a third categorical)")
	missing := fs.Float64("missing", 1, "scale of the synthetic numbers' missing rates (4% for non-churners, 8% for churners at 1)")
	seeds := fs.String("seeds", "1", "seeds to cross-validate with, comma-separated")
	fitOnly := fs.Bool("fit-only", false, "time one fit on all rows instead of cross-validating")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	engine := fs.Bool("engine", false, "also fit on all rows, write the card and score every row through the scorecard engine")
	var o calibrate.Options
	fs.IntVar(&o.Folds, "folds", 0, "folds (0: default)")
	fs.Float64Var(&o.LearningRate, "lr", 0, "learning rate (0: default)")
	fs.IntVar(&o.Bags, "bags", 0, "bags (0: default)")
	fs.IntVar(&o.Bins, "bins", 0, "bins (0: default)")
	fs.IntVar(&o.Leaves, "leaves", 0, "leaves (0: default)")
	fs.IntVar(&o.MinLeafRows, "min-leaf", 0, "fewest examples in a leaf (0: default)")
	fs.IntVar(&o.MinBinRows, "min-bin", 0, "fewest examples in a bin (0: default)")
	fs.IntVar(&o.Patience, "patience", 0, "early-stopping patience (0: default)")
	fs.IntVar(&o.MaxBands, "bands", 0, "most bands per measure (0: default)")
	fs.Float64Var(&o.L2, "l2", 0, "ridge on leaves")
	fs.IntVar(&o.SmoothRounds, "smooth", 0, "smoothing rounds (0: default, -1: none)")
	fs.IntVar(&o.Pairs, "pairs", 0, "pairwise terms tried (0: default, -1: none)")
	fs.Float64Var(&o.MinPairGain, "pair-gain", 0, "validation AUC gain that keeps the pairs (0: default)")
	fs.IntVar(&o.PairLeaves, "pair-leaves", 0, "leaves of a pair's tree (0: default)")
	fs.Float64Var(&o.MinWeight, "min-weight", 0, "smallest weight kept, percent (0: default)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var ds *calibrate.Dataset
	start := time.Now()
	if *table != "" {
		f, err := os.Open(*table)
		if err != nil {
			return err
		}
		var ign []string
		if *ignore != "" {
			ign = strings.Split(*ignore, ",")
		}
		t, err := calibrate.ReadTable(*table, f, calibrate.TableSpec{ID: *id, Label: *label, Positive: *positive, Ignore: ign})
		f.Close()
		if err != nil {
			return err
		}
		ds = t.Dataset
	} else {
		ds = synthetic(*rows, *features, *missing, 42)
	}
	fmt.Fprintf(out, "data: %d rows, %d features, %d positive, read in %s\n", ds.Len(), len(ds.Features), ds.Positives(), time.Since(start).Round(time.Millisecond))
	for _, s := range strings.Split(*seeds, ",") {
		seed, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("seed %q: %v", s, err)
		}
		o.Seed = seed
		start := time.Now()
		if *fitOnly {
			m, err := calibrate.Fit(ds, o)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "seed %d: fit %d rows in %s: %d measures\n", seed, ds.Len(), time.Since(start).Round(time.Millisecond), len(m.Terms))
			continue
		}
		cv, err := calibrate.CrossValidate(ds, o)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "seed %d: card AUC %.4f (mean of folds %.4f) PR AUC %.4f | model %.4f | logistic regression %.4f PR %.4f | %s\n",
			seed, cv.AUC, cv.MeanFoldAUC(), cv.PRAUC, cv.ModelAUC, cv.BaseAUC, cv.BasePRAUC, time.Since(start).Round(time.Millisecond))
	}
	if *engine {
		if err := engineCheck(out, ds, o); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "peak memory (VmHWM): %s; Go heap in use now: %d MiB\n", peakRSS(), heapMiB())
	return nil
}

// engineCheck fits on every row, writes the card, parses it with the
// scorecard package and scores each row as an account whose custom
// attributes are the row's values (named as gtg import accounts names a
// column), then compares with the model's own scores.
func engineCheck(out io.Writer, ds *calibrate.Dataset, o calibrate.Options) error {
	m, err := calibrate.Fit(ds, o)
	if err != nil {
		return err
	}
	yml, err := m.Scorecard(calibrate.CardInfo{Name: "bench", Version: 1, Source: "bench"})
	if err != nil {
		return err
	}
	sc, err := scorecard.Parse("bench.yaml", yml)
	if err != nil {
		return err
	}
	own, err := m.Score(ds)
	if err != nil {
		return err
	}
	attr := func(col string) string {
		return strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' {
				return '_'
			}
			return r
		}, strings.ToLower(strings.TrimSpace(col)))
	}
	worst := 0.0
	risk, ownRisk := make([]float64, ds.Len()), make([]float64, ds.Len())
	for i := range ds.Len() {
		a := &gtg.Account{Attrs: map[string]any{}}
		for _, f := range ds.Features {
			if f.Numeric() && !math.IsNaN(f.Num[i]) {
				a.Attrs[attr(f.Name)] = f.Num[i]
			} else if !f.Numeric() && f.Cat[i] != "" {
				a.Attrs[attr(f.Name)] = f.Cat[i]
			}
		}
		r := sc.Score(&scorecard.AccountData{Account: a, AsOf: gtg.MustParseDay("2026-01-01")})
		risk[i], ownRisk[i] = -r.Score, -own[i]
		if d := math.Abs(r.Score - own[i]); d > worst || (math.IsNaN(d) && !(math.IsNaN(r.Score) && math.IsNaN(own[i]))) {
			worst = d
		}
	}
	var pairs []string
	for _, t := range m.Terms {
		if t.Pair != nil {
			pairs = append(pairs, t.Feature)
		}
	}
	fmt.Fprintf(out, "card: %d measures, pairwise terms %q, %d left out\n", len(m.Terms), pairs, len(m.Dropped))
	fmt.Fprintf(out, "engine: %d rows scored through the written card; largest difference from the model's own score %.2g; in-sample AUC engine %.4f, model %.4f, additive model before bands %.4f\n",
		ds.Len(), worst, calibrate.ROCAUC(risk, ds.Labels), calibrate.ROCAUC(ownRisk, ds.Labels), aucOf(m, ds))
	return nil
}

func aucOf(m *calibrate.Model, ds *calibrate.Dataset) float64 {
	l, err := m.PredictLogit(ds)
	if err != nil {
		return math.NaN()
	}
	return calibrate.ROCAUC(l, ds.Labels)
}

// synthetic makes a churn-like table: the churn log-odds are a sum of bent
// and stepped functions of the numbers, category effects, and one
// interaction, and 5% of each number is missing, more often for churners.
func synthetic(n, features int, missing float64, seed uint64) *calibrate.Dataset {
	rng := rand.New(rand.NewPCG(seed, 7))
	ds := &calibrate.Dataset{IDs: make([]string, n), Labels: make([]bool, n)}
	logit := make([]float64, n)
	for i := range logit {
		ds.IDs[i] = "A-" + strconv.Itoa(i)
		logit[i] = -1.5
	}
	ncat := features / 3
	for j := range features {
		name := fmt.Sprintf("m%02d", j)
		if j < features-ncat {
			f := &calibrate.Feature{Name: name, Num: make([]float64, n)}
			scale := 0.2 + 0.8*rng.Float64()
			for i := range f.Num {
				x := rng.NormFloat64()
				if j%2 == 0 {
					x = math.Exp(x) // skewed, like usage counts
				}
				f.Num[i] = math.Round(x*100) / 100
				switch j % 4 {
				case 0:
					logit[i] -= scale * math.Log1p(x)
				case 1:
					logit[i] += scale * x * x / 2
				case 2:
					if x < 0.5 {
						logit[i] += scale
					}
				default:
					logit[i] += scale * math.Tanh(x)
				}
			}
			ds.Features = append(ds.Features, f)
		} else {
			f := &calibrate.Feature{Name: name, Cat: make([]string, n)}
			levels := 3 + rng.IntN(18)
			effect := make([]float64, levels)
			for k := range effect {
				effect[k] = rng.NormFloat64() * 0.4
			}
			for i := range f.Cat {
				k := int(math.Min(float64(levels-1), math.Abs(rng.NormFloat64())*float64(levels)/2.5))
				f.Cat[i] = fmt.Sprintf("level %d", k)
				logit[i] += effect[k]
			}
			ds.Features = append(ds.Features, f)
		}
	}
	a, b := ds.Features[0].Num, ds.Features[1].Num
	for i := range logit {
		if a[i] < 1 && b[i] > 1 {
			logit[i] += 0.8
		}
		ds.Labels[i] = rng.Float64() < 1/(1+math.Exp(-logit[i]))
	}
	for _, f := range ds.Features {
		if !f.Numeric() {
			continue
		}
		for i := range f.Num {
			p := 0.04 * missing
			if ds.Labels[i] {
				p = 0.08 * missing
			}
			if rng.Float64() < p {
				f.Num[i] = math.NaN()
			}
		}
	}
	return ds
}

// peakRSS is the most memory the process has held, from Linux's
// /proc/self/status.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}

func heapMiB() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse >> 20
}
