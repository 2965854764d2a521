package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestEndToEnd boots a real server on 127.0.0.1:0, mounted as the web
// package mounts it, and drives it with net/http.
func TestEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := newTestAPI(t, st)
		mux := http.NewServeMux()
		mux.Handle("/api/v1/", a.h)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ln) }()
		t.Cleanup(func() {
			srv.Close()
			if err := <-done; !errors.Is(err, http.ErrServerClosed) {
				t.Errorf("serve: %v", err)
			}
		})
		base := "http://" + ln.Addr().String()
		client := &http.Client{Timeout: 30 * time.Second}

		call := func(method, path, body string, hdr map[string]string) (int, http.Header, []byte) {
			t.Helper()
			req, err := http.NewRequest(method, base+path, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+a.token[gtg.UserCSM])
			req.Header.Set("Content-Type", "application/json")
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			return resp.StatusCode, resp.Header, b
		}
		expect := func(method, path, body string, hdr map[string]string, status int, contains string) http.Header {
			t.Helper()
			code, h, b := call(method, path, body, hdr)
			if code != status || !bytes.Contains(b, []byte(contains)) {
				t.Errorf("%s %s: got %d %s, want %d containing %q", method, path, code, b, status, contains)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s %s: Content-Type %q", method, path, ct)
			}
			return h
		}

		code, _, doc := call("GET", "/api/v1/openapi.json", "", map[string]string{"Authorization": ""})
		if code != 200 || !json.Valid(doc) {
			t.Fatalf("openapi.json: %d", code)
		}
		key := map[string]string{"Idempotency-Key": "e2e-1"}
		expect("PUT", "/api/v1/accounts/acme", `{"name":"Acme","arr":1000,"owner":"olga"}`, key, 200, `"changed":1`)
		h := expect("PUT", "/api/v1/accounts/acme", `{"name":"Acme","arr":1000,"owner":"olga"}`, key, 200, `"changed":1`)
		if h.Get("Idempotent-Replayed") != "true" {
			t.Error("the repeated PUT was not a replay")
		}
		expect("POST", "/api/v1/accounts/bulk", `[{"id":"beta","name":"Beta","arr":-3}]`, nil, 400, `items[0].arr: must not be negative`)
		expect("POST", "/api/v1/contacts/bulk", `[{"account_id":"acme","email":"ann@acme.com","role":"champion"}]`, nil, 200, `"changed":1`)
		expect("GET", "/api/v1/accounts/acme/contacts", "", nil, 200, `"email":"ann@acme.com"`)
		expect("POST", "/api/v1/metrics/bulk", `[{"account_id":"acme","metric":"logins","date":"2024-06-29","value":3}]`, nil, 200, `"received":1`)
		expect("GET", "/api/v1/accounts/acme/metrics?metric=logins&from=2024-06-28&to=2024-06-29", "", nil, 200, `"values":[null,3]`)
		expect("POST", "/api/v1/events/bulk", `[{"account_id":"acme","type":"call","occurred_at":"2024-06-29T10:00:00Z"}]`, nil, 200, `"changed":1`)
		expect("GET", "/api/v1/accounts/acme/events", "", nil, 200, `"type":"call"`)
		expect("POST", "/api/v1/outcomes/bulk", `[{"account_id":"acme","date":"2024-06-01","type":"renewed","arr_before":1000,"arr_after":1000}]`, nil, 200, `"changed":1`)
		expect("GET", "/api/v1/outcomes?account_id=acme", "", nil, 200, `"type":"renewed"`)

		req, _ := http.NewRequest("POST", base+"/api/v1/segment/track", strings.NewReader(
			`{"event":"Meeting Held","messageId":"e2e-m","context":{"groupId":"acme"},"timestamp":"2024-06-29T15:00:00Z"}`))
		req.SetBasicAuth(a.token[gtg.UserCSM], "")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Contains(b, []byte(`"success":true`)) {
			t.Errorf("segment track with Basic auth: %d %s", resp.StatusCode, b)
		}

		expect("GET", "/api/v1/accounts?sort=-arr", "", map[string]string{"Authorization": "Bearer " + a.token[gtg.UserViewer]}, 200, `"total":1`)
		expect("PUT", "/api/v1/accounts/acme", `{"name":"X"}`, map[string]string{"Authorization": "Bearer " + a.token[gtg.UserViewer]}, 403, `"code":"forbidden"`)
		expect("GET", "/api/v1/accounts", "", map[string]string{"Authorization": ""}, 401, `"code":"unauthorized"`)
		expect("GET", "/api/v1/nope", "", nil, 404, `"code":"not_found"`)
		h = expect("DELETE", "/api/v1/accounts/acme", "", nil, 405, `"code":"method_not_allowed"`)
		if h.Get("Allow") != "GET, PUT" {
			t.Errorf("Allow %q", h.Get("Allow"))
		}
	})
}
