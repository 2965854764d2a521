package gtg

import (
	"math"
	"strconv"
)

// ParseNumber reads a plain decimal number ("12", "-3.5", "1e6") as gtg reads
// numbers from files. It refuses what strconv.ParseFloat would also take but
// no export means by a number: hex floats, "Inf", "NaN", underscores; and
// values too large for a float64.
func ParseNumber(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}
