package cli_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/update/updatetest"
)

// TestUpdateSMTPOutreachCommands drives the email commands on the fixture:
// gtg update preview prints the four headings, gtg smtp keeps the password
// out of every output and the audit trail, and gtg update send refuses an
// opted-out recipient and reports (and queues) a send the server refuses.
func TestUpdateSMTPOutreachCommands(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		updatetest.Seed(t, st)
		st.Close()

		code, out, errOut := gtgRun(t, dsn, "", "update", "preview", updatetest.Account)
		if code != 0 {
			t.Fatalf("update preview: %d %s", code, errOut)
		}
		last := -1
		for _, h := range []string{"Executive summary", "Accomplished this week", "Next steps", "Challenges"} {
			i := strings.Index(out, "\n"+h+"\n")
			if i <= last {
				t.Errorf("update preview: heading %q missing or out of order in\n%s", h, out)
			}
			last = i
		}
		if !strings.Contains(errOut, "olga@freight.example") || !strings.Contains(errOut, "opted out") {
			t.Errorf("update preview does not warn about the opted-out contact on stderr: %s", errOut)
		}

		const secret = "pw-Very-Secret-42"
		code, out, errOut = gtgRun(t, dsn, secret+"\n", "smtp", "set", "--server", "127.0.0.1", "--port", "1", "--tls", "none",
			"--username", "gtg", "--password-stdin", "--from", "cs@ourco.example")
		if code != 0 || strings.Contains(out+errOut, secret) || !strings.Contains(out, "password set") {
			t.Fatalf("smtp set: %d %q %q", code, out, errOut)
		}
		for _, args := range [][]string{{"smtp", "show"}, {"smtp", "show", "--json"}, {"smtp", "test"}} {
			_, out, errOut := gtgRun(t, dsn, "", args...)
			if strings.Contains(out+errOut, secret) {
				t.Errorf("gtg %s shows the password: %s %s", strings.Join(args, " "), out, errOut)
			}
		}
		if code, _, errOut := gtgRun(t, dsn, "", "smtp", "test"); code == 0 || !strings.Contains(errOut, "127.0.0.1:1") {
			t.Errorf("smtp test against a closed port: %d %s", code, errOut)
		}
		st, err = store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		log, err := st.AuditLog(context.Background(), "mail_settings", "smtp", 10)
		st.Close()
		if err != nil || len(log) == 0 || strings.Contains(log[0].Before+log[0].After, secret) {
			t.Errorf("audit trail %+v %v", log, err)
		}

		code, _, errOut = gtgRun(t, dsn, "", "update", "send", updatetest.Account, "--to", "eve@freight.example,"+updatetest.OptedOut)
		if code != 5 || !strings.Contains(errOut, "olga@freight.example opted out") {
			t.Errorf("send to an opted-out contact: %d %s", code, errOut)
		}
		code, _, errOut = gtgRun(t, dsn, "", "update", "send", updatetest.Account, "--to", "eve@freight.example")
		if code == 0 || !strings.Contains(errOut, "not sent yet") || !strings.Contains(errOut, "queued") {
			t.Errorf("send while the server refuses: %d %s", code, errOut)
		}
		code, out, _ = gtgRun(t, dsn, "", "update", "list", updatetest.Account)
		if code != 0 || !strings.Contains(out, "pending") || !strings.Contains(out, "eve@freight.example") {
			t.Errorf("update list: %d %s", code, out)
		}
		code, out, _ = gtgRun(t, dsn, "", "outreach", "check", updatetest.Account)
		if code != 0 || !strings.Contains(out, "opted out on") || !strings.Contains(out, "left the company") {
			t.Errorf("outreach check: %s", out)
		}
	})
}
