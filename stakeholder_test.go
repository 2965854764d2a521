package gtg

import (
	"strings"
	"testing"
	"time"
)

func TestSeniorityOf(t *testing.T) {
	for title, want := range map[string]string{
		"CFO": SeniorityExecutive, "VP Operations": SeniorityExecutive, "Head of Enablement": SeniorityExecutive,
		"Chief Digital Officer": SeniorityExecutive, "SVP Strategy": SeniorityExecutive,
		"Director of IT": SeniorityDirector, "Sr. Director, Analytics": SeniorityDirector,
		"IT Manager": SeniorityManager, "Team Lead": SeniorityManager, "Solutions Architect": SeniorityManager,
		"Analyst": SeniorityStaff, "": SeniorityStaff, "Headcount planner": SeniorityStaff, "Leader-board analyst": SeniorityStaff,
	} {
		if got := SeniorityOf(title); got != want {
			t.Errorf("SeniorityOf(%q) = %s, want %s", title, got, want)
		}
	}
}

func TestSentimentOf(t *testing.T) {
	for _, tc := range []struct {
		e    Event
		want string
	}{
		{Event{Type: EventNote, Attrs: map[string]any{"sentiment": "negative"}}, SentimentNegative},
		{Event{Type: EventNote, Attrs: map[string]any{"sentiment": "meh"}}, ""},
		{Event{Type: EventSurvey, Attrs: map[string]any{"nps": 9.0}}, SentimentPositive},
		{Event{Type: EventSurvey, Attrs: map[string]any{"nps": 7.0}}, SentimentNeutral},
		{Event{Type: EventSurvey, Attrs: map[string]any{"nps": 6.0}}, SentimentNegative},
		{Event{Type: EventSurvey, Attrs: map[string]any{"csat": 3.0}}, SentimentNeutral},
		{Event{Type: EventCall, Attrs: map[string]any{"sentiment": "positive"}}, ""},
	} {
		if got := SentimentOf(&tc.e); got != tc.want {
			t.Errorf("SentimentOf(%+v) = %q, want %q", tc.e, got, tc.want)
		}
	}
}

func TestTouch(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	t.Run("OK", func(t *testing.T) {
		tc := Touch{Type: " Note ", Text: " ok ", Sentiment: "Negative"}
		tc.Normalize(now)
		if err := tc.Validate(now); err != nil {
			t.Fatal(err)
		}
		e := tc.Event("A1", "kim@x.io")
		if e.Type != EventNote || !e.OccurredAt.Equal(now) || e.Attrs["sentiment"] != "negative" || e.Attrs["text"] != "ok" || e.Attrs["author"] != "kim@x.io" {
			t.Errorf("event %+v", e)
		}
	})
	for _, tc := range []struct {
		name string
		t    Touch
		want string
	}{
		{"ErrType", Touch{Type: "survey"}, "type:"},
		{"ErrContact", Touch{Type: "meeting"}, "contact_email: required"},
		{"ErrSentiment", Touch{Type: "note", Text: "x", Sentiment: "sad"}, "sentiment:"},
		{"ErrDirection", Touch{Type: "email", ContactEmail: "a@b.io", Direction: "sideways"}, "direction:"},
		{"ErrFuture", Touch{Type: "call", ContactEmail: "a@b.io", OccurredAt: now.Add(time.Hour)}, "occurred_at:"},
		{"ErrMinutes", Touch{Type: "call", ContactEmail: "a@b.io", Minutes: -1}, "duration_minutes:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.t.Normalize(now)
			err := tc.t.Validate(now)
			if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want EINVALID with %q", err, tc.want)
			}
		})
	}
}
