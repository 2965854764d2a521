package gtg_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
)

func TestHandoffCompleteness(t *testing.T) {
	h := gtg.Handoff{AccountExt: "A1", Kind: " AE_to_AM ", Day: gtg.MustParseDay("2026-03-01"),
		WhatWasBought: "Growth, 40 seats", BusinessObjectives: "Cut churn", SuccessCriteria: "  ", Stakeholders: "Pat (EB)"}
	if err := h.Validate(); err != nil || h.Kind != gtg.HandoffAEToAM {
		t.Fatalf("%v %q", err, h.Kind)
	}
	// 3 of 8 knowledge fields are filled; blank text does not count.
	if got := h.Completeness(); got != 3.0/8 {
		t.Fatalf("completeness = %v, want 3/8", got)
	}
	want := []string{"technical_objectives", "success_criteria", "timeline", "promises_made", "known_risks"}
	if diff := cmp.Diff(want, h.Missing()); diff != "" {
		t.Fatalf("missing (-want +got):\n%s", diff)
	}
	bad := gtg.Handoff{AccountExt: "A1", Kind: "lunch", Day: 1}
	wantInvalid(t, bad.Validate(), `kind: "lunch" is not one of sale_to_onboarding, ae_to_am, csm_change`)
	bad = gtg.Handoff{AccountExt: "A1", Kind: gtg.HandoffCSMChange}
	wantInvalid(t, bad.Validate(), "date: required")
}

func TestRediscoveryValidate(t *testing.T) {
	q := &gtg.Questionnaire{Key: "crisis", Name: "Crisis", Questions: []gtg.Question{{Key: "goals", Text: "Goals changed?"}, {Key: "value", Text: "Value?"}}}
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
	r := gtg.Rediscovery{AccountExt: "A1", Day: 1, Attendees: []gtg.Attendee{{Name: "Pat", DecisionMaker: true}, {Email: "lee@a1.io"}},
		Answers: []gtg.Answer{{Question: "goals", Text: "Yes: survive", Changed: true}, {Question: "value", Text: "Same"}}}
	if err := r.Validate(q); err != nil {
		t.Fatal(err)
	}
	if !r.DecisionMakerPresent() || len(r.Changed()) != 1 || r.Changed()[0] != "goals" {
		t.Fatalf("decision maker %v, changed %v", r.DecisionMakerPresent(), r.Changed())
	}
	for _, tc := range []struct {
		name string
		edit func(r *gtg.Rediscovery)
		want string
	}{
		{"ErrAttendees", func(r *gtg.Rediscovery) { r.Attendees = nil }, "attendees: at least one"},
		{"ErrAttendeeName", func(r *gtg.Rediscovery) { r.Attendees[1].Email = "" }, "attendees[1]: a name or an email"},
		{"ErrQuestion", func(r *gtg.Rediscovery) { r.Answers[1].Question = "mood" }, `answers[1].question: "mood" is not a question of crisis`},
		{"ErrTwice", func(r *gtg.Rediscovery) { r.Answers[1].Question = "goals" }, `answers[1].question: "goals" is answered twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := r
			c.Attendees = append([]gtg.Attendee(nil), r.Attendees...)
			c.Answers = append([]gtg.Answer(nil), r.Answers...)
			tc.edit(&c)
			wantInvalid(t, c.Validate(q), tc.want)
		})
	}
	dup := gtg.Questionnaire{Key: "q", Name: "Q", Questions: []gtg.Question{{Key: "a", Text: "A"}, {Key: "a", Text: "B"}}}
	wantInvalid(t, dup.Validate(), `questions[1].key: "a" is used twice`)
}
