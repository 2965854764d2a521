package update_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
	"github.com/gtg-dev/gtg/update"
	"github.com/gtg-dev/gtg/update/updatetest"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./update/ -update to write it)", err)
	}
	if !bytes.Equal(want, got) {
		if strings.HasSuffix(name, ".png") {
			t.Errorf("%s differs from the golden file (%d bytes, want %d); look at it and run -update if it is right", name, len(got), len(want))
			return
		}
		t.Errorf("%s differs from the golden file (-want +got):\n%s", name, cmp.Diff(string(want), string(got)))
	}
}

// TestWeeklyEmailGolden generates the weekly update of the fixed portfolio
// on each database and compares its text, HTML and chart with the golden
// files: both databases must write the same email.
func TestWeeklyEmailGolden(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		updatetest.Seed(t, s)
		d, err := update.Compose(ctx, s, updatetest.Account, updatetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "weekly_update.txt", []byte(d.Text))
		golden(t, "weekly_update.html", []byte(d.HTML))
		golden(t, "weekly_update_chart.png", d.Chart)

		// The four sections, in order, in both parts.
		for _, part := range []string{d.Text, d.HTML} {
			last := -1
			for _, h := range update.Headings {
				i := strings.Index(part, h)
				if i < 0 || i < last {
					t.Errorf("heading %q missing or out of order", h)
				}
				last = i
			}
		}
		if !strings.Contains(d.HTML, `src="cid:`+update.ChartCID+`"`) {
			t.Error("the HTML part does not show the inline chart")
		}
		if diff := cmp.Diff(updatetest.Recipients, d.Included()); diff != "" {
			t.Errorf("default recipients (-want +got):\n%s", diff)
		}
		for _, r := range d.Recipients {
			switch r.Email {
			case updatetest.OptedOut:
				if r.Include || !strings.HasPrefix(r.Blocked, "opted out") {
					t.Errorf("opted-out contact: %+v", r)
				}
			case updatetest.Left:
				t.Errorf("a contact who left is listed: %+v", r)
			}
		}
		// High risk: resources propose a new outcome; the internal
		// sentiment reason stays out of the customer's email.
		if d.Mode != gtg.ModePropose || len(d.Resources) == 0 {
			t.Errorf("mode %q, %d resources", d.Mode, len(d.Resources))
		}
		if strings.Contains(d.Text, "sentiment") {
			t.Error("the email shows the CSM's sentiment")
		}
	})
}
