package save_test

import (
	"math"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

func TestCompileCriterion(t *testing.T) {
	keys := []string{"active_users", "logins"}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"ErrEmpty", "  ", "criterion: required"},
		{"ErrUnknown", "helth >= 70", `criterion: "helth >= 70" does not compile: unknown name helth`},
		{"ErrUnknownMetric", "weekly_seats_used >= 3", "unknown name weekly_seats_used"},
		{"ErrNotBool", "health + 1", "does not compile"},
		{"ErrSyntax", "health >=", "does not compile"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := save.CompileCriterion(tc.src, keys)
			wantErr(t, err, gtg.EINVALID, tc.want)
		})
	}
	c, err := save.CompileCriterion("health >= 70 && weekly_active_users >= 40 && logins_7d > 1", keys)
	if err != nil {
		t.Fatal(err)
	}
	if m := c.Metrics(); len(m) != 2 || m[0] != "active_users" || m[1] != "logins" {
		t.Fatalf("metrics = %v", m)
	}
}

func TestEvalCriterion(t *testing.T) {
	d := day("2026-03-10")
	nan := math.NaN()
	// active_users over the 7 days 03-04..03-10 (03-03 is outside the window):
	// 50 | 30 35 nan 42 38 12 nan → newest 12 (03-09), max 42, mean (30+35+42+38+12)/5 = 31.4
	au := gtg.Series{Key: "active_users", From: day("2026-03-03"), Values: []float64{50, 30, 35, nan, 42, 38, 12, nan}}
	wau := gtg.Series{Key: "weekly_active_users", From: day("2026-03-03"), Values: []float64{nan, nan, nan, nan, nan, nan, nan, 44}}
	facts := save.Facts{Day: d, StartedOn: day("2026-02-20"), Account: &gtg.Account{Seats: 80, ARR: 5000, RenewalDate: day("2026-04-09")},
		Health: &gtg.Health{Day: d, Score: 71.5, Color: gtg.Green}, Series: map[string]gtg.Series{"active_users": au}}
	keys := []string{"active_users"}
	for _, tc := range []struct {
		src    string
		want   bool
		detail string
	}{
		{"health >= 70 && weekly_active_users >= 40", true, "health=71.50, weekly_active_users=42"},
		{"weekly_active_users >= 43", false, "weekly_active_users=42"},
		{"active_users == 12", true, "active_users=12"},
		{"active_users_7d > 31.3 && active_users_7d < 31.5", true, "active_users_7d=31.40"},
		{`color == "green"`, true, `color="green"`},
		{"days_in_plan == 18 && days_to_renewal == 30", true, "days_in_plan=18, days_to_renewal=30"},
		{"weekly_active_users >= seats * 0.5", true, "weekly_active_users=42, seats=80"},
		{"arr < 5000", false, "arr=5000"},
	} {
		c, err := save.CompileCriterion(tc.src, keys)
		if err != nil {
			t.Fatal(err)
		}
		got, detail, err := c.Eval(facts)
		if err != nil || got != tc.want || detail != tc.detail {
			t.Errorf("%s = %v (%s) %v; want %v (%s)", tc.src, got, detail, err, tc.want, tc.detail)
		}
	}
	// Missing data is never met: no health, no usage in the window.
	empty := save.Facts{Day: d, StartedOn: d, Health: &gtg.Health{Color: gtg.InsufficientData, Score: 99}}
	for _, src := range []string{"health >= 0", "weekly_active_users >= 0", "active_users_7d >= 0", "days_to_renewal >= 0"} {
		c, _ := save.CompileCriterion(src, keys)
		if ok, detail, err := c.Eval(empty); ok || err != nil {
			t.Errorf("%s on no data = %v (%s) %v; want false", src, ok, detail, err)
		}
	}
	// A metric stored as weekly_active_users is used as is, not derived from active_users.
	facts.Series["weekly_active_users"] = wau
	c, err := save.CompileCriterion("weekly_active_users == 44", []string{"active_users", "weekly_active_users"})
	if err != nil {
		t.Fatal(err)
	}
	if ok, detail, _ := c.Eval(facts); !ok {
		t.Errorf("stored weekly_active_users: got false (%s)", detail)
	}
}

func TestSuggest(t *testing.T) {
	h := func(c string) *gtg.Health { return &gtg.Health{Color: c, Score: 50} }
	for _, tc := range []struct {
		name   string
		health *gtg.Health
		alerts map[string]int
		want   string
	}{
		{"Unscored", nil, nil, ""},
		{"Insufficient", h(gtg.InsufficientData), nil, ""},
		{"Green", h(gtg.Green), nil, "low"},
		{"Yellow", h(gtg.Yellow), nil, "medium"},
		{"Red", h(gtg.Red), nil, "high"},
		{"GreenHighAlert", h(gtg.Green), map[string]int{"high": 1}, "high"},
		{"YellowLowAlert", h(gtg.Yellow), map[string]int{"low": 2}, "medium"},
		{"UnscoredMediumAlert", nil, map[string]int{"medium": 1}, "medium"},
	} {
		if got := save.Suggest(tc.health, tc.alerts); got.Level != tc.want {
			t.Errorf("%s: suggested %q (%v), want %q", tc.name, got.Level, got.Why, tc.want)
		}
	}
	for _, tc := range []struct{ judged, data, want string }{
		{"high", "low", save.JudgmentHigher}, {"low", "high", save.DataHigher}, {"medium", "medium", ""}, {"", "high", ""}, {"high", "", ""},
	} {
		if got := save.Disagreement(tc.judged, tc.data); got != tc.want {
			t.Errorf("Disagreement(%q, %q) = %q, want %q", tc.judged, tc.data, got, tc.want)
		}
	}
}
