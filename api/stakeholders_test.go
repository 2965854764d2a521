package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/stakeholders"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestTouchesAndStakeholders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.seed() // Acme (smb) with Pat, an end user
		ctx := context.Background()

		t.Run("PostTouch", func(t *testing.T) {
			r := a.do("POST", "/api/v1/accounts/acme/touches", `{"type":"call","contact_email":"Pat@acme.com","text":"Renewal check-in","duration_minutes":20}`)
			if r.status != http.StatusCreated || !strings.Contains(string(r.body), `"type":"call"`) || !strings.Contains(string(r.body), `"contact_email":"pat@acme.com"`) {
				t.Fatalf("post touch: %s", r)
			}
			evs, err := st.Events(ctx, gtg.EventFilter{Types: []string{gtg.EventCall}})
			if err != nil || len(evs) != 1 || evs[0].ContactEmail != "pat@acme.com" || !evs[0].OccurredAt.Equal(testNow) ||
				evs[0].Attrs["author"] != "csm@example.com" {
				t.Fatalf("stored calls %+v, %v", evs, err)
			}
			audit, err := st.AuditLog(ctx, "account", "acme", 5)
			if err != nil || len(audit) == 0 || audit[0].Action != "log call" || audit[0].Actor != "csm@example.com" {
				t.Errorf("audit %+v, %v", audit, err)
			}
		})
		for _, tc := range []struct{ name, body, want string }{
			{"ErrNoteNeedsSentiment", `{"type":"note","text":"hi"}`, "sentiment: required for a note"},
			{"ErrCallNeedsContact", `{"type":"call"}`, "contact_email: required for a call"},
			{"ErrUnknownContact", `{"type":"email","contact_email":"who@acme.com"}`, "contact_email: who@acme.com is not a contact of acme"},
			{"ErrType", `{"type":"ticket_opened","contact_email":"pat@acme.com"}`, `type: "ticket_opened" is not one of email, meeting, call, note`},
			{"ErrFuture", `{"type":"call","contact_email":"pat@acme.com","occurred_at":"2030-01-01T00:00:00Z"}`, "occurred_at: 2030-01-01T00:00:00Z is in the future"},
			{"ErrUnknownField", `{"type":"call","contact_email":"pat@acme.com","mood":"good"}`, "mood"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := a.do("POST", "/api/v1/accounts/acme/touches", tc.body)
				if r.status != http.StatusBadRequest || !strings.Contains(r.errorMessage(), tc.want) {
					t.Fatalf("got %s, want 400 with %q", r, tc.want)
				}
			})
		}
		t.Run("ErrViewerCannotWrite", func(t *testing.T) {
			r := a.do("POST", "/api/v1/accounts/acme/touches", `{"type":"call","contact_email":"pat@acme.com"}`, as(a.token[gtg.UserViewer]))
			if r.status != http.StatusForbidden {
				t.Fatalf("viewer: %s", r)
			}
		})
		t.Run("GetStakeholders", func(t *testing.T) {
			var m stakeholders.Map
			a.must("GET", "/api/v1/accounts/acme/stakeholders", "", &m, as(a.token[gtg.UserViewer]))
			if len(m.Stakeholders) != 1 || m.Stakeholders[0].Touches30 != 1 || !m.Stakeholders[0].Engaged {
				t.Fatalf("map %+v", m)
			}
			// One engaged contact, no champion: single-threaded and the SMB champion target missed.
			if !m.Coverage.SingleThreaded || len(m.Gaps) != 1 || m.Gaps[0].Role != gtg.RoleChampion || !m.Gaps[0].NoContact {
				t.Errorf("coverage %+v, gaps %+v", m.Coverage, m.Gaps)
			}
			if r := a.do("GET", "/api/v1/accounts/nope/stakeholders", ""); r.status != http.StatusNotFound {
				t.Errorf("unknown account: %s", r)
			}
		})
		t.Run("GetCoverageAndGaps", func(t *testing.T) {
			var p stakeholders.Portfolio
			a.must("GET", "/api/v1/coverage?owner=olga", "", &p)
			if len(p.Owners) != 1 || p.Owners[0].Owner != "olga" || p.Owners[0].SingleThreaded != 1 || len(p.Accounts) != 1 {
				t.Errorf("coverage %+v", p)
			}
			var g cadenceGaps
			a.must("GET", "/api/v1/cadence/gaps?as_of=2024-06-30", "", &g)
			if len(g.Data) != 1 || g.Data[0].AccountID != "acme" || g.Policy != "default@1" {
				t.Errorf("gaps %+v", g)
			}
			if r := a.do("GET", "/api/v1/cadence/gaps?day=1", ""); r.status != http.StatusBadRequest {
				t.Errorf("unknown parameter: %s", r)
			}
		})
	})
}
