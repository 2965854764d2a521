package offers_test

import (
	"context"
	"strings"
	"testing"

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

// seed stores accounts A1 (ARR 100,000, kim, smb) and A2 (ARR 400,000, lee, enterprise).
func seed(t *testing.T, st *store.Store) {
	t.Helper()
	must(t, st.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.UpsertAccounts(ctx, "test", []*gtg.Account{
			{ExternalID: "A1", Name: "Acme", ARR: 100000, Owner: "kim@x.io", Segment: "smb", ContractStart: day("2025-01-01")},
			{ExternalID: "A2", Name: "Globex", ARR: 400000, Owner: "lee@x.io", Segment: "enterprise", ContractStart: day("2025-01-01")},
		})
		return err
	}))
}

// audits returns the actions recorded for an entity, oldest first.
func audits(t *testing.T, st *store.Store, entity string) []string {
	t.Helper()
	es, err := st.AuditLog(ctx, entity, "", 1000)
	must(t, err)
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		out = append(out, es[i].Action+" "+es[i].EntityID)
	}
	return out
}
