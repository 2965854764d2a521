package api

import (
	"context"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestOptOutAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		ctx := context.Background()
		a.must("PUT", "/api/v1/accounts/acme", `{"name":"Acme","arr":100}`, nil)
		a.must("POST", "/api/v1/contacts/bulk", `[{"account_id":"acme","email":"ann@acme.test","role":"champion"}]`, nil)
		acct, err := st.Account(ctx, "acme")
		if err != nil {
			t.Fatal(err)
		}
		optedOut := func() int {
			o, err := st.OptOuts(ctx, acct.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(o)
		}
		var res optOutOut
		a.must("PUT", "/api/v1/accounts/acme/contacts/Ann@acme.test/opt-out", `{"opted_out":true}`, &res)
		if !res.Changed || !res.OptedOut || optedOut() != 1 {
			t.Errorf("opt out: %+v, %d opted out", res, optedOut())
		}
		a.must("PUT", "/api/v1/accounts/acme/contacts/ann@acme.test/opt-out", `{"opted_out":true}`, &res)
		if res.Changed {
			t.Errorf("opting out again changed something: %+v", res)
		}
		for _, tc := range []struct {
			path, body, as string
			status         int
			want           string
		}{
			{"/api/v1/accounts/acme/contacts/ann@acme.test/opt-out", `{}`, gtg.UserCSM, 400, "opted_out: required"},
			{"/api/v1/accounts/acme/contacts/nobody@acme.test/opt-out", `{"opted_out":false}`, gtg.UserCSM, 404, "not found"},
			{"/api/v1/accounts/acme/contacts/ann@acme.test/opt-out", `{"opted_out":false}`, gtg.UserViewer, 403, "needs role csm"},
		} {
			r := a.do("PUT", tc.path, tc.body, as(a.token[tc.as]))
			if r.status != tc.status || !strings.Contains(r.errorMessage(), tc.want) {
				t.Errorf("PUT %s %s as %s: %s, want %d %q", tc.path, tc.body, tc.as, r, tc.status, tc.want)
			}
		}
		if optedOut() != 1 {
			t.Error("a refused request changed the opt-out")
		}
		a.must("PUT", "/api/v1/accounts/acme/contacts/ann@acme.test/opt-out", `{"opted_out":false}`, &res)
		if !res.Changed || optedOut() != 0 {
			t.Errorf("opt back in: %+v, %d opted out", res, optedOut())
		}
	})
}
