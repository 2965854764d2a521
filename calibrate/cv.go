package calibrate

import "math"

// CV is the outcome of k-fold cross-validation: every example scored by the
// model fitted on the other folds, and the metrics of those held-out
// predictions. Metrics pool the held-out predictions of all folds; the
// probability ranks them (within a fold it ranks as the score does).
type CV struct {
	Folds int
	Fold  []int     // each example's fold, 0 to Folds-1
	Score []float64 // held-out health score, 0-100; NaN when no measure had a value
	Prob  []float64 // held-out churn probability from the score
	Logit []float64 // held-out log-odds of the additive model before bands
	Base  []float64 // held-out churn probability of the logistic-regression baseline

	AUC, PRAUC         float64   // the scorecard
	FoldAUC            []float64 // the scorecard, fold by fold
	ModelAUC           float64   // the additive model before bands
	BaseAUC, BasePRAUC float64   // the baseline
	Red, RedOrYellow   Confusion // held-out precision and recall at the alert volumes
	Deciles            []Bin     // held-out calibration of Prob
}

// CrossValidate splits ds into o.Folds folds by group, stratified by label,
// and scores each fold with the scorecard and the baseline fitted on the
// others. The folds and results depend on o.Seed only.
func CrossValidate(ds *Dataset, o Options) (*CV, error) {
	if err := ds.Validate(); err != nil {
		return nil, err
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	n := ds.Len()
	cv := &CV{Folds: o.Folds, Fold: assignFolds(ds, o.Folds, o.Seed),
		Score: make([]float64, n), Prob: make([]float64, n), Logit: make([]float64, n), Base: make([]float64, n)}
	for k := range o.Folds {
		var train, test []int
		for i, f := range cv.Fold {
			if f == k {
				test = append(test, i)
			} else {
				train = append(train, i)
			}
		}
		tr, te := ds.subset(train), ds.subset(test)
		if err := tr.Validate(); err != nil {
			return nil, err
		}
		m := fit(tr, o)
		scores, probs, err := m.Predict(te)
		if err != nil {
			return nil, err
		}
		logits, err := m.PredictLogit(te)
		if err != nil {
			return nil, err
		}
		lr, err := FitLogReg(tr, o)
		if err != nil {
			return nil, err
		}
		base, err := lr.Predict(te)
		if err != nil {
			return nil, err
		}
		for q, i := range test {
			cv.Score[i], cv.Prob[i], cv.Logit[i], cv.Base[i] = scores[q], probs[q], logits[q], base[q]
		}
		cv.FoldAUC = append(cv.FoldAUC, ROCAUC(probs, te.Labels))
	}
	cv.AUC, cv.PRAUC = ROCAUC(cv.Prob, ds.Labels), PRAUC(cv.Prob, ds.Labels)
	cv.ModelAUC = ROCAUC(cv.Logit, ds.Labels)
	cv.BaseAUC, cv.BasePRAUC = ROCAUC(cv.Base, ds.Labels), PRAUC(cv.Base, ds.Labels)
	cv.Red = ConfusionTop(cv.Prob, ds.Labels, o.RedShare)
	cv.RedOrYellow = ConfusionTop(cv.Prob, ds.Labels, o.RedShare+o.YellowShare)
	cv.Deciles = Calibration(cv.Prob, ds.Labels, 10)
	return cv, nil
}

// MeanFoldAUC is the mean of the folds' AUCs, as many published figures give it.
func (cv *CV) MeanFoldAUC() float64 {
	sum := 0.0
	for _, a := range cv.FoldAUC {
		sum += a
	}
	if len(cv.FoldAUC) == 0 {
		return math.NaN()
	}
	return sum / float64(len(cv.FoldAUC))
}
