package store

import (
	"math"
	"testing"
)

func TestChunkRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name   string
		vals   map[int]float64
		format byte
	}{
		{"Empty", nil, chunkInts},
		{"Ints", map[int]float64{0: 0, 1: 1, 15: -7, 30: 1 << 40}, chunkInts},
		{"Floats", map[int]float64{3: 1.25, 4: 2}, chunkFloats},
		{"NegativeZero", map[int]float64{2: math.Copysign(0, -1)}, chunkFloats},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c chunk
			for off, v := range tc.vals {
				c.set(off, v)
			}
			b := c.encode()
			if b[0] != tc.format {
				t.Fatalf("format %d, want %d", b[0], tc.format)
			}
			got, err := decodeChunk(b)
			if err != nil {
				t.Fatal(err)
			}
			for off := 0; off < 31; off++ {
				v, ok := tc.vals[off]
				if got.has(off) != ok || (ok && math.Float64bits(got.values[off]) != math.Float64bits(v)) {
					t.Fatalf("day %d: has=%v value=%v, want has=%v value=%v", off, got.has(off), got.values[off], ok, v)
				}
			}
		})
	}
	if _, err := decodeChunk([]byte{1, 2}); err == nil {
		t.Fatal("short chunk decoded")
	}
	if _, err := decodeChunk([]byte{9, 1, 0, 0, 0, 0}); err == nil {
		t.Fatal("unknown format decoded")
	}
}
