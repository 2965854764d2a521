package scorecard

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gtg-dev/gtg"
)

func TestParseCadence(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := DefaultCadence()
		if p.Name != "default" || p.Version < 1 {
			t.Fatalf("name, version = %q, %d", p.Name, p.Version)
		}
		// Segments match however the account spells them.
		ent := p.For("Enterprise")
		if ent.EngagedDays != 45 || ent.Targets[gtg.RoleChampion] != 4 {
			t.Errorf("Enterprise = %+v", ent)
		}
		if got := p.For("Mid-Market"); got.EngagedDays != 60 || got.Targets[gtg.RoleTechnicalOwner] != 1 {
			t.Errorf("Mid-Market = %+v", got)
		}
		if got := p.For("Public sector"); !cmp.Equal(got, p.Default) {
			t.Errorf("unlisted segment = %+v, want the default %+v", got, p.Default)
		}
	})
	t.Run("ErrFieldsWithLines", func(t *testing.T) {
		src := `name: team
version: 2
default:
  engaged_days: 0
  targets:
    champion: 2.5
    sponsor: 1
segments:
  smb:
    engaged: 30
  SMB:
    engaged_days: 30
`
		_, err := ParseCadence("team.yaml", []byte(src))
		if gtg.ErrorCode(err) != gtg.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
		want := []string{
			"team.yaml:4: default.engaged_days: 0 is not a whole number of days from 1 to 365",
			"team.yaml:6: default.targets.champion: 2.5 is not a whole number of touches per month from 0 to 100",
			`team.yaml:7: default.targets.sponsor: unknown field`,
			"team.yaml:10: segments.smb.engaged: unknown field (want one of engaged_days, targets)",
			"team.yaml:10: segments.smb.engaged_days: required",
			`team.yaml:11: segments.SMB: duplicate segment "smb" (first at line 9)`,
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error lacks %q:\n%v", w, err)
			}
		}
	})
	t.Run("ErrDefaultRequired", func(t *testing.T) {
		_, err := ParseCadence("x.yaml", []byte("name: x\nversion: 1\n"))
		if err == nil || !strings.Contains(err.Error(), "x.yaml:1: default: required") {
			t.Fatalf("err = %v", err)
		}
	})
}
