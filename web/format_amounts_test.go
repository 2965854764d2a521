package web

import (
	"testing"

	"github.com/gtg-dev/gtg"
)

func TestFormatAmounts(t *testing.T) {
	for _, tc := range []struct {
		in   gtg.Amounts
		want string
	}{
		{nil, "0"},
		{gtg.Amounts{"USD": 1_200_000}, "$1.2M"},
		{gtg.Amounts{"EUR": 48000, "USD": 120000, "GBP": 9000}, "$120k + €48k + £9,000"},
		// Churned accounts keep their currency at zero ARR: no "€0 + £0 + $0".
		{gtg.Amounts{"EUR": 0, "GBP": 0, "USD": 0}, "0"},
		{gtg.Amounts{"EUR": 0, "USD": 500}, "$500"},
		{gtg.Amounts{"CHF": 30000, "USD": 30000}, "30k CHF + $30k"},
	} {
		if got := formatAmounts(tc.in); got != tc.want {
			t.Errorf("formatAmounts(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
