// Package credential makes and checks the secrets a member signs in with:
// argon2id password hashes, one-time recovery codes, and the random tokens
// behind session cookies and personal access tokens. Only hashes of these
// are ever stored.
package credential

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// defaultParams are OWASP's recommended minimum for argon2id, and
// Hearth's: 19 MiB of memory, two passes, one lane, a 16-byte salt and a
// 32-byte key. A Hasher never makes weaker hashes.
var defaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds on parameters read from a stored hash. They keep a corrupt or
// planted hash from making Verify allocate without limit, while leaving
// room to raise the cost in years to come.
const (
	maxMemory  = 1 << 20 // KiB: 1 GiB
	maxTime    = 64
	minSaltLen = 8
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

// ErrMalformedHash is returned by Verify for a stored hash it cannot read.
var ErrMalformedHash = errors.New("credential: malformed password hash")

var b64 = base64.RawStdEncoding

// A Hasher hashes and verifies passwords, at most a fixed number at a time.
// Each hash takes tens of milliseconds of one core and 19 MiB of memory, so
// a burst of sign-ins waits its turn rather than starving the server of
// CPU and memory. The zero value is not usable; call NewHasher. A Hasher
// is safe for concurrent use.
type Hasher struct {
	params  Params
	sem     chan struct{}
	waiting atomic.Int64
	running atomic.Int64
	// dummy is a well-formed hash with the Hasher's parameters that no
	// password matches, for VerifyNobody.
	dummy string
	// derive computes the key; tests wrap it to watch the bound.
	derive func(password, salt []byte, p Params) []byte

	// Each hash takes 19 MiB that Go would otherwise give back to the
	// system only minutes later; once a burst of hashes is over (none
	// running or waiting for idleAfter), release gives it back at once.
	release   func()
	idleAfter time.Duration
	idleMu    sync.Mutex
	idleTimer *time.Timer
}

// HasherConfig configures a Hasher. The zero value gives the defaults.
type HasherConfig struct {
	// Concurrency bounds the hashes computed at once; 0 means
	// runtime.GOMAXPROCS(0).
	Concurrency int
	// Params are the parameters of new hashes; the zero value means
	// defaultParams. Verify reads each stored hash's own parameters.
	Params Params
}

// NewHasher returns a Hasher. It returns an error if the parameters are
// weaker than Hearth accepts (m = 19 MiB, t = 2, a 16-byte salt and a
// 32-byte key), use more than one lane (each turn stands for one core), or
// are out of bounds.
func NewHasher(c HasherConfig) (*Hasher, error) {
	if c.Concurrency <= 0 {
		c.Concurrency = runtime.GOMAXPROCS(0)
	}
	if c.Params == (Params{}) {
		c.Params = defaultParams
	}
	p := c.Params
	if p.Memory < defaultParams.Memory || p.Time < defaultParams.Time || p.Threads != 1 ||
		p.SaltLen < defaultParams.SaltLen || p.KeyLen < defaultParams.KeyLen {
		return nil, fmt.Errorf("credential: argon2id parameters %+v are weaker than %+v or use more than one lane", p, defaultParams)
	}
	if !p.inBounds() {
		return nil, fmt.Errorf("credential: argon2id parameters %+v are out of bounds", p)
	}
	h := &Hasher{
		params:    p,
		sem:       make(chan struct{}, c.Concurrency),
		derive:    argon2id,
		release:   debug.FreeOSMemory,
		idleAfter: 500 * time.Millisecond,
	}
	salt, key := make([]byte, p.SaltLen), make([]byte, p.KeyLen)
	rand.Read(salt)
	rand.Read(key)
	h.dummy = encode(p, salt, key)
	return h, nil
}

func argon2id(password, salt []byte, p Params) []byte {
	return argon2.IDKey(password, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// Params returns the parameters of the hashes h makes.
func (h *Hasher) Params() Params { return h.params }

// Concurrency returns how many hashes h computes at once at most.
func (h *Hasher) Concurrency() int { return cap(h.sem) }

// Waiting returns how many calls are queued for a turn, for metrics.
func (h *Hasher) Waiting() int { return int(h.waiting.Load()) }

// Running returns how many hashes are being computed now, for metrics.
func (h *Hasher) Running() int { return int(h.running.Load()) }

// Hash returns the PHC string of a new argon2id hash of password, e.g.
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>" with unpadded standard
// base64. The whole password is hashed, however long; callers bound its
// length (hearth.PasswordMax). If ctx ends while Hash waits for its turn,
// it returns ctx's error.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	rand.Read(salt)
	key, err := h.compute(ctx, password, salt, h.params)
	if err != nil {
		return "", err
	}
	return encode(h.params, salt, key), nil
}

// Verify reports whether password matches the stored hash encoded, comparing
// in constant time. The parameters come from encoded itself, so hashes made
// with older parameters still verify; rehash reports that encoded differs
// from h's parameters, and the caller should store a fresh Hash of the
// password after a successful sign-in. It returns ErrMalformedHash for a
// hash it cannot read, and ctx's error if ctx ends while it waits.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (ok, rehash bool, err error) {
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	got, err := h.compute(ctx, password, salt, p)
	if err != nil {
		return false, false, err
	}
	ok = subtle.ConstantTimeCompare(got, want) == 1
	return ok, ok && p != h.params, nil
}

// VerifyNobody does the work of a Verify that fails, for a sign-in name
// that does not exist, so that the answer takes as long as for a wrong
// password and does not tell whether the name is in use. It returns an
// error only when ctx ends.
func (h *Hasher) VerifyNobody(ctx context.Context, password string) error {
	_, _, err := h.Verify(ctx, password, h.dummy)
	return err
}

// compute derives the key while holding one of h's turns.
func (h *Hasher) compute(ctx context.Context, password string, salt []byte, p Params) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h.waiting.Add(1)
	select {
	case h.sem <- struct{}{}:
		h.waiting.Add(-1)
	case <-ctx.Done():
		h.waiting.Add(-1)
		return nil, ctx.Err()
	}
	h.running.Add(1)
	defer func() {
		if h.running.Add(-1) == 0 && h.waiting.Load() == 0 {
			h.releaseWhenIdle()
		}
		<-h.sem
	}()
	return h.derive([]byte(password), salt, p), nil
}

