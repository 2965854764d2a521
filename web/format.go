package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
)

// currencySymbols are the currencies written with a symbol before the amount;
// any other is written after it ("12,000 CHF").
var currencySymbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$", "INR": "₹"}

// formatMoney writes a whole amount with thousands separators and its currency.
func formatMoney(v float64, currency string) string {
	n := formatNumber(math.Round(v))
	if sym, ok := currencySymbols[currency]; ok {
		if strings.HasPrefix(n, "-") {
			return "-" + sym + n[1:]
		}
		return sym + n
	}
	if currency == "" {
		return n
	}
	return n + " " + currency
}

// formatMoneyShort writes large amounts compactly ("$1.2M", "$840k") for totals.
func formatMoneyShort(v float64, currency string) string {
	abs := math.Abs(v)
	var n string
	switch {
	case abs >= 1e9:
		n = trimZero(strconv.FormatFloat(v/1e9, 'f', 1, 64)) + "B"
	case abs >= 1e6:
		n = trimZero(strconv.FormatFloat(v/1e6, 'f', 1, 64)) + "M"
	case abs >= 1e4:
		n = strconv.FormatFloat(math.Round(v/1e3), 'f', 0, 64) + "k"
	default:
		return formatMoney(v, currency)
	}
	if sym, ok := currencySymbols[currency]; ok {
		return sym + n
	}
	return strings.TrimSpace(n + " " + currency)
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

// formatNumber writes v with thousands separators and at most two decimals.
func formatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if math.Abs(v-math.Round(v)) > 1e-9 {
		s = strings.TrimRight(strings.TrimRight(strconv.FormatFloat(v, 'f', 2, 64), "0"), ".")
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// roleLabel names a stakeholder role for people, including roles gtg does not know.
func roleLabel(role string) string {
	if l, ok := gtg.KnownRoles[role]; ok {
		return l
	}
	return humanize(role)
}

// humanize turns a key into a label (see gtg.Humanize).
func humanize(key string) string { return gtg.Humanize(key) }

// daysText says how far a day is from today: "today", "in 12 days", "3 days ago".
func daysText(n int) string {
	switch {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n == -1:
		return "yesterday"
	case n > 1:
		return fmt.Sprintf("in %d days", n)
	default:
		return fmt.Sprintf("%d days ago", -n)
	}
}

// formatDate writes a day as "12 Mar 2025", or "—" when unset.
func formatDate(d gtg.Day) string {
	if d.IsZero() {
		return "—"
	}
	return d.Time().Format("2 Jan 2006")
}

// formatAttr writes a custom attribute's value for people.
func formatAttr(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case float64:
		return formatNumber(x)
	case bool:
		if x {
			return "Yes"
		}
		return "No"
	case gtg.Day:
		return formatDate(x)
	case string:
		if x == "" {
			return "—"
		}
		return x
	default:
		return fmt.Sprint(x)
	}
}

// formatAmounts writes totals in several currencies compactly, the largest
// first ("$1.2M + €300k"), leaving out currencies that total zero; nothing
// but zeros is a plain 0.
func formatAmounts(m gtg.Amounts) string {
	var parts []string
	for _, c := range m.Currencies() {
		if m[c] != 0 {
			parts = append(parts, formatMoneyShort(m[c], c))
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, " + ")
}
