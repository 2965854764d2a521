package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/integrate"
	"gonum.org/v1/gonum/stat"
)

func TestROCAUCAndPRAUC(t *testing.T) {
	tests := []struct {
		name   string
		scores []float64
		labels []bool
		auc    float64
		ap     float64
	}{
		// Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs
		// ranked right. AP: at 0.8 precision 1 (recall ½), at 0.35 precision
		// 2/3 (recall 1): ½·1 + ½·⅔ = 5/6.
		{"no ties", []float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.75, 5.0 / 6},
		// Positives 0.9 and 0.5, negatives 0.5, 0.5, 0.1: 0.9 beats all 3;
		// 0.5 ties two (½ each) and beats one: (3+1+1)/6. AP: at 0.9
		// precision 1 (recall ½); at 0.5 the tied three join at once, 2 of 4
		// flagged are positive (recall 1): ½·1 + ½·½ = ¾.
		{"ties across classes", []float64{0.5, 0.5, 0.5, 0.9, 0.1}, []bool{true, false, false, true, false}, 5.0 / 6, 0.75},
		// Everything tied: a coin flip, and AP is the positive rate.
		{"all tied", []float64{2, 2, 2, 2}, []bool{true, false, false, false}, 0.5, 0.25},
		// Perfectly reversed.
		{"reversed", []float64{3, 2, 1}, []bool{false, true, true}, 0, (1.0/2)*(1.0/2) + (1.0/2)*(2.0/3)},
		// Ties inside one class change nothing.
		{"ties within a class", []float64{1, 1, 3, 3}, []bool{false, false, true, true}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ROCAUC(tt.scores, tt.labels); math.Abs(got-tt.auc) > 1e-12 {
				t.Errorf("ROCAUC = %v, want %v", got, tt.auc)
			}
			if got := PRAUC(tt.scores, tt.labels); math.Abs(got-tt.ap) > 1e-12 {
				t.Errorf("PRAUC = %v, want %v", got, tt.ap)
			}
		})
	}
	t.Run("OneClass", func(t *testing.T) {
		if a := ROCAUC([]float64{1, 2}, []bool{true, true}); !math.IsNaN(a) {
			t.Errorf("ROCAUC of one class = %v, want NaN", a)
		}
		if a := PRAUC([]float64{1, 2}, []bool{false, false}); !math.IsNaN(a) {
			t.Errorf("PRAUC of one class = %v, want NaN", a)
		}
	})
}

// TestROCAUCMatchesGonum checks the rank formula against the trapezoid area
// under gonum's ROC curve, on scores with many ties.
func TestROCAUCMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		n := 50 + rng.IntN(200)
		scores, labels, classes := make([]float64, n), make([]bool, n), make([]bool, n)
		for i := range scores {
			labels[i] = rng.Float64() < 0.3
			scores[i] = float64(rng.IntN(12))
			if labels[i] {
				scores[i] += float64(rng.IntN(4))
			}
			classes[i] = labels[i]
		}
		// gonum wants the scores sorted ascending, with the classes alongside.
		order := byScore(scores)
		s, c := make([]float64, n), make([]bool, n)
		for k, i := range order {
			s[k], c[k] = scores[i], classes[i]
		}
		tpr, fpr, _ := stat.ROC(nil, s, c, nil)
		want := integrate.Trapezoidal(fpr, tpr)
		if got := ROCAUC(scores, labels); math.Abs(got-want) > 1e-12 {
			t.Fatalf("ROCAUC = %v, gonum's trapezoid = %v", got, want)
		}
	}
}

func TestConfusion(t *testing.T) {
	scores := []float64{0.9, 0.8, 0.7, 0.7, 0.2, 0.1}
	labels := []bool{true, false, true, false, true, false}
	// At 0.7 and up: 4 flagged, 2 of them positive, of 3 positives.
	want := Confusion{Threshold: 0.7, Flagged: 4, Share: 4.0 / 6, Precision: 0.5, Recall: 2.0 / 3}
	if diff := cmp.Diff(want, ConfusionAt(scores, labels, 0.7), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("ConfusionAt (-want +got):\n%s", diff)
	}
	// The riskiest half is 3 rows, but 0.7 is tied at the cut: both are in.
	if diff := cmp.Diff(want, ConfusionTop(scores, labels, 0.5), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("ConfusionTop (-want +got):\n%s", diff)
	}
	none := ConfusionAt(scores, labels, 2)
	if none.Flagged != 0 || !math.IsNaN(none.Precision) || none.Recall != 0 {
		t.Errorf("nothing flagged: %+v", none)
	}
}

func TestCalibration(t *testing.T) {
	probs := []float64{0.9, 0.1, 0.2, 0.8, 0.3}
	labels := []bool{true, false, true, true, false}
	// Sorted: 0.1 0.2 0.3 | 0.8 0.9 (5 into 2 bins: the first one larger).
	want := []Bin{{Count: 3, Predicted: 0.2, Observed: 1.0 / 3}, {Count: 2, Predicted: 0.85, Observed: 1}}
	if diff := cmp.Diff(want, Calibration(probs, labels, 2), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("Calibration (-want +got):\n%s", diff)
	}
}
