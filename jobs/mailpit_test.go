package jobs_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// mailpit is the SMTP server of the mail tests: GTG_TEST_SMTP (host:port)
// and its HTTP API at GTG_TEST_MAILPIT, both started by .ci/run.
type mailpit struct {
	host string
	port int
	api  string
}

func needMailpit(t *testing.T) mailpit {
	t.Helper()
	smtp, api := os.Getenv("GTG_TEST_SMTP"), os.Getenv("GTG_TEST_MAILPIT")
	if smtp == "" || api == "" {
		t.Skip("SKIPPING mail test: set GTG_TEST_SMTP=127.0.0.1:1025 and GTG_TEST_MAILPIT=http://127.0.0.1:8025 (mailpit) to run it")
	}
	host, port, err := net.SplitHostPort(smtp)
	if err != nil {
		t.Fatalf("GTG_TEST_SMTP: %v", err)
	}
	n, _ := strconv.Atoi(port)
	return mailpit{host: host, port: n, api: strings.TrimRight(api, "/")}
}

type mpAddress struct{ Address string }

type mpSummary struct {
	ID, MessageID, Subject string
	From                   mpAddress
	To, Cc, Bcc            []mpAddress
}

type mpPart struct {
	PartID, FileName, ContentType, ContentID string
	Size                                     int
}

type mpMessage struct {
	mpSummary
	Text, HTML  string
	Inline      []mpPart
	Attachments []mpPart
	ReplyTo     []mpAddress
}

func (m mailpit) get(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get(m.api + path)
	if err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("mailpit %s: %s %s", path, resp.Status, b)
	}
	if b, ok := v.(*[]byte); ok {
		*b, err = io.ReadAll(resp.Body)
	} else {
		err = json.NewDecoder(resp.Body).Decode(v)
	}
	if err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
}

// from returns the messages sent from an address (each test uses its own).
func (m mailpit) from(t *testing.T, addr string) []mpSummary {
	t.Helper()
	var res struct{ Messages []mpSummary }
	m.get(t, "/api/v1/search?limit=200&query="+url.QueryEscape("from:"+addr), &res)
	var out []mpSummary
	for _, s := range res.Messages {
		if strings.EqualFold(s.From.Address, addr) {
			out = append(out, s)
		}
	}
	return out
}

func (m mailpit) message(t *testing.T, id string) mpMessage {
	t.Helper()
	var msg mpMessage
	m.get(t, "/api/v1/message/"+id, &msg)
	return msg
}

func (m mailpit) part(t *testing.T, id, part string) []byte {
	t.Helper()
	var b []byte
	m.get(t, "/api/v1/message/"+id+"/part/"+part, &b)
	return b
}

var senderSeq int

// sender makes a From address no other test run uses, to find its mail.
func sender() string {
	senderSeq++
	return fmt.Sprintf("cs-%d-%d-%d@ourco.example", os.Getpid(), time.Now().UnixNano()%1e9, senderSeq)
}

// smtpProxy stands between gtg and mailpit so a test can stop "the
// server": while down, nothing listens on its address (connection refused).
type smtpProxy struct {
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        []net.Conn
}

func newProxy(t *testing.T, target string) *smtpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &smtpProxy{addr: ln.Addr().String(), target: target}
	ln.Close()
	t.Cleanup(p.down)
	return p
}

func (p *smtpProxy) port() int {
	_, port, _ := net.SplitHostPort(p.addr)
	n, _ := strconv.Atoi(port)
	return n
}

func (p *smtpProxy) up(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("proxy up: %v", err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

func (p *smtpProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
