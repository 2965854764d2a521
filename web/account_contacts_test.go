package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestAccountContactsShort: the account page lists its first contacts,
// key roles first, and sends the rest to the stakeholder map, so that a
// well-covered account does not make the page long.
func TestAccountContactsShort(t *testing.T) {
	st := storetest.OpenSQLite(t)
	c := signedIn(t, st)
	a, err := st.Account(ctx, "GLOBEX-2")
	if err != nil {
		t.Fatal(err)
	}
	var cs []*gtg.Contact
	for i := range 8 {
		cs = append(cs, &gtg.Contact{AccountID: a.ID, Email: fmt.Sprintf("user%d@globex.test", i), Name: fmt.Sprintf("User %d", i), Role: gtg.RoleEndUser})
	}
	cs = append(cs, &gtg.Contact{AccountID: a.ID, Email: "zed@globex.test", Name: "Zed Buyer", Role: gtg.RoleEconomicBuyer})
	if err := st.InTx(ctx, func(tx *store.Tx) error { _, err := tx.UpsertContacts(ctx, "test", cs); return err }); err != nil {
		t.Fatal(err)
	}
	body := c.get("/accounts/GLOBEX-2").Body.String()
	card := body[strings.Index(body, `id="contacts"`):]
	card = card[:strings.Index(card, "</section>")]
	if n := strings.Count(card, `<tr class=`); n != accountContacts {
		t.Errorf("%d contact rows, want %d", n, accountContacts)
	}
	if !strings.Contains(card, "All 9 contacts on the stakeholder map") {
		t.Error("no link to the other contacts")
	}
	if i, j := strings.Index(card, "Zed Buyer"), strings.Index(card, "User 0"); i < 0 || j < 0 || i > j {
		t.Errorf("the economic buyer is not listed first (at %d, the first end user at %d)", i, j)
	}
}
