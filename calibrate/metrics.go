package calibrate

import (
	"math"
	"slices"
)

// The metrics take risk scores: a higher score means the example is more
// likely positive (churns). Pass a health score negated, or a probability.
// They return NaN when the labels hold only one class, where they have no
// meaning.

// ROCAUC is the area under the ROC curve: the probability that a random
// positive scores above a random negative, a tie counting one half. This is
// the trapezoid area under the curve with tied scores taken as one step, and
// the Mann-Whitney statistic computed from average ranks.
func ROCAUC(scores []float64, labels []bool) float64 {
	order := byScore(scores)
	var pos, neg, rankSum float64
	for i := 0; i < len(order); {
		j := i
		for j < len(order) && scores[order[j]] == scores[order[i]] {
			j++
		}
		avgRank := float64(i+j+1) / 2 // ranks i+1 … j, ascending
		for _, k := range order[i:j] {
			if labels[k] {
				pos++
				rankSum += avgRank
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

// PRAUC is the area under the precision-recall curve as average precision:
// walking the scores from high to low, the precision at each distinct score
// weighted by the share of positives it adds to recall,
// AP = Σ (R_k − R_{k−1}) P_k. Tied scores are one threshold: the examples
// that share a score are counted together, never in an arbitrary order.
// This is the definition of scikit-learn's average_precision_score. A
// random ranking scores about the positive rate.
func PRAUC(scores []float64, labels []bool) float64 {
	order := byScore(scores)
	slices.Reverse(order)
	total := 0.0
	for _, l := range labels {
		if l {
			total++
		}
	}
	if total == 0 || total == float64(len(labels)) {
		return math.NaN()
	}
	var tp, fp, ap float64
	for i := 0; i < len(order); {
		j := i
		newTP := 0.0
		for j < len(order) && scores[order[j]] == scores[order[i]] {
			if labels[order[j]] {
				newTP++
			} else {
				fp++
			}
			j++
		}
		tp += newTP
		ap += newTP / total * tp / (tp + fp)
		i = j
	}
	return ap
}

// byScore returns the indexes of scores from the lowest score to the highest.
// NaN scores sort first (lowest risk).
func byScore(scores []float64) []int {
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpNaNFirst(scores[a], scores[b]) })
	return order
}

func cmpNaNFirst(a, b float64) int {
	switch an, bn := math.IsNaN(a), math.IsNaN(b); {
	case an && bn:
		return 0
	case an:
		return -1
	case bn:
		return 1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Confusion is how a rule "flag when the risk score is at least Threshold"
// does on labelled examples.
type Confusion struct {
	Threshold float64 `json:"threshold"`
	Flagged   int     `json:"flagged"`   // examples at or above the threshold
	Share     float64 `json:"share"`     // Flagged over all examples
	Precision float64 `json:"precision"` // positives among the flagged; NaN when none is flagged
	Recall    float64 `json:"recall"`    // flagged among the positives; NaN when there are none
}

// ConfusionAt counts the examples whose risk score is at or above threshold.
func ConfusionAt(scores []float64, labels []bool, threshold float64) Confusion {
	c := Confusion{Threshold: threshold}
	var tp, pos int
	for i, s := range scores {
		if labels[i] {
			pos++
		}
		if s >= threshold {
			c.Flagged++
			if labels[i] {
				tp++
			}
		}
	}
	c.Share, c.Precision, c.Recall = ratio(c.Flagged, len(scores)), ratio(tp, c.Flagged), ratio(tp, pos)
	return c
}

// ConfusionTop flags the share of examples with the highest risk scores
// (ties at the cut are all flagged, so slightly more may be) and counts how
// that does: precision and recall at an alert volume.
func ConfusionTop(scores []float64, labels []bool, share float64) Confusion {
	if len(scores) == 0 {
		return Confusion{Threshold: math.NaN(), Precision: math.NaN(), Recall: math.NaN()}
	}
	order := byScore(scores)
	k := int(math.Round(share * float64(len(scores))))
	k = min(max(k, 1), len(scores))
	return ConfusionAt(scores, labels, scores[order[len(order)-k]])
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Bin is one bin of a calibration table: examples whose predicted
// probability falls in the bin, the mean of their predictions and how many
// of them were positive.
type Bin struct {
	Count     int     `json:"count"`
	Predicted float64 `json:"predicted"` // mean predicted probability
	Observed  float64 `json:"observed"`  // share of positives
}

// Calibration sorts the examples by predicted probability into bins of
// equal size (the first ones one larger when they do not divide evenly) and
// compares predicted and observed rates in each: deciles for bins = 10.
func Calibration(probs []float64, labels []bool, bins int) []Bin {
	order := byScore(probs)
	n := len(order)
	bins = min(bins, n)
	out := make([]Bin, 0, bins)
	start := 0
	for b := range bins {
		size := n / bins
		if b < n%bins {
			size++
		}
		var sum, pos float64
		for _, i := range order[start : start+size] {
			sum += probs[i]
			if labels[i] {
				pos++
			}
		}
		out = append(out, Bin{Count: size, Predicted: sum / float64(size), Observed: pos / float64(size)})
		start += size
	}
	return out
}

// LogLoss is the mean negative log-likelihood of the labels under the
// predicted probabilities, clipped away from 0 and 1.
func LogLoss(probs []float64, labels []bool) float64 {
	sum := 0.0
	for i, p := range probs {
		p = min(max(p, 1e-15), 1-1e-15)
		if labels[i] {
			sum -= math.Log(p)
		} else {
			sum -= math.Log(1 - p)
		}
	}
	return sum / float64(len(probs))
}
