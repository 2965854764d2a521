package store

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestDecodeInto(t *testing.T) {
	n := math.NaN()
	ints := chunkOf(map[int]float64{0: 5, 1: -3, 29: 300, 30: 7})
	floats := chunkOf(map[int]float64{2: 1.5, 3: -0.25})
	for _, tc := range []struct {
		name  string
		chunk []byte
		first int // index in vals of the chunk's day 0
		size  int
		want  []float64
	}{
		{"IntsAligned", ints, 0, 31, append(append([]float64{5, -3}, nans(27)...), 300, 7)},
		{"IntsFromDay29", ints, -29, 4, []float64{300, 7, n, n}},
		{"IntsUpToDay1", ints, 2, 4, []float64{n, n, 5, -3}},
		{"IntsOutside", ints, -31, 3, []float64{n, n, n}},
		{"FloatsFromDay3", floats, -3, 2, []float64{-0.25, n}},
		{"FloatsBeyond", floats, 1, 3, []float64{n, n, n}},
		{"Empty", chunkOf(nil), 0, 2, []float64{n, n}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := nans(tc.size)
			if err := decodeInto(tc.chunk, tc.first, got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeIntoErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		chunk []byte
		want  string
	}{
		{"Short", []byte{chunkInts, 1, 0, 0}, "too short"},
		{"BadVarint", []byte{chunkInts, 1, 0, 0, 0}, "bad varint"},
		{"TruncatedFloat", []byte{chunkFloats, 1, 0, 0, 0, 1, 2, 3}, "truncated"},
		{"UnknownFormat", []byte{9, 1, 0, 0, 0, 2}, "unknown format 9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err1 := decodeChunk(tc.chunk)
			err2 := decodeInto(tc.chunk, 0, nans(31))
			if err1 == nil || err2 == nil || !strings.Contains(err2.Error(), tc.want) || err1.Error() != err2.Error() {
				t.Errorf("decodeChunk: %v; decodeInto: %v; want both to say %q", err1, err2, tc.want)
			}
		})
	}
}

func chunkOf(vals map[int]float64) []byte {
	var c chunk
	for off, v := range vals {
		c.set(off, v)
	}
	return c.encode()
}

func nans(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	return out
}
