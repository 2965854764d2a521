package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
)

// segmentMessage is one Segment Spec call: identify, group, track (and page,
// screen, alias, which are accepted and skipped). Unlike the rest of the API,
// unknown fields are accepted here: Segment's libraries add fields
// (integrations, channel, version, …) freely, and refusing them would make
// the endpoint useless as a Segment destination.
type segmentMessage struct {
	Type              string         `json:"type"`
	MessageID         string         `json:"messageId"`
	UserID            flexString     `json:"userId"`
	AnonymousID       flexString     `json:"anonymousId"`
	GroupID           flexString     `json:"groupId"`
	Event             string         `json:"event"`
	Traits            map[string]any `json:"traits"`
	Properties        map[string]any `json:"properties"`
	Context           map[string]any `json:"context"`
	Timestamp         string         `json:"timestamp"`
	OriginalTimestamp string         `json:"originalTimestamp"`
	ReceivedAt        string         `json:"receivedAt"`

	where string // "body" or "batch[3]", for errors
	index int    // position in the batch
}

// segmentBatchBody is the body of Segment's batch call; its context is
// merged into every message's.
type segmentBatchBody struct {
	Batch   []json.RawMessage `json:"batch"`
	Context map[string]any    `json:"context"`
}

// flexString accepts a JSON string or number: some Segment sources send
// numeric user and group ids.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexString) UnmarshalJSON(b []byte) error {
	var s string
	var n json.Number
	switch {
	case string(b) == "null":
		*f = ""
	case json.Unmarshal(b, &s) == nil:
		*f = flexString(strings.TrimSpace(s))
	case json.Unmarshal(b, &n) == nil:
		*f = flexString(n.String())
	default:
		return gtg.Errorf(gtg.EINVALID, "want a string, got %s", b)
	}
	return nil
}

// segmentTypes are the calls of the Segment Spec.
var segmentTypes = []string{"identify", "group", "track", "page", "screen", "alias"}

// segmentResult answers a Segment call. success is what Segment's own API
// returns; skipped lists well-formed messages gtg cannot map (an identify
// before its group exists, a page view) so the sender can see why.
type segmentResult struct {
	Success  bool          `json:"success"`
	Received int           `json:"received"`
	Changed  int           `json:"changed"`
	Skipped  []segmentSkip `json:"skipped"`
}

type segmentSkip struct {
	Index  int    `json:"index"`
	Type   string `json:"type"`
	Reason string `json:"reason"`
}

// segmentOne serves /api/v1/segment/{identify,group,track}: one message whose
// type, when given, must match the path.
func (h *handler) segmentOne(typ string) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		m, err := readSegmentMessage(r)
		if err != nil {
			return err
		}
		if m.Type == "" {
			m.Type = typ
		} else if m.Type != typ {
			return gtg.Errorf(gtg.EINVALID, "type: %q sent to /api/v1/segment/%s; send it to /api/v1/segment", m.Type, typ)
		}
		return h.segmentApply(w, r, []*segmentMessage{m})
	}
}

// segmentAny serves /api/v1/segment: one message of any type, or a batch.
func (h *handler) segmentAny(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	if err := checkSyntax(body); err != nil {
		return err
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal(body, &probe) != nil {
		return gtg.Errorf(gtg.EINVALID, "body: want a JSON object (a Segment message or {\"batch\": […]})")
	}
	if _, ok := probe["batch"]; ok {
		return h.segmentBatch(w, r)
	}
	m, err := readSegmentMessage(r)
	if err != nil {
		return err
	}
	if m.Type == "" {
		return gtg.Errorf(gtg.EINVALID, "type: required (one of %s)", strings.Join(segmentTypes, ", "))
	}
	return h.segmentApply(w, r, []*segmentMessage{m})
}

// segmentBatch serves /api/v1/segment/batch: {"batch": [messages…], "context": {…}}.
func (h *handler) segmentBatch(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	if err := checkSyntax(body); err != nil {
		return err
	}
	var b segmentBatchBody
	if err := decodeInto(body, &b, "", false); err != nil {
		return err
	}
	if b.Batch == nil {
		return gtg.Errorf(gtg.EINVALID, `batch: required (want {"batch": [messages…]})`)
	}
	if len(b.Batch) > maxItems {
		return gtg.Errorf(gtg.EINVALID, "batch: %d messages; at most %d per request, so split them", len(b.Batch), maxItems)
	}
	msgs := make([]*segmentMessage, len(b.Batch))
	for i, raw := range b.Batch {
		m := &segmentMessage{}
		where := "batch[" + strconv.Itoa(i) + "]"
		if err := decodeInto(raw, m, where, false); err != nil {
			return err
		}
		if m.Type == "" {
			return gtg.Errorf(gtg.EINVALID, "%s.type: required (one of %s)", where, strings.Join(segmentTypes, ", "))
		}
		for k, v := range b.Context {
			if m.Context == nil {
				m.Context = map[string]any{}
			}
			if _, ok := m.Context[k]; !ok {
				m.Context[k] = v
			}
		}
		m.where, m.index = where, i
		msgs[i] = m
	}
	return h.segmentApply(w, r, msgs)
}

func readSegmentMessage(r *http.Request) (*segmentMessage, error) {
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	if err := checkSyntax(body); err != nil {
		return nil, err
	}
	m := &segmentMessage{where: "body"}
	if err := decodeInto(body, m, "", false); err != nil {
		return nil, err
	}
	return m, nil
}

// segmentTime is when a message happened: timestamp, else
// originalTimestamp, else receivedAt, else now.
func segmentTime(m *segmentMessage, now time.Time) (time.Time, error) {
	for _, f := range []struct{ name, v string }{
		{"timestamp", m.Timestamp}, {"originalTimestamp", m.OriginalTimestamp}, {"receivedAt", m.ReceivedAt},
	} {
		if f.v == "" {
			continue
		}
		t, err := parseISOTime(f.v)
		if err != nil {
			return time.Time{}, gtg.Errorf(gtg.EINVALID, "%s.%s: bad time %q (want ISO 8601, like \"2024-01-31T09:30:00.000Z\")", m.where, f.name, f.v)
		}
		return t, nil
	}
	return now, nil
}

// parseISOTime reads the ISO 8601 forms Segment libraries send.
func parseISOTime(s string) (time.Time, error) {
	var err error
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05.999999999", gtg.DayLayout} {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}
