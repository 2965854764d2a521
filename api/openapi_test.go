package api

import (
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/health"
	"github.com/gtg-dev/gtg/offers"
	"github.com/gtg-dev/gtg/save"
	"github.com/gtg-dev/gtg/stakeholders"
)

type openAPIDocument struct {
	OpenAPI string                                `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
	Comps   struct {
		Schemas map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

func loadOpenAPI(t *testing.T) openAPIDocument {
	t.Helper()
	var doc openAPIDocument
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	return doc
}

// TestOpenAPICoversRoutes checks that every route in routes.go is described,
// and that the document describes no route that does not exist.
func TestOpenAPICoversRoutes(t *testing.T) {
	doc := loadOpenAPI(t)
	var routes, described []string
	for _, rt := range (&handler{}).routes() {
		routes = append(routes, rt.method+" "+rt.path)
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			described = append(described, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(routes)
	sort.Strings(described)
	if diff := cmp.Diff(routes, described); diff != "" {
		t.Errorf("routes.go (-) vs openapi.json (+):\n%s", diff)
	}
}

// TestOpenAPISchemasMatchTypes checks that each schema has exactly the JSON
// field names of the Go type it describes.
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	doc := loadOpenAPI(t)
	for schema, v := range map[string]any{
		"Account":          gtg.Account{},
		"Contact":          gtg.Contact{},
		"Event":            gtg.Event{},
		"Outcome":          gtg.Outcome{},
		"Series":           seriesOut{},
		"MetricPointInput": metricIn{},
		"AccountList":      listResult{},
		"BulkResult":       bulkResult{},
		"SegmentResult":    segmentResult{},
		"SegmentBatch":     segmentBatchBody{},
		"SegmentMessage":   segmentMessage{},
		"Error":            errorBody{},
		"Offer":            gtg.Offer{},
		"OfferTerms":       gtg.OfferTerms{},
		"SkippedRung":      gtg.SkippedRung{},
		"OfferProposal":    offerIn{},
		"OptOutChange":     optOutIn{},
		"OptOutState":      optOutOut{},
		"FollowUp":         gtg.FollowUp{},
		"OfferResults":     offers.Results{},
		"OfferResultRow":   offers.ResultRow{},
		"Touch":            gtg.Touch{},
		"Stakeholder":      gtg.Stakeholder{},
		"RoleCoverage":     gtg.RoleCoverage{},
		"Coverage":         gtg.Coverage{},
		"CadenceGap":       gtg.CadenceGap{},
		"OwnerCoverage":    gtg.OwnerCoverage{},
		"StakeholderMap":   stakeholders.Map{},
		"Portfolio":        stakeholders.Portfolio{},
		"CadenceGapReport": cadenceGaps{},

		"AccountWithHealth":  accountOut{},
		"CurrentHealth":      currentHealthOut{},
		"HealthSnapshot":     healthOut{},
		"HealthMeasure":      measureOut{},
		"HealthChange":       changeOut{},
		"HealthHistory":      historyResult{},
		"Trend":              health.Trend{},
		"Alert":              gtg.Alert{},
		"AlertChange":        alertChangeIn{},
		"RiskRow":            save.RiskRow{},
		"RiskView":           save.RiskView{},
		"RiskProfile":        gtg.RiskProfile{},
		"Plan":               gtg.Plan{},
		"PlanDetail":         planOut{},
		"PlanProgress":       gtg.PlanProgress{},
		"Task":               gtg.Task{},
		"Objective":          gtg.Objective{},
		"PlaybookWithRecord": playbookOut{},
		"PlaybookStats":      gtg.PlaybookStats{},
		"Queue":              queueOut{},
		"QueueItem":          save.QueueItem{},
		"Standup":            gtg.Standup{},
	} {
		s, ok := doc.Comps.Schemas[schema]
		if !ok {
			t.Errorf("no schema %s", schema)
			continue
		}
		var got []string
		for k := range s.Properties {
			got = append(got, k)
		}
		want := fieldNames(v)
		sort.Strings(got)
		sort.Strings(want)
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("schema %s vs %T fields (-schema +type):\n%s", schema, v, diff)
		}
	}
	// The Series schema stands for gtg.Series too.
	if got, want := fieldNames(seriesOut{}), fieldNames(gtg.Series{}); !slices.Equal(got, want) {
		t.Errorf("seriesOut fields %v, gtg.Series fields %v", got, want)
	}
}

func TestOpenAPIServed(t *testing.T) {
	h := NewHandler(nil, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rec.Code != 200 || !reflect.DeepEqual(rec.Body.Bytes(), openAPIDoc) || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Errorf("got %d %s", rec.Code, rec.Header())
	}
}
