package main

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// compare reads both results and reports the first disagreements: a score
// off by more than 1e-6, or a different color, or an account only one has.
func compare(ctx context.Context, st *store.Store, asOf gtg.Day, card string) (string, map[string]int, error) {
	got, err := st.HealthOn(ctx, asOf)
	if err != nil {
		return "", nil, err
	}
	type row struct {
		score float64
		color string
	}
	want := map[int64]row{}
	rows, err := st.DB().QueryContext(ctx, `SELECT account_id, score, color FROM `+baselineTable)
	if err != nil {
		return "", nil, err
	}
	for rows.Next() {
		var id int64
		var score sql.NullFloat64
		var r row
		if err := rows.Scan(&id, &score, &r.color); err != nil {
			rows.Close()
			return "", nil, err
		}
		r.score = score.Float64 // gtg stores no score as 0
		want[id] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", nil, err
	}
	colors := map[string]int{}
	var bad []string
	n := 0
	for id, h := range got {
		if h.Scorecard != card {
			continue
		}
		n++
		colors[h.Color]++
		w, ok := want[id]
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("account #%d: gtg scored it, the baseline did not", id))
		case h.Color != w.color || abs(h.Score-w.score) > 1e-6:
			bad = append(bad, fmt.Sprintf("account #%d: gtg %.9g %s, baseline %.9g %s", id, h.Score, h.Color, w.score, w.color))
		}
		delete(want, id)
	}
	for id := range want {
		bad = append(bad, fmt.Sprintf("account #%d: the baseline scored it, gtg did not", id))
	}
	if len(bad) == 0 {
		return "", colors, nil
	}
	msg := fmt.Sprintf("%d of %d accounts differ", len(bad), n)
	for i, s := range bad {
		if i == 10 {
			msg += "\n  …"
			break
		}
		msg += "\n  " + s
	}
	return msg, colors, nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
