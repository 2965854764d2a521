package store_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

var ctx = context.Background()

func day(s string) gtg.Day { return gtg.MustParseDay(s) }

func seedAccounts(t *testing.T, s *store.Store, accts ...*gtg.Account) {
	t.Helper()
	if err := s.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.UpsertAccounts(ctx, "test", accts)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func TestAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		t.Run("OK", func(t *testing.T) {
			a := &gtg.Account{ExternalID: "A1", Name: "Acme", ARR: 50000, Segment: "mid", Owner: "dana@x.io",
				ContractStart: day("2025-01-01"), RenewalDate: day("2026-01-01"),
				Attrs: map[string]any{"industry": "retail", "employees": 120.0, "kickoff": day("2025-01-15"), "paying": true}}
			var changed int
			if err := s.InTx(ctx, func(tx *store.Tx) (err error) {
				changed, err = tx.UpsertAccounts(ctx, "test", []*gtg.Account{a})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if changed != 1 || a.ID == 0 {
				t.Fatalf("changed=%d id=%d, want 1 and an id", changed, a.ID)
			}
			got, err := s.Account(ctx, "A1")
			if err != nil {
				t.Fatal(err)
			}
			want := *a
			want.Currency, want.Stage = "USD", gtg.StageAdoption
			if diff := cmp.Diff(&want, got, cmp.Comparer(func(x, y time.Time) bool { return x.Equal(y) })); diff != "" {
				t.Fatalf("account (-want +got):\n%s", diff)
			}
			// The same data again changes nothing and writes no audit entry.
			same := *a
			same.ID = 0
			if err := s.InTx(ctx, func(tx *store.Tx) (err error) {
				changed, err = tx.UpsertAccounts(ctx, "test", []*gtg.Account{&same})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if changed != 0 || same.ID != a.ID {
				t.Fatalf("re-upsert changed=%d id=%d, want 0 and %d", changed, same.ID, a.ID)
			}
			upd := *a
			upd.ARR = 60000
			seedAccounts(t, s, &upd)
			log, err := s.AuditLog(ctx, "account", "A1", 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(log) != 2 || log[0].Action != "update" || log[1].Action != "create" {
				t.Fatalf("audit log = %+v, want update then create", log)
			}
			if !contains(log[0].Before, `"arr":50000`) || !contains(log[0].After, `"arr":60000`) {
				t.Fatalf("audit before/after = %s / %s", log[0].Before, log[0].After)
			}
		})
		t.Run("ErrAttributeType", func(t *testing.T) {
			seedAccounts(t, s, &gtg.Account{ExternalID: "T1", Name: "T", Attrs: map[string]any{"tier_score": 3.0}})
			err := s.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.UpsertAccounts(ctx, "test", []*gtg.Account{{ExternalID: "T2", Name: "T2", Attrs: map[string]any{"tier_score": "high"}}})
				return err
			})
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Fatalf("err = %v, want invalid", err)
			}
			if _, err := s.Account(ctx, "T2"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
				t.Fatalf("T2 was written: %v", err)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			if _, err := s.Account(ctx, "nope"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
				t.Fatalf("err = %v, want not_found", err)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			err := s.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.UpsertAccounts(ctx, "test", []*gtg.Account{{ExternalID: "B", Name: "B", Stage: "nirvana"}})
				return err
			})
			if gtg.ErrorCode(err) != gtg.EINVALID {
				t.Fatalf("err = %v, want invalid", err)
			}
		})
		t.Run("List", func(t *testing.T) {
			seedAccounts(t, s,
				&gtg.Account{ExternalID: "L1", Name: "Lima", ARR: 10, Owner: "o1", Segment: "smb", RenewalDate: day("2026-03-01")},
				&gtg.Account{ExternalID: "L2", Name: "Lagos", ARR: 30, Owner: "o2", Segment: "smb"},
				&gtg.Account{ExternalID: "L3", Name: "Leeds", ARR: 20, Owner: "o1", Segment: "ent", RenewalDate: day("2026-02-01")})
			list, total, arr, err := s.AccountsWithARR(ctx, gtg.AccountFilter{Search: "l", Owner: "o1", Sort: "-arr"})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range list {
				ids = append(ids, a.ExternalID)
			}
			if diff := cmp.Diff([]string{"L3", "L1"}, ids); diff != "" || total != 2 || arr != 30 {
				t.Fatalf("ids %v total %d arr %v: %s", ids, total, arr, diff)
			}
			list, _, err = s.Accounts(ctx, gtg.AccountFilter{Search: "L", Sort: "renewal_date"})
			if err != nil {
				t.Fatal(err)
			}
			ids = nil
			for _, a := range list {
				if a.ExternalID[0] == 'L' {
					ids = append(ids, a.ExternalID)
				}
			}
			if diff := cmp.Diff([]string{"L3", "L1", "L2"}, ids); diff != "" {
				t.Fatalf("renewal sort, no date last: %s", diff)
			}
			owners, segments, err := s.AccountFacets(ctx)
			if err != nil || !containsAll(owners, "o1", "o2") || !containsAll(segments, "smb", "ent") {
				t.Fatalf("facets %v %v %v", owners, segments, err)
			}
		})
	})
}

func TestContactsEventsOutcomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := &gtg.Account{ExternalID: "C1", Name: "Contoso"}
		seedAccounts(t, s, a)
		s.Now = func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) }
		champ := &gtg.Contact{AccountID: a.ID, Email: "Pat@Contoso.com", Name: "Pat", Role: "champion"}
		upsert := func(cs ...*gtg.Contact) int {
			var n int
			if err := s.InTx(ctx, func(tx *store.Tx) (err error) {
				n, err = tx.UpsertContacts(ctx, "test", cs)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := upsert(champ); n != 1 {
			t.Fatalf("created %d", n)
		}
		if n := upsert(&gtg.Contact{AccountID: a.ID, Email: "pat@contoso.com", Name: "Pat", Role: "champion"}); n != 0 {
			t.Fatalf("re-upsert changed %d", n)
		}
		if n := upsert(&gtg.Contact{AccountID: a.ID, Email: "pat@contoso.com", Name: "Pat", Role: "champion", Status: "left"}); n != 1 {
			t.Fatalf("status change changed %d", n)
		}
		cs, err := s.Contacts(ctx, a.ID)
		if err != nil || len(cs) != 1 {
			t.Fatal(cs, err)
		}
		if cs[0].Status != "left" || cs[0].StatusChangedOn != day("2026-05-01") || cs[0].AccountExternalID != "C1" {
			t.Fatalf("contact = %+v", cs[0])
		}

		at := time.Date(2026, 4, 2, 9, 30, 0, 0, time.UTC)
		evs := func() []*gtg.Event {
			return []*gtg.Event{
				{AccountID: a.ID, Type: "survey", OccurredAt: at, ContactEmail: "pat@contoso.com", Attrs: map[string]any{"nps": 4.0}},
				{AccountID: a.ID, ExternalID: "T-1", Type: "ticket_opened", OccurredAt: at.Add(time.Hour), Attrs: map[string]any{"priority": "high", "first_response_minutes": 95.0}},
			}
		}
		write := func(e []*gtg.Event) int {
			var n int
			if err := s.InTx(ctx, func(tx *store.Tx) (err error) { n, err = tx.UpsertEvents(ctx, e); return err }); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := write(evs()); n != 2 {
			t.Fatalf("events written %d, want 2", n)
		}
		if n := write(evs()); n != 0 {
			t.Fatalf("same events again changed %d, want 0", n)
		}
		changedTicket := evs()[1:]
		changedTicket[0].Attrs["priority"] = "urgent"
		if n := write(changedTicket); n != 1 {
			t.Fatalf("changed ticket wrote %d, want 1", n)
		}
		got, err := s.Events(ctx, gtg.EventFilter{AccountID: a.ID})
		if err != nil || len(got) != 2 {
			t.Fatal(got, err)
		}
		if got[0].ExternalID != "T-1" || got[0].Attrs["priority"] != "urgent" || !got[0].OccurredAt.Equal(at.Add(time.Hour)) {
			t.Fatalf("newest event = %+v", got[0])
		}
		if got[1].ContactEmail != "pat@contoso.com" || got[1].ContactID != cs[0].ID || got[1].Attrs["nps"] != 4.0 {
			t.Fatalf("survey = %+v", got[1])
		}
		only, err := s.Events(ctx, gtg.EventFilter{AccountID: a.ID, Types: []string{"survey"}, From: at, To: at.Add(time.Minute)})
		if err != nil || len(only) != 1 || only[0].Type != "survey" {
			t.Fatalf("filtered = %v %v", only, err)
		}

		o := []*gtg.Outcome{{AccountID: a.ID, Day: day("2026-01-01"), Type: "contracted", ARRBefore: 100, ARRAfter: 80}}
		for i, want := range []int{1, 0} {
			var n int
			if err := s.InTx(ctx, func(tx *store.Tx) (err error) { n, err = tx.UpsertOutcomes(ctx, o); return err }); err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Fatalf("outcome write %d changed %d, want %d", i, n, want)
			}
		}
		outs, err := s.Outcomes(ctx, 0)
		if err != nil || len(outs) != 1 || outs[0].Day != day("2026-01-01") || outs[0].ARRAfter != 80 || outs[0].AccountExternalID != "C1" {
			t.Fatalf("outcomes = %+v %v", outs, err)
		}
	})
}

func TestMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := &gtg.Account{ExternalID: "M1", Name: "Metrica"}
		b := &gtg.Account{ExternalID: "M2", Name: "Other"}
		seedAccounts(t, s, a, b)
		merge := func(pts []gtg.MetricPoint) int {
			var n int
			if err := s.InTx(ctx, func(tx *store.Tx) (err error) { n, err = tx.MergeMetrics(ctx, pts); return err }); err != nil {
				t.Fatal(err)
			}
			return n
		}
		pts := []gtg.MetricPoint{
			{AccountID: a.ID, Key: "active_users", Day: day("2026-01-30"), Value: 10},
			{AccountID: a.ID, Key: "active_users", Day: day("2026-01-31"), Value: 12},
			{AccountID: a.ID, Key: "active_users", Day: day("2026-02-01"), Value: 11},
			{AccountID: a.ID, Key: "api_calls", Day: day("2026-02-01"), Value: 1.5},
			{AccountID: b.ID, Key: "active_users", Day: day("2026-02-01"), Value: 99},
		}
		if n := merge(pts); n != 4 {
			t.Fatalf("chunks written %d, want 4", n)
		}
		if n := merge(pts); n != 0 {
			t.Fatalf("same points again changed %d chunks, want 0", n)
		}
		// A later write for one day merges into the month, keeping the others.
		if n := merge([]gtg.MetricPoint{{AccountID: a.ID, Key: "active_users", Day: day("2026-01-31"), Value: -3}}); n != 1 {
			t.Fatalf("overwrite changed %d", n)
		}
		ser, err := s.Series(ctx, a.ID, []string{"active_users", "api_calls", "never"}, day("2026-01-29"), day("2026-02-02"))
		if err != nil {
			t.Fatal(err)
		}
		nan := math.NaN()
		want := []gtg.Series{
			{Key: "active_users", From: day("2026-01-29"), Values: []float64{nan, 10, -3, 11, nan}},
			{Key: "api_calls", From: day("2026-01-29"), Values: []float64{nan, nan, nan, 1.5, nan}},
			{Key: "never", From: day("2026-01-29"), Values: []float64{nan, nan, nan, nan, nan}},
		}
		if diff := cmp.Diff(want, ser, cmp.Comparer(func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) })); diff != "" {
			t.Fatalf("series (-want +got):\n%s", diff)
		}
		keys, err := s.MetricKeys(ctx)
		if err != nil || !cmp.Equal(keys, []string{"active_users", "api_calls"}) {
			t.Fatalf("keys %v %v", keys, err)
		}
		err = s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.MergeMetrics(ctx, []gtg.MetricPoint{{AccountID: a.ID, Key: "Bad Key", Day: day("2026-01-01"), Value: 1}})
			return err
		})
		if gtg.ErrorCode(err) != gtg.EINVALID {
			t.Fatalf("bad key err = %v", err)
		}
		// A rolled-back transaction leaves no metric key behind in the cache or the table.
		_ = s.InTx(ctx, func(tx *store.Tx) error {
			tx.MergeMetrics(ctx, []gtg.MetricPoint{{AccountID: a.ID, Key: "ghost", Day: day("2026-01-01"), Value: 1}})
			return gtg.Errorf(gtg.EINVALID, "abort")
		})
		if keys, _ := s.MetricKeys(ctx); len(keys) != 2 {
			t.Fatalf("keys after rollback %v", keys)
		}
		if n := merge([]gtg.MetricPoint{{AccountID: a.ID, Key: "ghost", Day: day("2026-01-01"), Value: 1}}); n != 1 {
			t.Fatalf("ghost after rollback wrote %d", n)
		}
	})
}

func TestUsersSessionsTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		if n, _ := s.CountUsers(ctx); n != 0 {
			t.Fatalf("users %d", n)
		}
		u := &gtg.User{Email: "Admin@Example.com", Role: "admin", PasswordHash: "x"}
		if err := s.CreateUser(ctx, "cli", u); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, "cli", &gtg.User{Email: "admin@example.com", Role: "csm", PasswordHash: "y"}); gtg.ErrorCode(err) != gtg.ECONFLICT {
			t.Fatalf("duplicate user err = %v", err)
		}
		if err := s.CreateUser(ctx, "cli", &gtg.User{Email: "x@example.com", Role: "boss", PasswordHash: "y"}); gtg.ErrorCode(err) != gtg.EINVALID {
			t.Fatalf("bad role err = %v", err)
		}
		got, err := s.UserByEmail(ctx, "admin@example.com")
		if err != nil || got.ID != u.ID || got.Role != "admin" {
			t.Fatal(got, err)
		}
		if err := s.CreateSession(ctx, "h1", u.ID, "csrf1", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		su, csrf, err := s.Session(ctx, "h1")
		if err != nil || su.ID != u.ID || csrf != "csrf1" {
			t.Fatal(su, csrf, err)
		}
		now = now.Add(2 * time.Hour)
		if _, _, err := s.Session(ctx, "h1"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("expired session err = %v", err)
		}
		if err := s.DeleteSession(ctx, "h1"); err != nil {
			t.Fatal(err)
		}
		tok := &gtg.APIToken{UserID: u.ID, Name: "ci", Prefix: "gtg_ab", Hash: "hash1"}
		if err := s.CreateAPIToken(ctx, "cli", tok); err != nil {
			t.Fatal(err)
		}
		if tu, err := s.UserByToken(ctx, "hash1"); err != nil || tu.ID != u.ID {
			t.Fatal(tu, err)
		}
		if _, err := s.UserByToken(ctx, "nope"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("unknown token err = %v", err)
		}
		toks, err := s.APITokens(ctx, u.ID)
		if err != nil || len(toks) != 1 || !toks[0].LastUsedAt.Equal(now) {
			t.Fatalf("tokens %+v %v", toks, err)
		}
		if _, _, _, err := s.IdempotentGet(ctx, u.ID, "k"); gtg.ErrorCode(err) != gtg.ENOTFOUND {
			t.Fatalf("idempotent get err = %v", err)
		}
		for _, body := range []string{"first", "second"} {
			if err := s.IdempotentPut(ctx, u.ID, "k", "rh", 201, []byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		rh, st, body, err := s.IdempotentGet(ctx, u.ID, "k")
		if err != nil || rh != "rh" || st != 201 || string(body) != "first" {
			t.Fatalf("idempotent = %q %d %q %v", rh, st, body, err)
		}
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func containsAll(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, v := range list {
			found = found || v == w
		}
		if !found {
			return false
		}
	}
	return true
}
