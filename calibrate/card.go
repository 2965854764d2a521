package calibrate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/builtin"

	"github.com/gtg-dev/gtg"
)

// CardInfo is what a written scorecard says besides the model.
type CardInfo struct {
	Name        string    // the card's name: lowercase letters, digits, - and _
	Version     int       // from 1
	Description string    // one paragraph; a default names the source
	Source      string    // where the examples came from, e.g. "churn.csv"
	Date        time.Time // when it was calibrated
	Seed        uint64
	CV          *CV // held-out figures for the header; nil leaves them out

	// Define, when set, gives the YAML fields that define the measure of a
	// feature (kind and its fields, one "name: value" per line) and its
	// key. When nil, or when it returns no fields, every feature is an
	// account attribute of the same name, as table mode imports them.
	Define func(feature string, numeric bool) (key string, fields []string)
}

// group is the key of the card's one group.
const group = "churn_risk"

// Scorecard writes the model as a scorecard YAML that scorecard.Parse
// accepts: one group holding every measure, each weighted by its share of
// the score, bands or category points from 0 to 100, the thresholds, and
// comments with the data behind each band and the held-out figures.
func (m *Model) Scorecard(info CardInfo) ([]byte, error) {
	if !validName(info.Name) {
		return nil, gtg.Errorf(gtg.EINVALID, "scorecard name %q: want lowercase letters, digits, - and _, starting with a letter", info.Name)
	}
	if info.Version < 1 {
		return nil, gtg.Errorf(gtg.EINVALID, "scorecard version %d: want 1 or more", info.Version)
	}
	if len(m.Terms) == 0 {
		return nil, gtg.Errorf(gtg.EINVALID, "no measure carries any weight: nothing in the data predicts the outcome")
	}
	// Every measure a term reads: the main effects', then those that only a
	// pair reads, written as helpers without points.
	var refs []featureRef
	index := map[string]int{}
	addRef := func(name string, numeric bool) {
		if _, ok := index[name]; !ok {
			index[name] = len(refs)
			refs = append(refs, featureRef{name, numeric})
		}
	}
	for _, t := range m.Terms {
		if t.Pair == nil {
			addRef(t.Feature, t.Numeric)
		}
	}
	mains := len(refs)
	for _, t := range m.Terms {
		if t.Pair != nil {
			addRef(t.Pair.Features[0], t.Pair.Numeric[0])
			addRef(t.Pair.Features[1], t.Pair.Numeric[1])
		}
	}
	// A derived measure reads its parts, which the card defines too.
	derived := map[string]*Derived{}
	for _, dv := range m.Derived {
		derived[dv.Name] = dv
	}
	for k := 0; k < len(refs); k++ {
		if dv := derived[refs[k].name]; dv != nil {
			for _, p := range dv.Parts {
				addRef(p, true)
			}
		}
	}
	define := func(name string, numeric bool) (string, []string) {
		if dv := derived[name]; dv != nil {
			return dv.Key, []string{"kind: expr"}
		}
		if info.Define != nil {
			return info.Define(name, numeric)
		}
		return "", nil
	}
	used := map[string]bool{}
	refKeys := measureKeys(refs, define, used)
	for k, r := range refs {
		if dv := derived[r.name]; dv != nil {
			parts := make([]string, len(dv.Parts))
			for q, p := range dv.Parts {
				parts[q] = refKeys[index[p]].key
			}
			op := " + "
			if dv.Ratio {
				op = " / "
			}
			refKeys[k].fields = []string{"kind: expr", "expr: " + quote(strings.Join(parts, op))}
		}
	}
	keys := make([]measureKey, len(m.Terms))
	for k, t := range m.Terms {
		if t.Pair == nil {
			keys[k] = refKeys[index[t.Feature]]
			continue
		}
		a, b := refKeys[index[t.Pair.Features[0]]].key, refKeys[index[t.Pair.Features[1]]].key
		key := uniqueKey(keyOf(a+"_x_"+b), used)
		keys[k] = measureKey{key: key, fields: []string{"kind: expr", "expr: " + quote(t.Pair.expr(a, b))}}
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	m.header(&b, info)
	w("name: %s\nversion: %d\n", info.Name, info.Version)
	desc := info.Description
	if desc == "" {
		desc = fmt.Sprintf("Learned from the outcomes in %s: each measure's points say how its values went with churn, everything else equal.", info.Source)
	}
	w("description: %s\n\n", quote(desc))
	w("# An account needs values for half the weight to get a color.\nmin_coverage: 0.5\n\n")
	w("# Red flags the riskiest %s of the accounts calibrated on, yellow the next %s.\n", pct(m.RedShare), pct(m.YellowShare))
	w("thresholds:\n  green: %s\n  yellow: %s\n\n", num(m.Green), num(m.Yellow))
	w("groups:\n  - key: %s\n    label: Churn risk\n    weight: 1\n", group)
	w("    measures: # weight: percent of the score when every measure has a value\n")
	for k, t := range m.Terms {
		w("      %s: %s\n", keys[k].key, num(t.Weight))
	}
	w("\nmeasures:\n")
	for k, t := range m.Terms {
		b.WriteString("\n")
		t.write(&b, keys[k])
	}
	for k := mains; k < len(refs); k++ {
		w("\n  # %s: read by another measure; it earns no points of its own.\n", refs[k].name)
		w("  - key: %s\n    label: %s\n", refKeys[k].key, quote(refs[k].name))
		for _, f := range refKeys[k].fields {
			w("    %s\n", f)
		}
		if !refs[k].numeric {
			w("    unit: text\n")
		}
	}
	if len(m.Dropped) > 0 {
		names := make([]string, len(m.Dropped))
		for k, t := range m.Dropped {
			names[k] = t.Feature
		}
		w("\n# Left out, for moving the churn odds too little to carry %s%% of the score: %s\n",
			num(m.MinWeight), strings.Join(names, ", "))
	}
	return []byte(b.String()), nil
}

func (m *Model) header(b *strings.Builder, info CardInfo) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	date := info.Date
	if date.IsZero() {
		date = time.Now()
	}
	w("# Calibrated by gtg calibrate from %s on %s (seed %d).\n", info.Source, date.Format("2006-01-02"), info.Seed)
	w("# %d accounts, %d of them churned (%s).\n", m.Rows, m.Positives, pct(float64(m.Positives)/float64(m.Rows)))
	measures, pairs, derived := m.Size()
	w("# %d measures earn points: %d pairs of measures and %d derived from several columns among them.\n", measures, pairs, derived)
	if cv := info.CV; cv != nil {
		w("# Held out in %d-fold cross-validation, never scored by a model that saw it:\n", cv.Folds)
		w("#   ROC AUC %.3f, PR AUC %.3f (logistic regression on the same folds: ROC AUC %.3f, PR AUC %.3f);\n",
			cv.AUC, cv.PRAUC, cv.BaseAUC, cv.BasePRAUC)
		w("#   red: precision %s, recall %s; red or yellow: precision %s, recall %s.\n",
			pct(cv.Red.Precision), pct(cv.Red.Recall), pct(cv.RedOrYellow.Precision), pct(cv.RedOrYellow.Recall))
	}
	w(`#
# How to read it:
#  - Each measure's bands (numbers) or values (text) earn 0 to 100 points: 100
#    for what went with the least churn, 0 for what went with the most, with
#    the other measures held equal. The comments say how many accounts fell in
#    each band and how many of them churned.
#  - The score is the weighted average of the points of the measures that have
#    a value; a measure without one drops out and the others' weights grow.
#  - The weights are each measure's share of the score, in proportion to how
#    far it moves the churn odds, so the score is a straight line of the
#    model's log-odds of churn:
#      churn probability = 1 / (1 + e^(%s × score − %s))
`, num(round(m.B, 4)), num(round(m.A, 3)))
	w("#    ")
	for k, s := range []float64{90, 70, 50, 30, 10} {
		if k > 0 {
			w(",")
		}
		w(" score %s: %s", num(s), pct(m.Probability(s)))
	}
	w(".\n")
	w("#  - Learned from data: review the bands before applying the card. A band's\n")
	w("#    points are what the model saw, not a cause; a reviewer may round them.\n\n")
}

