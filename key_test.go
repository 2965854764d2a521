package gtg_test

import (
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
)

func TestValidKey(t *testing.T) {
	for _, tc := range []struct {
		key  string
		want bool
	}{
		{"active_users", true}, {"a", true}, {"feature_01", true}, {strings.Repeat("a", 64), true},
		{"", false}, {"Active", false}, {"1abc", false}, {"_x", false}, {"a-b", false}, {"a b", false},
		{"é", false}, {strings.Repeat("a", 65), false},
	} {
		if got := gtg.ValidKey(tc.key); got != tc.want {
			t.Errorf("ValidKey(%q) = %v, want %v", tc.key, got, tc.want)
		}
	}
}
