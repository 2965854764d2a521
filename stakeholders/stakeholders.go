// Package stakeholders answers who gtg's CSMs know at each customer and how
// well: the stakeholder map of an account, its multi-threading coverage, and
// the gaps against the team's cadence policy, per account and per owner. It
// reads contacts and touches (timeline events) from the store; the
// computations themselves are the domain's (gtg.Stakeholders, gtg.CoverageOf,
// gtg.CadenceGaps).
package stakeholders

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/scorecard"
	"github.com/gtg-dev/gtg/store"
)

// Policy returns the cadence policy in force: the newest applied one, or
// the built-in default when none has been applied.
func Policy(ctx context.Context, st *store.Store) (*gtg.CadencePolicy, error) {
	stored, err := st.CadencePolicies(ctx)
	if err != nil {
		return nil, err
	}
	if len(stored) == 0 {
		return scorecard.DefaultCadence(), nil
	}
	// One policy is in force: the most recently applied.
	newest := stored[0]
	for _, v := range stored[1:] {
		if v.AppliedAt > newest.AppliedAt {
			newest = v
		}
	}
	p, err := scorecard.ParseCadence(fmt.Sprintf("%s@%d", newest.Name, newest.Version), newest.YAML)
	if err != nil {
		return nil, fmt.Errorf("stored cadence policy: %w", err)
	}
	return p, nil
}

// Apply validates a cadence policy file and stores it; changed is false when
// the same version was applied before with the same text. The same version
// with other text is ECONFLICT: bump the version.
func Apply(ctx context.Context, st *store.Store, actor, file string, data []byte) (p *gtg.CadencePolicy, changed bool, err error) {
	if p, err = scorecard.ParseCadence(file, data); err != nil {
		return nil, false, err
	}
	changed, err = st.SaveCadencePolicy(ctx, actor, p.Name, p.Version, data)
	return p, changed, err
}

// Map is an account's stakeholder map with its coverage and cadence gaps.
type Map struct {
	Account      *gtg.Account       `json:"-"`
	AccountID    string             `json:"account_id"`
	AccountName  string             `json:"account_name"`
	Owner        string             `json:"owner"`
	Segment      string             `json:"segment"`
	AsOf         gtg.Day            `json:"as_of"`
	Policy       string             `json:"policy"` // name@version
	Cadence      gtg.SegmentCadence `json:"cadence"`
	Stakeholders []gtg.Stakeholder  `json:"stakeholders"`
	Coverage     gtg.Coverage       `json:"coverage"`
	Gaps         []gtg.CadenceGap   `json:"cadence_gaps"`
}

// AccountMap returns the stakeholder map of the account with external id
// ext as of day. ENOTFOUND when there is no such account.
func AccountMap(ctx context.Context, st *store.Store, ext string, day gtg.Day) (*Map, error) {
	a, err := st.Account(ctx, ext)
	if err != nil {
		return nil, err
	}
	pol, err := Policy(ctx, st)
	if err != nil {
		return nil, err
	}
	contacts, err := st.Contacts(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	stats, err := st.TouchStats(ctx, []int64{a.ID}, day, 0, true)
	if err != nil {
		return nil, err
	}
	sc := pol.For(a.Segment)
	people := gtg.Stakeholders(gtg.StakeholderInput{Account: a, Contacts: contacts, Stats: stats}, sc, day)
	m := &Map{Account: a, AccountID: a.ExternalID, AccountName: a.Name, Owner: a.Owner, Segment: a.Segment, AsOf: day,
		Policy: fmt.Sprintf("%s@%d", pol.Name, pol.Version), Cadence: sc, Stakeholders: people,
		Coverage: gtg.CoverageOf(a, people, sc, day), Gaps: gtg.CadenceGaps(a, people, sc)}
	if m.Gaps == nil {
		m.Gaps = []gtg.CadenceGap{}
	}
	return m, nil
}

// Portfolio is coverage and cadence gaps across accounts, summed per owner.
type Portfolio struct {
	AsOf     gtg.Day             `json:"as_of"`
	Policy   string              `json:"policy"`
	Owners   []gtg.OwnerCoverage `json:"owners"`   // by owner
	Accounts []gtg.Coverage      `json:"accounts"` // weakest first
	Gaps     []gtg.CadenceGap    `json:"cadence_gaps"`
}

// PortfolioOf computes coverage and gaps as of day for every account of
// owner ("": every account).
func PortfolioOf(ctx context.Context, st *store.Store, day gtg.Day, owner string) (*Portfolio, error) {
	pol, err := Policy(ctx, st)
	if err != nil {
		return nil, err
	}
	accts, _, err := st.Accounts(ctx, gtg.AccountFilter{Owner: owner})
	if err != nil {
		return nil, err
	}
	var ids []int64 // nil reads every account's contacts
	if owner != "" {
		ids = make([]int64, 0, len(accts))
		for _, a := range accts {
			ids = append(ids, a.ID)
		}
	}
	contacts, err := st.ContactsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	// Coverage and gaps need touches within the longest engaged window (and
	// 90 days for the counts), not the last touch ever: reading less keeps
	// the portfolio quick.
	window := 90
	for _, sc := range pol.Segments {
		window = max(window, sc.EngagedDays)
	}
	window = max(window, pol.Default.EngagedDays)
	stats, err := st.TouchStats(ctx, ids, day, day.AddDays(1-window), false)
	if err != nil {
		return nil, err
	}
	p := &Portfolio{AsOf: day, Policy: fmt.Sprintf("%s@%d", pol.Name, pol.Version), Owners: []gtg.OwnerCoverage{},
		Accounts: []gtg.Coverage{}, Gaps: []gtg.CadenceGap{}}
	byOwner := map[string]*gtg.OwnerCoverage{}
	for _, a := range accts {
		sc := pol.For(a.Segment)
		people := gtg.Stakeholders(gtg.StakeholderInput{Account: a, Contacts: contacts[a.ID], Stats: stats}, sc, day)
		cv := gtg.CoverageOf(a, people, sc, day)
		gaps := gtg.CadenceGaps(a, people, sc)
		o := byOwner[a.Owner]
		if o == nil {
			o = &gtg.OwnerCoverage{Owner: a.Owner}
			byOwner[a.Owner] = o
		}
		o.AddTo(cv, gaps)
		p.Accounts = append(p.Accounts, cv)
		p.Gaps = append(p.Gaps, gaps...)
	}
	for _, o := range byOwner {
		p.Owners = append(p.Owners, *o)
	}
	slices.SortFunc(p.Owners, func(a, b gtg.OwnerCoverage) int { return strings.Compare(a.Owner, b.Owner) })
	slices.SortStableFunc(p.Accounts, func(a, b gtg.Coverage) int {
		if d := a.KeyRolesEngaged - b.KeyRolesEngaged; d != 0 {
			return d
		}
		if d := a.EngagedContacts - b.EngagedContacts; d != 0 {
			return d
		}
		return strings.Compare(a.AccountID, b.AccountID)
	})
	return p, nil
}