// measureKey is how the card names a term's measure.
type measureKey struct {
	key    string
	fields []string
}

// featureRef is a feature a card measures.
type featureRef struct {
	name    string
	numeric bool
}

// measureKeys names each feature's measure: by define, or as the account
// attribute (or built-in account field) a table column imports as. Keys
// are made distinct from each other and from those in used.
func measureKeys(refs []featureRef, define func(string, bool) (string, []string), used map[string]bool) []measureKey {
	out := make([]measureKey, len(refs))
	for k, r := range refs {
		var mk measureKey
		if define != nil {
			mk.key, mk.fields = define(r.name, r.numeric)
		}
		if len(mk.fields) == 0 {
			mk = attrMeasure(r.name, r.numeric)
		}
		mk.key = uniqueKey(mk.key, used)
		out[k] = mk
	}
	return out
}

// uniqueKey makes key a valid measure key that is not in used, and adds it.
func uniqueKey(key string, used map[string]bool) string {
	if !gtg.ValidKey(key) || slices.Contains(reserved, key) {
		key = keyOf(key + "_value")
	}
	base := key
	for n := 2; used[key]; n++ {
		key = fmt.Sprintf("%s_%d", base[:min(len(base), 60)], n)
	}
	used[key] = true
	return key
}

// reserved are the names an expression cannot use for a measure, which the
// scorecard refuses as keys.
var reserved = append([]string{"account", "true", "false", "nil", "not", "and", "or", "in", "matches",
	"contains", "let", "if", "else", "env"}, builtin.Names...)

