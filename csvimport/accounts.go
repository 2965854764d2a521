package csvimport

import (
	"maps"

	"github.com/gtg-dev/gtg"
)

// accountSpec: id,name,arr,… and any other column as a custom attribute.
var accountSpec = &spec{
	fields: []string{"id", "name", "arr", "currency", "plan", "seats", "segment", "stage", "contract_start",
		"renewal_date", "owner", "account_executive", "icp_fit"},
	required: []string{"id", "name"},
	attrs:    true,
}

const accountBatch = 1000

type accountLoader struct {
	j     *job
	cols  *columns
	types map[string]string // attribute → type, from the database and then from this file
	seen  *seenKeys
	// merge is set when the file does not give every field: the fields it
	// lacks, and attributes it does not name, keep their stored values
	// instead of being blanked, so a file of id,name,arr updates only ARR.
	merge bool
	batch []*gtg.Account
}

func newAccountLoader(j *job) (loader[*gtg.Account], error) {
	types, err := j.st.AttributeTypes(j.ctx)
	if err != nil {
		return nil, j.storeErr(err)
	}
	for _, f := range j.cols.attrs {
		if f.typ != "" && types[f.name] != "" && types[f.name] != f.typ {
			return nil, gtg.Errorf(gtg.EINVALID, "%s: column %q: attribute %s is stored as %s, not %s",
				j.opts.Map.where(j.opts.Map.Columns[fold(f.header)].Line), f.header, f.name, types[f.name], f.typ)
		}
	}
	l := &accountLoader{j: j, cols: j.cols, types: types, seen: newSeenKeys()}
	for _, name := range accountSpec.fields {
		if !j.cols.has(name) {
			l.merge = true
		}
	}
	if len(types) > 0 {
		l.merge = true // stored attributes the file does not name must survive
	}
	return l, nil
}

func (l *accountLoader) parse(r *row) (*gtg.Account, error) {
	c := l.cols
	fid := c.get("id")
	a := &gtg.Account{ExternalID: r.text(fid), Name: r.text(c.get("name")), Currency: r.text(c.get("currency")),
		Plan: r.text(c.get("plan")), Segment: r.text(c.get("segment")), Stage: r.text(c.get("stage")),
		Owner: r.text(c.get("owner")), AccountExecutive: r.text(c.get("account_executive")),
		ICPFit: r.text(c.get("icp_fit"))}
	if a.ExternalID == "" {
		return nil, r.required(fid)
	}
	var err error
	if f := c.get("arr"); f != nil {
		if a.ARR, _, err = r.number(f); err != nil {
			return nil, err
		}
	}
	if f := c.get("seats"); f != nil {
		if a.Seats, err = r.whole(f); err != nil {
			return nil, err
		}
	}
	if f := c.get("contract_start"); f != nil {
		if a.ContractStart, err = r.day(f); err != nil {
			return nil, err
		}
	}
	if f := c.get("renewal_date"); f != nil {
		if a.RenewalDate, err = r.day(f); err != nil {
			return nil, err
		}
	}
	attrs := make(map[string]any, len(c.attrs))
	for _, f := range c.attrs {
		v, err := r.attrValue(f, l.types[f.name], true)
		if err != nil {
			return nil, err
		}
		attrs[f.name] = v // nil: this account has no such attribute any more
	}
	if l.merge {
		if err := l.mergeStored(a, attrs); err != nil {
			return nil, err
		}
	} else {
		a.Attrs = compact(attrs)
	}
	a.Normalize()
	if err := a.Validate(); err != nil {
		return nil, r.invalid(c, err)
	}
	if prev, ok := l.seen.first(r.line, a.ExternalID); !ok {
		return nil, r.errf(fid, "duplicate id %q (also on line %d)", a.ExternalID, prev)
	}
	for k, v := range a.Attrs {
		if l.types[k] == "" {
			l.types[k] = typeOf(v)
		}
	}
	return a, nil
}

func (l *accountLoader) add(a *gtg.Account) { l.batch = append(l.batch, a) }

// mergeStored fills what the file does not give from the stored account, if any.
func (l *accountLoader) mergeStored(a *gtg.Account, attrs map[string]any) error {
	old, err := l.j.st.Account(l.j.ctx, a.ExternalID)
	if gtg.ErrorCode(err) == gtg.ENOTFOUND {
		a.Attrs = compact(attrs)
		return nil
	}
	if err != nil {
		return l.j.storeErr(err)
	}
	has := l.cols.has
	if !has("name") {
		a.Name = old.Name
	}
	if !has("arr") {
		a.ARR = old.ARR
	}
	if !has("currency") {
		a.Currency = old.Currency
	}
	if !has("plan") {
		a.Plan = old.Plan
	}
	if !has("seats") {
		a.Seats = old.Seats
	}
	if !has("segment") {
		a.Segment = old.Segment
	}
	if !has("stage") {
		a.Stage = old.Stage
	}
	if !has("contract_start") {
		a.ContractStart = old.ContractStart
	}
	if !has("renewal_date") {
		a.RenewalDate = old.RenewalDate
	}
	if !has("owner") {
		a.Owner = old.Owner
	}
	if !has("account_executive") {
		a.AccountExecutive = old.AccountExecutive
	}
	if !has("icp_fit") {
		a.ICPFit = old.ICPFit
	}
	merged := maps.Clone(old.Attrs)
	if merged == nil {
		merged = map[string]any{}
	}
	for k, v := range attrs {
		if v == nil {
			delete(merged, k)
		} else {
			merged[k] = v
		}
	}
	a.Attrs = merged
	return nil
}

// compact drops absent (nil) attributes.
func compact(attrs map[string]any) map[string]any {
	maps.DeleteFunc(attrs, func(_ string, v any) bool { return v == nil })
	return attrs
}

func (l *accountLoader) full() bool { return len(l.batch) >= accountBatch }

func (l *accountLoader) flush(bool) error {
	if len(l.batch) == 0 {
		return nil
	}
	n, err := l.j.tx.UpsertAccounts(l.j.ctx, l.j.opts.Actor, l.batch)
	if err != nil {
		return l.j.storeErr(err)
	}
	l.j.res.Loaded += len(l.batch)
	l.j.res.Changed += n
	l.batch = l.batch[:0]
	return nil
}
