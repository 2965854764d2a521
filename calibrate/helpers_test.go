package calibrate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// gen makes n accounts whose churn follows a known additive model: low
// usage and many tickets raise it, the plan moves it, region and noise do
// nothing. Some tickets are missing. It returns the dataset and each
// account's true churn log-odds.
func gen(n int, seed uint64) (*Dataset, []float64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	ds := &Dataset{IDs: make([]string, n), Labels: make([]bool, n)}
	usage := &Feature{Name: "usage", Num: make([]float64, n)}
	tickets := &Feature{Name: "tickets", Num: make([]float64, n)}
	noise := &Feature{Name: "noise", Num: make([]float64, n)}
	plan := &Feature{Name: "Plan Tier", Cat: make([]string, n)}
	region := &Feature{Name: "region", Cat: make([]string, n)}
	truth := make([]float64, n)
	plans := []string{"basic", "pro", "enterprise"}
	planEffect := []float64{0.8, 0, -0.9}
	for i := range n {
		ds.IDs[i] = "acct-" + strconv.Itoa(i)
		usage.Num[i] = math.Round(math.Exp(rng.NormFloat64())*10) / 10
		tickets.Num[i] = float64(rng.IntN(8))
		noise.Num[i] = rng.NormFloat64()
		k := rng.IntN(3)
		plan.Cat[i] = plans[k]
		region.Cat[i] = []string{"north", "south", "east", "west"}[rng.IntN(4)]
		truth[i] = -1 - 1.2*math.Log1p(usage.Num[i]) + 0.3*tickets.Num[i] + planEffect[k]
		ds.Labels[i] = rng.Float64() < 1/(1+math.Exp(-truth[i]))
		if rng.Float64() < 0.05 {
			tickets.Num[i] = math.NaN()
		}
	}
	ds.Features = []*Feature{usage, tickets, noise, plan, region}
	return ds, truth
}

// csvOf writes a dataset as a CSV table with columns id, churned and the
// features; missing values are blank.
func csvOf(ds *Dataset) string {
	var b strings.Builder
	b.WriteString("id,churned")
	for _, f := range ds.Features {
		b.WriteString("," + f.Name)
	}
	b.WriteString("\n")
	for i := range ds.Len() {
		fmt.Fprintf(&b, "%s,%v", ds.IDs[i], map[bool]string{true: "yes", false: "no"}[ds.Labels[i]])
		for _, f := range ds.Features {
			b.WriteString(",")
			if f.Numeric() {
				if !math.IsNaN(f.Num[i]) {
					b.WriteString(strconv.FormatFloat(f.Num[i], 'f', -1, 64))
				}
			} else {
				b.WriteString(f.Cat[i])
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// fast are options that keep tests quick.
var fast = Options{Bags: 3, Folds: 3, Seed: 7}