// Scorecard account fields a table column may import into.
var (
	textFields   = []string{"plan", "segment", "stage", "icp_fit", "currency", "owner"}
	numberFields = []string{"arr", "seats"}
)

// attrMeasure defines the measure of a table column: the account attribute
// gtg import accounts makes of it (its name lowercased, spaces and dashes as
// _), or the built-in field of that name.
func attrMeasure(column string, numeric bool) measureKey {
	imported := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, fold(column))
	key := keyOf(imported)
	switch {
	case !numeric && slices.Contains(textFields, imported), numeric && slices.Contains(numberFields, imported):
		return measureKey{key: key, fields: []string{"kind: account", "field: " + imported}}
	case gtg.ValidKey(imported):
		return measureKey{key: key, fields: []string{"kind: account", "attr: " + imported}}
	}
	return measureKey{key: key, fields: []string{"kind: account",
		fmt.Sprintf("attr: %s # import the column %s as this attribute (gtg import accounts --map)", key, quote(column))}}
}

// keyOf makes a measure key of s: lowercase letters, digits and _.
func keyOf(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	k := strings.TrimRight(b.String(), "_")
	if k == "" || k[0] < 'a' {
		k = "m_" + k
	}
	return strings.TrimRight(k[:min(len(k), 64)], "_")
}

