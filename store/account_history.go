package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gtg-dev/gtg"
)

// stateJSON is an AccountState as stored: days as ISO text, attributes as
// the accounts table keeps them.
type stateJSON struct {
	ARR         float64         `json:"arr"`
	Seats       int             `json:"seats"`
	Plan        string          `json:"plan,omitempty"`
	Segment     string          `json:"segment,omitempty"`
	Stage       string          `json:"stage,omitempty"`
	RenewalDate string          `json:"renewal_date,omitempty"`
	Owner       string          `json:"owner,omitempty"`
	ICPFit      string          `json:"icp_fit,omitempty"`
	Attrs       json.RawMessage `json:"attrs,omitempty"`
}

// PutAccountStates records what accounts' fields were from a day on,
// replacing a state recorded for the same account and day.
func (tx *Tx) PutAccountStates(ctx context.Context, accountID int64, states []gtg.AccountState) error {
	s := tx.s
	for _, st := range states {
		attrs, err := encodeAttrs(st.Attrs)
		if err != nil {
			return err
		}
		b, err := json.Marshal(stateJSON{ARR: st.ARR, Seats: st.Seats, Plan: st.Plan, Segment: st.Segment, Stage: st.Stage,
			RenewalDate: st.RenewalDate.String(), Owner: st.Owner, ICPFit: st.ICPFit, Attrs: json.RawMessage(attrs)})
		if err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx.tx, `INSERT INTO account_history (account_id, valid_from, state) VALUES (?,?,?)
			ON CONFLICT (account_id, valid_from) DO UPDATE SET state = excluded.state`,
			accountID, dayArg(st.From), string(b)); err != nil {
			return fmt.Errorf("account %d history: %w", accountID, err)
		}
	}
	return nil
}

// AccountHistory returns every account's recorded states, oldest first,
// keyed by account id: one small row per change, read once by a backtest.
func (s *Store) AccountHistory(ctx context.Context) (map[int64][]gtg.AccountState, error) {
	types, err := s.attrTypes(ctx, s.db)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, s.db, `SELECT account_id, valid_from, state FROM account_history ORDER BY account_id, valid_from`)
	if err != nil {
		return nil, fmt.Errorf("account history: %w", err)
	}
	defer rows.Close()
	out := map[int64][]gtg.AccountState{}
	for rows.Next() {
		var id int64
		var from gtg.Day
		var raw string
		if err := rows.Scan(&id, dayDest{&from}, &raw); err != nil {
			return nil, err
		}
		var j stateJSON
		if err := json.Unmarshal([]byte(raw), &j); err != nil {
			return nil, fmt.Errorf("account %d history on %s: %w", id, from, err)
		}
		st := gtg.AccountState{From: from, ARR: j.ARR, Seats: j.Seats, Plan: j.Plan, Segment: j.Segment, Stage: j.Stage,
			Owner: j.Owner, ICPFit: j.ICPFit}
		if j.RenewalDate != "" {
			if st.RenewalDate, err = gtg.ParseDay(j.RenewalDate); err != nil {
				return nil, err
			}
		}
		if len(j.Attrs) > 0 {
			if st.Attrs, err = decodeAttrs(string(j.Attrs), types); err != nil {
				return nil, err
			}
		}
		out[id] = append(out[id], st)
	}
	return out, rows.Err()
}
