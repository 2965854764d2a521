package save_test

import (
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
)

// FuzzParseSeeds: playbook, risk-reason and questionnaire YAML parses or is
// refused with an EINVALID error naming the file; never a panic.
func FuzzParseSeeds(f *testing.F) {
	for k, name := range []string{"playbooks.yaml", "reasons.yaml", "questionnaires.yaml"} {
		f.Add(save.SeedYAML(name), uint8(k))
	}
	f.Add([]byte("a: &a [*a]\n"), uint8(0))
	f.Add([]byte("playbooks:\n  - key: x\n    tasks: [{title: t, due: 5x}]\n"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		var err error
		switch kind % 3 {
		case 0:
			_, err = save.ParsePlaybooks("fuzz.yaml", data)
		case 1:
			_, err = save.ParseReasons("fuzz.yaml", data)
		default:
			_, err = save.ParseQuestionnaires("fuzz.yaml", data)
		}
		if err != nil && (gtg.ErrorCode(err) != gtg.EINVALID || !strings.Contains(err.Error(), "fuzz.yaml")) {
			t.Fatalf("kind %d: %v (code %s), want EINVALID naming fuzz.yaml", kind%3, err, gtg.ErrorCode(err))
		}
	})
}
