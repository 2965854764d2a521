package save

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"gopkg.in/yaml.v3"
)

//go:embed seeds/*.yaml
var seedFS embed.FS

// SeedYAML returns one of the embedded seed files: reasons.yaml,
// playbooks.yaml or questionnaires.yaml.
func SeedYAML(name string) []byte {
	b, err := seedFS.ReadFile("seeds/" + name)
	if err != nil {
		panic(err) // the names are constants of this package
	}
	return b
}

// Seed kinds, as recorded in the database once written.
const (
	seedReasons        = "risk_reasons"
	seedPlaybooks      = "playbooks"
	seedQuestionnaires = "questionnaires"
)

// seedActor is who the audit log says wrote the seeds.
const seedActor = "gtg"

// ensureSeeded writes the embedded seeds of a kind the first time anyone
// reads that kind; after that the database copy is the users' to edit.
func ensureSeeded(ctx context.Context, st *store.Store, kind string) error {
	if done, err := st.Seeded(ctx, kind); err != nil || done {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		first, err := tx.ClaimSeed(ctx, kind)
		if err != nil || !first {
			return err
		}
		switch kind {
		case seedReasons:
			rs, err := ParseReasons("reasons.yaml", SeedYAML("reasons.yaml"))
			if err != nil {
				return err
			}
			for _, r := range rs {
				if err := tx.PutRiskReason(ctx, seedActor, r); err != nil {
					return err
				}
			}
		case seedPlaybooks:
			ps, err := ParsePlaybooks("playbooks.yaml", SeedYAML("playbooks.yaml"))
			if err != nil {
				return err
			}
			for _, p := range ps {
				if err := tx.PutPlaybook(ctx, seedActor, p); err != nil {
					return err
				}
			}
		case seedQuestionnaires:
			qs, err := ParseQuestionnaires("questionnaires.yaml", SeedYAML("questionnaires.yaml"))
			if err != nil {
				return err
			}
			for _, q := range qs {
				if err := tx.PutQuestionnaire(ctx, seedActor, q); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: seedActor, Action: "seed", Entity: kind, EntityID: "seeds"})
	})
}

// ParseReasons reads a taxonomy file: a list under "reasons:".
func ParseReasons(file string, data []byte) ([]*gtg.RiskReason, error) {
	return parseList(file, data, "reasons", func(r *gtg.RiskReason) error { r.Normalize(); return r.Validate() })
}

// ParsePlaybooks reads a playbooks file: a list under "playbooks:".
func ParsePlaybooks(file string, data []byte) ([]*gtg.Playbook, error) {
	return parseList(file, data, "playbooks", func(p *gtg.Playbook) error { return p.Validate() })
}

// ParseQuestionnaires reads a questionnaires file: a list under "questionnaires:".
func ParseQuestionnaires(file string, data []byte) ([]*gtg.Questionnaire, error) {
	return parseList(file, data, "questionnaires", func(q *gtg.Questionnaire) error { return q.Validate() })
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// parseList reads a YAML file holding one list under listKey. Unknown
// fields are refused, and every error names the file, the line and the field.
func parseList[T any](file string, data []byte, listKey string, validate func(*T) error) ([]*T, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlErr(file, err)
	}
	if len(root.Content) == 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "%s:1: %s: the file is empty", file, listKey)
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, gtg.Errorf(gtg.EINVALID, "%s:%d: want a mapping with %s: at the top", file, doc.Line, listKey)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if k := doc.Content[i]; k.Value != listKey {
			return nil, gtg.Errorf(gtg.EINVALID, "%s:%d: %s: unknown field (want %s)", file, k.Line, k.Value, listKey)
		}
		list = doc.Content[i+1]
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil, gtg.Errorf(gtg.EINVALID, "%s:%d: %s: want a list", file, doc.Line, listKey)
	}
	var parsed map[string][]*T
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&parsed); err != nil {
		return nil, yamlErr(file, err)
	}
	out := parsed[listKey]
	keys := map[string]int{}
	for i, v := range out {
		item := list.Content[i]
		if v == nil {
			return nil, gtg.Errorf(gtg.EINVALID, "%s:%d: %s[%d]: empty entry", file, item.Line, listKey, i)
		}
		if err := validate(v); err != nil {
			msg := gtg.ErrorMessage(err)
			field, _, _ := strings.Cut(msg, ":")
			return nil, gtg.Errorf(gtg.EINVALID, "%s:%d: %s[%d].%s", file, fieldLine(item, field), listKey, i, msg)
		}
		key := scalarField(item, "key")
		if j, dup := keys[key]; dup && key != "" {
			return nil, gtg.Errorf(gtg.EINVALID, "%s:%d: %s[%d].key: %q is also %s[%d]", file, fieldLine(item, "key"), listKey, i, key, listKey, j)
		}
		keys[key] = i
	}
	return out, nil
}

// yamlErr turns a YAML syntax or type error into EINVALID lines "file:line: why".
func yamlErr(file string, err error) error {
	var te *yaml.TypeError
	lines := []string{err.Error()}
	if errors.As(err, &te) {
		lines = te.Errors
	}
	for i, l := range lines {
		if m := yamlLine.FindStringSubmatch(l); m != nil {
			lines[i] = fmt.Sprintf("%s:%s: %s", file, m[1], m[2])
		} else {
			lines[i] = file + ": " + strings.TrimPrefix(l, "yaml: ")
		}
	}
	return gtg.Errorf(gtg.EINVALID, "%s", strings.Join(lines, "\n"))
}

// fieldLine finds the line of a field path such as "tasks[2].owner_side"
// inside a mapping node, or the node's own line when the path is not there.
func fieldLine(n *yaml.Node, path string) int {
	line := n.Line
	for _, part := range strings.Split(path, ".") {
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i > 0 && strings.HasSuffix(part, "]") {
			name = part[:i]
			idx, _ = strconv.Atoi(part[i+1 : len(part)-1])
		}
		next := mapValue(n, name)
		if next == nil {
			return line
		}
		line, n = next.Line, next
		if idx >= 0 {
			if n.Kind != yaml.SequenceNode || idx >= len(n.Content) {
				return line
			}
			n = n.Content[idx]
			line = n.Line
		}
	}
	return line
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalarField(n *yaml.Node, key string) string {
	if v := mapValue(n, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}
