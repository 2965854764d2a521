package gtg

import "testing"

func TestAccountAsOf(t *testing.T) {
	a := &Account{ExternalID: "A", ARR: 0, Seats: 0, Stage: StageRenewal, Attrs: map[string]any{"x": 1.0}}
	hist := []AccountState{
		{From: 100, ARR: 1000, Seats: 10, Stage: StageOnboarding},
		{From: 200, ARR: 1500, Seats: 15, Stage: StageMature, Attrs: map[string]any{"x": 2.0}},
		{From: 300, ARR: 0, Seats: 0, Stage: StageRenewal},
	}
	for _, tc := range []struct {
		day   Day
		arr   float64
		seats int
		stage string
	}{
		{50, 1000, 10, StageOnboarding}, // before the history: the earliest known
		{100, 1000, 10, StageOnboarding},
		{199, 1000, 10, StageOnboarding},
		{200, 1500, 15, StageMature},
		{299, 1500, 15, StageMature},
		{300, 0, 0, StageRenewal},
	} {
		got := a.AsOf(hist, tc.day)
		if got.ARR != tc.arr || got.Seats != tc.seats || got.Stage != tc.stage || got.ExternalID != "A" {
			t.Errorf("AsOf(%d) = %+v", tc.day, got)
		}
	}
	if got := a.AsOf(hist, 250); got.Attrs["x"] != 2.0 {
		t.Errorf("attrs as of 250: %v", got.Attrs)
	}
	if a.ARR != 0 || a.Attrs["x"] != 1.0 {
		t.Error("AsOf changed the account")
	}
	if got := a.AsOf(nil, 250); got != a {
		t.Error("no history: want the account itself")
	}
}
