package gtg

import "strings"

// acronyms are written in capitals when they are a word of a key.
var acronyms = map[string]bool{"nps": true, "csat": true, "arr": true, "mrr": true, "id": true, "api": true,
	"icp": true, "sla": true, "csm": true, "ae": true, "sso": true, "url": true, "crm": true, "qbr": true}

// Humanize turns a key such as "first_response_minutes" into "First response
// minutes", and "nps_target" into "NPS target": the label of anything that
// has only a key.
func Humanize(key string) string {
	words := strings.Fields(strings.ReplaceAll(key, "_", " "))
	for i, w := range words {
		switch {
		case acronyms[w]:
			words[i] = strings.ToUpper(w)
		case i == 0:
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}
