package scorecard

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gtg-dev/gtg"
)

// parseDoc reads a YAML file's top node, turning a syntax error into
// "file:line: what: not valid YAML: why".
func parseDoc(filename, what string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		line := 1
		if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		return nil, gtg.Errorf(gtg.EINVALID, "%s:%d: %s: not valid YAML: %s", filename, line, what, msg)
	}
	if len(doc.Content) == 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "%s:1: %s: the file is empty", filename, what)
	}
	return doc.Content[0], nil
}

// nameVersion reads the required name and version every file kept as code
// carries.
func nameVersion(o *object) (name string, version int) {
	name = o.str("name", true)
	if name != "" && !nameRE.MatchString(name) {
		o.errf("name", "%q must be lowercase letters, digits, - and _, starting with a letter", name)
	}
	if v := o.str("version", true); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			o.errf("version", "%q is not a whole number from 1 up", v)
		}
		version = n
	}
	return name, version
}
