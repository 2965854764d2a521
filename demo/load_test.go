package demo

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

var testToday = gtg.MustParseDay("2025-06-30")

func testConfig(n int, seed int64) Config {
	return Config{Accounts: n, Seed: seed, Today: testToday}
}

// snapshot is what a load wrote, read back through the store.
type snapshot struct {
	Accounts []*gtg.Account
	Contacts map[string][]*gtg.Contact
	Events   map[string][]*gtg.Event
	Outcomes []*gtg.Outcome
	Series   map[string][]gtg.Series
}

// snapshotOpts ignore what the database assigns: ids and timestamps.
var snapshotOpts = cmp.Options{
	cmpopts.EquateNaNs(),
	cmpopts.IgnoreFields(gtg.Account{}, "ID", "CreatedAt", "UpdatedAt"),
	cmpopts.IgnoreFields(gtg.Contact{}, "ID", "AccountID", "CreatedAt", "UpdatedAt"),
	cmpopts.IgnoreFields(gtg.Event{}, "ID", "AccountID", "ContactID"),
	cmpopts.IgnoreFields(gtg.Outcome{}, "ID", "AccountID", "CreatedAt"),
}

func readSnapshot(t *testing.T, st *store.Store, cfg Config) snapshot {
	t.Helper()
	ctx := context.Background()
	accts, _, err := st.Accounts(ctx, gtg.AccountFilter{Sort: "id"})
	if err != nil {
		t.Fatal(err)
	}
	snap := snapshot{Accounts: accts, Contacts: map[string][]*gtg.Contact{}, Events: map[string][]*gtg.Event{}, Series: map[string][]gtg.Series{}}
	if snap.Outcomes, err = st.Outcomes(ctx, 0); err != nil {
		t.Fatal(err)
	}
	for _, a := range accts {
		id := a.ExternalID
		if snap.Contacts[id], err = st.Contacts(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if snap.Events[id], err = st.Events(ctx, gtg.EventFilter{AccountID: a.ID}); err != nil {
			t.Fatal(err)
		}
		if snap.Series[id], err = st.Series(ctx, a.ID, nil, cfg.Today.AddDays(-cfg.Days), cfg.Today); err != nil {
			t.Fatal(err)
		}
	}
	return snap
}

func loadSnapshot(t *testing.T, cfg Config) snapshot {
	t.Helper()
	st := storetest.OpenSQLite(t)
	if _, err := Load(context.Background(), st, cfg, nil); err != nil {
		t.Fatal(err)
	}
	return readSnapshot(t, st, cfg)
}

func TestDeterministic(t *testing.T) {
	t.Run("SameSeed", func(t *testing.T) {
		a, b := loadSnapshot(t, testConfig(20, 7)), loadSnapshot(t, testConfig(20, 7))
		if len(a.Accounts) != 20 {
			t.Fatalf("loaded %d accounts, want 20", len(a.Accounts))
		}
		if diff := cmp.Diff(a, b, snapshotOpts); diff != "" {
			t.Errorf("two loads of seed 7 differ (-first +second):\n%s", diff)
		}
	})
	t.Run("OtherSeed", func(t *testing.T) {
		a, b := loadSnapshot(t, testConfig(20, 7)), loadSnapshot(t, testConfig(20, 8))
		if cmp.Equal(a, b, snapshotOpts) {
			t.Error("seeds 7 and 8 gave the same portfolio")
		}
		same := 0
		for i := range a.Accounts {
			if a.Accounts[i].Name == b.Accounts[i].Name {
				same++
			}
		}
		if same > 2 {
			t.Errorf("%d of 20 accounts have the same name under seeds 7 and 8", same)
		}
	})
	t.Run("IndependentOfPortfolioSize", func(t *testing.T) {
		// Each account has its own random streams, so the first 12 accounts
		// of a 12-account portfolio are those of a 20-account one.
		small, big := loadSnapshot(t, testConfig(12, 7)), loadSnapshot(t, testConfig(20, 7))
		big.Accounts = big.Accounts[:12]
		for _, a := range big.Accounts {
			if a.ExternalID > "A00012" {
				t.Fatalf("accounts out of order: %s", a.ExternalID)
			}
		}
		for id := range big.Contacts {
			if id > "A00012" {
				delete(big.Contacts, id)
				delete(big.Events, id)
				delete(big.Series, id)
			}
		}
		var outs []*gtg.Outcome
		for _, o := range big.Outcomes {
			if o.AccountExternalID <= "A00012" {
				outs = append(outs, o)
			}
		}
		big.Outcomes = outs
		if diff := cmp.Diff(small, big, snapshotOpts, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("accounts differ with portfolio size (-12 +20):\n%s", diff)
		}
	})
}

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		cfg := testConfig(30, 3)
		var calls []int
		stats, err := Load(ctx, st, cfg, func(done int) { calls = append(calls, done) })
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(calls, []int{30}) {
			t.Errorf("progress calls %v, want [30]", calls)
		}

		// What is stored is what the simulation produced.
		var want Stats
		full, _ := cfg.withDefaults()
		snap := readSnapshot(t, st, full)
		for i := range cfg.Accounts {
			s := simulate(full, i)
			want.Accounts++
			want.Contacts += len(s.people)
			want.Events += len(s.events)
			want.Outcomes += len(s.outcomes)
			id := s.acct.ExternalID
			if diff := cmp.Diff(s.acct, snap.Accounts[i], snapshotOpts); diff != "" {
				t.Errorf("account %s (-simulated +stored):\n%s", id, diff)
			}
			if got := len(snap.Contacts[id]); got != len(s.people) {
				t.Errorf("account %s: %d contacts stored, simulated %d", id, got, len(s.people))
			}
			if got := len(snap.Events[id]); got != len(s.events) {
				t.Errorf("account %s: %d events stored, simulated %d", id, got, len(s.events))
			}
			for _, e := range snap.Events[id] {
				if e.ContactEmail != "" && e.ContactID == 0 {
					t.Errorf("event %s: contact %s is not a contact of %s", e.ExternalID, e.ContactEmail, id)
				}
			}
			series := map[string]gtg.Series{}
			for _, ser := range snap.Series[id] {
				series[ser.Key] = ser
			}
			s.usage(0, func(p gtg.MetricPoint) error {
				want.MetricPoints++
				if got := series[p.Key].At(p.Day); got != p.Value {
					t.Fatalf("account %s %s on %s: stored %v, simulated %v", id, p.Key, p.Day, got, p.Value)
				}
				return nil
			})
		}
		if stats != want {
			t.Errorf("stats %+v, want %+v", stats, want)
		}
		if len(snap.Outcomes) != want.Outcomes {
			t.Errorf("%d outcomes stored, simulated %d", len(snap.Outcomes), want.Outcomes)
		}
		keys, err := st.MetricKeys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(keys, MetricKeys(0), cmpopts.SortSlices(func(a, b string) bool { return a < b })) {
			t.Errorf("metric keys %v, want %v", keys, MetricKeys(0))
		}

		// Loading again changes nothing.
		before, err := st.AuditLog(ctx, "", "", 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load(ctx, st, cfg, nil); err != nil {
			t.Fatal(err)
		}
		if again := readSnapshot(t, st, full); !cmp.Equal(snap, again, snapshotOpts) {
			t.Errorf("second load changed the data:\n%s", cmp.Diff(snap, again, snapshotOpts))
		}
		after, err := st.AuditLog(ctx, "", "", 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before) {
			t.Errorf("second load wrote %d audit entries", len(after)-len(before))
		}
	})
}

