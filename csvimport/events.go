package csvimport

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/gtg-dev/gtg"
)

// eventSpec: account_id,occurred_at,type,contact_email(,event_id) and any
// other column as an attribute of the event.
var eventSpec = &spec{
	fields:   []string{"account_id", "occurred_at", "type", "contact_email", "event_id"},
	required: []string{"account_id", "occurred_at", "type"},
	attrs:    true,
}

const eventBatch = 2000

type eventLoader struct {
	j     *job
	cols  *columns
	seen  *seenKeys
	batch []pendingEvent
}

type pendingEvent struct {
	e    *gtg.Event
	line int // where the account id is
	rec  []string
}

func newEventLoader(j *job) (loader[pendingEvent], error) {
	return &eventLoader{j: j, cols: j.cols, seen: newSeenKeys()}, nil
}

func (l *eventLoader) parse(r *row) (pendingEvent, error) {
	c := l.cols
	fa, ft, fw := c.get("account_id"), c.get("type"), c.get("occurred_at")
	e := &gtg.Event{AccountExternalID: r.text(fa), Type: r.text(ft), ContactEmail: r.text(c.get("contact_email")),
		ExternalID: r.text(c.get("event_id"))}
	switch {
	case e.AccountExternalID == "":
		return pendingEvent{}, r.required(fa)
	case e.Type == "":
		return pendingEvent{}, r.required(ft)
	}
	var err error
	if e.OccurredAt, err = r.when(fw); err != nil {
		return pendingEvent{}, err
	} else if e.OccurredAt.IsZero() {
		return pendingEvent{}, r.required(fw)
	}
	if len(c.attrs) > 0 {
		e.Attrs = make(map[string]any, len(c.attrs))
		for _, f := range c.attrs {
			v, err := r.attrValue(f, "", false)
			if err != nil {
				return pendingEvent{}, err
			}
			switch x := v.(type) {
			case nil:
				continue
			case gtg.Day: // a column typed date by the mapping: events keep dates as text
				v = x.String()
			}
			e.Attrs[f.name] = v
		}
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return pendingEvent{}, r.invalid(c, err)
	}
	if e.ExternalID != "" {
		if prev, ok := l.seen.first(r.line, "id", e.AccountExternalID, e.ExternalID); !ok {
			return pendingEvent{}, r.errf(c.get("event_id"), "duplicate event_id %q for account %q (also on line %d)", e.ExternalID, e.AccountExternalID, prev)
		}
	} else if prev, ok := l.seen.first(r.line, eventContent(e)...); !ok {
		return pendingEvent{}, &rowError{line: r.line, msg: fmt.Sprintf("duplicate event: line %d has the same account, time, type, contact and attributes (give each an event_id if both happened)", prev)}
	}
	return pendingEvent{e: e, line: r.lineOf(fa), rec: l.j.keep(r.rec)}, nil
}

func (l *eventLoader) add(p pendingEvent) { l.batch = append(l.batch, p) }

// eventContent is what identifies an event that has no id of its own: the
// store stores such events under a digest of the same content, so two rows
// with equal content would be one event.
func eventContent(e *gtg.Event) []string {
	parts := []string{"content", e.AccountExternalID, e.Type, e.OccurredAt.Format(time.RFC3339Nano), e.ContactEmail}
	keys := make([]string, 0, len(e.Attrs))
	for k := range e.Attrs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var v string
		switch x := e.Attrs[k].(type) {
		case float64:
			v = "n" + strconv.FormatFloat(x, 'g', -1, 64)
		case bool:
			v = "b" + strconv.FormatBool(x)
		default:
			v = fmt.Sprintf("s%v", x)
		}
		parts = append(parts, k, v)
	}
	return parts
}

func (l *eventLoader) full() bool { return len(l.batch) >= eventBatch }

func (l *eventLoader) flush(bool) error {
	if len(l.batch) == 0 {
		return nil
	}
	j := l.j
	exts := make([]string, len(l.batch))
	for i, p := range l.batch {
		exts[i] = p.e.AccountExternalID
	}
	if err := j.resolve(exts); err != nil {
		return err
	}
	fa := l.cols.get("account_id")
	var good []*gtg.Event
	for _, p := range l.batch {
		id, ok := j.accountID(p.e.AccountExternalID)
		if !ok {
			if err := j.refuse(p.rec, &rowError{line: p.line, column: fa.header,
				msg: fmt.Sprintf("unknown account %q", p.e.AccountExternalID)}); err != nil {
				return err
			}
			continue
		}
		p.e.AccountID = id
		good = append(good, p.e)
	}
	l.batch = l.batch[:0]
	if len(good) == 0 {
		return nil
	}
	n, err := j.tx.UpsertEvents(j.ctx, good)
	if err != nil {
		return j.storeErr(err)
	}
	j.res.Loaded += len(good)
	j.res.Changed += n
	return nil
}
