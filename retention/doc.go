// Package retention computes what became of the revenue: GRR, NRR, logo
// retention, save rate and ARR at risk for any period and group, the
// renewals due and a forecast of the ARR that will renew, and a backtest of
// that forecast against what did renew. Everything follows from the
// outcomes (renewed, expanded, contracted, churned, paused, resumed) and
// the accounts, read through the store, so the CLI, the pages and the API
// share one computation. The definitions are in the README ("Retention
// metrics") and are followed exactly here.
package retention
