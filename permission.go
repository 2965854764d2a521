package gtg

// Require returns nil when u may do something that needs at least role, and
// otherwise EUNAUTHORIZED (nobody signed in) or EFORBIDDEN naming the action.
// The save workflow calls it before every change, so the web app, the API and
// the command line enforce the same rules.
func Require(u *User, role, action string) error {
	if u == nil || u.Email == "" {
		return Errorf(EUNAUTHORIZED, "%s: sign in first", action)
	}
	if !Can(u.Role, role) {
		return Errorf(EFORBIDDEN, "%s: needs the %s role or above; %s is a %s", action, role, u.Email, u.Role)
	}
	return nil
}
