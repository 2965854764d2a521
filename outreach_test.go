package gtg

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCapsCheck(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	now := at("2026-06-12 10:00")
	// Contact 1 got three messages in the last 7 days (one of them the same
	// email as contact 2's), and one 8 days ago that no longer counts.
	past := []Outreach{
		{ContactID: 1, Message: "m0", At: at("2026-06-04 09:00")}, // 8 days old: out of the window
		{ContactID: 1, Message: "m1", At: at("2026-06-06 08:00")},
		{ContactID: 1, Message: "m2", At: at("2026-06-09 12:00")},
		{ContactID: 2, Message: "m2", At: at("2026-06-09 12:00")},
		{ContactID: 1, Message: "m3", At: at("2026-06-11 16:30")},
		{ContactID: 3, Message: "m4", At: at("2026-06-05 10:00")}, // exactly 7 days old: out
	}
	tests := []struct {
		name     string
		caps     Caps
		contacts []int64
		want     []CapHit
	}{
		{"NoCaps", Caps{}, []int64{1, 2, 3}, nil},
		{"UnderCaps", Caps{PerContact: 4, PerAccount: 4}, []int64{1, 2, 3}, nil},
		// Contact 1 has 3 in the window; with a cap of 3 a fourth is over
		// until the oldest counted (06-06 08:00) is 7 days old.
		{"ContactCap3", Caps{PerContact: 3}, []int64{1, 2, 3}, []CapHit{
			{ContactID: 1, Count: 3, Limit: 3, Until: at("2026-06-13 08:00")}}},
		// With a cap of 2, two messages must age out: until 06-09 12:00 + 7 days.
		{"ContactCap2", Caps{PerContact: 2}, []int64{1, 2}, []CapHit{
			{ContactID: 1, Count: 3, Limit: 2, Until: at("2026-06-16 12:00")}}},
		{"ContactCap1", Caps{PerContact: 1}, []int64{2, 3}, []CapHit{
			{ContactID: 2, Count: 1, Limit: 1, Until: at("2026-06-16 12:00")}}},
		// The account got three distinct messages (m1, m2, m3): m2 to two
		// people counts once.
		{"AccountCap3", Caps{PerAccount: 3}, []int64{3}, []CapHit{
			{Count: 3, Limit: 3, Until: at("2026-06-13 08:00")}}},
		{"AccountCap4", Caps{PerAccount: 4}, []int64{3}, nil},
		{"Both", Caps{PerContact: 3, PerAccount: 2}, []int64{1}, []CapHit{
			{Count: 3, Limit: 2, Until: at("2026-06-16 12:00")},
			{ContactID: 1, Count: 3, Limit: 3, Until: at("2026-06-13 08:00")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.caps.Check(past, tt.contacts, now)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
		})
	}
	// A future message (queued for later) does not count yet.
	if got := (Caps{PerContact: 1}).Check([]Outreach{{ContactID: 1, Message: "x", At: now.Add(time.Hour)}}, []int64{1}, now); got != nil {
		t.Errorf("future message counted: %v", got)
	}
	h := CapHit{ContactID: 1, Email: "ann@acme.example", Count: 3, Limit: 3, Until: at("2026-06-13 08:00")}
	if want := "ann@acme.example is capped (3 of 3 messages in 7 days) until 2026-06-13 08:00 UTC"; h.String() != want {
		t.Errorf("String() = %q, want %q", h.String(), want)
	}
}

func TestSMTPSettingsNeverShowThePassword(t *testing.T) {
	s := SMTPSettings{Host: "smtp.example.com", Port: 587, TLS: TLSStartTLS, Username: "gtg", Password: "s3cret-pw", From: "cs@example.com"}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(s)
	for _, out := range []string{s.String(), s.LogValue().String(), string(b)} {
		if strings.Contains(out, "s3cret-pw") || !strings.Contains(out, "smtp.example.com") {
			t.Errorf("description %q shows the password or not the server", out)
		}
	}
}
