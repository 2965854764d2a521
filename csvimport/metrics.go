package csvimport

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/gtg-dev/gtg"
)

// metricSpec: long form, one value a row: account_id,date,metric,value.
var metricSpec = &spec{
	fields:   []string{"account_id", "date", "metric", "value"},
	required: []string{"account_id", "date", "metric", "value"},
}

const (
	// metricBatch is how many rows are read before their accounts are
	// looked up and they are checked.
	metricBatch = 4096
	// metricBuffer is how many checked points are held, 32 bytes each,
	// before they go to the store. The store keeps a month of one metric in
	// one record; grouping a large buffer by record means each record is read
	// and rewritten once per buffer even when the file is ordered by day, as
	// daily exports are. 512k points is 16 MB.
	metricBuffer = 1 << 19
	// metricWrite is about how many points go to the store in one call.
	metricWrite = 8192
)

// metricLoader reads rows into a batch; every metricBatch rows it resolves
// the batch's accounts and checks it (unknown accounts, duplicates) in file
// order, then moves the good points into the buffer, written when full.
type metricLoader struct {
	j              *job
	fa, fd, fm, fv *field
	keys           map[string]int32 // metric as written → index in names
	byName         map[string]int32 // metric key → index in names
	names          []string         // metric keys
	seen           daysSeen
	batch          []rowPoint
	buf            []point
	// Reused by write.
	chunkOf map[chunkKey]int32
	chunks  []chunkCount
	perm    []int32
	pts     []gtg.MetricPoint
}

// rowPoint is a row read but not yet checked.
type rowPoint struct {
	account  string
	value    float64
	day      gtg.Day
	metric   int32
	line     int32    // where the row starts
	acctLine int32    // where its account id is
	rec      []string // with Partial: the row, for the rejects file
}

// point is a checked row, ready for the store.
type point struct {
	account int64
	value   float64
	day     gtg.Day
	metric  int32
	month   int32
}

func newMetricLoader(j *job) (loader[rowPoint], error) {
	c := j.cols
	return &metricLoader{j: j, fa: c.get("account_id"), fd: c.get("date"), fm: c.get("metric"), fv: c.get("value"),
		keys: map[string]int32{}, byName: map[string]int32{}, seen: newDaysSeen(), chunkOf: map[chunkKey]int32{},
		batch: make([]rowPoint, 0, metricBatch), buf: make([]point, 0, metricBuffer)}, nil
}

func (l *metricLoader) parse(r *row) (rowPoint, error) {
	p := rowPoint{account: r.text(l.fa), line: int32(r.line), acctLine: int32(r.lineOf(l.fa))}
	if p.account == "" {
		return rowPoint{}, r.required(l.fa)
	}
	var err error
	if p.day, err = r.day(l.fd); err != nil {
		return rowPoint{}, err
	} else if p.day == 0 {
		return rowPoint{}, r.required(l.fd)
	}
	m := r.text(l.fm)
	idx, ok := l.keys[m]
	if !ok {
		if m == "" {
			return rowPoint{}, r.required(l.fm)
		}
		key := strings.ToLower(m)
		if !gtg.ValidKey(key) {
			return rowPoint{}, r.errf(l.fm, "%q is not a metric key (letters, digits and _, starting with a letter)", m)
		}
		if idx, ok = l.byName[key]; !ok {
			idx = int32(len(l.names))
			l.names = append(l.names, key)
			l.byName[key] = idx
		}
		l.keys[m] = idx
	}
	p.metric = idx
	var given bool
	if p.value, given, err = r.number(l.fv); err != nil {
		return rowPoint{}, err
	} else if !given {
		return rowPoint{}, r.required(l.fv)
	}
	p.rec = l.j.keep(r.rec)
	return p, nil
}

func (l *metricLoader) add(p rowPoint) { l.batch = append(l.batch, p) }

func (l *metricLoader) full() bool { return len(l.batch) >= metricBatch }

func (l *metricLoader) flush(final bool) error {
	if err := l.check(); err != nil {
		return err
	}
	if final || len(l.buf) >= metricBuffer-metricBatch {
		return l.write()
	}
	return nil
}

