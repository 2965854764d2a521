package gtg

import "sort"

// Amounts sums money by currency code. Amounts in different currencies are
// never added together: gtg has no exchange rates, so a total over accounts
// billed in several currencies is one total per currency.
type Amounts map[string]float64

// Add adds v in currency to the totals.
func (m Amounts) Add(currency string, v float64) { m[currency] += v }

// Currencies returns the currencies held, the largest total first (ties by code).
func (m Amounts) Currencies() []string {
	out := make([]string, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return m[out[i]] > m[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}
