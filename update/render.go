package update

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"strings"
	"text/template"

	"github.com/gtg-dev/gtg"
)

// ChartCID is the content id of the inline health chart.
const ChartCID = "health-chart.png"

// Section headings, in order: the contract of `gtg update preview`.
var Headings = []string{"Executive summary", "Accomplished this week", "Next steps", "Challenges"}

type section struct {
	Title string
	Lines []string // executive summary lines
	Items []Item
	Empty string
}

type view struct {
	*Draft
	Sections []section
	CID      string
	KindName map[string]string
}

func (d *Draft) view() view {
	return view{Draft: d, CID: ChartCID, KindName: gtg.ResourceKinds, Sections: []section{
		{Title: Headings[0], Lines: append(noteLines(d.Note), d.Summary...)},
		{Title: Headings[1], Items: d.Done, Empty: "Nothing was completed this week."},
		{Title: Headings[2], Items: d.Next, Empty: "No upcoming tasks."},
		{Title: Headings[3], Items: d.Problems, Empty: "None this week."},
	}}
}

var funcs = template.FuncMap{
	"underline": func(s string) string { return strings.Repeat("-", len(s)) },
	"date":      formatDay,
	"score": func(p *float64) string {
		if p == nil {
			return "not scored"
		}
		return score(*p)
	},
}

var textTmpl = template.Must(template.New("text").Funcs(funcs).Parse(`{{.Subject}}
{{range .Sections}}
{{.Title}}
{{underline .Title}}
{{range .Lines}}{{.}}
{{end}}{{range .Items}}- {{.Text}}{{if .Note}} ({{.Note}}){{end}}
{{else}}{{if not .Lines}}{{.Empty}}
{{end}}{{end}}{{end}}
Health, last 90 days: {{.ChartAlt}}
{{if .Resources}}
Resources for you
-----------------
{{range .Resources}}- {{.Resource.Title}} ({{index $.KindName .Resource.Kind}}): {{.Resource.URL}}
{{end}}{{.Ask}}
{{end}}
--
Sent for {{.Account.Name}}{{if .ReplyTo}} by {{.ReplyTo}}{{end}}. Reply to answer; reply "unsubscribe" to receive no more of these.
`))

var htmlTmpl = htmltemplate.Must(htmltemplate.New("html").Funcs(htmltemplate.FuncMap(funcs)).Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2937">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border:1px solid #e4e7eb;border-radius:8px">
<tr><td style="padding:24px 28px 8px">
<div style="font-size:13px;color:#6b7280">Weekly update · {{date .Today}}</div>
<h1 style="margin:4px 0 0;font-size:22px">{{.Account.Name}}</h1>
</td></tr>
{{range .Sections}}<tr><td style="padding:12px 28px">
<h2 style="margin:0 0 6px;font-size:16px;border-bottom:1px solid #e4e7eb;padding-bottom:4px">{{.Title}}</h2>
{{range .Lines}}<p style="margin:4px 0;font-size:14px;line-height:1.5">{{.}}</p>
{{end}}{{if .Items}}<ul style="margin:4px 0;padding-left:20px;font-size:14px;line-height:1.5">
{{range .Items}}<li>{{.Text}}{{if .Note}} <span style="color:#6b7280">({{.Note}})</span>{{end}}</li>
{{end}}</ul>{{else if not .Lines}}<p style="margin:4px 0;font-size:14px;color:#6b7280">{{.Empty}}</p>{{end}}
</td></tr>
{{end}}<tr><td style="padding:12px 28px">
<h2 style="margin:0 0 6px;font-size:16px;border-bottom:1px solid #e4e7eb;padding-bottom:4px">Health, last 90 days</h2>
<img src="cid:{{.CID}}" width="544" alt="{{.ChartAlt}}" style="display:block;width:100%;max-width:544px;height:auto;border:0">
<p style="margin:4px 0;font-size:12px;color:#6b7280">{{.ChartAlt}}</p>
</td></tr>
{{if .Resources}}<tr><td style="padding:12px 28px">
<h2 style="margin:0 0 6px;font-size:16px;border-bottom:1px solid #e4e7eb;padding-bottom:4px">Resources for you</h2>
<ul style="margin:4px 0;padding-left:20px;font-size:14px;line-height:1.5">
{{range .Resources}}<li><a href="{{.Resource.URL}}" style="color:#1d4ed8">{{.Resource.Title}}</a> <span style="color:#6b7280">({{index $.KindName .Resource.Kind}})</span>{{if .Resource.Summary}}<br><span style="font-size:13px">{{.Resource.Summary}}</span>{{end}}</li>
{{end}}</ul>
<p style="margin:6px 0;font-size:14px">{{.Ask}}</p>
</td></tr>{{end}}
<tr><td style="padding:16px 28px 24px;font-size:12px;color:#6b7280">Sent for {{.Account.Name}}{{if .ReplyTo}} by {{.ReplyTo}}{{end}}. Reply to answer; reply “unsubscribe” to receive no more of these.</td></tr>
</table></td></tr></table>
</body></html>
`))

// render writes the plain-text and HTML parts.
func (d *Draft) render() (string, string, error) {
	if d.ChartAlt == "" {
		d.ChartAlt = "no health score in the last 90 days"
	}
	v := d.view()
	var t, h bytes.Buffer
	if err := textTmpl.Execute(&t, v); err != nil {
		return "", "", fmt.Errorf("render text: %w", err)
	}
	if err := htmlTmpl.Execute(&h, v); err != nil {
		return "", "", fmt.Errorf("render html: %w", err)
	}
	return t.String(), h.String(), nil
}

func noteLines(note string) []string {
	var out []string
	for _, l := range strings.Split(note, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// SetNote puts the CSM's own words at the top of the executive summary
// and renders the parts again.
func (d *Draft) SetNote(note string) error {
	if len(note) > 4000 {
		return gtg.Errorf(gtg.EINVALID, "note: longer than 4000 bytes")
	}
	d.Note = strings.TrimSpace(note)
	var err error
	d.Text, d.HTML, err = d.render()
	return err
}
