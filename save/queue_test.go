package save_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// queueFixture is a small portfolio with hand-computed queue priorities (today 2026-03-01):
//
//	Q1 100000 ARR, CSM high, red 40, ICP A, renews in 90 days: 100000 × 0.40 × 1.00 × 1.50 = 60000
//	Q2  50000 ARR, no level, yellow 50 (suggests medium), ICP B, no renewal: 30000 × 0.50 × 0.75 × 1.00 = 11250
//	Q3  80000 ARR, CSM medium, green 95, ICP C, renewal past: 48000 × 0.90 × 0.50 × 2.00 = 43200
//	Q4 200000 ARR, CSM low (red 20): not in the queue
//	Q5  70000 ARR, CSM high, unscored, ICP score 80, renews in 360 days: 70000 × 0.50 × 0.80 × 1.00 = 28000
//	Q6  90000 ARR, CSM high, red 30, marked "let it churn": not in the queue
//	Q7  40000 ARR, CSM high, churned: not in the queue
//	Q8  10000 ARR, no level, red 5 (suggests high), ICP D, renews today: 10000 × 0.10 × 0.25 × 2.00 = 500
func queueFixture(t *testing.T, st *store.Store) map[string]*gtg.Account {
	t.Helper()
	today := day("2026-03-01")
	accts := map[string]*gtg.Account{
		"Q1": {ExternalID: "Q1", Name: "One", ARR: 100000, ICPFit: "A", RenewalDate: day("2026-05-30"), Segment: "smb", Owner: "kim@x.io"},
		"Q2": {ExternalID: "Q2", Name: "Two", ARR: 50000, ICPFit: "B", Segment: "smb", Owner: "kim@x.io"},
		"Q3": {ExternalID: "Q3", Name: "Three", ARR: 80000, ICPFit: "c", RenewalDate: day("2026-02-15"), Segment: "ent", Owner: "lee@x.io"},
		"Q4": {ExternalID: "Q4", Name: "Four", ARR: 200000, ICPFit: "A", Segment: "ent", Owner: "lee@x.io"},
		"Q5": {ExternalID: "Q5", Name: "Five", ARR: 70000, ICPFit: "80", RenewalDate: day("2027-02-24"), Segment: "ent", Owner: "kim@x.io"},
		"Q6": {ExternalID: "Q6", Name: "Six", ARR: 90000, Segment: "smb", Owner: "lee@x.io"},
		"Q7": {ExternalID: "Q7", Name: "Seven", ARR: 40000, Segment: "smb", Owner: "lee@x.io"},
		"Q8": {ExternalID: "Q8", Name: "Eight", ARR: 10000, ICPFit: "D", RenewalDate: today, Segment: "smb", Owner: "kim@x.io"},
	}
	var list []*gtg.Account
	for _, id := range []string{"Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"} {
		list = append(list, accts[id])
	}
	seed(t, st, list...)
	for id, score := range map[string]float64{"Q1": 40, "Q2": 50, "Q3": 95, "Q4": 20, "Q6": 30, "Q8": 5} {
		putScores(t, st, accts[id], today, score)
	}
	for id, level := range map[string]string{"Q1": "high", "Q3": "medium", "Q4": "low", "Q5": "high", "Q6": "high", "Q7": "high"} {
		_, err := save.SetRisk(ctx, st, csm, id, gtg.RiskChange{Level: level, Reasons: []string{"budget_cut"}})
		must(t, err)
	}
	_, err := save.LetChurn(ctx, st, manager, "Q6", "not our ideal customer")
	must(t, err)
	putOutcome(t, st, accts["Q7"], day("2026-02-20"), gtg.OutcomeChurned, 40000, 0)
	return accts
}

func TestQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		queueFixture(t, st)
		q, err := save.Queue(ctx, st, day("2026-03-01"))
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			ID       string
			Priority float64
			Level    string
		}
		var got []row
		for _, it := range q {
			got = append(got, row{it.AccountExt, it.Priority, it.Level + "/" + it.LevelSource})
		}
		want := []row{{"Q1", 60000, "high/csm"}, {"Q3", 43200, "medium/csm"}, {"Q5", 28000, "high/csm"}, {"Q2", 11250, "medium/data"}, {"Q8", 500, "high/data"}}
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 })); diff != "" {
			t.Fatalf("queue (-want +got):\n%s", diff)
		}
		if q[0].Working != "100000 × 0.40 × 1.00 × 1.50 = 60000" || *q[0].DaysToRenewal != 90 || q[0].PrimaryReason != "budget_cut" {
			t.Fatalf("Q1 = %+v", q[0])
		}
	})
}

