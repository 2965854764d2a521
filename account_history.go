package gtg

// AccountState is what an account's fields were from a day on: the history
// backtests read so that a score as of a past day sees the seats, ARR, stage
// and renewal date of that day, not today's (a churned account has no seats
// today; it had them while it was slipping).
type AccountState struct {
	From        Day            `json:"from"`
	ARR         float64        `json:"arr"`
	Seats       int            `json:"seats"`
	Plan        string         `json:"plan"`
	Segment     string         `json:"segment"`
	Stage       string         `json:"stage"`
	RenewalDate Day            `json:"renewal_date"`
	Owner       string         `json:"owner"`
	ICPFit      string         `json:"icp_fit"`
	Attrs       map[string]any `json:"attrs"`
}

// StateOf returns the account's current fields as a state from day on.
func StateOf(a *Account, from Day) AccountState {
	return AccountState{From: from, ARR: a.ARR, Seats: a.Seats, Plan: a.Plan, Segment: a.Segment, Stage: a.Stage,
		RenewalDate: a.RenewalDate, Owner: a.Owner, ICPFit: a.ICPFit, Attrs: a.Attrs}
}

// AsOf returns a copy of the account with the fields of the state in force
// on day: the latest one from on or before day. Before the first recorded
// state the first one is used — the earliest known, which is the best a
// history that starts late can do. With no history the account is returned
// as it is. hist must be sorted by From.
func (a *Account) AsOf(hist []AccountState, day Day) *Account {
	if len(hist) == 0 {
		return a
	}
	st := hist[0]
	for _, h := range hist[1:] {
		if h.From > day {
			break
		}
		st = h
	}
	c := *a
	c.ARR, c.Seats, c.Plan, c.Segment, c.Stage = st.ARR, st.Seats, st.Plan, st.Segment, st.Stage
	c.RenewalDate, c.Owner, c.ICPFit = st.RenewalDate, st.Owner, st.ICPFit
	if st.Attrs != nil {
		c.Attrs = st.Attrs
	}
	return &c
}
