package scorecard

import (
	"testing"

	"github.com/gtg-dev/gtg"
)

// Contacts as they stood on the day: the old champion left 40 days before,
// the new one joined 10 days before; 20 days before, nobody was champion.
func TestContactsAsOfTheDay(t *testing.T) {
	sc := parse(t, `
		name: t
		version: 1
		min_coverage: 0
		thresholds: {green: 70, yellow: 45}
		groups:
			- {key: rel, weight: 1, measures: {champion: 1}}
		measures:
			- key: champion
			  kind: contacts
			  agg: present
			  role: champion
			  bands: [{max: 1, points: 0}, {points: 100}]
	`)
	contacts := []*gtg.Contact{
		contact("old@x.test", gtg.RoleChampion, gtg.ContactLeft, asOf.AddDays(-40)),
		contact("new@x.test", gtg.RoleChampion, gtg.ContactActive, asOf.AddDays(-10)),
		contact("eb@x.test", gtg.RoleEconomicBuyer, gtg.ContactActive, 0),
	}
	for _, tc := range []struct {
		ago  int
		want float64
	}{{60, 1}, {20, 0}, {10, 1}, {0, 1}} {
		r := sc.Score(&AccountData{Account: account(), Contacts: contacts, AsOf: asOf.AddDays(-tc.ago)})
		if got := measureOf(t, r, "champion").Value; got != tc.want {
			t.Errorf("%d days before: champion present = %v, want %v", tc.ago, got, tc.want)
		}
	}
}
