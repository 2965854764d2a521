package update

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"

	"github.com/gtg-dev/gtg"
)

// Chart size in pixels: wide enough to read in a mail client's column, and
// drawn at twice the size it is shown for sharp lines on dense screens.
const (
	chartW, chartH = 1200, 400
	padLeft        = 96 // room for the score labels
	padRight       = 24
	padTop         = 24
	padBottom      = 64 // room for the date labels
)

var (
	chartBG     = color.RGBA{0xff, 0xff, 0xff, 0xff}
	chartGrid   = color.RGBA{0xe4, 0xe7, 0xeb, 0xff}
	chartLine   = color.RGBA{0x1f, 0x29, 0x37, 0xff}
	chartAxis   = color.RGBA{0x6b, 0x72, 0x80, 0xff}
	bandGreen   = color.RGBA{0xe8, 0xf6, 0xec, 0xff}
	bandYellow  = color.RGBA{0xfd, 0xf6, 0xe3, 0xff}
	bandRed     = color.RGBA{0xfc, 0xeb, 0xea, 0xff}
	pointColors = map[string]color.RGBA{
		gtg.Green:  {0x1a, 0x7f, 0x37, 0xff},
		gtg.Yellow: {0xb8, 0x86, 0x0b, 0xff},
		gtg.Red:    {0xc0, 0x39, 0x2b, 0xff},
	}
)

// RenderChart draws the health score of the days from..to as a PNG: the
// color bands of the scorecard's thresholds (green at or above green, red
// below yellow), grid lines every 25 points, and the score as a line with
// each day's point in its color. Days without a score leave a gap. Email
// runs no JavaScript, so the chart is an image drawn here.
func RenderChart(points []gtg.ScorePoint, from, to gtg.Day, green, yellow float64) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, chartW, chartH))
	fill(img, img.Bounds(), chartBG)
	plot := image.Rect(padLeft, padTop, chartW-padRight, chartH-padBottom)
	y := func(score float64) int {
		score = math.Max(0, math.Min(100, score))
		return plot.Max.Y - int(math.Round(score/100*float64(plot.Dy())))
	}
	x := func(d gtg.Day) int {
		if to == from {
			return plot.Min.X
		}
		return plot.Min.X + int(math.Round(float64(d-from)/float64(to-from)*float64(plot.Dx())))
	}
	fill(img, image.Rect(plot.Min.X, plot.Min.Y, plot.Max.X, y(green)), bandGreen)
	fill(img, image.Rect(plot.Min.X, y(green), plot.Max.X, y(yellow)), bandYellow)
	fill(img, image.Rect(plot.Min.X, y(yellow), plot.Max.X, plot.Max.Y), bandRed)
	for s := 0.0; s <= 100; s += 25 {
		fill(img, image.Rect(plot.Min.X, y(s)-1, plot.Max.X, y(s)+1), chartGrid)
		label := strconv.Itoa(int(s))
		text(img, plot.Min.X-16-textWidth(label), y(s)-glyphH*glyphScale/2, label, chartAxis)
	}
	// Week ticks along the bottom, from the last day back, and the dates of
	// both ends and the middle (as 03-15: digits are all the font has).
	for d := to; d >= from; d -= 7 {
		fill(img, image.Rect(x(d)-1, plot.Max.Y, x(d)+1, plot.Max.Y+10), chartGrid)
	}
	for i, d := range []gtg.Day{from, from + (to-from)/2, to} {
		label := d.Time().Format("01-02")
		lx := x(d) - textWidth(label)/2
		switch i {
		case 0:
			lx = x(d)
		case 2:
			lx = x(d) - textWidth(label)
		}
		text(img, lx, plot.Max.Y+20, label, chartAxis)
	}
	var prev *gtg.ScorePoint
	for i := range points {
		p := &points[i]
		if p.Day < from || p.Day > to || p.Color == gtg.InsufficientData {
			prev = nil
			continue
		}
		if prev != nil && p.Day-prev.Day == 1 {
			line(img, x(prev.Day), y(prev.Score), x(p.Day), y(p.Score), 3, chartLine)
		}
		prev = p
	}
	for _, p := range points {
		if c, ok := pointColors[p.Color]; ok && p.Day >= from && p.Day <= to {
			disc(img, x(p.Day), y(p.Score), 5, c)
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Canon().Intersect(img.Bounds())
	for yy := r.Min.Y; yy < r.Max.Y; yy++ {
		for xx := r.Min.X; xx < r.Max.X; xx++ {
			img.SetRGBA(xx, yy, c)
		}
	}
}

// line draws a segment of the given width by stamping discs along it.
func line(img *image.RGBA, x0, y0, x1, y1, width int, c color.RGBA) {
	n := max(abs(x1-x0), abs(y1-y0), 1)
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		disc(img, x0+int(math.Round(t*float64(x1-x0))), y0+int(math.Round(t*float64(y1-y0))), width/2+1, c)
	}
}

func disc(img *image.RGBA, cx, cy, r int, c color.RGBA) {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if dx*dx+dy*dy <= r*r && image.Pt(cx+dx, cy+dy).In(img.Bounds()) {
				img.SetRGBA(cx+dx, cy+dy, c)
			}
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// A 3×5 bitmap font for the digits and "-", drawn at glyphScale: the
// standard library has no fonts, and the labels need no more.
const (
	glyphW, glyphH = 3, 5
	glyphScale     = 5
)

var glyphs = map[rune][glyphH]string{
	'0': {"###", "#.#", "#.#", "#.#", "###"},
	'1': {".#.", "##.", ".#.", ".#.", "###"},
	'2': {"###", "..#", "###", "#..", "###"},
	'3': {"###", "..#", "###", "..#", "###"},
	'4': {"#.#", "#.#", "###", "..#", "..#"},
	'5': {"###", "#..", "###", "..#", "###"},
	'6': {"###", "#..", "###", "#.#", "###"},
	'7': {"###", "..#", "..#", "..#", "..#"},
	'8': {"###", "#.#", "###", "#.#", "###"},
	'9': {"###", "#.#", "###", "..#", "###"},
	'-': {"...", "...", "###", "...", "..."},
}

func textWidth(s string) int {
	n := len([]rune(s))
	return n*glyphW*glyphScale + (n-1)*glyphScale
}

// text draws s with its top-left corner at (x, y).
func text(img *image.RGBA, x, y int, s string, c color.RGBA) {
	for _, r := range s {
		g := glyphs[r]
		for row := 0; row < glyphH; row++ {
			for col := 0; col < glyphW; col++ {
				if g[row][col] == '#' {
					fill(img, image.Rect(x+col*glyphScale, y+row*glyphScale, x+(col+1)*glyphScale, y+(row+1)*glyphScale), c)
				}
			}
		}
		x += (glyphW + 1) * glyphScale
	}
}
