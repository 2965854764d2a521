// Package api serves gtg's JSON API under /api/v1/: accounts, contacts,
// metrics, events and outcomes with bulk endpoints and idempotency keys, a
// Segment-spec compatible endpoint, and its OpenAPI description.
package api

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
)

// fallbackPattern catches every other path under the API, so clients get JSON
// 404 and 405 answers instead of the mux's plain text.
const fallbackPattern = "/api/v1/"

// NewHandler returns the JSON API. Mount it at /api/v1/; its routes match the full path.
func NewHandler(st *store.Store, logger *slog.Logger, opts ...Option) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	h := &handler{st: st, log: logger, mux: http.NewServeMux(), gate: newWriteGate(gateWriters, gateWaiting, gateMaxWait)}
	for _, o := range opts {
		o(h)
	}
	for _, rt := range h.routes() {
		h.mux.Handle(rt.method+" "+rt.path, h.adapt(rt))
	}
	h.mux.HandleFunc(fallbackPattern, h.notFound)
	return h
}

// routes lists every endpoint of the API. openapi.json describes each one;
// TestOpenAPICoversRoutes keeps the two in step.
func (h *handler) routes() []route {
	return []route{
		{"GET", "/api/v1/openapi.json", h.openAPI, authNone},

		{"GET", "/api/v1/accounts", h.listAccounts, authBearer},
		{"POST", "/api/v1/accounts/bulk", h.bulkAccounts, authBearer},
		{"GET", "/api/v1/accounts/{id}", h.getAccount, authBearer},
		{"PUT", "/api/v1/accounts/{id}", h.putAccount, authBearer},

		{"GET", "/api/v1/accounts/{id}/contacts", h.listContacts, authBearer},
		{"POST", "/api/v1/contacts/bulk", h.bulkContacts, authBearer},

		{"GET", "/api/v1/metrics", h.listMetricKeys, authBearer},
		{"GET", "/api/v1/accounts/{id}/metrics", h.accountSeries, authBearer},
		{"POST", "/api/v1/metrics/bulk", h.bulkMetrics, authBearer},

		{"GET", "/api/v1/accounts/{id}/events", h.listEvents, authBearer},
		{"POST", "/api/v1/events/bulk", h.bulkEvents, authBearer},

		{"GET", "/api/v1/accounts/{id}/stakeholders", h.getStakeholders, authBearer},
		{"POST", "/api/v1/accounts/{id}/touches", h.postTouch, authBearer},
		{"PUT", "/api/v1/accounts/{id}/contacts/{email}/opt-out", h.putOptOut, authBearer},
		{"GET", "/api/v1/coverage", h.getCoverage, authBearer},
		{"GET", "/api/v1/cadence/gaps", h.getCadenceGaps, authBearer},

		{"GET", "/api/v1/outcomes", h.listOutcomes, authBearer},
		{"POST", "/api/v1/outcomes/bulk", h.bulkOutcomes, authBearer},

		{"GET", "/api/v1/retention", h.getRetention, authBearer},
		{"GET", "/api/v1/retention/monthly", h.getRetentionMonthly, authBearer},
		{"GET", "/api/v1/renewals", h.listRenewals, authBearer},
		{"GET", "/api/v1/renewals/backtest", h.getRenewalBacktest, authBearer},
		{"GET", "/api/v1/offers", h.listOffers, authBearer},
		{"POST", "/api/v1/offers", h.proposeOffer, authBearer},
		{"GET", "/api/v1/offers/report", h.offersReport, authBearer},
		{"GET", "/api/v1/offers/{id}", h.getOffer, authBearer},
		{"POST", "/api/v1/offers/{id}/approve", h.decideOffer("approved"), authBearer},
		{"POST", "/api/v1/offers/{id}/reject", h.decideOffer("rejected"), authBearer},
		{"POST", "/api/v1/offers/{id}/accept", h.decideOffer("accepted"), authBearer},
		{"POST", "/api/v1/offers/{id}/decline", h.decideOffer("declined"), authBearer},
		{"GET", "/api/v1/followups", h.listFollowUps, authBearer},
		{"POST", "/api/v1/followups/{id}", h.completeFollowUp, authBearer},
		{"GET", "/api/v1/accounts/{id}/health", h.accountHealth, authBearer},
		{"GET", "/api/v1/accounts/{id}/health/history", h.accountHealthHistory, authBearer},

		{"GET", "/api/v1/alerts", h.listAlerts, authBearer},
		{"GET", "/api/v1/alerts/{id}", h.getAlert, authBearer},
		{"POST", "/api/v1/alerts/{id}/ack", h.changeAlert(gtg.AlertAcknowledged), authBearer},
		{"POST", "/api/v1/alerts/{id}/snooze", h.changeAlert(gtg.AlertSnoozed), authBearer},
		{"POST", "/api/v1/alerts/{id}/resolve", h.changeAlert(gtg.AlertResolved), authBearer},

		{"GET", "/api/v1/risk", h.riskBoard, authBearer},
		{"GET", "/api/v1/accounts/{id}/risk", h.accountRisk, authBearer},
		{"GET", "/api/v1/plans", h.listPlans, authBearer},
		{"GET", "/api/v1/plans/{id}", h.getPlan, authBearer},
		{"GET", "/api/v1/plans/{id}/tasks", h.planTasks, authBearer},
		{"GET", "/api/v1/playbooks", h.listPlaybooks, authBearer},
		{"GET", "/api/v1/playbooks/{key}", h.getPlaybook, authBearer},
		{"GET", "/api/v1/queue", h.queue, authBearer},
		{"GET", "/api/v1/standup", h.standup, authBearer},

		{"POST", "/api/v1/segment", h.segmentAny, authSegment},
		{"POST", "/api/v1/segment/identify", h.segmentOne("identify"), authSegment},
		{"POST", "/api/v1/segment/group", h.segmentOne("group"), authSegment},
		{"POST", "/api/v1/segment/track", h.segmentOne("track"), authSegment},
		{"POST", "/api/v1/segment/batch", h.segmentBatch, authSegment},
	}
}

// Option configures the API handler.
type Option func(*handler)

// WithOfferProposed has fn told of every offer proposed through the API,
// to email its approvers; nil: no emails.
func WithOfferProposed(fn func(ctx context.Context, o *gtg.Offer) error) Option {
	return func(h *handler) { h.offerProposed = fn }
}