// check resolves the batch's accounts and checks its rows in file order,
// moving the good ones to the buffer.
func (l *metricLoader) check() error {
	if len(l.batch) == 0 {
		return nil
	}
	j := l.j
	exts := make([]string, 0, 64)
	for i, p := range l.batch {
		if i == 0 || p.account != l.batch[i-1].account {
			exts = append(exts, p.account)
		}
	}
	if err := j.resolve(exts); err != nil {
		return err
	}
	for _, p := range l.batch {
		id, ok := j.accountID(p.account)
		if !ok {
			if err := j.refuse(p.rec, &rowError{line: int(p.acctLine), column: l.fa.header,
				msg: fmt.Sprintf("unknown account %q", p.account)}); err != nil {
				return err
			}
			continue
		}
		month, off := monthOf(p.day)
		if !l.seen.add(id, p.metric, month, off) {
			if err := j.refuse(p.rec, &rowError{line: int(p.line), msg: fmt.Sprintf(
				"duplicate: account %q has a %s value for %s on an earlier line", p.account, l.names[p.metric], p.day)}); err != nil {
				return err
			}
			continue
		}
		l.buf = append(l.buf, point{account: id, value: p.value, day: p.day, metric: p.metric, month: int32(month)})
	}
	l.batch = l.batch[:0]
	return nil
}

// write hands the buffer to the store grouped by month-long record, records
// in (account, metric, month) order, in calls of about metricWrite points
// cut between records. Grouping is a counting sort: one map lookup a point,
// then a sort of the records only.
func (l *metricLoader) write() error {
	j := l.j
	clear(l.chunkOf)
	l.chunks = l.chunks[:0]
	for _, p := range l.buf {
		k := chunkKey{p.account, p.metric, p.month}
		c, ok := l.chunkOf[k]
		if !ok {
			c = int32(len(l.chunks))
			l.chunkOf[k] = c
			l.chunks = append(l.chunks, chunkCount{key: k})
		}
		l.chunks[c].n++
	}
	order := make([]int32, len(l.chunks))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return l.chunks[a].key.compare(l.chunks[b].key) })
	at := 0
	for _, c := range order { // each record's first position in the output
		l.chunks[c].at = at
		at += l.chunks[c].n
	}
	l.perm = slices.Grow(l.perm[:0], len(l.buf))[:len(l.buf)]
	for i, p := range l.buf {
		c := &l.chunks[l.chunkOf[chunkKey{p.account, p.metric, p.month}]]
		l.perm[c.at] = int32(i)
		c.at++
	}
	start, end := 0, 0
	for i, c := range order {
		end += l.chunks[c].n
		if end-start < metricWrite && i < len(order)-1 {
			continue
		}
		l.pts = l.pts[:0]
		for _, k := range l.perm[start:end] {
			p := &l.buf[k]
			l.pts = append(l.pts, gtg.MetricPoint{AccountID: p.account, Key: l.names[p.metric], Day: p.day, Value: p.value})
		}
		n, err := j.tx.MergeMetrics(j.ctx, l.pts)
		if err != nil {
			return j.storeErr(err)
		}
		j.res.Loaded += len(l.pts)
		j.res.Changed += n
		start = end
	}
	l.buf = l.buf[:0]
	return nil
}

// chunkKey names a month-long record of the store: one metric of one account.
type chunkKey struct {
	account int64
	metric  int32
	month   int32
}

func (a chunkKey) compare(b chunkKey) int {
	if c := cmp.Compare(a.account, b.account); c != 0 {
		return c
	}
	if c := cmp.Compare(a.metric, b.metric); c != 0 {
		return c
	}
	return cmp.Compare(a.month, b.month)
}

type chunkCount struct {
	key chunkKey
	n   int // points in this buffer
	at  int // next position in the output
}

// daysSeen finds an (account, metric, day) given twice in a file in bounded
// memory: one 31-bit bitmap of days per account, metric and month, not an
// entry per row.
type daysSeen struct {
	packed map[uint64]uint32
	wide   map[chunkKey]uint32 // for ids too large to pack; not expected
}

func newDaysSeen() daysSeen { return daysSeen{packed: map[uint64]uint32{}} }

// add marks the day (a month and an offset in it) and reports whether it was new.
func (s *daysSeen) add(account int64, metric int32, month, off int) bool {
	bit := uint32(1) << off
	if account >= 0 && account < 1<<32 && metric < 1<<16 && month >= 0 && month < 1<<16 {
		k := uint64(account)<<32 | uint64(metric)<<16 | uint64(month)
		v := s.packed[k]
		s.packed[k] = v | bit
		return v&bit == 0
	}
	if s.wide == nil {
		s.wide = map[chunkKey]uint32{}
	}
	k := chunkKey{account, metric, int32(month)}
	v := s.wide[k]
	s.wide[k] = v | bit
	return v&bit == 0
}
