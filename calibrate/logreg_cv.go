package calibrate

// CrossValidateLogReg scores every example of ds with the logistic
// regression fitted on the other folds — the folds CrossValidate makes for
// the same dataset, o.Folds and o.Seed — and returns those held-out churn
// probabilities: a baseline on a chosen set of measures (such as RFM's) to
// set beside a card's cross-validated figures.
func CrossValidateLogReg(ds *Dataset, o Options) ([]float64, error) {
	if err := ds.Validate(); err != nil {
		return nil, err
	}
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	fold := assignFolds(ds, o.Folds, o.Seed)
	out := make([]float64, ds.Len())
	for k := range o.Folds {
		var train, test []int
		for i, f := range fold {
			if f == k {
				test = append(test, i)
			} else {
				train = append(train, i)
			}
		}
		lr, err := FitLogReg(ds.subset(train), o)
		if err != nil {
			return nil, err
		}
		probs, err := lr.Predict(ds.subset(test))
		if err != nil {
			return nil, err
		}
		for q, i := range test {
			out[i] = probs[q]
		}
	}
	return out, nil
}
