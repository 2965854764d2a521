package csvimport

import (
	"fmt"
	"strings"

	"github.com/gtg-dev/gtg"
)

// contactSpec: account_id,email,name,title,role,status(,status_changed_on,influence,opted_out).
// An empty or missing influence keeps the one stored (the CSM sets it in the
// app); so does an empty or missing opted_out (yes/no, true/false, 1/0), which
// otherwise records an opt-out (keeping the first one's date) or an opt-in.
var contactSpec = &spec{
	fields:   []string{"account_id", "email", "name", "title", "role", "status", "status_changed_on", "influence", "opted_out"},
	required: []string{"account_id", "email"},
}

const contactBatch = 1000

type contactLoader struct {
	j    *job
	cols *columns
	seen *seenKeys
	// merge is set when the file lacks name, title, role or status: those
	// keep their stored values, so a file of account_id,email,status marks
	// who left without blanking names and roles.
	merge bool
	batch []pendingContact
}

type pendingContact struct {
	c      *gtg.Contact
	optOut *bool // nil: keep what is stored
	line   int   // where the account id is
	rec    []string
}

func newContactLoader(j *job) (loader[pendingContact], error) {
	l := &contactLoader{j: j, cols: j.cols, seen: newSeenKeys()}
	for _, name := range []string{"name", "title", "role", "status"} {
		if !j.cols.has(name) {
			l.merge = true
		}
	}
	return l, nil
}

func (l *contactLoader) parse(r *row) (pendingContact, error) {
	c := l.cols
	fa, fe := c.get("account_id"), c.get("email")
	ct := &gtg.Contact{AccountExternalID: r.text(fa), Email: r.text(fe), Name: r.text(c.get("name")),
		Title: r.text(c.get("title")), Role: r.text(c.get("role")), Status: r.text(c.get("status")),
		Influence: r.text(c.get("influence"))}
	switch {
	case ct.AccountExternalID == "":
		return pendingContact{}, r.required(fa)
	case ct.Email == "":
		return pendingContact{}, r.required(fe)
	}
	if f := c.get("status_changed_on"); f != nil {
		var err error
		if ct.StatusChangedOn, err = r.day(f); err != nil {
			return pendingContact{}, err
		}
	}
	ct.Normalize()
	if err := ct.Validate(); err != nil {
		return pendingContact{}, r.invalid(c, err)
	}
	if prev, ok := l.seen.first(r.line, ct.AccountExternalID, ct.Email); !ok {
		return pendingContact{}, r.errf(fe, "duplicate contact %s of account %q (also on line %d)", ct.Email, ct.AccountExternalID, prev)
	}
	p := pendingContact{c: ct, line: r.lineOf(fa), rec: l.j.keep(r.rec)}
	if f := c.get("opted_out"); f != nil {
		switch v := strings.ToLower(r.text(f)); v {
		case "":
		case "yes", "true", "1", "y":
			p.optOut = new(true)
		case "no", "false", "0", "n":
			p.optOut = new(false)
		default:
			return pendingContact{}, r.errf(f, "%q is not yes or no", v)
		}
	}
	return p, nil
}

func (l *contactLoader) add(p pendingContact) { l.batch = append(l.batch, p) }

func (l *contactLoader) full() bool { return len(l.batch) >= contactBatch }

func (l *contactLoader) flush(bool) error {
	if len(l.batch) == 0 {
		return nil
	}
	j := l.j
	exts := make([]string, len(l.batch))
	for i, p := range l.batch {
		exts[i] = p.c.AccountExternalID
	}
	if err := j.resolve(exts); err != nil {
		return err
	}
	fa := l.cols.get("account_id")
	var good []*gtg.Contact
	var outs []pendingContact
	stored := map[int64]map[string]*gtg.Contact{} // account → email → contact, when merging
	for _, p := range l.batch {
		id, ok := j.accountID(p.c.AccountExternalID)
		if !ok {
			if err := j.refuse(p.rec, &rowError{line: p.line, column: fa.header,
				msg: fmt.Sprintf("unknown account %q", p.c.AccountExternalID)}); err != nil {
				return err
			}
			continue
		}
		p.c.AccountID = id
		if l.merge {
			if err := l.mergeStored(p.c, stored); err != nil {
				return err
			}
		}
		good = append(good, p.c)
		if p.optOut != nil {
			outs = append(outs, p)
		}
	}
	l.batch = l.batch[:0]
	if len(good) == 0 {
		return nil
	}
	n, err := j.tx.UpsertContacts(j.ctx, j.opts.Actor, good)
	if err != nil {
		return j.storeErr(err)
	}
	for _, p := range outs {
		changed, err := j.tx.SetOptOut(j.ctx, j.opts.Actor, p.c.AccountExternalID, p.c.Email, *p.optOut)
		if err != nil {
			return j.storeErr(err)
		}
		if changed {
			n++
		}
	}
	j.res.Loaded += len(good)
	j.res.Changed += n
	return nil
}

// mergeStored fills the fields the file lacks from the stored contact, if any.
func (l *contactLoader) mergeStored(c *gtg.Contact, stored map[int64]map[string]*gtg.Contact) error {
	byEmail, ok := stored[c.AccountID]
	if !ok {
		list, err := l.j.st.Contacts(l.j.ctx, c.AccountID)
		if err != nil {
			return l.j.storeErr(err)
		}
		byEmail = make(map[string]*gtg.Contact, len(list))
		for _, s := range list {
			byEmail[s.Email] = s
		}
		stored[c.AccountID] = byEmail
	}
	old := byEmail[c.Email]
	if old == nil {
		return nil
	}
	has := l.cols.has
	if !has("name") {
		c.Name = old.Name
	}
	if !has("title") {
		c.Title = old.Title
	}
	if !has("role") {
		c.Role = old.Role
	}
	if !has("status") {
		c.Status = old.Status
		if !has("status_changed_on") {
			c.StatusChangedOn = old.StatusChangedOn
		}
	}
	return nil
}
