package csvimport

import (
	"math"
	"testing"
	"time"

	"github.com/gtg-dev/gtg"
)

func TestParseISODayMatchesParseDay(t *testing.T) {
	for d := gtg.Day(1); d < gtg.MustParseDay("2101-01-01"); d++ {
		s := d.String()
		got, ok := parseISODay(s)
		if !ok || got != d {
			t.Fatalf("parseISODay(%q) = %v, %v; want %v", s, got, ok, d)
		}
		m, off := monthOf(d)
		if wm, woff := d.Month(); m != wm || off != woff {
			t.Fatalf("monthOf(%s) = %d, %d; want %d, %d", s, m, off, wm, woff)
		}
	}
	for _, s := range []string{"", "2024-1-01", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10",
		"2024-01-00", "1970-01-01", "1969-12-31", "2024/01/01", "2024-01-0x", "20240101", " 2024-01-01"} {
		if d, ok := parseISODay(s); ok {
			t.Errorf("parseISODay(%q) = %v, want refused", s, d)
		}
	}
	if d, ok := parseISODay("2024-02-29"); !ok || d != gtg.MustParseDay("2024-02-29") {
		t.Errorf("leap day: %v %v", d, ok)
	}
}

func TestParseNumber(t *testing.T) {
	good := map[string]float64{"0": 0, "12": 12, "-3.5": -3.5, "+4": 4, "1e6": 1e6, ".5": 0.5, "48000.50": 48000.5}
	for s, want := range good {
		if v, ok := parseNumber(s); !ok || v != want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v", s, v, ok, want)
		}
	}
	for _, s := range []string{"", "12k", "NaN", "Inf", "-inf", "0x1p3", "1_000", "1,000", "1e999", "$5", "1.2.3", " 1"} {
		if v, ok := parseNumber(s); ok {
			t.Errorf("parseNumber(%q) = %v, want refused", s, v)
		}
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2024, 3, 2, 9, 30, 0, 0, time.UTC)
	for _, s := range []string{"2024-03-02T09:30:00Z", "2024-03-02T11:30:00+02:00", "2024-03-02 09:30:00",
		"2024-03-02T09:30:00", "2024-03-02 10:30:00+01:00"} {
		if got, ok := parseTime(s, ""); !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	if got, ok := parseTime("2024-03-02", ""); !ok || !got.Equal(time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date only: %v %v", got, ok)
	}
	if got, ok := parseTime("03/02/2024 9:30", "01/02/2006 15:04"); !ok || !got.Equal(want) {
		t.Errorf("with layout: %v %v", got, ok)
	}
	for _, s := range []string{"yesterday", "2024-03-02 9:30", "03/02/2024"} {
		if got, ok := parseTime(s, ""); ok {
			t.Errorf("parseTime(%q) = %v, want refused", s, got)
		}
	}
}

func TestDateLayout(t *testing.T) {
	for f, want := range map[string]string{
		"%m/%d/%Y":          "01/02/2006",
		"%d.%m.%y":          "02.01.06",
		"%Y-%m-%d %H:%M:%S": "2006-01-02 15:04:05",
		"%b %e, %Y":         "Jan _2, 2006",
		"%F":                "2006-01-02",
		"02/01/2006":        "02/01/2006",
	} {
		got, err := dateLayout(f)
		if err != nil || got != want {
			t.Errorf("dateLayout(%q) = %q, %v; want %q", f, got, err, want)
		}
	}
	for _, f := range []string{"DD/MM/YYYY", "%m/%d", "%Q-%m-%d", "%Y-%m-", "%Y-%m-%d %"} {
		if got, err := dateLayout(f); err == nil {
			t.Errorf("dateLayout(%q) = %q, want refused", f, got)
		}
	}
}

func TestGuess(t *testing.T) {
	for s, want := range map[string]any{"12": 12.0, "2024-01-15": gtg.MustParseDay("2024-01-15"), "TRUE": true,
		"false": false, "gold": "gold", "02139": 2139.0, "NaN": "NaN"} {
		if got := guess(s, true, ""); got != want {
			t.Errorf("guess(%q) = %#v, want %#v", s, got, want)
		}
	}
	if got := guess("2024-01-15", false, ""); got != "2024-01-15" {
		t.Errorf("guess without dates = %#v, want text", got)
	}
	if v, ok := parseNumber("1e308"); !ok || math.IsInf(v, 0) {
		t.Errorf("1e308: %v %v", v, ok)
	}
}
