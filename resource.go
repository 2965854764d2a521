package gtg

import (
	"net/url"
	"sort"
	"strings"
	"time"
)

// Kinds of resources for value perception.
const (
	ResourceUseCase = "use_case" // an ancillary use case
	ResourceGuide   = "guide"    // a quick tactical guide
	ResourceWebinar = "webinar"
	ResourceReport  = "report"
)

// ResourceKinds lists the kinds with their labels.
var ResourceKinds = map[string]string{
	ResourceUseCase: "Use case",
	ResourceGuide:   "Quick guide",
	ResourceWebinar: "Webinar",
	ResourceReport:  "Report",
}

// The two ways a resource is shared, after the crisis plan: a high-risk
// account gets a new desired outcome proposed proactively; the others get
// the resource with a question to confirm their desired outcome still holds.
const (
	ModePropose  = "propose"
	ModeValidate = "validate"
)

// ModeFor returns how to share resources with an account at a risk level.
func ModeFor(riskLevel string) string {
	if riskLevel == RiskHigh {
		return ModePropose
	}
	return ModeValidate
}

// ModeAsk is what the CSM asks alongside resources shared in a mode.
func ModeAsk(mode string) string {
	if mode == ModePropose {
		return "These open a new outcome we could reach together; shall we make it a goal of our plan?"
	}
	return "Is the outcome you want from us still the same? Tell us if it has changed."
}

// LibraryResource is one item of the library: an ancillary use case, a quick
// tactical guide, a webinar or a report, tagged so gtg can suggest it. An
// empty tag list matches everything.
type LibraryResource struct {
	ID         int64     `json:"id" yaml:"-"`
	Key        string    `json:"key" yaml:"key"`
	Title      string    `json:"title" yaml:"title"`
	URL        string    `json:"url" yaml:"url"`
	Kind       string    `json:"kind" yaml:"kind"`
	Summary    string    `json:"summary" yaml:"summary"`
	Reasons    []string  `json:"reasons" yaml:"reasons"`         // risk reason keys
	Industries []string  `json:"industries" yaml:"industries"`   // values of the account's industry attribute
	Stages     []string  `json:"stages" yaml:"stages"`           // lifecycle stages
	RiskLevels []string  `json:"risk_levels" yaml:"risk_levels"` // high, medium, low
	CreatedBy  string    `json:"created_by" yaml:"-"`
	CreatedAt  time.Time `json:"created_at" yaml:"-"`
}

// Normalize tidies values before validation.
func (r *LibraryResource) Normalize() {
	r.Key = strings.ToLower(strings.TrimSpace(r.Key))
	r.Title = strings.TrimSpace(r.Title)
	r.URL = strings.TrimSpace(r.URL)
	r.Kind = strings.ToLower(strings.TrimSpace(r.Kind))
	r.Summary = strings.TrimSpace(r.Summary)
	for _, l := range []*[]string{&r.Reasons, &r.Industries, &r.Stages, &r.RiskLevels} {
		var out []string
		for _, v := range *l {
			if v = strings.ToLower(strings.TrimSpace(v)); v != "" && !contains(out, v) {
				out = append(out, v)
			}
		}
		*l = out
	}
}

// Validate returns an EINVALID error naming the first field that is wrong.
func (r *LibraryResource) Validate() error {
	u, err := url.Parse(r.URL)
	switch {
	case !ValidKey(r.Key):
		return Errorf(EINVALID, "key: %q must be lowercase letters, digits and _", r.Key)
	case r.Title == "" || len(r.Title) > 200:
		return Errorf(EINVALID, "title: want 1 to 200 bytes")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return Errorf(EINVALID, "url: %q is not an http(s) URL", r.URL)
	case ResourceKinds[r.Kind] == "":
		return Errorf(EINVALID, "kind: %q is not one of use_case, guide, webinar, report", r.Kind)
	case len(r.Summary) > 2000:
		return Errorf(EINVALID, "summary: longer than 2000 bytes")
	}
	for _, l := range r.RiskLevels {
		if RiskRank(l) == 0 {
			return Errorf(EINVALID, "risk_levels: %q is not one of high, medium, low", l)
		}
	}
	for _, k := range r.Reasons {
		if !ValidKey(k) {
			return Errorf(EINVALID, "reasons: %q is not a reason key", k)
		}
	}
	return nil
}

// ResourceContext is what gtg knows of an account when it suggests resources.
type ResourceContext struct {
	Reasons   []string // risk reasons, primary first
	Industry  string
	Stage     string
	RiskLevel string
}

// ResourceSuggestion is a resource suggested for an account, with why.
type ResourceSuggestion struct {
	Resource *LibraryResource `json:"resource"`
	Score    int              `json:"score"`
	Why      []string         `json:"why"`
}

// SuggestResources ranks the resources that fit an account: every tag list
// a resource has must match (an empty list matches anything); a match on
// the primary risk reason counts most, then any reason, the industry, the
// stage and the risk level. At most n are returned, best first.
func SuggestResources(rs []*LibraryResource, c ResourceContext, n int) []ResourceSuggestion {
	var out []ResourceSuggestion
	for _, r := range rs {
		s := ResourceSuggestion{Resource: r}
		ok := true
		if len(r.Reasons) > 0 {
			hit := false
			for i, k := range c.Reasons {
				if contains(r.Reasons, k) {
					hit = true
					if i == 0 {
						s.Score += 8
						s.Why = append(s.Why, "primary reason "+k)
					} else {
						s.Score += 4
						s.Why = append(s.Why, "reason "+k)
					}
				}
			}
			ok = ok && hit
		}
		match := func(tags []string, v, label string, points int) {
			if len(tags) == 0 {
				return
			}
			if contains(tags, strings.ToLower(v)) {
				s.Score += points
				s.Why = append(s.Why, label+" "+strings.ToLower(v))
			} else {
				ok = false
			}
		}
		match(r.Industries, c.Industry, "industry", 2)
		match(r.Stages, c.Stage, "stage", 2)
		match(r.RiskLevels, c.RiskLevel, "risk", 1)
		if ok {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Resource.Key < out[j].Resource.Key
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// ResourceSend is a resource sent to an account, with its health then and,
// when read back, what followed.
type ResourceSend struct {
	ID          int64    `json:"id"`
	ResourceID  int64    `json:"resource_id"`
	ResourceKey string   `json:"resource"`
	AccountID   int64    `json:"-"`
	AccountExt  string   `json:"account_id"`
	SendID      int64    `json:"send_id,omitempty"`
	SentOn      Day      `json:"sent_on"`
	Mode        string   `json:"mode"`
	Score       *float64 `json:"score"` // health when sent (nil: not scored)
	Color       string   `json:"color"`
	// What followed: the health 30 days later (or the latest, when sooner)
	// and the outcome of the plan or contract that followed, if any.
	LaterScore *float64 `json:"later_score,omitempty"`
	LaterOn    Day      `json:"later_on,omitempty"`
	Outcome    string   `json:"outcome,omitempty"`
}

// ResourceRecord sums up what followed a resource's sends.
type ResourceRecord struct {
	Sends      int      `json:"sends"`
	Measured   int      `json:"measured"`    // sends with a health score then and later
	MeanChange *float64 `json:"mean_change"` // mean change of health after sending, in points
	Improved   int      `json:"improved"`    // measured sends whose account's health rose
	Outcomes   map[string]int
}
