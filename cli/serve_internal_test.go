package cli

import "testing"

func TestSecureCookies(t *testing.T) {
	for _, tc := range []struct {
		baseURL     string
		flag, given bool
		want        bool
	}{
		{"", false, false, false},
		{"http://gtg.internal:8080", false, false, false},
		{"https://gtg.example.com", false, false, true},
		{"HTTPS://gtg.example.com", false, false, true},
		{"https://gtg.example.com", false, true, false}, // --secure-cookies=false wins
		{"http://localhost:8080", true, true, true},
	} {
		if got := secureCookies(tc.baseURL, tc.flag, tc.given); got != tc.want {
			t.Errorf("secureCookies(%q, %v, given %v) = %v, want %v", tc.baseURL, tc.flag, tc.given, got, tc.want)
		}
	}
}
