package retention

import (
	"cmp"
	"slices"

	"github.com/gtg-dev/gtg"
)

// Ledger is the portfolio's contract history: every account with its
// outcomes in date order, from which an account's ARR on any day follows.
type Ledger struct {
	Accounts []*gtg.Account
	outcomes map[int64][]*gtg.Outcome
	history  map[int64][]gtg.AccountState
}

// NewLedger indexes accounts and their outcomes. Outcomes on one day keep
// the order they were recorded in (their IDs). hist, when not nil, gives
// the accounts' fields on past days (segment, owner) for grouping.
func NewLedger(accounts []*gtg.Account, outcomes []*gtg.Outcome, hist map[int64][]gtg.AccountState) *Ledger {
	l := &Ledger{Accounts: accounts, outcomes: map[int64][]*gtg.Outcome{}, history: hist}
	for _, o := range outcomes {
		l.outcomes[o.AccountID] = append(l.outcomes[o.AccountID], o)
	}
	for _, os := range l.outcomes {
		slices.SortStableFunc(os, func(a, b *gtg.Outcome) int {
			return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.ID, b.ID))
		})
	}
	return l
}

// Outcomes returns an account's outcomes in date order.
func (l *Ledger) Outcomes(accountID int64) []*gtg.Outcome { return l.outcomes[accountID] }

// ARROn returns the account's ARR on day, by the README's definition: the
// arr_after of its latest outcome on or before the day; before its first
// outcome, that outcome's arr_before from contract_start on (0 before); with
// no outcomes at all, the account's arr from contract_start on.
func ARROn(a *gtg.Account, outcomes []*gtg.Outcome, day gtg.Day) float64 {
	var latest *gtg.Outcome
	for _, o := range outcomes {
		if o.Day > day {
			break
		}
		latest = o
	}
	if latest != nil {
		return latest.ARRAfter
	}
	if a.ContractStart != 0 && day < a.ContractStart {
		return 0
	}
	if len(outcomes) > 0 {
		return outcomes[0].ARRBefore
	}
	return a.ARR
}

// ARROn returns the account's ARR on day (see the function ARROn).
func (l *Ledger) ARROn(a *gtg.Account, day gtg.Day) float64 {
	return ARROn(a, l.outcomes[a.ID], day)
}

// AsOf returns the account with the fields it had on day, from the account
// history when there is one.
func (l *Ledger) AsOf(a *gtg.Account, day gtg.Day) *gtg.Account {
	if l.history == nil {
		return a
	}
	return a.AsOf(l.history[a.ID], day)
}
