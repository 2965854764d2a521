package api

import (
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg/retention"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestRetentionAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.must("POST", "/api/v1/accounts/bulk", `[
			{"id":"A","name":"Alpha","arr":1500,"segment":"smb","contract_start":"2023-01-01","renewal_date":"2024-08-01"},
			{"id":"B","name":"Beta","arr":0,"segment":"ent","contract_start":"2023-01-01","renewal_date":"2024-03-01"},
			{"id":"C","name":"Gamma","arr":900,"segment":"ent","contract_start":"2024-04-01","renewal_date":"2025-04-01"}]`, nil)
		a.must("POST", "/api/v1/outcomes/bulk", `[
			{"account_id":"A","date":"2024-02-01","type":"expanded","arr_before":1000,"arr_after":1500},
			{"account_id":"B","date":"2024-03-01","type":"churned","arr_before":2000,"arr_after":0}]`, nil)
		near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

		t.Run("Metrics", func(t *testing.T) {
			var got struct{ Data retention.Metrics }
			a.must("GET", "/api/v1/retention?from=2024-01-01&to=2024-06-30&by=segment", "", &got)
			m := got.Data
			// Cohort A (1000 -> 1500) and B (2000 -> 0); C signed in April.
			if m.Accounts != 2 || !near(float64(m.GRR), 1000.0/3000) || !near(float64(m.NRR), 1500.0/3000) || !near(float64(m.LogoRetention), 0.5) {
				t.Errorf("metrics %+v, want 2 accounts, grr 1/3, nrr 1/2, logos 1/2", m)
			}
			if len(m.Groups) != 2 || m.Groups[0].Key != "ent" || !near(float64(m.Groups[0].NRR), 0) || !near(float64(m.Groups[1].NRR), 1.5) {
				t.Errorf("groups %+v, want ent nrr 0 and smb nrr 1.5", m.Groups)
			}
		})
		t.Run("Monthly", func(t *testing.T) {
			var got struct{ Data []retention.Month }
			a.must("GET", "/api/v1/retention/monthly?from=2024-01-01&to=2024-06-30", "", &got)
			// January runs to Feb 1: A 1000 -> 1500, B 2000; February to
			// Mar 1: A 1500, B 2000 -> 0 (its churn on Mar 1 is February's).
			if len(got.Data) != 6 || got.Data[1].Month != "2024-02" || !near(float64(got.Data[0].NRR), 3500.0/3000) ||
				!near(float64(got.Data[1].NRR), 1500.0/3500) || !near(float64(got.Data[2].NRR), 1) {
				t.Errorf("months %+v, want six: January nrr 3500/3000, February 1500/3500, March 1", got.Data)
			}
		})
		t.Run("Renewals", func(t *testing.T) {
			var got struct{ Data retention.Report }
			a.must("GET", "/api/v1/renewals?within=90", "", &got)
			r := got.Data
			// Renewals so far: A's expansion (1.5) and B's churn (0), both
			// unscored: a rate of 0.75 for A (unscored today too).
			if len(r.Renewals) != 1 || r.Renewals[0].Account != "A" || !near(r.Renewals[0].ExpectedARR, 1125) || r.Renewals[0].Method != retention.MethodColorRate {
				t.Errorf("renewals %+v, want A expecting 1125 by its color's rate", r.Renewals)
			}
		})
		t.Run("Backtest", func(t *testing.T) {
			var got struct{ Data retention.Backtest }
			a.must("GET", "/api/v1/renewals/backtest?from=2024-01-01&to=2024-03-31", "", &got)
			if len(got.Data.Months) != 3 {
				t.Errorf("backtest %+v, want three months", got.Data)
			}
		})
		t.Run("ErrInput", func(t *testing.T) {
			for path, want := range map[string]string{
				"/api/v1/retention?from=2024-01-01":                      "to: required",
				"/api/v1/retention?from=2024-02-01&to=2024-01-01":        "to: 2024-01-01 is before from 2024-02-01",
				"/api/v1/retention?from=2024-01-01&to=2024-02-01&by=x":   `by: "x" is not one of segment, owner, cohort`,
				"/api/v1/retention?from=2024-01-01&to=2024-02-01&per=1":  `unknown query parameter "per"`,
				"/api/v1/renewals?within=0":                              "within: want a whole number from 1 to 366",
				"/api/v1/renewals/backtest?from=2024-13-01&to=2024-12-1": "from: bad date",
			} {
				r := a.do("GET", path, "")
				if r.status != 400 || !strings.HasPrefix(r.errorMessage(), want) {
					t.Errorf("GET %s: %s, want 400 %q", path, r, want)
				}
			}
		})
	})
}

func TestOpenAPIRetentionSchemas(t *testing.T) {
	doc := loadOpenAPI(t)
	for schema, want := range map[string][]string{
		"RetentionMetrics": fieldNames(retention.Metrics{}),
		"RetentionGroup":   fieldNames(retention.Group{}),
		"RetentionMonth":   fieldNames(retention.Month{}),
		"Renewal":          fieldNames(retention.Renewal{}),
		"RenewalReport":    fieldNames(retention.Report{}),
		"ForecastMonth":    fieldNames(retention.ForecastMonth{}),
		"ColorRate":        fieldNames(retention.ColorRate{}),
		"RenewalBacktest":  fieldNames(retention.Backtest{}),
		"BacktestMonth":    fieldNames(retention.BacktestMonth{}),
		"CalibrationBin":   fieldNames(retention.CalibrationBin{}),
	} {
		s, ok := doc.Comps.Schemas[schema]
		if !ok {
			t.Errorf("no schema %s", schema)
			continue
		}
		var got []string
		for k := range s.Properties {
			got = append(got, k)
		}
		sort.Strings(got)
		sort.Strings(want)
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("schema %s fields (-schema +type):\n%s", schema, diff)
		}
	}
}
