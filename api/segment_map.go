package api

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// metricRecorded is the track event that always records a metric point;
// other track events do when their properties carry metric and value.
const metricRecorded = "Metric Recorded"

// segmentPlan is what a list of Segment messages writes, in message order.
type segmentPlan struct {
	accounts  map[string]*gtg.Account // by group id
	acctWhere map[string]string       // the last message that touched each account, for errors
	acctOrd   []string
	contacts  map[contactKey]*gtg.Contact
	contOrd   []contactKey
	events    []*gtg.Event
	metrics   []gtg.MetricPoint
	metricAt  []string // each metric's account external id
	skipped   []segmentSkip
}

// segmentApply maps messages to records and writes them in one transaction:
//   - group: groupId → account (traits name, arr, plan, … onto its fields, other
//     traits into custom attributes); traits not sent keep their stored values;
//   - identify: userId/traits.email → a contact of the account named by
//     context.groupId, groupId, traits.company.id or traits.groupId;
//   - track: → a timeline event of type snake_case(event), properties as
//     attributes, messageId as event_id so retries change nothing; a track
//     with properties metric and value (or named "Metric Recorded") → a
//     metric point on the day of its timestamp.
//
// Malformed messages make the whole request fail with 400; well-formed ones
// gtg cannot place (no account, no email, page/screen/alias) are skipped and
// listed in the response. openapi.json documents the same mapping.
func (h *handler) segmentApply(w http.ResponseWriter, r *http.Request, msgs []*segmentMessage) error {
	ctx := r.Context()
	p := &segmentPlan{accounts: map[string]*gtg.Account{}, acctWhere: map[string]string{}, contacts: map[contactKey]*gtg.Contact{}}
	known := newAccountCache(h.st)
	now := h.now()
	for _, m := range msgs {
		var err error
		switch m.Type {
		case "group":
			err = p.group(ctx, known, m)
		case "identify":
			err = p.identify(ctx, known, m)
		case "track":
			err = p.track(ctx, known, m, now)
		case "page", "screen", "alias":
			p.skip(m, "gtg does not use "+m.Type+" calls")
		default:
			err = gtg.Errorf(gtg.EINVALID, "%s.type: %q is not one of %s", m.where, m.Type, strings.Join(segmentTypes, ", "))
		}
		if err != nil {
			return err
		}
	}
	types, err := h.st.AttributeTypes(ctx)
	if err != nil {
		return wrap(err, "load attribute types")
	}
	for _, id := range p.acctOrd {
		if err := prepareAccount(p.accounts[id], types); err != nil {
			return at(p.acctWhere[id]+".traits", err)
		}
	}
	res := segmentResult{Success: true, Received: len(msgs), Skipped: p.skipped}
	if res.Skipped == nil {
		res.Skipped = []segmentSkip{}
	}
	err = h.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		res.Changed, err = p.write(ctx, tx, r)
		return err
	})
	if err != nil {
		return wrap(err, "apply Segment messages")
	}
	return writeJSON(w, http.StatusOK, res)
}

// write stores the plan and returns how many records it created or changed.
func (p *segmentPlan) write(ctx context.Context, tx *store.Tx, r *http.Request) (int, error) {
	accts := make([]*gtg.Account, len(p.acctOrd))
	for i, id := range p.acctOrd {
		accts[i] = p.accounts[id]
	}
	changed, err := tx.UpsertAccounts(ctx, actor(r), accts)
	if err != nil {
		return 0, err
	}
	// Resolve after the upsert, so accounts created by this request count.
	var ext []string
	for _, k := range p.contOrd {
		ext = append(ext, k.account)
	}
	for _, e := range p.events {
		ext = append(ext, e.AccountExternalID)
	}
	ids, err := tx.AccountIDs(ctx, uniq(append(ext, p.metricAt...)))
	if err != nil {
		return 0, err
	}
	id := func(ext string) (int64, error) {
		if v, ok := ids[ext]; ok {
			return v, nil
		}
		// Every account was seen before the transaction began.
		return 0, gtg.Errorf(gtg.ECONFLICT, "account %q was deleted while this request ran; send it again", ext)
	}

	contacts := make([]*gtg.Contact, len(p.contOrd))
	for i, k := range p.contOrd {
		contacts[i] = p.contacts[k]
		if contacts[i].AccountID, err = id(k.account); err != nil {
			return 0, err
		}
	}
	n, err := tx.UpsertContacts(ctx, actor(r), contacts)
	if err != nil {
		return 0, err
	}
	changed += n

	for _, e := range p.events {
		if e.AccountID, err = id(e.AccountExternalID); err != nil {
			return 0, err
		}
	}
	if n, err = tx.UpsertEvents(ctx, p.events); err != nil {
		return 0, err
	}
	changed += n
	if err := auditBulk(ctx, tx, r, "event", bulkResult{len(p.events), n}); err != nil {
		return 0, err
	}

	for i := range p.metrics {
		if p.metrics[i].AccountID, err = id(p.metricAt[i]); err != nil {
			return 0, err
		}
	}
	if n, err = tx.MergeMetrics(ctx, p.metrics); err != nil {
		return 0, err
	}
	changed += n
	return changed, auditBulk(ctx, tx, r, "metric", bulkResult{len(p.metrics), n})
}

func (p *segmentPlan) skip(m *segmentMessage, reason string) {
	p.skipped = append(p.skipped, segmentSkip{Index: m.index, Type: m.Type, Reason: reason})
}

// hasAccount reports whether an account exists or is created by this request.
func (p *segmentPlan) hasAccount(ctx context.Context, known *accountCache, id string) (bool, error) {
	if _, ok := p.accounts[id]; ok {
		return true, nil
	}
	a, err := known.get(ctx, id)
	return a != nil, err
}

