package web

import (
	"bufio"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gtg-dev/gtg"
	"github.com/gtg-dev/gtg/store"
	"github.com/gtg-dev/gtg/store/storetest"
)

// TestScripts runs the request scripts in testdata/*.txt (in the manner of
// golang.org/x/website) against the web app on the seeded store, signed in
// as ada (admin), carl (csm) or vera (viewer), all @gtg.test.
//
// A script is a list of cases separated by blank lines; # starts a comment.
// A case is a request, then optionally who sends it, then checks:
//
//	GET /accounts?owner=alice%40gtg.test
//	as vera@gtg.test
//	code == 200
//	body contains Acme Corp
//	body !contains Globex
//	header Content-Type contains text/html
//	redirect == /login
//
// POST takes its form urlencoded after the path; signed-in POSTs carry the
// session's CSRF token unless the form sets csrf itself.
func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata (%v)", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			cases := parseScript(t, file)
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				seed(t, st)
				for _, u := range []struct{ email, role string }{
					{"ada@gtg.test", gtg.UserAdmin}, {"carl@gtg.test", gtg.UserCSM}, {"vera@gtg.test", gtg.UserViewer},
				} {
					createUser(t, st, u.email, u.role)
				}
				h := newTestHandler(t, st)
				clients := map[string]*client{}
				for _, sc := range cases {
					c := clients[sc.as]
					if c == nil {
						c = &client{t: t, h: h}
						if sc.as != "" {
							c.login(sc.as)
						}
						clients[sc.as] = c
					}
					sc.run(t, c)
				}
			})
		})
	}
}

type scriptCase struct {
	pos          string // file:line of the request
	method, path string
	form         url.Values
	as           string
	checks       []scriptCheck
}

type scriptCheck struct {
	pos, what, op, arg, value string
}

func parseScript(t *testing.T, file string) []*scriptCase {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []*scriptCase
	var cur *scriptCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		pos := filepath.Base(file) + ":" + strconv.Itoa(n)
		if line == "" {
			cur = nil
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		switch {
		case cur == nil:
			if len(fields) < 2 || (fields[0] != "GET" && fields[0] != "POST") {
				t.Fatalf("%s: want GET or POST and a path, got %q", pos, line)
			}
			cur = &scriptCase{pos: pos, method: fields[0], path: fields[1]}
			if len(fields) > 2 {
				if cur.form, err = url.ParseQuery(fields[2]); err != nil {
					t.Fatalf("%s: form: %v", pos, err)
				}
			}
			cases = append(cases, cur)
		case fields[0] == "as" && len(fields) == 2:
			cur.as = fields[1]
		case fields[0] == "code" || fields[0] == "redirect":
			if len(fields) != 3 || fields[1] != "==" {
				t.Fatalf("%s: want %s == VALUE", pos, fields[0])
			}
			cur.checks = append(cur.checks, scriptCheck{pos: pos, what: fields[0], op: "==", value: fields[2]})
		case fields[0] == "body" && len(fields) >= 3 && (fields[1] == "contains" || fields[1] == "!contains"):
			_, rest, _ := strings.Cut(line, fields[1]+" ")
			cur.checks = append(cur.checks, scriptCheck{pos: pos, what: "body", op: fields[1], value: rest})
		case fields[0] == "header" && len(fields) >= 4 && (fields[2] == "==" || fields[2] == "contains"):
			_, rest, _ := strings.Cut(line, fields[2]+" ")
			cur.checks = append(cur.checks, scriptCheck{pos: pos, what: "header", arg: fields[1], op: fields[2], value: rest})
		default:
			t.Fatalf("%s: cannot parse %q", pos, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

func (sc *scriptCase) run(t *testing.T, c *client) {
	t.Helper()
	form := sc.form
	if sc.method == http.MethodPost {
		if form == nil {
			form = url.Values{}
		}
		if c.csrf != "" && !form.Has("csrf") {
			form.Set("csrf", c.csrf)
		}
	}
	w := c.do(sc.method, sc.path, form)
	body := w.Body.String()
	for _, ck := range sc.checks {
		var got string
		switch ck.what {
		case "code":
			got = strconv.Itoa(w.Code)
		case "redirect":
			got = w.Header().Get("Location")
		case "body":
			got = body
		case "header":
			got = w.Header().Get(ck.arg)
		}
		ok := false
		switch ck.op {
		case "==":
			ok = got == ck.value
		case "contains":
			ok = strings.Contains(got, ck.value)
		case "!contains":
			ok = !strings.Contains(got, ck.value)
		}
		if !ok {
			if ck.what == "body" {
				got = "the body"
			}
			t.Errorf("%s: %s %s: %s %s %q: got %q", ck.pos, sc.method, sc.path, ck.what+" "+ck.arg, ck.op, ck.value, got)
		}
	}
	if t.Failed() && len(body) < 5000 {
		t.Logf("%s: body:\n%s", sc.pos, body)
	}
}
