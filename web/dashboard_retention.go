package web

import (
	"context"
	"fmt"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/retention"
)

// retentionChartStart is the first day of the dashboard's retention chart:
// twelve months, this one included.
func retentionChartStart(today gtg.Day) gtg.Day {
	mo, _ := today.Month()
	return gtg.MonthStart(mo - 11)
}

// retentionCard is the dashboard's month-by-month GRR and NRR, with the
// figures of the whole period.
type retentionCard struct {
	Chart                     string
	GRR, NRR, Logos, SaveRate string
	ARRAtRisk                 string
	Period, CSVURL            string
	Accounts                  int
}

// retentionView computes the dashboard's retention card, or nil when there
// are no accounts with ARR to measure.
func (s *server) retentionView(ctx context.Context) (*retentionCard, error) {
	today := gtg.DayOf(s.now())
	from := retentionChartStart(today)
	l, err := retention.LoadLedger(ctx, s.store)
	if err != nil {
		return nil, err
	}
	plans, err := s.store.Plans(ctx, gtg.PlanFilter{Status: gtg.PlanClosed})
	if err != nil {
		return nil, fmt.Errorf("retention: %w", err)
	}
	months, err := retention.Monthly(l, from, today, retention.Inputs{Plans: plans})
	if err != nil {
		return nil, err
	}
	year, err := retention.Compute(l, from, today, "", retention.Inputs{Plans: plans})
	if err != nil {
		return nil, err
	}
	if year.Accounts == 0 {
		return nil, nil
	}
	c := &retentionCard{GRR: pctOf(year.GRR), NRR: pctOf(year.NRR), Logos: pctOf(year.LogoRetention), SaveRate: pctOf(year.SaveRate),
		Accounts: year.Accounts, Period: formatDate(from) + " – " + formatDate(today),
		CSVURL: "/retention.csv?from=" + from.String() + "&to=" + today.String()}
	ch := rchart{Labels: []string{"GRR", "NRR"}, Kinds: []string{"line", "line"}, Format: "pct", Series: [][]retention.Ratio{{}, {}}}
	for _, m := range months {
		d, _ := gtg.ParseDay(m.Month + "-01")
		ch.X = append(ch.X, d.Time().Unix())
		ch.Series[0] = append(ch.Series[0], m.GRR)
		ch.Series[1] = append(ch.Series[1], m.NRR)
	}
	c.Chart = ch.json()
	return c, nil
}