func TestLetChurn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		queueFixture(t, st)
		inQueue := func(id string) bool {
			q, err := save.Queue(ctx, st, day("2026-03-01"))
			must(t, err)
			for _, it := range q {
				if it.AccountExt == id {
					return true
				}
			}
			return false
		}
		_, err := save.LetChurn(ctx, st, csm, "Q1", "not ICP")
		wantErr(t, err, gtg.EFORBIDDEN, "needs the manager role")
		_, err = save.LetChurn(ctx, st, viewer, "Q1", "not ICP")
		wantErr(t, err, gtg.EFORBIDDEN, "vi@x.io is a viewer")
		_, err = save.LetChurn(ctx, st, manager, "Q1", " ")
		wantErr(t, err, gtg.EINVALID, "reason: required")
		_, err = save.LetChurn(ctx, st, manager, "NOPE", "x")
		wantErr(t, err, gtg.ENOTFOUND, `account "NOPE" not found`)
		d, err := save.LetChurn(ctx, st, manager, "Q1", "not our ideal customer")
		must(t, err)
		if inQueue("Q1") || d.ARR != 100000 {
			t.Fatalf("Q1 still queued after let it churn (%+v)", d)
		}
		_, err = save.LetChurn(ctx, st, admin, "Q1", "again")
		wantErr(t, err, gtg.ECONFLICT, "already marked")
		wantErr(t, save.UndoLetChurn(ctx, st, csm, "Q1", ""), gtg.EFORBIDDEN, "manager")
		must(t, save.UndoLetChurn(ctx, st, manager, "Q1", "they hired a new VP"))
		if !inQueue("Q1") {
			t.Fatal("Q1 not back in the queue after the reversal")
		}
		wantErr(t, save.UndoLetChurn(ctx, st, manager, "Q1", ""), gtg.ENOTFOUND, "not marked")
		report, err := save.ChurnReport(ctx, st)
		must(t, err)
		var got []string
		for _, r := range report {
			got = append(got, r.AccountExt+" "+r.DecidedBy+" "+r.ReversedBy)
		}
		// Newest first: the reversed Q1 decision, then the fixture's standing Q6 one.
		if diff := cmp.Diff([]string{"Q1 mo@x.io mo@x.io", "Q6 mo@x.io "}, got); diff != "" {
			t.Fatalf("report (-want +got):\n%s", diff)
		}
		log, err := st.AuditLog(ctx, "account", "Q1", 10)
		must(t, err)
		if len(log) < 2 || log[0].Action != "undo_let_churn" || log[1].Action != "let_churn" {
			t.Fatalf("audit = %+v", log)
		}
	})
}

func TestSetRisk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		queueFixture(t, st)
		for _, tc := range []struct {
			name string
			user *gtg.User
			acct string
			ch   gtg.RiskChange
			code string
			want string
		}{
			{"ErrViewer", viewer, "Q2", gtg.RiskChange{Level: "high", Reasons: []string{"training"}}, gtg.EFORBIDDEN, "set a risk level: needs the csm role"},
			{"ErrNobody", nil, "Q2", gtg.RiskChange{Level: "high", Reasons: []string{"training"}}, gtg.EUNAUTHORIZED, "sign in"},
			{"ErrAccount", csm, "NOPE", gtg.RiskChange{Level: "high", Reasons: []string{"training"}}, gtg.ENOTFOUND, "NOPE"},
			{"ErrLevel", csm, "Q2", gtg.RiskChange{Level: "critical", Reasons: []string{"training"}}, gtg.EINVALID, `level: "critical"`},
			{"ErrNoReason", csm, "Q2", gtg.RiskChange{Level: "high"}, gtg.EINVALID, "reason: at least one"},
			{"ErrUnknownReason", csm, "Q2", gtg.RiskChange{Level: "high", Reasons: []string{"training", "moon_phase"}}, gtg.EINVALID, `reason: "moon_phase" is not in the risk taxonomy`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := save.SetRisk(ctx, st, tc.user, tc.acct, tc.ch)
				wantErr(t, err, tc.code, tc.want)
			})
		}
		must(t, save.PutReasons(ctx, st, manager, &gtg.RiskReason{Key: "rerun_poc", Stage: "end", Label: "POC", Retired: true}))
		_, err := save.SetRisk(ctx, st, csm, "Q2", gtg.RiskChange{Level: "high", Reasons: []string{"rerun_poc"}})
		wantErr(t, err, gtg.EINVALID, `reason: "rerun_poc" is retired`)

		p, err := save.SetRisk(ctx, st, csm, "Q2", gtg.RiskChange{Level: "High", Reasons: []string{"cash_flow", "budget_cut"}, Note: "CFO froze spend"})
		must(t, err)
		if p.Primary() != "cash_flow" || p.SetBy != "kim@x.io" || p.Source != gtg.RiskSourceManual {
			t.Fatalf("profile = %+v", p)
		}
		v, err := save.Risk(ctx, st, "Q2")
		must(t, err)
		// Q2 is yellow: the data suggests medium, the CSM says high.
		if v.Current.ID != p.ID || len(v.History) != 1 || v.Suggested.Level != "medium" || v.Disagreement != save.JudgmentHigher {
			t.Fatalf("view = %+v", v)
		}
		board, err := save.RiskBoard(ctx, st, true)
		must(t, err)
		var got []string
		for _, r := range board {
			got = append(got, r.AccountExt+" "+r.Level+"/"+r.Suggested.Level+" "+r.Disagreement)
		}
		// Q2 and Q3 (medium, green) see more risk than the data; Q4 (low, red) less.
		want := []string{"Q2 high/medium judgment_higher", "Q3 medium/low judgment_higher", "Q4 low/high data_higher"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("disagreements (-want +got):\n%s", diff)
		}
		log, err := st.AuditLog(ctx, "risk_profile", "Q2", 10)
		if err != nil || len(log) != 1 || log[0].Actor != "kim@x.io" {
			t.Fatalf("audit = %+v %v", log, err)
		}
	})
}
