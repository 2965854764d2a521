package csvimport

import (
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
)

// outcomeSpec: account_id,date,type,arr_before,arr_after.
var outcomeSpec = &spec{
	fields:   []string{"account_id", "date", "type", "arr_before", "arr_after"},
	required: []string{"account_id", "date", "type", "arr_before", "arr_after"},
}

const outcomeBatch = 2000

type outcomeLoader struct {
	j     *job
	cols  *columns
	seen  *seenKeys
	batch []pendingOutcome
}

type pendingOutcome struct {
	o    *gtg.Outcome
	line int // where the account id is
	rec  []string
}

func newOutcomeLoader(j *job) (loader[pendingOutcome], error) {
	return &outcomeLoader{j: j, cols: j.cols, seen: newSeenKeys()}, nil
}

func (l *outcomeLoader) parse(r *row) (pendingOutcome, error) {
	c := l.cols
	fa, fd, ft, fb, fz := c.get("account_id"), c.get("date"), c.get("type"), c.get("arr_before"), c.get("arr_after")
	o := &gtg.Outcome{AccountExternalID: r.text(fa), Type: strings.ToLower(r.text(ft))}
	switch {
	case o.AccountExternalID == "":
		return pendingOutcome{}, r.required(fa)
	case o.Type == "":
		return pendingOutcome{}, r.required(ft)
	}
	var err error
	if o.Day, err = r.day(fd); err != nil {
		return pendingOutcome{}, err
	} else if o.Day == 0 {
		return pendingOutcome{}, r.required(fd)
	}
	var given bool
	if o.ARRBefore, given, err = r.number(fb); err != nil {
		return pendingOutcome{}, err
	} else if !given {
		return pendingOutcome{}, r.required(fb)
	}
	if o.ARRAfter, given, err = r.number(fz); err != nil {
		return pendingOutcome{}, err
	} else if !given && o.Type != gtg.OutcomeChurned { // a churn keeps nothing: blank reads as 0
		return pendingOutcome{}, r.required(fz)
	}
	if err := o.Validate(); err != nil {
		return pendingOutcome{}, r.invalid(c, err)
	}
	if prev, ok := l.seen.first(r.line, o.AccountExternalID, o.Day.String(), o.Type); !ok {
		return pendingOutcome{}, &rowError{line: r.line, msg: fmt.Sprintf("duplicate: account %q already has a %s outcome on %s on line %d",
			o.AccountExternalID, o.Type, o.Day, prev)}
	}
	return pendingOutcome{o: o, line: r.lineOf(fa), rec: l.j.keep(r.rec)}, nil
}

func (l *outcomeLoader) add(p pendingOutcome) { l.batch = append(l.batch, p) }

func (l *outcomeLoader) full() bool { return len(l.batch) >= outcomeBatch }

func (l *outcomeLoader) flush(bool) error {
	if len(l.batch) == 0 {
		return nil
	}
	j := l.j
	exts := make([]string, len(l.batch))
	for i, p := range l.batch {
		exts[i] = p.o.AccountExternalID
	}
	if err := j.resolve(exts); err != nil {
		return err
	}
	fa := l.cols.get("account_id")
	var good []*gtg.Outcome
	for _, p := range l.batch {
		id, ok := j.accountID(p.o.AccountExternalID)
		if !ok {
			if err := j.refuse(p.rec, &rowError{line: p.line, column: fa.header,
				msg: fmt.Sprintf("unknown account %q", p.o.AccountExternalID)}); err != nil {
				return err
			}
			continue
		}
		p.o.AccountID = id
		good = append(good, p.o)
	}
	l.batch = l.batch[:0]
	if len(good) == 0 {
		return nil
	}
	n, err := j.tx.UpsertOutcomes(j.ctx, good)
	if err != nil {
		return j.storeErr(err)
	}
	j.res.Loaded += len(good)
	j.res.Changed += n
	return nil
}
