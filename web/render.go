package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gtg-dev/gtg"
)

//go:embed templates
var templateFS embed.FS

// templates holds one template set per page: the layout and the shared
// partials (templates/shared) parsed with that page's file, so pages can
// each define "content" without clashing.
type templates struct{ pages map[string]*template.Template }

func loadTemplates(a *assets) (*templates, error) {
	funcs := template.FuncMap{
		"asset":       a.url,
		"money":       formatMoney,
		"number":      numberAny,
		"can":         gtg.Can,
		"title":       humanize,
		"initial":     initial,
		"alertAction": alertAction,
		"date":        formatDate,
		"addf":        func(a, b float64) float64 { return a + b },
		"hasPrefix":   strings.HasPrefix,
		"trendWord":   trendWord,
		"list":        func(v ...int) []int { return v },
	}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/shared/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		p, err := template.Must(layout.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		t.pages[name] = p
	}
	return t, nil
}

// render executes template name of page into a buffer, so a template error
// becomes a clean 500 instead of half a page, then writes it with status.
func (t *templates) render(w http.ResponseWriter, status int, page, name string, data any) error {
	p, ok := t.pages[page]
	if !ok {
		return fmt.Errorf("render: no page template %q", page)
	}
	var buf bytes.Buffer
	if err := p.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("render %s/%s: %w", page, name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// basePage is what the layout needs on every page.
type basePage struct {
	Title string
	Nav   string // the active top-nav item
	User  *gtg.User
	CSRF  string
}

func (s *server) base(r *http.Request, title, nav string) basePage {
	b := basePage{Title: title, Nav: nav}
	if sess := sessionFrom(r.Context()); sess != nil {
		b.User, b.CSRF = sess.user, sess.csrf
	}
	return b
}

// page renders a full page with the layout.
func (s *server) page(w http.ResponseWriter, status int, page string, data any) error {
	return s.tmpl.render(w, status, page, "page", data)
}

// initial is the letter on a user's avatar.
func initial(u *gtg.User) string {
	for _, r := range u.Name + u.Email {
		return strings.ToUpper(string(r))
	}
	return "?"
}

// numberAny is formatNumber for the ints and floats templates hold.
func numberAny(v any) (string, error) {
	switch x := v.(type) {
	case int:
		return formatNumber(float64(x)), nil
	case int64:
		return formatNumber(float64(x)), nil
	case float64:
		return formatNumber(x), nil
	}
	return "", fmt.Errorf("number: unsupported type %T", v)
}
