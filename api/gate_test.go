package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestSegmentBurst: a burst far over what the write queue holds is answered
// 429 with Retry-After for the overflow, and every event of every accepted
// request is stored: the count in the database is exactly the accepted ones'.
func TestSegmentBurst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		a.h.(*handler).gate = newWriteGate(2, 4, 300*time.Millisecond)
		srv := httptest.NewServer(a.h)
		defer srv.Close()
		a.must("POST", "/api/v1/segment/group", `{"type":"group","groupId":"acme-co","traits":{"name":"Acme"}}`, nil)

		const requests, perRequest = 60, 25
		var mu sync.Mutex
		statuses := map[int]int{}
		accepted := 0
		var wg sync.WaitGroup
		for i := range requests {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var b strings.Builder
				b.WriteString(`{"batch":[`)
				for j := range perRequest {
					if j > 0 {
						b.WriteString(",")
					}
					fmt.Fprintf(&b, `{"type":"track","event":"Login","userId":"u-%d","messageId":"burst-%d-%d","timestamp":"2025-05-01T10:00:00Z"}`, j, i, j)
				}
				b.WriteString(`],"context":{"groupId":"acme-co"}}`)
				req, _ := http.NewRequest("POST", srv.URL+"/api/v1/segment/batch", strings.NewReader(b.String()))
				req.Header.Set("Authorization", "Bearer "+a.token[gtg.UserCSM])
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				mu.Lock()
				defer mu.Unlock()
				statuses[resp.StatusCode]++
				switch resp.StatusCode {
				case http.StatusOK:
					accepted++
				case http.StatusTooManyRequests:
					if resp.Header.Get("Retry-After") == "" {
						t.Error("429 without Retry-After")
					}
				default:
					t.Errorf("status %d", resp.StatusCode)
				}
			}()
		}
		wg.Wait()
		if statuses[http.StatusTooManyRequests] == 0 || accepted == 0 {
			t.Fatalf("statuses %v: want some accepted and some turned away", statuses)
		}
		var stored int
		if err := st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM events WHERE type = 'login'`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != accepted*perRequest {
			t.Errorf("%d events stored, want %d (%d accepted requests × %d); statuses %v", stored, accepted*perRequest, accepted, perRequest, statuses)
		}
		t.Logf("%d requests: %v; %d events stored", requests, statuses, stored)
	})
}
