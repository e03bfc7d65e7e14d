package meetingguide

import (
	"fmt"
	"hash/maphash"
)

// claims are the slugs taken in one feed: every slug, the SLUG-DAY slugs
// of a meeting on several days, and the BASE of every one-day record
// BASE-DAY. A feed of 120,000 meetings holds some 250,000 of them, so
// they are kept compactly: each distinct string once, as bytes in an
// arena, found by a 64-bit hash of it. A hash is only an index: a string
// is taken when the stored bytes are equal, so two slugs whose hashes
// collide are still told apart (the later one is kept in extra). A
// several-day meeting's SLUG-DAY slugs are not stored at all: they are
// its slug and its days.
type claims struct {
	// hash hashes a string; nil means maphash with seed (tests set a
	// poor one to force collisions).
	hash  func(string) uint64
	seed  maphash.Seed
	index map[uint64]claimEntry
	// extra holds the strings whose hash a different string had taken
	// first: rare, and looked at only on such a hash.
	extra map[string]claimEntry
	arena arena
}

// claimEntry is what one string is taken as.
type claimEntry struct {
	off   uint32 // the string's bytes in the arena
	n     uint16 // its length
	flags uint8
	days  uint8 // the days of a meeting on several days, bit d for day d
	owner int32 // the record or meeting whose slug the string is
	base  int32 // the first one-day record BASE-DAY with the string as BASE
}

const (
	claimSlug  = 1 << iota // the string is a slug
	claimMulti             // … of a meeting on several days
	claimBase              // the string is the BASE of a one-day record BASE-DAY
)

// find returns the entry of s, if s is taken in any way.
func (c *claims) find(s string) (claimEntry, bool) {
	if len(s) > maxArenaString {
		e, ok := c.extra[s]
		return e, ok
	}
	if c.index == nil {
		return claimEntry{}, false
	}
	e, ok := c.index[c.sum(s)]
	if !ok {
		return claimEntry{}, false
	}
	if c.arena.equal(e.off, int(e.n), s) {
		return e, true
	}
	e, ok = c.extra[s]
	return e, ok
}

// put stores the entry of s, which find has just looked up; e.off and e.n
// locate s in the arena.
func (c *claims) put(s string, e claimEntry) {
	if c.index == nil {
		c.index = make(map[uint64]claimEntry)
		if c.hash == nil {
			c.seed = maphash.MakeSeed()
		}
	}
	h := c.sum(s)
	if old, ok := c.index[h]; len(s) > maxArenaString || ok && !c.arena.equal(old.off, int(old.n), s) {
		if c.extra == nil {
			c.extra = make(map[string]claimEntry)
		}
		c.extra[s] = e
		return
	}
	c.index[h] = e
}

func (c *claims) sum(s string) uint64 {
	if c.hash != nil {
		return c.hash(s)
	}
	return maphash.String(c.seed, s)
}

// slugOwner returns who takes the slug s: a meeting or record whose slug
// it is, or a meeting on several days that writes it as one of its
// SLUG-DAY records.
func (c *claims) slugOwner(s string) (int, bool) {
	if e, ok := c.find(s); ok && e.flags&claimSlug != 0 {
		return int(e.owner), true
	}
	if n := len(s); n >= 3 && s[n-2] == '-' && s[n-1] >= '0' && s[n-1] <= '6' {
		if e, ok := c.find(s[:n-2]); ok && e.flags&claimMulti != 0 && e.days&(1<<(s[n-1]-'0')) != 0 {
			return int(e.owner), true
		}
	}
	return 0, false
}

// claim takes the slugs of m for owner (a record index or a meeting
// number, named by noun in messages), or reports why it cannot. Slugs
// are at most 64 bytes (m is valid).
func (c *claims) claim(m *Meeting, owner int, noun string) (Problem, bool) {
	taken := func(format string, args ...any) (Problem, bool) {
		return Problem{Field: "slug", Code: CodeDuplicate, Message: fmt.Sprintf(format, args...)}, false
	}
	s := m.Slug
	if o, ok := c.slugOwner(s); ok {
		return taken("slug %q is already used by %s %d", s, noun, o)
	}
	e, found := c.find(s)
	if len(m.Days) > 1 {
		if found && e.flags&claimBase != 0 {
			return taken("slug %q would be written as %s-DAY records, which could not be told apart from %s %d", s, s, noun, e.base)
		}
		for _, d := range m.Days {
			if o, ok := c.slugOwner(daySlug(s, d)); ok {
				return taken("slug %q would be written as %q, which %s %d already uses", s, daySlug(s, d), noun, o)
			}
		}
		if !found {
			e = claimEntry{off: c.arena.add(s), n: uint16(len(s))}
		}
		e.flags |= claimSlug | claimMulti
		e.owner = int32(owner)
		for _, d := range m.Days {
			e.days |= 1 << d
		}
		c.put(s, e)
		return Problem{}, true
	}
	base, isDay := dayRecordBase(m)
	if isDay {
		if b, ok := c.find(base); ok && b.flags&claimMulti != 0 {
			return taken("slug %q could not be told apart from the days of meeting %q (%s %d)", s, base, noun, b.owner)
		}
	}
	if !found {
		e = claimEntry{off: c.arena.add(s), n: uint16(len(s))}
	}
	e.flags |= claimSlug
	e.owner = int32(owner)
	c.put(s, e)
	if isDay {
		b, ok := c.find(base)
		if !ok {
			// BASE is the slug's beginning: its bytes are already stored.
			b = claimEntry{off: e.off, n: uint16(len(base))}
			if len(s) > maxArenaString {
				b.off = c.arena.add(base)
			}
		}
		if b.flags&claimBase == 0 {
			b.flags |= claimBase
			b.base = int32(owner)
			c.put(base, b)
		}
	}
	return Problem{}, true
}

// arena holds strings back to back, in chunks that are never moved, so
// that growing it copies nothing. A string longer than maxArenaString
// (no valid slug is) is not put in it: claims keeps it in extra.
type arena struct {
	chunks [][]byte
}

const (
	arenaChunk     = 64 << 10
	maxArenaString = 1 << 10
)

// add stores s and returns where; s is at most maxArenaString bytes.
func (a *arena) add(s string) uint32 {
	if len(s) > maxArenaString {
		return 0
	}
	n := len(a.chunks)
	if n == 0 || len(a.chunks[n-1])+len(s) > arenaChunk {
		a.chunks = append(a.chunks, make([]byte, 0, arenaChunk))
		n++
	}
	c := &a.chunks[n-1]
	off := uint32(n-1)<<16 | uint32(len(*c))
	*c = append(*c, s...)
	return off
}

// equal reports whether the n bytes at off are s.
func (a *arena) equal(off uint32, n int, s string) bool {
	if n != len(s) {
		return false
	}
	i := int(off & 0xffff)
	return string(a.chunks[off>>16][i:i+n]) == s
}