// group merges the message's traits into the account named by groupId.
func (p *segmentPlan) group(ctx context.Context, known *accountCache, m *segmentMessage) error {
	id := string(m.GroupID)
	if id == "" {
		return gtg.Errorf(gtg.EINVALID, "%s.groupId: required for a group call", m.where)
	}
	a, ok := p.accounts[id]
	if !ok {
		stored, err := known.get(ctx, id)
		if err != nil {
			return err
		}
		a = &gtg.Account{ExternalID: id}
		if stored != nil {
			*a = *stored
			a.Attrs = maps.Clone(stored.Attrs)
		}
		p.accounts[id] = a
		p.acctOrd = append(p.acctOrd, id)
	}
	p.acctWhere[id] = m.where
	if err := applyGroupTraits(a, m.Traits, m.where+".traits"); err != nil {
		return err
	}
	if a.Name == "" {
		a.Name = id // an account needs a name; the group id is the best we have until traits.name comes
	}
	return nil
}

// identify merges the message's traits into a contact of its account.
func (p *segmentPlan) identify(ctx context.Context, known *accountCache, m *segmentMessage) error {
	gid := segmentGroupID(m)
	if gid == "" {
		p.skip(m, "no account: set context.groupId (or traits.company.id) to the account's id")
		return nil
	}
	email := traitString(m.Traits["email"])
	if email == "" && strings.Contains(string(m.UserID), "@") {
		email = string(m.UserID)
	}
	if email == "" {
		p.skip(m, "no email: set traits.email (gtg knows contacts by email)")
		return nil
	}
	if ok, err := p.hasAccount(ctx, known, gid); err != nil {
		return err
	} else if !ok {
		p.skip(m, fmt.Sprintf("unknown account %q: send a group call for it first", gid))
		return nil
	}
	k := contactKey{gid, strings.ToLower(email)}
	c, ok := p.contacts[k]
	if !ok {
		stored, err := known.contact(ctx, gid, k.email)
		if err != nil {
			return err
		}
		c = &gtg.Contact{AccountExternalID: gid, Email: email}
		if stored != nil {
			*c = *stored
		}
		p.contacts[k] = c
		p.contOrd = append(p.contOrd, k)
	}
	applyIdentifyTraits(c, m.Traits)
	c.AccountExternalID = gid
	c.Normalize()
	if err := c.Validate(); err != nil {
		return at(m.where+".traits", err)
	}
	return nil
}

// track turns the message into a timeline event or a metric point.
func (p *segmentPlan) track(ctx context.Context, known *accountCache, m *segmentMessage, now time.Time) error {
	if strings.TrimSpace(m.Event) == "" {
		return gtg.Errorf(gtg.EINVALID, "%s.event: required for a track call", m.where)
	}
	t, err := segmentTime(m, now)
	if err != nil {
		return err
	}
	gid := segmentGroupID(m)
	if gid == "" {
		p.skip(m, "no account: set context.groupId to the account's id")
		return nil
	}
	_, hasMetric := m.Properties["metric"]
	_, hasValue := m.Properties["value"]
	var (
		pt       gtg.MetricPoint
		e        *gtg.Event
		isMetric = m.Event == metricRecorded || (hasMetric && hasValue)
	)
	if isMetric {
		pt, err = metricFromTrack(m, t)
	} else {
		e, err = eventFromTrack(m, t, gid)
	}
	if err != nil {
		return err
	}
	if ok, err := p.hasAccount(ctx, known, gid); err != nil {
		return err
	} else if !ok {
		p.skip(m, fmt.Sprintf("unknown account %q: send a group call for it first", gid))
		return nil
	}
	if isMetric {
		p.metrics = append(p.metrics, pt)
		p.metricAt = append(p.metricAt, gid)
	} else {
		p.events = append(p.events, e)
	}
	return nil
}

// accountCache reads stored accounts and their contacts once per request.
type accountCache struct {
	st       *store.Store
	accounts map[string]*gtg.Account // nil: does not exist
	contacts map[string]map[string]*gtg.Contact
}

func newAccountCache(st *store.Store) *accountCache {
	return &accountCache{st: st, accounts: map[string]*gtg.Account{}, contacts: map[string]map[string]*gtg.Contact{}}
}

// get returns the stored account, or nil when there is none.
func (c *accountCache) get(ctx context.Context, id string) (*gtg.Account, error) {
	if a, ok := c.accounts[id]; ok {
		return a, nil
	}
	a, err := c.st.Account(ctx, id)
	if gtg.ErrorCode(err) == gtg.ENOTFOUND {
		a, err = nil, nil
	}
	if err != nil {
		return nil, wrap(err, "read account "+id)
	}
	c.accounts[id] = a
	return a, nil
}

// contact returns the stored contact, or nil when there is none.
func (c *accountCache) contact(ctx context.Context, accountID, email string) (*gtg.Contact, error) {
	byEmail, ok := c.contacts[accountID]
	if !ok {
		byEmail = map[string]*gtg.Contact{}
		a, err := c.get(ctx, accountID)
		if err != nil {
			return nil, err
		}
		if a != nil {
			list, err := c.st.Contacts(ctx, a.ID)
			if err != nil {
				return nil, wrap(err, "read contacts of "+accountID)
			}
			for _, ct := range list {
				byEmail[ct.Email] = ct
			}
		}
		c.contacts[accountID] = byEmail
	}
	if ct := byEmail[email]; ct != nil {
		cp := *ct
		return &cp, nil
	}
	return nil, nil
}
