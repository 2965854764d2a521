package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// Item limits per bulk request. Metric points are small and come by the
// year, so they get a larger allowance; the 32 MiB body limit applies to all.
const (
	maxItems       = 10_000
	maxMetricItems = 100_000
)

// bulkResult answers a bulk write: how many items arrived and how many
// created or changed a record (re-sending the same items reports 0).
type bulkResult struct {
	Received int `json:"received"`
	Changed  int `json:"changed"`
}

// dataResult wraps a read in the API's envelope.
type dataResult struct {
	Data any `json:"data"`
}

// resolveAccounts maps each item's account external id to its internal id,
// naming the first item whose account does not exist.
func resolveAccounts(ctx context.Context, tx *store.Tx, ext []string) ([]int64, error) {
	ids, err := tx.AccountIDs(ctx, uniq(ext))
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(ext))
	for i, e := range ext {
		id, ok := ids[e]
		if !ok {
			return nil, gtg.Errorf(gtg.EINVALID, "%s.account_id: unknown account %q; create it first with PUT /api/v1/accounts/{id}", itemPath(i), e)
		}
		out[i] = id
	}
	return out, nil
}

// auditBulk records who pushed a batch of records whose store writes carry
// no actor (events, metrics, outcomes), so the audit log still says who
// changed what through the API.
func auditBulk(ctx context.Context, tx *store.Tx, r *http.Request, entity string, res bulkResult) error {
	if res.Changed == 0 {
		return nil
	}
	after, _ := json.Marshal(res)
	return tx.Audit(ctx, gtg.AuditEntry{Actor: actor(r), Action: "import", Entity: entity,
		EntityID: r.Method + " " + r.URL.Path, After: string(after)})
}

// uniq returns the distinct strings of list in first-seen order.
func uniq(list []string) []string {
	seen := make(map[string]bool, len(list))
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