func TestLoadTodayFromStoreClock(t *testing.T) {
	st := storetest.OpenSQLite(t)
	st.Now = func() time.Time { return time.Date(2024, 3, 15, 17, 0, 0, 0, time.UTC) }
	if _, err := Load(context.Background(), st, Config{Accounts: 3, Seed: 1}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := st.Account(context.Background(), "A00001")
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := Config{Accounts: 3, Seed: 1, Today: gtg.MustParseDay("2024-03-15")}.withDefaults()
	if want := simulate(cfg, 0).acct; !cmp.Equal(want, got, snapshotOpts) {
		t.Errorf("load without Today is not the load as of the store's today:\n%s", cmp.Diff(want, got, snapshotOpts))
	}
}

func TestConfigErrors(t *testing.T) {
	st := storetest.OpenSQLite(t)
	for name, cfg := range map[string]Config{
		"NegativeAccounts": {Accounts: -1, Today: testToday},
		"TooManyAccounts":  {Accounts: MaxAccounts + 1, Today: testToday},
		"TooManyDays":      {Accounts: 1, Days: MaxDays + 1, Today: testToday},
		"TooManyExtra":     {Accounts: 1, ExtraMetrics: MaxExtraMetrics + 1, Today: testToday},
		"TodayTooEarly":    {Accounts: 1, Today: gtg.MustParseDay("1971-01-01")},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(context.Background(), st, cfg, nil)
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Errorf("got %v, want an %s error", err, gtg.EINVALID)
			}
		})
	}
	if n, err := st.CountAccounts(context.Background()); err != nil || n != 0 {
		t.Errorf("bad configs wrote %d accounts (%v)", n, err)
	}
}

// The history lets a backtest see a churned account as it was before it
// left: seats and ARR until the churn day, none after.
func TestLoadWritesAccountHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		today := gtg.MustParseDay("2026-06-30")
		if _, err := Load(context.Background(), st, Config{Accounts: 60, Seed: 9, Today: today, Days: 400}, nil); err != nil {
			t.Fatal(err)
		}
		hist, err := st.AccountHistory(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		outcomes, err := st.Outcomes(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		checked := 0
		for _, o := range outcomes {
			if o.Type != gtg.OutcomeChurned {
				continue
			}
			a, err := st.AccountByID(context.Background(), o.AccountID)
			if err != nil {
				t.Fatal(err)
			}
			before, after := a.AsOf(hist[a.ID], o.Day-1), a.AsOf(hist[a.ID], o.Day)
			if a.Seats != 0 || before.Seats == 0 || before.ARR != o.ARRBefore || after.Seats != 0 || after.ARR != 0 {
				t.Errorf("%s churned on %s: now %d seats; the day before %d seats, %v ARR (outcome says %v); on the day %d seats",
					a.ExternalID, o.Day, a.Seats, before.Seats, before.ARR, o.ARRBefore, after.Seats)
			}
			checked++
		}
		if checked == 0 {
			t.Fatal("no churned account to check")
		}
	})
}
