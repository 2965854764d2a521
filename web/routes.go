package web

import (
	"net/http"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/api"
)

// routes lists every route of the web app.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()

	// Open to anyone, before setup too.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /assets/{file...}", s.assets)
	// The JSON API authenticates by bearer token itself, so it takes none of
	// the page middleware below; its own routes.go lists its routes.
	mux.Handle("/api/v1/", api.NewHandler(s.store, s.logger, api.WithOfferProposed(s.offerProposed)))

	// Before sign-in.
	mux.Handle("GET /setup", s.public(s.setupForm))
	mux.Handle("POST /setup", s.public(s.setupCreate))
	mux.Handle("GET /login", s.public(s.loginForm))
	mux.Handle("POST /login", s.public(s.loginCreate))

	// Signed in, any role. Changes to customer data will also take
	// s.requireRole(gtg.UserCSM), so that viewers read but never write.
	mux.Handle("POST /logout", s.signedIn(s.logout))
	mux.Handle("GET /{$}", s.signedIn(s.home))
	mux.Handle("GET /dashboard", s.signedIn(s.dashboard))
	mux.Handle("GET /today", s.signedIn(s.today))
	mux.Handle("GET /accounts", s.signedIn(s.accountsList))
	mux.Handle("GET /accounts/{id}", s.signedIn(s.accountShow))
	mux.Handle("POST /views", s.signedIn(s.accountViewSave))
	mux.Handle("POST /views/{id}/delete", s.signedIn(s.accountViewDelete))
	mux.Handle("POST /accounts/reassign", s.signedIn(s.accountsReassign, s.requireRole(gtg.UserManager)))
	mux.Handle("GET /alerts", s.signedIn(s.alertsInbox))
	mux.Handle("GET /backtest", s.signedIn(s.backtestShow))
	mux.Handle("POST /backtest", s.signedIn(s.backtestRun, s.requireRole(gtg.UserManager)))
	mux.Handle("POST /alerts/bulk", s.signedIn(s.alertsBulk, s.requireRole(gtg.UserCSM)))
	mux.Handle("POST /alerts/{id}", s.signedIn(s.alertChange, s.requireRole(gtg.UserCSM)))
	mux.Handle("GET /renewals", s.signedIn(s.renewalsList))
	mux.Handle("GET /renewals.csv", s.signedIn(s.renewalsCSV))
	mux.Handle("GET /renewals/backtest", s.signedIn(s.renewalBacktest))
	mux.Handle("GET /renewals/backtest.csv", s.signedIn(s.renewalBacktestCSV))
	mux.Handle("GET /retention.csv", s.signedIn(s.retentionCSV))
	mux.Handle("GET /retention", s.signedIn(s.retentionShow))
	mux.Handle("GET /retention/groups.csv", s.signedIn(s.retentionGroupsCSV))

	// The save workflow: risk, triage, plans, playbooks, the standup.
	csm, manager := s.requireRole(gtg.UserCSM), s.requireRole(gtg.UserManager)
	mux.Handle("GET /accounts/{id}/risk", s.signedIn(s.riskShow))
	mux.Handle("POST /accounts/{id}/risk", s.signedIn(s.riskSet, csm))
	mux.Handle("GET /accounts/{id}/churn", s.signedIn(s.churnShow))
	mux.Handle("POST /accounts/{id}/churn", s.signedIn(s.churnSet, manager))
	mux.Handle("POST /accounts/{id}/churn/undo", s.signedIn(s.churnUndo, manager))
	mux.Handle("GET /accounts/{id}/plans/new", s.signedIn(s.planNew))
	mux.Handle("POST /accounts/{id}/plans", s.signedIn(s.planCreate, csm))
	mux.Handle("GET /accounts/{id}/rediscovery", s.signedIn(s.rediscoveryShow))
	mux.Handle("POST /accounts/{id}/rediscovery", s.signedIn(s.rediscoveryCreate, csm))
	mux.Handle("GET /accounts/{id}/handoffs", s.signedIn(s.handoffShow))
	mux.Handle("POST /accounts/{id}/handoffs", s.signedIn(s.handoffCreate, csm))
	// Stakeholders: notes and touches, contact edits, the map and coverage.
	mux.Handle("POST /accounts/{id}/touches", s.signedIn(s.touchCreate, csm))
	mux.Handle("POST /accounts/{id}/contacts/{email}", s.signedIn(s.contactEdit, csm))
	mux.Handle("GET /accounts/{id}/stakeholders", s.signedIn(s.stakeholdersShow))
	mux.Handle("POST /accounts/{id}/successor", s.signedIn(s.successorSet, csm))
	mux.Handle("GET /coverage", s.signedIn(s.coverageShow))
	mux.Handle("GET /risk", s.signedIn(s.riskBoard))
	mux.Handle("GET /queue", s.signedIn(s.queue))
	mux.Handle("GET /plans", s.signedIn(s.plansList))
	mux.Handle("GET /plans/{id}", s.signedIn(s.planShow))
	mux.Handle("POST /plans/{id}/tasks", s.signedIn(s.planTaskAdd, csm))
	mux.Handle("POST /plans/{id}/tasks/{task}", s.signedIn(s.planTaskUpdate, csm))
	mux.Handle("POST /plans/{id}/objectives", s.signedIn(s.planObjectives, csm))
	mux.Handle("POST /plans/{id}/edit", s.signedIn(s.planEdit, csm))
	mux.Handle("POST /plans/{id}/adjust", s.signedIn(s.planAdjust, csm))
	mux.Handle("POST /plans/{id}/close", s.signedIn(s.planClose, csm))
	mux.Handle("POST /plans/{id}/shares", s.signedIn(s.planShareCreate, csm))
	mux.Handle("POST /plans/{id}/shares/{share}/revoke", s.signedIn(s.planShareRevoke, csm))
	mux.Handle("GET /playbooks", s.signedIn(s.playbooksList))
	mux.Handle("GET /playbooks/{key}", s.signedIn(s.playbookShow))
	mux.Handle("GET /standup", s.signedIn(s.standup))
	mux.Handle("POST /standup/review", s.signedIn(s.standupReview, manager))
	// The save ladder: offers, approvals, follow-ups and results.
	mux.Handle("GET /offers", s.signedIn(s.offersList))
	mux.Handle("GET /accounts/{id}/offers", s.signedIn(s.accountOffers))
	mux.Handle("POST /accounts/{id}/offers", s.signedIn(s.offerPropose, csm))
	mux.Handle("POST /offers/{id}/decide", s.signedIn(s.offerDecide, csm))
	mux.Handle("POST /followups/{id}", s.signedIn(s.followUpDone, csm))
	// The weekly update email and the resources library.
	mux.Handle("GET /accounts/{id}/update", s.signedIn(s.updateShow))
	mux.Handle("GET /accounts/{id}/update/email.html", s.signedIn(s.updateEmail))
	mux.Handle("GET /accounts/{id}/update/chart.png", s.signedIn(s.updateChart))
	mux.Handle("POST /accounts/{id}/update", s.signedIn(s.updateSend, csm))
	mux.Handle("POST /accounts/{id}/optout", s.signedIn(s.contactOptOut, csm))
	mux.Handle("GET /resources", s.signedIn(s.resourcesList))
	mux.Handle("POST /resources", s.signedIn(s.resourceAdd, csm))
	mux.Handle("GET /settings/mail", s.signedIn(s.mailSettingsShow, manager))
	mux.Handle("POST /settings/mail", s.signedIn(s.mailSettingsSave, s.requireRole(gtg.UserAdmin)))
	mux.Handle("POST /settings/mail/test", s.signedIn(s.mailSettingsTest, s.requireRole(gtg.UserAdmin)))
	// The customer's read-only view of a plan: the secret link is the key.
	mux.Handle("GET /shared/plans/{secret}", s.public(s.sharedPlan))

	mux.Handle("/", s.public(s.notFound))
	return s.recoverPanics(securityHeaders(mux))
}

// public wraps a page anyone may see once setup is done.
func (s *server) public(h handlerFunc) http.Handler {
	return chain(s.handle(h), s.crossOrigin, s.loadSession, s.firstRun)
}

// signedIn wraps a page for signed-in users, checking CSRF on every POST.
func (s *server) signedIn(h handlerFunc, mw ...func(http.Handler) http.Handler) http.Handler {
	all := append([]func(http.Handler) http.Handler{s.crossOrigin, s.loadSession, s.firstRun, requireUser, s.checkCSRF}, mw...)
	return chain(s.handle(h), all...)
}

// chain applies middleware so that the first one listed runs first.
func chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// securityHeaders keeps pages out of frames and scripts to our own files.
// Styles set from script (uPlot) are CSSOM and allowed by style-src 'self'.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}
