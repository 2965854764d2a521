package scorecard

import (
	"runtime"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
)

// TestHostileYAML: a billion-laughs document (aliases of aliases, 10^9
// nodes if expanded) and a deeply nested one get a clear error within
// bounded memory from every YAML reader.
func TestHostileYAML(t *testing.T) {
	var laughs strings.Builder
	laughs.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		laughs.WriteString(name + ": &" + name + " [")
		for k := range 9 {
			if k > 0 {
				laughs.WriteString(",")
			}
			laughs.WriteString("*" + prev)
		}
		laughs.WriteString("]\n")
		prev = name
	}
	nested := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	// The bomb where each reader looks: under measures and as a name.
	bomb := laughs.String() + "measures: *i\nrules: *i\nname: *i\ngroups: *i\n"
	for _, doc := range []struct{ name, data string }{{"BillionLaughs", laughs.String()}, {"BillionLaughsUsed", bomb}, {"Nested", nested}} {
		for _, p := range []struct {
			name  string
			parse func(string, []byte) error
		}{
			{"Parse", func(f string, b []byte) error { _, err := Parse(f, b); return err }},
			{"ParseRules", func(f string, b []byte) error { _, err := ParseRules(f, b); return err }},
			{"ParseMeasures", func(f string, b []byte) error { _, err := ParseMeasures(f, b); return err }},
		} {
			t.Run(doc.name+"/"+p.name, func(t *testing.T) {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				err := p.parse("hostile.yaml", []byte(doc.data))
				runtime.ReadMemStats(&after)
				if gtg.ErrorCode(err) != gtg.EINVALID || !strings.Contains(err.Error(), "hostile.yaml") {
					t.Fatalf("got %v, want an EINVALID error naming the file", err)
				}
				if grew := after.TotalAlloc - before.TotalAlloc; grew > 256<<20 {
					t.Errorf("allocated %d MB for a %d-byte file", grew>>20, len(doc.data))
				}
				t.Log(firstLine(err))
			})
		}
	}
}
