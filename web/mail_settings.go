package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/mailer"
)

// mailSettingsPage is the admin's form for the mail server, the outreach
// caps and the weekly schedule. The password is write-only: the page says
// whether one is set and never carries it.
type mailSettingsPage struct {
	basePage
	M           gtg.MailSettings
	PasswordSet bool
	TLSModes    []keyName
	Weekdays    []keyName
	Err, Flash  string
	CanEdit     bool
}

var weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func (s *server) mailSettingsShow(w http.ResponseWriter, r *http.Request) error {
	flash := ""
	switch r.URL.Query().Get("done") {
	case "saved":
		flash = "Mail settings saved."
	case "tested":
		flash = "The mail server accepted the test message."
	}
	return s.renderMailSettings(w, r, http.StatusOK, nil, "", flash)
}

func (s *server) renderMailSettings(w http.ResponseWriter, r *http.Request, status int, m *gtg.MailSettings, errMsg, flash string) error {
	stored, err := s.store.MailSettings(r.Context())
	if err != nil {
		return err
	}
	if m == nil {
		m = &stored
	}
	p := mailSettingsPage{basePage: s.base(r, "Mail settings", "settings"), M: *m, PasswordSet: stored.SMTP.Password != "",
		Err: errMsg, Flash: flash}
	p.M.SMTP.Password = "" // never back to the browser
	p.CanEdit = p.User != nil && gtg.Can(p.User.Role, gtg.UserAdmin)
	p.TLSModes = []keyName{{Key: gtg.TLSStartTLS, Name: "STARTTLS (usually port 587)"}, {Key: gtg.TLSImplicit, Name: "TLS (usually port 465)"},
		{Key: gtg.TLSNone, Name: "None (a local relay)"}}
	p.Weekdays = []keyName{{Key: "-1", Name: "Off"}}
	for i, d := range weekdayNames {
		p.Weekdays = append(p.Weekdays, keyName{Key: strconv.Itoa(i), Name: d})
	}
	return s.page(w, status, "mail_settings", p)
}

// mailSettingsSave stores the form. An empty password keeps the stored one
// (unless the server or user name changed, or "clear" is ticked).
func (s *server) mailSettingsSave(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r)
	ctx := r.Context()
	old, err := s.store.MailSettings(ctx)
	if err != nil {
		return err
	}
	num := func(field string, def int) (int, error) {
		v := strings.TrimSpace(f.Get(field))
		if v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, gtg.Errorf(gtg.EINVALID, "%s: %q is not a whole number", field, v)
		}
		return n, nil
	}
	m := old
	m.SMTP = gtg.SMTPSettings{Host: f.Get("host"), TLS: f.Get("tls"), Username: f.Get("username"), From: f.Get("from"),
		Password: f.Get("password")}
	if m.SMTP.Password == "" && f.Get("clear_password") == "" && m.SMTP.Host == old.SMTP.Host && m.SMTP.Username == old.SMTP.Username {
		m.SMTP.Password = old.SMTP.Password
	}
	for _, x := range []struct {
		field string
		dst   *int
		def   int
	}{{"port", &m.SMTP.Port, 0}, {"cap_contact", &m.Caps.PerContact, 0}, {"cap_account", &m.Caps.PerAccount, 0},
		{"weekday", &m.WeeklyWeekday, -1}, {"hour", &m.WeeklyHour, 9}} {
		if *x.dst, err = num(x.field, x.def); err != nil {
			break
		}
	}
	if err == nil {
		err = s.store.PutMailSettings(ctx, currentUser(r).Email, &m)
	}
	if err != nil {
		if status, msg, ok := personError(err); ok {
			m.SMTP.Password = ""
			return s.renderMailSettings(w, r, status, &m, msg, "")
		}
		return err
	}
	return seeOther(w, r, "/settings/mail?done=saved")
}

// mailSettingsTest sends a test message with the stored settings.
func (s *server) mailSettingsTest(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r)
	m, err := s.store.MailSettings(r.Context())
	if err != nil {
		return err
	}
	if err := mailer.Test(r.Context(), m.SMTP, strings.TrimSpace(f.Get("to"))); err != nil {
		return s.renderMailSettings(w, r, http.StatusBadRequest, nil, "Test failed: "+gtg.ErrorMessage(err), "")
	}
	return seeOther(w, r, "/settings/mail?done="+url.QueryEscape("tested"))
}
