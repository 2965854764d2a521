package cli_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMetricsCommand imports a small portfolio and checks gtg metrics
// against figures computed by hand, overall and by segment.
func TestMetricsCommand(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		dir := t.TempDir()
		accounts := filepath.Join(dir, "accounts.csv")
		outcomes := filepath.Join(dir, "outcomes.csv")
		os.WriteFile(accounts, []byte(`id,name,arr,segment,owner,contract_start,renewal_date
A,Alpha,1500,smb,ann,2025-01-01,2027-02-01
B,Beta,0,smb,ann,2025-01-01,2026-03-01
C,Gamma,800,ent,bob,2025-01-01,2027-01-15
D,Delta,4000,ent,bob,2026-02-01,2027-02-01
`), 0o600)
		// A expands 1000 -> 1500, B churns 2000, C pauses 800 and resumes;
		// D is signed inside the period. Cohort A B C: from 3800, to 2300,
		// kept 1800; logos 2 of 3. smb: 3000 -> 1500 (kept 1000); ent 800 -> 800.
		os.WriteFile(outcomes, []byte(`account_id,date,type,arr_before,arr_after
A,2026-02-01,expanded,1000,1500
B,2026-03-01,churned,2000,0
C,2026-01-10,paused,800,0
C,2026-03-10,resumed,0,800
`), 0o600)
		for _, f := range []string{accounts, outcomes} {
			kind := strings.TrimSuffix(filepath.Base(f), ".csv")
			if code, _, errOut := gtgRun(t, dsn, "", "import", kind, f); code != 0 {
				t.Fatalf("import %s: %d %s", kind, code, errOut)
			}
		}
		code, out, errOut := gtgRun(t, dsn, "", "metrics", "--from", "2026-01-01", "--to", "2026-03-31", "--by", "segment", "--json")
		if code != 0 {
			t.Fatalf("metrics: %d %s", code, errOut)
		}
		var m struct {
			GRR, NRR      float64
			LogoRetention float64 `json:"logo_retention"`
			Groups        []struct {
				Key      string
				GRR, NRR float64
			}
		}
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("metrics --json: %v\n%s", err, out)
		}
		near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
		if !near(m.GRR, 1800.0/3800) || !near(m.NRR, 2300.0/3800) || !near(m.LogoRetention, 2.0/3) {
			t.Errorf("grr %v nrr %v logo %v, want %v %v %v\n%s", m.GRR, m.NRR, m.LogoRetention, 1800.0/3800, 2300.0/3800, 2.0/3, out)
		}
		want := map[string][2]float64{"smb": {1000.0 / 3000, 1500.0 / 3000}, "ent": {1, 1}}
		if len(m.Groups) != 2 {
			t.Fatalf("groups %+v, want smb and ent", m.Groups)
		}
		for _, g := range m.Groups {
			if w := want[g.Key]; !near(g.GRR, w[0]) || !near(g.NRR, w[1]) {
				t.Errorf("%s: grr %v nrr %v, want %v", g.Key, g.GRR, g.NRR, w)
			}
		}
		code, out, _ = gtgRun(t, dsn, "", "metrics", "--from", "2026-01-01", "--to", "2026-03-31")
		if code != 0 || !strings.Contains(out, "GRR             47.4%") || !strings.Contains(out, "logo retention  66.7% (2 of 3)") {
			t.Errorf("metrics table: %d\n%s", code, out)
		}
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"metrics", "--by", "region"}, `--by: "region" is not one of segment, owner, cohort`},
			{[]string{"metrics", "--from", "2026-04-01", "--to", "2026-03-01"}, "--to 2026-03-01 is before --from 2026-04-01"},
			{[]string{"renewals", "--within", "soon"}, `--within: "soon" is not a number of days`},
			{[]string{"renewals", "backtest", "--from", "2026-13-01"}, "--from: bad date"},
		} {
			code, _, errOut := gtgRun(t, dsn, "", c.args...)
			if code != 2 || !strings.Contains(errOut, c.want) {
				t.Errorf("%v: exit %d %q, want 2 and %q", c.args, code, errOut, c.want)
			}
		}
	})
}

// TestRenewalsCommand runs gtg renewals and its backtest on a small demo.
func TestRenewalsCommand(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "gtg.db")
	if code, _, errOut := gtgRun(t, dsn, "", "demo", "--accounts", "40", "--seed", "3", "--days", "120"); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	code, out, errOut := gtgRun(t, dsn, "", "renewals", "--within", "180d", "--json")
	if code != 0 {
		t.Fatalf("renewals: %d %s", code, errOut)
	}
	var r struct {
		Within   int `json:"within_days"`
		Renewals []struct {
			Days        int
			Bucket      int
			ARR         float64
			ExpectedARR float64 `json:"expected_arr"`
			Method      string
		}
		Forecast []struct{ Month string }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("renewals --json: %v\n%s", err, out)
	}
	if r.Within != 180 || len(r.Renewals) == 0 || len(r.Forecast) < 6 {
		t.Fatalf("within %d, %d renewals, %d forecast months; want 180, some, 6 or 7", r.Within, len(r.Renewals), len(r.Forecast))
	}
	for _, rn := range r.Renewals {
		if rn.Days < 0 || rn.Days > 180 || rn.Bucket < rn.Days || rn.ARR <= 0 || rn.Method == "" {
			t.Errorf("renewal %+v: out of the window, in the wrong bucket, without ARR or method", rn)
		}
	}
	code, out, errOut = gtgRun(t, dsn, "", "renewals", "backtest", "--json")
	if code != 0 {
		t.Fatalf("renewals backtest: %d %s", code, errOut)
	}
	var bt struct {
		Months []struct {
			Forecast, Actual, Error float64
		}
	}
	if err := json.Unmarshal([]byte(out), &bt); err != nil {
		t.Fatalf("backtest --json: %v\n%s", err, out)
	}
	if len(bt.Months) != 12 {
		t.Fatalf("%d months, want the last 12", len(bt.Months))
	}
	for _, m := range bt.Months {
		if math.Abs(m.Forecast-m.Actual-m.Error) > 1e-6 {
			t.Errorf("month %+v: error is not forecast - actual", m)
		}
	}
}
