package csvimport

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/gtg-dev/gtg"
)

func TestLoadMapping(t *testing.T) {
	path := filepath.Join("testdata", "crm.yaml")
	m, err := LoadMapping(path)
	if err != nil {
		t.Fatal(err)
	}
	want := &Mapping{
		Source: path,
		Columns: map[string]*Column{
			"account id":             {To: "id", Line: 3},
			"company name":           {To: "name", Line: 4},
			"annual revenue (cents)": {To: "arr", Scale: 0.01, Line: 5},
			"renewal":                {To: "renewal_date", DateFormat: "01/02/2006", Line: 6},
			"lifecycle":              {To: "stage", Values: map[string]string{"Onboarding": "onboarding", "Live": "adoption"}, Line: 7},
			"zip":                    {To: "zip", Type: "text", Line: 8},
		},
		Ignore:   []string{"Internal Notes"},
		Defaults: map[string]string{"currency": "EUR", "owner": "team@example.com"},
	}
	diff(t, "mapping", want, m, cmpopts.IgnoreUnexported(Mapping{}))
}

func TestParseMappingErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, msg string
	}{
		{"UnknownTopKey", "columns:\n  A: id\ncolumn: {}\n",
			`map.yaml line 3: unknown key "column" (want columns, ignore or defaults)`},
		{"UnknownColumnKey", "columns:\n  Revenue:\n    to: arr\n    scal: 0.01\n",
			`map.yaml line 4: column "Revenue": unknown key "scal" (want to, scale, date_format, values, strip or type)`},
		{"ZeroScale", "columns:\n  Revenue: {to: arr, scale: 0}\n",
			`map.yaml line 2: column "Revenue": scale: want a number other than 0, got "0"`},
		{"BadScale", "columns:\n  Revenue: {to: arr, scale: lots}\n",
			`map.yaml line 2: column "Revenue": scale: want a number other than 0, got "lots"`},
		{"BadDateFormat", "columns:\n\n  Renewal: {to: renewal_date, date_format: DD/MM/YYYY}\n",
			`map.yaml line 3: column "Renewal": date_format: "DD/MM/YYYY" does not read a date: want year, month and day, as in "01/02/2006" or "%m/%d/%Y"`},
		{"BadStrftime", "columns:\n  Renewal: {to: renewal_date, date_format: \"%Q\"}\n",
			`map.yaml line 2: column "Renewal": date_format: %Q in "%Q" is not supported (use %Y %y %m %d %e %b %B %H %I %M %S %p %z %Z %j %F %T)`},
		{"BadType", "columns:\n  Zip: {type: string}\n",
			`map.yaml line 2: column "Zip": type: "string" is not number, text, date or bool`},
		{"BadTarget", "columns:\n  Name: Company Name\n",
			`map.yaml line 2: column "Name": "Company Name" is not a field name (lowercase letters, digits and _)`},
		{"EmptyTarget", "columns:\n  Name:\n",
			`map.yaml line 2: column "Name": want the field it fills, or list it under ignore`},
		{"DuplicateColumn", "columns:\n  Name: name\n  name: title\n",
			`map.yaml line 3: column "name" is mapped twice`},
		{"ValuesNotMap", "columns:\n  Stage: {to: stage, values: [a, b]}\n",
			`map.yaml line 2: column "Stage": values: want a mapping of value to value`},
		{"BadDefault", "defaults:\n  Currency: EUR\n",
			`map.yaml line 2: defaults: "Currency" is not a field name (lowercase letters, digits and _)`},
		{"IgnoreNotList", "ignore: {a: b}\n", `map.yaml line 1: ignore: want a list of column names`},
		{"Syntax", "columns:\n  A: id\n  B: \"name\n", `map.yaml line 3: found unexpected end of stream`},
		{"NotAMapping", "- a\n- b\n", `map.yaml line 1: want a mapping with columns, ignore and defaults`},
		{"Empty", "", `map.yaml: the mapping is empty`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseMapping("map.yaml", []byte(tc.yaml))
			wantInvalid(t, err, tc.msg)
		})
	}
}

func TestLoadMappingMissingFile(t *testing.T) {
	_, err := LoadMapping(filepath.Join(t.TempDir(), "nope.yaml"))
	if gtg.ErrorCode(err) != gtg.EINVALID {
		t.Fatalf("got %v, want EINVALID", err)
	}
}
