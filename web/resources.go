package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/update"
)

// resourcesPage is the library of resources for value perception, with
// what followed each one's sends, so the team learns which ones help.
type resourcesPage struct {
	basePage
	CanEdit  bool
	Kinds    []keyName
	Kind     string // the kind filter ("" for all)
	Reason   string // the reason filter
	Reasons  []reasonGroup
	Rows     []resourceRow
	Total    int
	Err      string
	Form     url.Values
	Levels   []string
	Stages   []string
	Sent     int
	Measured int
}

type resourceRow struct {
	R          *gtg.LibraryResource
	Kind       string
	Reasons    []reasonTag
	Tags       string // industries, stages and risk levels
	Sends      int
	Change     string // mean health change after sending, "—" when none measured
	ChangeTone string
	BarX, BarW float64 // a diverging bar around 50 for the mean change, ±20 points full scale
	Improved   string
	Outcomes   string
}

func (s *server) resourcesList(w http.ResponseWriter, r *http.Request) error {
	return s.renderResources(w, r, http.StatusOK, nil, "")
}

func (s *server) renderResources(w http.ResponseWriter, r *http.Request, status int, form url.Values, errMsg string) error {
	ctx := r.Context()
	rs, err := save.Resources(ctx, s.store)
	if err != nil {
		return err
	}
	recs, err := update.ResourceRecords(ctx, s.store)
	if err != nil {
		return err
	}
	tax, err := s.taxonomy(ctx)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := resourcesPage{basePage: s.base(r, "Resources", "resources"), Kind: q.Get("kind"), Reason: q.Get("reason"),
		Err: errMsg, Form: form, Levels: gtg.RiskLevels, Total: len(rs),
		Stages: []string{gtg.StageOnboarding, gtg.StageAdoption, gtg.StageMature, gtg.StageRenewal}}
	p.CanEdit = canWrite(p.User)
	for _, k := range []string{gtg.ResourceUseCase, gtg.ResourceGuide, gtg.ResourceWebinar, gtg.ResourceReport} {
		p.Kinds = append(p.Kinds, keyName{Key: k, Name: gtg.ResourceKinds[k]})
	}
	p.Reasons = tax.choices(nil)
	for _, res := range rs {
		if (p.Kind != "" && res.Kind != p.Kind) || (p.Reason != "" && len(res.Reasons) > 0 && !containsStr(res.Reasons, p.Reason)) {
			continue
		}
		rec := recs[res.ID]
		row := resourceRow{R: res, Kind: gtg.ResourceKinds[res.Kind], Reasons: tax.tags(res.Reasons), Sends: rec.Sends,
			Change: "—", BarX: 50}
		for i := range row.Reasons {
			row.Reasons[i].Primary = false // a resource's reasons are all equal
		}
		var tags []string
		for _, l := range [][]string{res.Industries, res.Stages} {
			tags = append(tags, l...)
		}
		for _, l := range res.RiskLevels {
			tags = append(tags, l+" risk")
		}
		row.Tags = strings.Join(tags, " · ")
		if rec.MeanChange != nil {
			m := *rec.MeanChange
			row.Change = fmt.Sprintf("%+.1f", m)
			row.ChangeTone = "good"
			if m < 0 {
				row.ChangeTone = "bad"
			}
			w := math.Min(50, math.Abs(m)/20*50)
			row.BarW = w
			if m < 0 {
				row.BarX = 50 - w
			}
			row.Improved = fmt.Sprintf("%d of %d improved", rec.Improved, rec.Measured)
		}
		var outs []string
		for k, n := range rec.Outcomes {
			outs = append(outs, fmt.Sprintf("%s %d", strings.ReplaceAll(k, "_", " "), n))
		}
		sort.Strings(outs)
		row.Outcomes = strings.Join(outs, ", ")
		p.Sent += rec.Sends
		p.Measured += rec.Measured
		p.Rows = append(p.Rows, row)
	}
	return s.page(w, status, "resources", p)
}

// resourceAdd adds a resource to the library from the page's form.
func (s *server) resourceAdd(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r)
	split := func(v string) []string {
		var out []string
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	res := &gtg.LibraryResource{Key: f.Get("key"), Title: f.Get("title"), URL: f.Get("url"), Kind: f.Get("kind"),
		Summary: f.Get("summary"), Reasons: f["reason"], Industries: split(f.Get("industries")), Stages: f["stage"],
		RiskLevels: f["risk_level"]}
	if err := save.PutResources(r.Context(), s.store, currentUser(r), []*gtg.LibraryResource{res}); err != nil {
		if status, msg, ok := personError(err); ok {
			return s.renderResources(w, r, status, f, msg)
		}
		return err
	}
	return seeOther(w, r, "/resources")
}
