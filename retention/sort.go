package retention

import (
	"cmp"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
)

// RenewalSorts are the keys renewals sort by; a "-" prefix reverses one.
var RenewalSorts = []string{"renewal", "arr", "name", "owner", "health", "risk", "expected"}

// colorRank orders colors worst first for sorting by health.
func colorRank(c string) int {
	switch c {
	case gtg.Red:
		return 0
	case gtg.Yellow:
		return 1
	case gtg.Green:
		return 2
	case gtg.InsufficientData:
		return 3
	}
	return 4
}

// SortRenewals orders renewals by a key of RenewalSorts ("-" for
// descending), then by date and account, so the order is stable.
func SortRenewals(rs []Renewal, key string) { sortRenewals(rs, key) }

func sortRenewals(rs []Renewal, key string) {
	desc := strings.HasPrefix(key, "-")
	key = strings.TrimPrefix(key, "-")
	slices.SortStableFunc(rs, func(a, b Renewal) int {
		var c int
		switch key {
		case "arr":
			c = cmp.Compare(a.ARR, b.ARR)
		case "name":
			c = cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		case "owner":
			c = cmp.Compare(a.Owner, b.Owner)
		case "health":
			c = cmp.Or(cmp.Compare(colorRank(a.Color), colorRank(b.Color)), cmp.Compare(a.Score, b.Score))
		case "risk":
			c = cmp.Compare(gtg.RiskRank(b.RiskLevel), gtg.RiskRank(a.RiskLevel))
		case "expected":
			c = cmp.Compare(a.Expected, b.Expected)
		}
		if desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.RenewalDate, b.RenewalDate), cmp.Compare(a.Account, b.Account))
	})
}
