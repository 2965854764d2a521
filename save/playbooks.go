package save

import (
	"context"
	"encoding/json"
	"sort"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// Playbooks returns every playbook by key, seeding the library on first use.
func Playbooks(ctx context.Context, st *store.Store) ([]*gtg.Playbook, error) {
	if err := ensureSeeded(ctx, st, seedPlaybooks); err != nil {
		return nil, err
	}
	return st.Playbooks(ctx)
}

// Playbook returns one playbook; ENOTFOUND names the command that lists them.
func Playbook(ctx context.Context, st *store.Store, key string) (*gtg.Playbook, error) {
	if err := ensureSeeded(ctx, st, seedPlaybooks); err != nil {
		return nil, err
	}
	p, err := st.Playbook(ctx, key)
	if gtg.ErrorCode(err) == gtg.ENOTFOUND {
		return nil, gtg.Errorf(gtg.ENOTFOUND, "playbook: no playbook %q (see gtg playbooks list)", key)
	}
	return p, err
}

// PutPlaybook adds or replaces playbooks (a manager's job). Each must be
// valid, name only reasons of the taxonomy, and have exit criteria that
// compile against the stored metrics; nothing is written unless all are.
func PutPlaybook(ctx context.Context, st *store.Store, u *gtg.User, ps ...*gtg.Playbook) error {
	if err := gtg.Require(u, gtg.UserManager, "edit playbooks"); err != nil {
		return err
	}
	if err := ensureSeeded(ctx, st, seedPlaybooks); err != nil {
		return err
	}
	idx, err := reasonIndex(ctx, st)
	if err != nil {
		return err
	}
	keys, err := st.MetricKeys(ctx)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := p.Validate(); err != nil {
			return gtg.Errorf(gtg.EINVALID, "playbook %s: %s", p.Key, gtg.ErrorMessage(err))
		}
		for i, r := range p.Reasons {
			if idx[r] == nil {
				return gtg.Errorf(gtg.EINVALID, "playbook %s: reasons[%d]: %q is not in the risk taxonomy", p.Key, i, r)
			}
		}
		for i, o := range p.Objectives {
			if _, err := CompileCriterion(o.Criterion, keys); err != nil {
				return gtg.Errorf(gtg.EINVALID, "playbook %s: objectives[%d].%s", p.Key, i, gtg.ErrorMessage(err))
			}
		}
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		for _, p := range ps {
			if err := tx.PutPlaybook(ctx, u.Email, p); err != nil {
				return err
			}
			after, _ := json.Marshal(p)
			if err := tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "update", Entity: "playbook", EntityID: p.Key, After: string(after)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeletePlaybook removes a playbook (a manager's job); plans made from it keep its key and record.
func DeletePlaybook(ctx context.Context, st *store.Store, u *gtg.User, key string) error {
	if err := gtg.Require(u, gtg.UserManager, "delete a playbook"); err != nil {
		return err
	}
	if err := ensureSeeded(ctx, st, seedPlaybooks); err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeletePlaybook(ctx, key); err != nil {
			return err
		}
		return tx.Audit(ctx, gtg.AuditEntry{Actor: u.Email, Action: "delete", Entity: "playbook", EntityID: key})
	})
}

// PlaybookRecords returns each playbook's record, keyed by playbook key,
// from every plan ever started from it (also for playbooks since deleted):
// plans started and open, how many reached green (were seen green while
// open, or closed back to green), that share of those started, the median
// days from start to green, and closed plans by outcome.
func PlaybookRecords(ctx context.Context, st *store.Store) (map[string]*gtg.PlaybookStats, error) {
	plans, err := st.Plans(ctx, gtg.PlanFilter{})
	if err != nil {
		return nil, err
	}
	out := map[string]*gtg.PlaybookStats{}
	days := map[string][]float64{}
	for _, p := range plans {
		if p.Playbook == "" {
			continue
		}
		s := out[p.Playbook]
		if s == nil {
			s = &gtg.PlaybookStats{Outcomes: map[string]int{}}
			out[p.Playbook] = s
		}
		s.Started++
		if p.Status == gtg.PlanOpen {
			s.Open++
		} else {
			s.Outcomes[p.Outcome]++
		}
		if p.GreenOn != 0 {
			s.ReachedGreen++
			days[p.Playbook] = append(days[p.Playbook], float64(p.GreenOn-p.StartedOn))
		}
	}
	for k, s := range out {
		s.GreenShare = float64(s.ReachedGreen) / float64(s.Started)
		if ds := days[k]; len(ds) > 0 {
			m := median(ds)
			s.MedianDaysToGreen = &m
		}
	}
	return out, nil
}

// median returns the middle value (the mean of the two middle ones for an even count).
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
