package web

import (
	"context"

	"github.com/gtg-dev/gtg/store"
)

// briefsByID reads every account's brief (name, owner, ARR, currency,
// renewal) keyed by id, optionally only one owner's: the light read for
// pages that show many accounts but none of their attributes.
func (s *server) briefsByID(ctx context.Context, owner string) (map[int64]*store.AccountBrief, error) {
	all, err := s.store.AccountBriefs(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*store.AccountBrief, len(all))
	for _, b := range all {
		if owner != "" && b.Owner != owner {
			continue
		}
		b := b
		out[b.ID] = &b
	}
	return out, nil
}