func validName(s string) bool {
	if s == "" || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// CardName makes a scorecard name of a file name or any text:
// "Telco-Customer-Churn.csv" → "telco-customer-churn".
func CardName(s string) string {
	s = strings.TrimSuffix(s, ".csv")
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	n := strings.Trim(b.String(), "-_")
	if n == "" || n[0] < 'a' || n[0] > 'z' {
		n = "calibrated-" + n
	}
	return strings.TrimRight(n[:min(len(n), 64)], "-_")
}

// write writes the term's measure.
func (t *Term) write(b *strings.Builder, mk measureKey) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	lo, hi := slices.Min(t.Logit), slices.Max(t.Logit)
	w("  # %s: %s of the score. From its best value to its worst, the odds of churn\n", t.Feature, pct(t.Weight/100))
	w("  # grow %s times.", odds(math.Exp(hi-lo)))
	if t.Missing > 0 {
		w(" %d accounts had no value", t.Missing)
		switch {
		case t.HasMissing:
			w(" (odds ×%s against the average): `missing` gives them points", odds(math.Exp(t.MissingLogit)))
		case t.MissingLogit != 0:
			w(" (odds ×%s against the average; the measure drops out for them)", odds(math.Exp(t.MissingLogit)))
		}
		w(".")
	}
	w("\n  - key: %s\n    label: %s\n", mk.key, quote(t.Feature))
	for _, f := range mk.fields {
		w("    %s\n", f)
	}
	note := func(k int) string {
		if t.Rows[k] == 0 {
			return "none seen"
		}
		return fmt.Sprintf("%d accounts, %s churned", t.Rows[k], pct(float64(t.Churned[k])/float64(t.Rows[k])))
	}
	if t.Pair != nil {
		w("    bands: # by the number the expression gives\n")
		width := 0
		lines := make([]string, len(t.Points))
		for k, p := range t.Points {
			if k < len(t.Points)-1 {
				lines[k] = fmt.Sprintf("- {max: %d, points: %s}", k+2, num(p))
			} else {
				lines[k] = fmt.Sprintf("- {points: %s}", num(p))
			}
			width = max(width, len(lines[k]))
		}
		desc := t.Pair.describe()
		for k, l := range lines {
			w("      %-*s # %d: %s: %s\n", width, l, k+1, desc[k], note(k))
		}
		return
	}
	if t.Numeric {
		w("    bands:\n")
		width := 0
		lines := make([]string, len(t.Points))
		for k, p := range t.Points {
			if k < len(t.Cuts) {
				lines[k] = fmt.Sprintf("- {max: %s, points: %s}", num(t.Cuts[k]), num(p))
			} else {
				lines[k] = fmt.Sprintf("- {points: %s}", num(p))
			}
			width = max(width, len(lines[k]))
		}
		for k, l := range lines {
			r := "≥ " + num(t.Cuts[len(t.Cuts)-1])
			if k < len(t.Cuts) {
				r = "< " + num(t.Cuts[k])
			}
			if k > 0 && k < len(t.Cuts) {
				r = num(t.Cuts[k-1]) + " to " + r
			}
			w("      %-*s # %s: %s\n", width, l, r, note(k))
		}
		t.writeMissing(w)
		return
	}
	w("    points:\n")
	width := 0
	for _, c := range t.Cats {
		width = max(width, len(quote(c)))
	}
	for k, c := range t.Cats {
		w("      %-*s %-4s # %s\n", width+1, quote(c)+":", num(t.Points[k]), note(k))
	}
	other := len(t.Cats)
	w("    other: %s", num(t.Points[other]))
	if t.Rows[other] > 0 {
		w(" # values seen too rarely to score alone, and new ones: %s", note(other))
	} else {
		w(" # a value not seen when calibrating counts as average")
	}
	w("\n")
	t.writeMissing(w)
}

// writeMissing writes the points for no value, when the term has them.
func (t *Term) writeMissing(w func(format string, args ...any)) {
	if t.HasMissing {
		w("    missing: %s # no value: %d accounts\n", num(t.MissingPoints), t.Missing)
	}
}

// quote writes s as a YAML double-quoted scalar (Go's escapes are YAML's).
func quote(s string) string { return strconv.Quote(s) }

// odds writes an odds ratio with two significant digits: 8.1, 0.0061, 19.
func odds(v float64) string {
	if v >= 10 {
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 2, 64)
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(round(100*v, 1), 'f', -1, 64) + "%"
}

// Size counts the card's measures that earn points, the pairs among them,
// and the derived measures among them or read by a pair.
func (m *Model) Size() (measures, pairs, derived int) {
	isDerived := map[string]bool{}
	for _, dv := range m.Derived {
		isDerived[dv.Name] = true
	}
	seen := map[string]bool{}
	count := func(name string) {
		if isDerived[name] && !seen[name] {
			seen[name] = true
			derived++
		}
	}
	for _, t := range m.Terms {
		measures++
		if t.Pair != nil {
			pairs++
			count(t.Pair.Features[0])
			count(t.Pair.Features[1])
		} else {
			count(t.Feature)
		}
	}
	return measures, pairs, derived
}
