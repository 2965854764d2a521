package api

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
)

// applyGroupTraits maps group traits onto an account. Known names (in any
// case style: "renewalDate", "renewal_date") set fields; others become
// custom attributes. Traits not sent leave the account as it was.
func applyGroupTraits(a *gtg.Account, traits map[string]any, where string) error {
	for _, k := range sortedKeys(traits) {
		v := traits[k]
		key := snake(k)
		field := where + "." + k
		var err error
		switch key {
		case "id", "":
			// the group id itself, or a name with nothing usable in it
		case "name":
			a.Name = traitString(v)
		case "arr", "annual_recurring_revenue":
			a.ARR, err = traitNumber(v, field)
		case "seats":
			var n float64
			if n, err = traitNumber(v, field); err == nil && n != math.Trunc(n) {
				err = gtg.Errorf(gtg.EINVALID, "%s: want a whole number, got %v", field, n)
			}
			a.Seats = int(n)
		case "currency":
			a.Currency = traitString(v)
		case "plan":
			a.Plan = traitString(v)
		case "segment":
			a.Segment = traitString(v)
		case "stage":
			a.Stage = traitString(v)
		case "owner":
			a.Owner = traitString(v)
		case "account_executive":
			a.AccountExecutive = traitString(v)
		case "icp_fit":
			a.ICPFit = traitString(v)
		case "contract_start":
			a.ContractStart, err = traitDay(v, field)
		case "renewal_date":
			a.RenewalDate, err = traitDay(v, field)
		default:
			if a.Attrs == nil {
				a.Attrs = map[string]any{}
			}
			flatten(a.Attrs, key, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// applyIdentifyTraits maps identify traits onto a contact; traits not sent
// leave it as it was.
func applyIdentifyTraits(c *gtg.Contact, traits map[string]any) {
	byKey := map[string]any{}
	for k, v := range traits {
		byKey[snake(k)] = v
	}
	if v := traitString(byKey["name"]); v != "" {
		c.Name = v
	} else if v := strings.TrimSpace(traitString(byKey["first_name"]) + " " + traitString(byKey["last_name"])); v != "" {
		c.Name = v
	}
	if v := traitString(byKey["title"]); v != "" {
		c.Title = v
	}
	if v := snake(traitString(byKey["role"])); v != "" {
		c.Role = v
	}
	if v := strings.ToLower(traitString(byKey["status"])); v != "" {
		c.Status = v
	}
}

// segmentGroupID is the account a message belongs to: context.groupId, a
// top-level groupId, traits.company.id or traits.groupId, in that order.
func segmentGroupID(m *segmentMessage) string {
	if s := traitString(m.Context["groupId"]); s != "" {
		return s
	}
	if m.GroupID != "" {
		return string(m.GroupID)
	}
	if c, ok := m.Traits["company"].(map[string]any); ok {
		if s := traitString(c["id"]); s != "" {
			return s
		}
	}
	return traitString(m.Traits["groupId"])
}

// eventFromTrack maps a track call to a timeline event of the account.
func eventFromTrack(m *segmentMessage, t time.Time, account string) (*gtg.Event, error) {
	typ := snake(m.Event)
	if !gtg.ValidKey(typ) {
		return nil, gtg.Errorf(gtg.EINVALID, "%s.event: %q gives type %q, which must start with a letter", m.where, m.Event, typ)
	}
	e := &gtg.Event{AccountExternalID: account, ExternalID: m.MessageID, Type: typ, OccurredAt: t, Attrs: map[string]any{}}
	for _, k := range sortedKeys(m.Properties) {
		flatten(e.Attrs, snake(k), m.Properties[k])
	}
	if ctxTraits, ok := m.Context["traits"].(map[string]any); ok {
		e.ContactEmail = traitString(ctxTraits["email"])
	}
	if e.ContactEmail == "" && strings.Contains(string(m.UserID), "@") {
		e.ContactEmail = string(m.UserID)
	}
	if _, ok := e.Attrs["user_id"]; !ok && m.UserID != "" && e.ContactEmail != string(m.UserID) {
		e.Attrs["user_id"] = string(m.UserID) // keep who did it when the user id is not an email
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return nil, at(m.where+".properties", err)
	}
	return e, nil
}

// metricFromTrack maps a track carrying properties metric and value to a
// metric point on the day of its timestamp (or properties.date).
func metricFromTrack(m *segmentMessage, t time.Time) (gtg.MetricPoint, error) {
	field := m.where + ".properties"
	name := traitString(m.Properties["metric"])
	if name == "" {
		return gtg.MetricPoint{}, gtg.Errorf(gtg.EINVALID, "%s.metric: required for %q", field, metricRecorded)
	}
	if _, ok := m.Properties["value"]; !ok {
		return gtg.MetricPoint{}, gtg.Errorf(gtg.EINVALID, "%s.value: required for %q", field, metricRecorded)
	}
	v, err := traitNumber(m.Properties["value"], field+".value")
	if err != nil {
		return gtg.MetricPoint{}, err
	}
	pt := gtg.MetricPoint{Key: snake(name), Day: gtg.DayOf(t), Value: v}
	if d, ok := m.Properties["date"]; ok {
		if pt.Day, err = traitDay(d, field+".date"); err != nil {
			return gtg.MetricPoint{}, err
		}
	}
	if err := pt.Validate(); err != nil {
		return gtg.MetricPoint{}, at(field, err)
	}
	return pt, nil
}

// flatten stores a JSON value under key: scalars as they are, objects as
// key_sub entries, arrays as JSON text.
func flatten(dst map[string]any, key string, v any) {
	if key == "" {
		return
	}
	if key[0] >= '0' && key[0] <= '9' {
		key = strings.TrimRight(("n" + key)[:min(len(key)+1, 64)], "_")
	}
	switch x := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(x) {
			flatten(dst, snake(key+"_"+k), x[k])
		}
	case []any:
		b, _ := json.Marshal(x)
		dst[key] = string(b)
	default:
		dst[key] = v
	}
}

// traitString reads a scalar trait as text ("" for none or objects).
func traitString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// traitNumber reads a number, also from text such as "12000".
func traitNumber(v any, field string) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case string:
		if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f, nil
		}
	case nil:
		return 0, nil
	}
	return 0, gtg.Errorf(gtg.EINVALID, "%s: want a number, got %v", field, v)
}

// traitDay reads a date: YYYY-MM-DD or an ISO 8601 time (its UTC day).
func traitDay(v any, field string) (gtg.Day, error) {
	s, ok := v.(string)
	if v == nil || (ok && s == "") {
		return 0, nil
	}
	if ok {
		if t, err := parseISOTime(s); err == nil {
			return gtg.DayOf(t), nil
		}
	}
	return 0, gtg.Errorf(gtg.EINVALID, "%s: bad date %v (want YYYY-MM-DD)", field, v)
}

// snake turns an event or trait name into a gtg key: "Order Completed",
// "orderCompleted" and "order-completed" all become "order_completed".
func snake(s string) string {
	var b strings.Builder
	sep, prevLower := false, false
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			if prevLower {
				sep = true
			}
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r + 'a' - 'A')
			sep, prevLower = false, false
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			sep, prevLower = false, true
		default:
			sep, prevLower = true, false
		}
	}
	out := b.String()
	if len(out) > 64 {
		out = strings.TrimRight(out[:64], "_")
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
