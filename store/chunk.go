package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
)

// A chunk holds one metric of one account for one calendar month: a bitmap of
// the days that have a value and the values in day order. Whole numbers (the
// usual case: users, logins, calls) are zigzag varints, a byte or two a day;
// anything else is stored as float64. This keeps a year of daily data for
// 100k accounts × 20 metrics in 24M rows of a few dozen bytes each.
type chunk struct {
	present uint32
	values  [31]float64
}

const (
	chunkInts   = 1
	chunkFloats = 2
)

func (c *chunk) set(offset int, v float64) {
	c.present |= 1 << offset
	c.values[offset] = v
}

func (c *chunk) has(offset int) bool { return c.present&(1<<offset) != 0 }

// merge overlays o's days onto c.
func (c *chunk) merge(o *chunk) {
	for i := 0; i < 31; i++ {
		if o.has(i) {
			c.set(i, o.values[i])
		}
	}
}

func (c *chunk) encode() []byte {
	ints := true
	for i := 0; i < 31; i++ {
		if c.has(i) {
			v := c.values[i]
			if v != math.Trunc(v) || math.Abs(v) > 1<<53 || (v == 0 && math.Signbit(v)) {
				ints = false
				break
			}
		}
	}
	n := bits.OnesCount32(c.present)
	b := make([]byte, 5, 5+n*2)
	binary.LittleEndian.PutUint32(b[1:], c.present)
	if ints {
		b[0] = chunkInts
		for i := 0; i < 31; i++ {
			if c.has(i) {
				b = binary.AppendVarint(b, int64(c.values[i]))
			}
		}
		return b
	}
	b[0] = chunkFloats
	for i := 0; i < 31; i++ {
		if c.has(i) {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.values[i]))
		}
	}
	return b
}

func decodeChunk(b []byte) (chunk, error) {
	var c chunk
	if len(b) < 5 {
		return c, fmt.Errorf("metric chunk: %d bytes is too short", len(b))
	}
	c.present = binary.LittleEndian.Uint32(b[1:])
	p := b[5:]
	for i := 0; i < 31; i++ {
		if !c.has(i) {
			continue
		}
		switch b[0] {
		case chunkInts:
			v, n := binary.Varint(p)
			if n <= 0 {
				return c, fmt.Errorf("metric chunk: bad varint")
			}
			c.values[i] = float64(v)
			p = p[n:]
		case chunkFloats:
			if len(p) < 8 {
				return c, fmt.Errorf("metric chunk: truncated")
			}
			c.values[i] = math.Float64frombits(binary.LittleEndian.Uint64(p))
			p = p[8:]
		default:
			return c, fmt.Errorf("metric chunk: unknown format %d", b[0])
		}
	}
	return c, nil
}

// decodeInto writes a chunk's values into vals, where the chunk's first day
// (offset 0) is vals[first]; days that fall outside vals are skipped but
// still checked, so it refuses what decodeChunk refuses. It decodes in
// place, without building a chunk, for the scoring scan.
func decodeInto(b []byte, first int, vals []float64) error {
	if len(b) < 5 {
		return fmt.Errorf("metric chunk: %d bytes is too short", len(b))
	}
	present := binary.LittleEndian.Uint32(b[1:]) & (1<<31 - 1) // 31 days at most, as decodeChunk reads
	if present == 0 {
		return nil
	}
	p := b[5:]
	switch b[0] {
	case chunkInts:
		for present != 0 {
			off := bits.TrailingZeros32(present)
			present &= present - 1
			v, n := binary.Varint(p)
			if n <= 0 {
				return fmt.Errorf("metric chunk: bad varint")
			}
			p = p[n:]
			if i := first + off; i >= 0 && i < len(vals) {
				vals[i] = float64(v)
			}
		}
	case chunkFloats:
		for present != 0 {
			off := bits.TrailingZeros32(present)
			present &= present - 1
			if len(p) < 8 {
				return fmt.Errorf("metric chunk: truncated")
			}
			if i := first + off; i >= 0 && i < len(vals) {
				vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(p))
			}
			p = p[8:]
		}
	default:
		return fmt.Errorf("metric chunk: unknown format %d", b[0])
	}
	return nil
}
