package csvimport

import (
	"hash/maphash"
)

// maxCachedAccounts bounds the account id cache. Past it the cache starts
// over: files are usually grouped by account, so little is lost, and memory
// stays bounded however many accounts a file names.
const maxCachedAccounts = 200_000

// accountIDs caches external account ids → internal ids; 0 records an id
// known not to exist.
type accountIDs struct {
	m map[string]int64
}

// resolve makes sure every id in exts is cached, asking the store for the
// missing ones in one call.
func (j *job) resolve(exts []string) error {
	c := &j.ids
	missing := j.missing(exts)
	if len(c.m)+len(missing) > maxCachedAccounts {
		c.m = map[string]int64{}
		missing = j.missing(exts)
	}
	if len(missing) == 0 {
		return nil
	}
	got, err := j.tx.AccountIDs(j.ctx, missing)
	if err != nil {
		return j.storeErr(err)
	}
	for _, ext := range missing {
		c.m[ext] = got[ext] // 0 when unknown
	}
	return nil
}

func (j *job) missing(exts []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, ext := range exts {
		if _, ok := j.ids.m[ext]; !ok && !seen[ext] {
			seen[ext] = true
			out = append(out, ext)
		}
	}
	return out
}

// accountID returns a resolved account's internal id; ok is false when the
// account does not exist.
func (j *job) accountID(ext string) (id int64, ok bool) {
	id = j.ids.m[ext]
	return id, id != 0
}

// seenKeys finds keys given twice in a file (an account id, a contact's
// account and email). It keeps a 64-bit hash of each key and the line that
// first gave it, so memory per row is small whatever the keys' length; two
// different keys of a million-row file share a hash about once in 40
// million imports.
type seenKeys struct {
	seed maphash.Seed
	m    map[uint64]int
}

func newSeenKeys() *seenKeys { return &seenKeys{seed: maphash.MakeSeed(), m: map[uint64]int{}} }

// first records the key made of parts at line; when the key was seen before,
// it returns the earlier line and false.
func (s *seenKeys) first(line int, parts ...string) (prev int, ok bool) {
	var h maphash.Hash
	h.SetSeed(s.seed)
	for _, p := range parts {
		h.WriteString(p)
		h.WriteByte(0)
	}
	k := h.Sum64()
	if prev, dup := s.m[k]; dup {
		return prev, false
	}
	s.m[k] = line
	return 0, true
}
