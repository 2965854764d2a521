package save_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

var ctx = context.Background()

func day(s string) gtg.Day { return gtg.MustParseDay(s) }

var (
	admin   = &gtg.User{Email: "ada@x.io", Role: gtg.UserAdmin}
	manager = &gtg.User{Email: "mo@x.io", Role: gtg.UserManager}
	csm     = &gtg.User{Email: "kim@x.io", Role: gtg.UserCSM}
	viewer  = &gtg.User{Email: "vi@x.io", Role: gtg.UserViewer}
)

// clock is a settable store clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// at sets the store clock to a moment and returns it.
func at(st *store.Store, s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	st.Now = func() time.Time { return t }
	return t
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantErr fails unless err has the code and its message contains want.
func wantErr(t *testing.T, err error, code, want string) {
	t.Helper()
	if gtg.ErrorCode(err) != code || !strings.Contains(gtg.ErrorMessage(err), want) {
		t.Fatalf("got %v; want %s error containing %q", err, code, want)
	}
}

func seed(t *testing.T, st *store.Store, accts ...*gtg.Account) {
	t.Helper()
	must(t, st.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.UpsertAccounts(ctx, "test", accts)
		return err
	}))
}

// color is the default scorecard's color for a score.
func color(score float64) string {
	switch {
	case score >= 70:
		return gtg.Green
	case score >= 45:
		return gtg.Yellow
	}
	return gtg.Red
}

// putScores stores one health snapshot a day from from; NaN-free scores only.
func putScores(t *testing.T, st *store.Store, acct *gtg.Account, from gtg.Day, scores ...float64) {
	t.Helper()
	var hs []*gtg.Health
	for i, s := range scores {
		hs = append(hs, &gtg.Health{AccountID: acct.ID, Day: from.AddDays(i), Scorecard: "default", Version: 1, Score: s, Color: color(s), Coverage: 1})
	}
	must(t, st.InTx(ctx, func(tx *store.Tx) error { return tx.PutHealth(ctx, hs) }))
}

// putMetric stores one metric value a day from from; a negative value is skipped (no data).
func putMetric(t *testing.T, st *store.Store, acct *gtg.Account, key string, from gtg.Day, values ...float64) {
	t.Helper()
	var pts []gtg.MetricPoint
	for i, v := range values {
		if v >= 0 {
			pts = append(pts, gtg.MetricPoint{AccountID: acct.ID, Key: key, Day: from.AddDays(i), Value: v})
		}
	}
	must(t, st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.MergeMetrics(ctx, pts); return err }))
}

func putAlert(t *testing.T, st *store.Store, acct *gtg.Account, rule, severity, status string, on gtg.Day) {
	t.Helper()
	must(t, st.InTx(ctx, func(tx *store.Tx) error {
		return tx.InsertAlerts(ctx, []*gtg.Alert{{AccountID: acct.ID, Rule: rule, RuleSet: "default", RuleVersion: 1,
			Severity: severity, Title: rule, Status: status, OpenedOn: on, LastSeenOn: on}})
	}))
}

func putOutcome(t *testing.T, st *store.Store, acct *gtg.Account, on gtg.Day, typ string, before, after float64) {
	t.Helper()
	must(t, st.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.UpsertOutcomes(ctx, []*gtg.Outcome{{AccountID: acct.ID, AccountExternalID: acct.ExternalID, Day: on, Type: typ, ARRBefore: before, ARRAfter: after}})
		return err
	}))
}
