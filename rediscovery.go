package gtg

import (
	"strings"
	"time"
)

// Questionnaire is an editable template of re-discovery questions: what to
// ask a customer to learn what has changed.
type Questionnaire struct {
	Key       string     `json:"key" yaml:"key"`
	Name      string     `json:"name" yaml:"name"`
	Questions []Question `json:"questions" yaml:"questions"`
	UpdatedBy string     `json:"updated_by,omitempty" yaml:"-"`
	UpdatedAt time.Time  `json:"updated_at,omitzero" yaml:"-"`
}

// Question is one question of a questionnaire.
type Question struct {
	Key  string `json:"key" yaml:"key"`
	Text string `json:"text" yaml:"text"`
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (q *Questionnaire) Validate() error {
	q.Key = strings.TrimSpace(q.Key)
	q.Name = strings.TrimSpace(q.Name)
	switch {
	case !ValidKey(q.Key):
		return Errorf(EINVALID, "key: %q must be lowercase letters, digits and _, starting with a letter", q.Key)
	case q.Name == "":
		return Errorf(EINVALID, "name: required")
	case len(q.Questions) == 0:
		return Errorf(EINVALID, "questions: at least one is required")
	}
	seen := map[string]bool{}
	for i, x := range q.Questions {
		switch {
		case !ValidKey(x.Key):
			return Errorf(EINVALID, "questions[%d].key: %q must be lowercase letters, digits and _", i, x.Key)
		case seen[x.Key]:
			return Errorf(EINVALID, "questions[%d].key: %q is used twice", i, x.Key)
		case strings.TrimSpace(x.Text) == "":
			return Errorf(EINVALID, "questions[%d].text: required", i)
		}
		seen[x.Key] = true
	}
	return nil
}

// Rediscovery is the record of one re-discovery call.
type Rediscovery struct {
	ID             int64      `json:"id"`
	AccountID      int64      `json:"-"`
	AccountExt     string     `json:"account_id"`
	Day            Day        `json:"date"`
	Questionnaire  string     `json:"questionnaire"`
	Attendees      []Attendee `json:"attendees"`
	Answers        []Answer   `json:"answers"`
	DesiredOutcome string     `json:"desired_outcome"`
	// RiskProfileID is the risk profile set in the same step (0: none).
	RiskProfileID int64     `json:"risk_profile_id,omitempty"`
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
}

// Attendee is a person on a re-discovery call.
type Attendee struct {
	Name          string `json:"name"`
	Email         string `json:"email,omitempty"`
	Title         string `json:"title,omitempty"`
	DecisionMaker bool   `json:"decision_maker"`
}

// Answer is the answer to one question, and whether it reveals a change.
type Answer struct {
	Question string `json:"question"` // the question's key
	Text     string `json:"text"`
	Changed  bool   `json:"changed"`
}

// DecisionMakerPresent reports whether a decision maker attended.
func (r *Rediscovery) DecisionMakerPresent() bool {
	for _, a := range r.Attendees {
		if a.DecisionMaker {
			return true
		}
	}
	return false
}

// Changed lists the keys of the questions whose answers were flagged as changed.
func (r *Rediscovery) Changed() []string {
	var out []string
	for _, a := range r.Answers {
		if a.Changed {
			out = append(out, a.Question)
		}
	}
	return out
}

// Validate checks the record against its questionnaire and returns an
// EINVALID error naming the first field that is wrong.
func (r *Rediscovery) Validate(q *Questionnaire) error {
	switch {
	case r.AccountID == 0 && r.AccountExt == "":
		return Errorf(EINVALID, "account_id: required")
	case r.Day == 0:
		return Errorf(EINVALID, "date: required")
	case len(r.Attendees) == 0:
		return Errorf(EINVALID, "attendees: at least one is required")
	case len(r.DesiredOutcome) > MaxFieldLen:
		return Errorf(EINVALID, "desired_outcome: longer than %d bytes", MaxFieldLen)
	}
	for i, a := range r.Attendees {
		if strings.TrimSpace(a.Name) == "" && strings.TrimSpace(a.Email) == "" {
			return Errorf(EINVALID, "attendees[%d]: a name or an email is required", i)
		}
	}
	known := map[string]bool{}
	for _, x := range q.Questions {
		known[x.Key] = true
	}
	seen := map[string]bool{}
	for i, a := range r.Answers {
		switch {
		case !known[a.Question]:
			return Errorf(EINVALID, "answers[%d].question: %q is not a question of %s", i, a.Question, q.Key)
		case seen[a.Question]:
			return Errorf(EINVALID, "answers[%d].question: %q is answered twice", i, a.Question)
		case len(a.Text) > MaxFieldLen:
			return Errorf(EINVALID, "answers[%d].text: longer than %d bytes", i, MaxFieldLen)
		}
		seen[a.Question] = true
	}
	return nil
}
