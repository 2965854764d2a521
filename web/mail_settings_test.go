package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestMailSettingsPage: an admin sets the server with a password; the page
// never carries it back; saving again without one keeps it; a CSM cannot
// change the settings; bad input names the field.
func TestMailSettingsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := newTestHandler(t, st)
		createUser(t, st, "ada@gtg.test", gtg.UserAdmin)
		createUser(t, st, "cy@gtg.test", gtg.UserCSM)
		admin := &client{t: t, h: h}
		admin.login("ada@gtg.test")
		const secret = "Sup3r-Secret-Pw"
		form := url.Values{"csrf": {admin.csrf}, "host": {"smtp.example.com"}, "port": {"587"}, "tls": {"starttls"},
			"username": {"gtg"}, "password": {secret}, "from": {"cs@example.com"}, "cap_contact": {"2"}, "cap_account": {"4"},
			"weekday": {"5"}, "hour": {"8"}}
		if w := admin.do(http.MethodPost, "/settings/mail", form); w.Code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", w.Code, w.Body)
		}
		page := admin.get("/settings/mail")
		if page.Code != 200 || strings.Contains(page.Body.String(), secret) || !strings.Contains(page.Body.String(), "set — leave empty to keep it") {
			t.Fatalf("settings page %d shows the password or not that one is set", page.Code)
		}
		form.Del("password")
		form.Set("cap_contact", "3")
		if w := admin.do(http.MethodPost, "/settings/mail", form); w.Code != http.StatusSeeOther {
			t.Fatalf("save again: %d", w.Code)
		}
		m, err := st.MailSettings(ctx)
		if err != nil || m.SMTP.Password != secret || m.Caps != (gtg.Caps{PerContact: 3, PerAccount: 4}) || m.WeeklyWeekday != 5 || m.WeeklyHour != 8 {
			t.Fatalf("stored %+v %v", m, err)
		}
		bad := url.Values{"csrf": {admin.csrf}, "host": {"smtp.example.com"}, "tls": {"ssl2"}, "from": {"cs@example.com"}}
		if w := admin.do(http.MethodPost, "/settings/mail", bad); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "tls:") {
			t.Errorf("bad TLS mode: %d", w.Code)
		}
		csm := &client{t: t, h: h}
		csm.login("cy@gtg.test")
		if w := csm.do(http.MethodPost, "/settings/mail", url.Values{"csrf": {csm.csrf}, "host": {"evil.example.com"}}); w.Code != http.StatusForbidden {
			t.Errorf("a CSM changing the mail server: %d", w.Code)
		}
	})
}
