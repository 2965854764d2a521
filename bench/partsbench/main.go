// Command partsbench writes a synthetic telecom-usage table with the
// structure an additive card misses without derived measures and pairs:
// churn that follows the total of four usage columns (each part alone a
// weak signal; churn jumps once the total passes a level), and service
// calls that mean more for accounts with an international plan. Day and
// evening calls and a noise column do nothing.
//
//	go run ./bench/partsbench -rows 20000 -test 5000 -dir /tmp/parts
//
// writes DIR/train.csv and DIR/test.csv (columns id, churned, the
// measures). compare.py beside it runs gtg calibrate on them and XGBoost on
// the same split, side by side.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

func main() {
	rows := flag.Int("rows", 20000, "rows of the training table")
	test := flag.Int("test", 5000, "rows of the test table")
	dir := flag.String("dir", ".", "where to write train.csv and test.csv")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	rng := rand.New(rand.NewPCG(*seed, 7))
	for _, part := range []struct {
		name string
		n    int
	}{{"train.csv", *rows}, {"test.csv", *test}} {
		if err := write(filepath.Join(*dir, part.name), part.n, part.name, rng); err != nil {
			fmt.Fprintln(os.Stderr, "partsbench:", err)
			os.Exit(1)
		}
	}
}

func write(path string, n int, prefix string, rng *rand.Rand) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"id", "churned", "day_minutes", "eve_minutes", "night_minutes", "intl_minutes",
		"day_calls", "eve_calls", "service_calls", "intl_plan", "noise"})
	ff := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for i := range n {
		rec := []string{fmt.Sprintf("%s-%d", prefix[:2], i), ""}
		total := 0.0
		for range 4 {
			v := math.Round(max(0, 150+50*rng.NormFloat64())*10) / 10
			total += v
			rec = append(rec, ff(v))
		}
		calls := float64(rng.IntN(8))
		plan := rng.Float64() < 0.3
		flagV := 0.0
		if plan {
			flagV = 1
		}
		rec = append(rec, strconv.Itoa(80+rng.IntN(40)), strconv.Itoa(80+rng.IntN(40)), ff(calls),
			map[bool]string{true: "yes", false: "no"}[plan], ff(math.Round(rng.NormFloat64()*1000)/1000))
		logit := -2.2 + 3.5/(1+math.Exp(-(total-700)/15)) + 0.1*calls + 1.8*flagV*max(calls-3, 0)/4
		rec[1] = map[bool]string{true: "yes", false: "no"}[rng.Float64() < 1/(1+math.Exp(-logit))]
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Close()
}