// releaseWhenIdle gives the hashes' memory back to the system once no hash
// has run or waited for idleAfter; a new hash before then puts it off.
func (h *Hasher) releaseWhenIdle() {
	h.idleMu.Lock()
	defer h.idleMu.Unlock()
	if h.idleTimer != nil {
		h.idleTimer.Reset(h.idleAfter)
		return
	}
	h.idleTimer = time.AfterFunc(h.idleAfter, func() {
		if h.running.Load() == 0 && h.waiting.Load() == 0 {
			h.release()
		}
	})
}

func (p Params) inBounds() bool {
	return p.Memory >= 8*uint32(p.Threads) && p.Memory <= maxMemory &&
		p.Time >= 1 && p.Time <= maxTime && p.Threads >= 1 &&
		p.SaltLen >= minSaltLen && p.SaltLen <= maxSaltLen &&
		p.KeyLen >= minKeyLen && p.KeyLen <= maxKeyLen
}

func encode(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decode parses a PHC string made by encode. It is strict: the fields in
// order, decimal numbers without signs or leading zeros, canonical base64.
func decode(s string) (p Params, salt, key []byte, err error) {
	fail := func() (Params, []byte, []byte, error) { return Params{}, nil, nil, ErrMalformedHash }
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" || f[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail()
	}
	var n [3]uint64 // m, t, p
	kv := strings.Split(f[3], ",")
	if len(kv) != 3 {
		return fail()
	}
	for i, name := range [3]string{"m", "t", "p"} {
		k, val, ok := strings.Cut(kv[i], "=")
		if !ok || k != name || !canonicalUint(val) {
			return fail()
		}
		if n[i], err = strconv.ParseUint(val, 10, 32); err != nil {
			return fail()
		}
	}
	if n[2] > 255 {
		return fail()
	}
	if salt, err = decodeB64(f[4]); err != nil {
		return fail()
	}
	if key, err = decodeB64(f[5]); err != nil {
		return fail()
	}
	p = Params{Memory: uint32(n[0]), Time: uint32(n[1]), Threads: uint8(n[2]), SaltLen: uint32(len(salt)), KeyLen: uint32(len(key))}
	if !p.inBounds() {
		return fail()
	}
	return p, salt, key, nil
}

func canonicalUint(s string) bool {
	if s == "" || len(s) > 10 || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// decodeB64 decodes unpadded standard base64 and refuses any other spelling
// of the same bytes (stray bits, line breaks), so each hash has exactly one
// string.
func decodeB64(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, ErrMalformedHash
	}
	return b64.Strict().DecodeString(s)
}
