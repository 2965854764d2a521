package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

func TestOffersAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.must("PUT", "/api/v1/accounts/A1", `{"name":"Acme","arr":100000,"owner":"csm@example.com","segment":"smb"}`, nil)
		offersStored := func() int {
			t.Helper()
			var got struct{ Data []gtg.Offer }
			a.must("GET", "/api/v1/offers", "", &got)
			return len(got.Data)
		}
		audited := func() int {
			t.Helper()
			es, err := st.AuditLog(context.Background(), "offer", "", 100)
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}

		t.Run("ErrSkipWithoutReason", func(t *testing.T) {
			r := a.do("POST", "/api/v1/offers", `{"account_id":"A1","rung":"pause","terms":{"until":"2024-09-30"},
				"skipped":[{"rung":"expand","reason":"no budget"},{"rung":"reduce","reason":"all seats used"}]}`)
			if r.status != http.StatusBadRequest || !strings.HasPrefix(r.errorMessage(), "skip.discount: a pause offer skips the discount rung") {
				t.Fatalf("got %s", r)
			}
			if n := offersStored(); n != 0 || audited() != 0 {
				t.Fatalf("a refused offer wrote %d offers, %d audit entries", n, audited())
			}
		})
		t.Run("ErrUnknownField", func(t *testing.T) {
			r := a.do("POST", "/api/v1/offers", `{"account_id":"A1","rung":"expand","trems":{}}`)
			if r.status != http.StatusBadRequest || !strings.Contains(r.errorMessage(), "trems") {
				t.Fatalf("got %s", r)
			}
		})
		t.Run("ErrViewer", func(t *testing.T) {
			r := a.do("POST", "/api/v1/offers", `{"account_id":"A1","rung":"expand","terms":{"arr":120000}}`, as(a.token[gtg.UserViewer]))
			if r.status != http.StatusForbidden {
				t.Fatalf("got %s", r)
			}
		})
		var id int64
		t.Run("OKPendingApprovedAccepted", func(t *testing.T) {
			r := a.do("POST", "/api/v1/offers", `{"account_id":"A1","rung":"pause","terms":{"until":"2024-12-31","summary":"six months off"},
				"skipped":[{"rung":"expand","reason":"no budget"},{"rung":"reduce","reason":"all seats used"},{"rung":"discount","reason":"cash, not price"}]}`)
			if r.status != http.StatusCreated {
				t.Fatalf("got %s", r)
			}
			var got struct{ Data gtg.Offer }
			json.Unmarshal(r.body, &got)
			o := got.Data
			if o.Status != gtg.OfferPendingApproval || len(o.Skipped) != 3 || o.Guardrails[0] != "a pause until 2024-12-31 is longer than 3 months" {
				t.Fatalf("offer = %+v", o)
			}
			id = o.ID
			path := "/api/v1/offers/" + strconv.FormatInt(id, 10)
			if r := a.do("POST", path+"/accept", ""); r.status != http.StatusConflict {
				t.Fatalf("accept while pending: %s", r)
			}
			if r := a.do("POST", path+"/approve", ""); r.status != http.StatusForbidden || !strings.Contains(r.errorMessage(), "needs the manager role") {
				t.Fatalf("csm approves: %s", r)
			}
			a.must("POST", path+"/approve", `{"note":"ok"}`, nil, as(a.token[gtg.UserAdmin]))
			var acc offerResult
			a.must("POST", path+"/accept", "", &acc)
			if acc.Data.Status != gtg.OfferAccepted || len(acc.FollowUps) != 1 || acc.FollowUps[0].Kind != gtg.FollowUpResume ||
				acc.FollowUps[0].Due.String() != "2024-12-31" {
				t.Fatalf("accepted = %+v", acc)
			}
			var outs struct{ Data []gtg.Outcome }
			a.must("GET", "/api/v1/outcomes?account_id=A1", "", &outs)
			if len(outs.Data) != 1 || outs.Data[0].Type != gtg.OutcomePaused || outs.Data[0].ARRBefore != 100000 || outs.Data[0].ARRAfter != 0 {
				t.Fatalf("outcomes = %+v", outs.Data)
			}
			var fs struct{ Data []gtg.FollowUp }
			a.must("GET", "/api/v1/followups?owner=csm@example.com", "", &fs)
			if len(fs.Data) != 1 {
				t.Fatalf("follow-ups = %+v", fs.Data)
			}
			var done struct{ Data gtg.FollowUp }
			a.must("POST", "/api/v1/followups/"+strconv.FormatInt(fs.Data[0].ID, 10), `{"status":"done"}`, &done)
			if done.Data.Status != gtg.TaskDone {
				t.Fatalf("done = %+v", done.Data)
			}
			var rep struct {
				Data struct {
					Results     map[string]int `json:"results"`
					ARRDefended float64        `json:"arr_defended"`
				}
			}
			a.must("GET", "/api/v1/offers/report", "", &rep)
			if rep.Data.Results["paused"] != 1 || rep.Data.ARRDefended != 100000 {
				t.Fatalf("report = %+v", rep.Data)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			if r := a.do("GET", "/api/v1/offers/999", ""); r.status != http.StatusNotFound {
				t.Fatalf("got %s", r)
			}
		})
	})
}
