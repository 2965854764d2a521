package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/alerts"
	"github.com/gtg-dev/gtg/scorecard"
)

// ruleHints returns the rules in force by "set/rule", for the next steps
// some alerts suggest: a playbook, a successor to name.
func (s *server) ruleHints(ctx context.Context) (map[string]*scorecard.Rule, error) {
	sets, err := alerts.RuleSets(ctx, s.store)
	if err != nil {
		return nil, fmt.Errorf("rule hints: %w", err)
	}
	out := map[string]*scorecard.Rule{}
	for _, rs := range sets {
		for _, r := range rs.Rules {
			if r.Playbook != "" || r.Successor != "" {
				out[rs.Name+"/"+r.Key] = r
			}
		}
	}
	return out, nil
}

// withHints adds each unresolved alert's suggested playbook and successor
// prompt to its view; list holds the alerts of the views, by id. filled,
// when not nil, says whether an account's role has an active contact again,
// which drops the successor prompt.
func (s *server) withHints(ctx context.Context, views []alertView, list []*gtg.Alert, filled func(accountID int64, role string) bool) error {
	hints, err := s.ruleHints(ctx)
	if err != nil || len(hints) == 0 {
		return err
	}
	byID := make(map[int64]*gtg.Alert, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	var names map[string]string
	for i := range views {
		a := byID[views[i].ID]
		if a == nil {
			continue
		}
		r := hints[a.RuleSet+"/"+a.Rule]
		if r == nil || !a.Unresolved() {
			continue
		}
		u := accountURL(a.AccountExt)
		if r.Successor != "" && (filled == nil || !filled(a.AccountID, r.Successor)) {
			views[i].SuccessorURL = u + "/stakeholders#successor-" + r.Successor
			views[i].Successor = roleLabelLower(r.Successor)
		}
		if r.Playbook != "" {
			if names == nil {
				if names, err = s.playbookNames(ctx); err != nil {
					return err
				}
			}
			if n, ok := names[r.Playbook]; ok {
				views[i].PlaybookURL = u + "/plans/new?playbook=" + url.QueryEscape(r.Playbook)
				views[i].PlaybookName = n
			}
		}
	}
	return nil
}

// roleLabelLower is a role for the middle of a sentence: "champion".
func roleLabelLower(role string) string {
	l := roleLabel(role)
	if l == "" {
		return l
	}
	return string(l[0]|0x20) + l[1:]
}
