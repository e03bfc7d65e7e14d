package credential

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func mustHasher(t testing.TB, c HasherConfig) *Hasher {
	t.Helper()
	h, err := NewHasher(c)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestDefaultParamsMeetMinimum(t *testing.T) {
	// TRUST.md: argon2id with m ≥ 19 MiB, t ≥ 2, p = 1.
	p := mustHasher(t, HasherConfig{}).Params()
	if p.Memory < 19*1024 || p.Time < 2 || p.Threads != 1 || p.SaltLen < 16 || p.KeyLen < 32 {
		t.Errorf("params %+v are weaker than m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte key", p)
	}
}

func TestNewHasherRefusesWeakParams(t *testing.T) {
	weaker := []Params{
		{Memory: 19*1024 - 1, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 19 * 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 19 * 1024, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32},
		{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 8, KeyLen: 32},
		{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 16},
		{Memory: maxMemory + 1, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32},
	}
	for _, p := range weaker {
		if _, err := NewHasher(HasherConfig{Params: p}); err == nil {
			t.Errorf("NewHasher(%+v) succeeded", p)
		}
	}
}

var phc = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashVerify(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	ctx := context.Background()
	long := strings.Repeat("serenity ", 200) // 1,800 bytes
	tests := []struct {
		name, password, attempt string
		want                    bool
	}{
		{"same", "correct horse battery staple", "correct horse battery staple", true},
		{"wrong", "correct horse battery staple", "correct horse battery stapler", false},
		{"case matters", "OneDayAtATime", "onedayatatime", false},
		{"unicode", "un día a la vez ☀", "un día a la vez ☀", true},
		{"long", long, long, true},
		// No truncation: a difference past any common cut-off (72 bytes
		// for bcrypt) is noticed.
		{"long differs at end", long + "a", long + "b", false},
		{"empty attempt", "something", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, err := h.Hash(ctx, tt.password)
			if err != nil {
				t.Fatal(err)
			}
			if !phc.MatchString(enc) {
				t.Fatalf("Hash = %q, not a PHC argon2id string with the default parameters", enc)
			}
			ok, rehash, err := h.Verify(ctx, tt.attempt, enc)
			if err != nil || ok != tt.want || rehash {
				t.Errorf("Verify = %v, %v, %v; want %v, false, nil", ok, rehash, err, tt.want)
			}
		})
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	a, _ := h.Hash(context.Background(), "same password")
	b, _ := h.Hash(context.Background(), "same password")
	if a == b {
		t.Errorf("two hashes of one password are equal: %s", a)
	}
}

// The test vector of the Argon2 reference implementation
// (phc-winner-argon2, src/test.c): argon2id, v=19, m=64 MiB, t=2, p=1,
// password "password", salt "somesalt".
const referenceHash = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"

func TestVerifyKnownAnswer(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	ctx := context.Background()
	ok, rehash, err := h.Verify(ctx, "password", referenceHash)
	if err != nil || !ok {
		t.Fatalf("Verify(reference) = %v, %v, %v; want a match", ok, rehash, err)
	}
	if !rehash {
		t.Error("a hash with other parameters than the Hasher's should be due for a rehash")
	}
	if ok, rehash, _ := h.Verify(ctx, "Password", referenceHash); ok || rehash {
		t.Errorf("wrong password: Verify = %v, %v; want false, false", ok, rehash)
	}
}

func TestVerifyTampered(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	ctx := context.Background()
	good, err := h.Hash(ctx, "keep coming back")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(good, "$") // "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	join := func(i int, s string) string {
		g := append([]string(nil), f...)
		g[i] = s
		return strings.Join(g, "$")
	}
	flip := func(s string) string { // change the first character
		if s[0] == 'A' {
			return "B" + s[1:]
		}
		return "A" + s[1:]
	}
	// Well-formed but altered: no match.
	mismatch := map[string]string{
		"memory":  join(3, "m=19457,t=2,p=1"),
		"time":    join(3, "m=19456,t=3,p=1"),
		"threads": join(3, "m=19456,t=2,p=2"),
		"salt":    join(4, flip(f[4])),
		"key":     join(5, flip(f[5])),
	}
	for name, enc := range mismatch {
		t.Run(name, func(t *testing.T) {
			ok, _, err := h.Verify(ctx, "keep coming back", enc)
			if ok || err != nil {
				t.Errorf("Verify(%q) = %v, %v; want false, nil", enc, ok, err)
			}
		})
	}
	// Not something Hearth wrote: refused without hashing.
	malformed := map[string]string{
		"empty":             "",
		"argon2i":           join(1, "argon2i"),
		"old version":       join(2, "v=16"),
		"no version":        strings.Replace(good, "$v=19", "", 1),
		"param order":       join(3, "t=2,m=19456,p=1"),
		"leading zero":      join(3, "m=019456,t=2,p=1"),
		"sign":              join(3, "m=+19456,t=2,p=1"),
		"missing param":     join(3, "m=19456,t=2"),
		"extra param":       join(3, "m=19456,t=2,p=1,k=1"),
		"zero time":         join(3, "m=19456,t=0,p=1"),
		"zero threads":      join(3, "m=19456,t=2,p=0"),
		"threads > 255":     join(3, "m=19456,t=2,p=256"),
		"memory too large":  join(3, "m=4294967295,t=2,p=1"),
		"memory overflow":   join(3, "m=4294967296,t=2,p=1"),
		"memory too small":  join(3, "m=7,t=2,p=1"),
		"time too large":    join(3, "m=19456,t=1000000,p=1"),
		"padded salt":       join(4, f[4]+"=="),
		"newline in key":    join(5, f[5][:10]+"\n"+f[5][10:]),
		"url base64":        join(5, strings.NewReplacer("+", "-", "/", "_").Replace(f[5])+"-"),
		"short salt":        join(4, "c29tZQ"),
		"short key":         join(5, f[5][:20]),
		"trailing dollar":   good + "$",
		"extra field":       good + "$x",
		"leading garbage":   "x" + good,
		"not base64":        join(4, "!!!!!!!!!!!!!!!!!!!!!!"),
		"non-canonical b64": join(5, f[5][:42]+"B"), // stray low bits
	}
	for name, enc := range malformed {
		t.Run(name, func(t *testing.T) {
			ok, rehash, err := h.Verify(ctx, "keep coming back", enc)
			if ok || rehash || !errors.Is(err, ErrMalformedHash) {
				t.Errorf("Verify(%q) = %v, %v, %v; want ErrMalformedHash", enc, ok, rehash, err)
			}
		})
	}
}

func TestVerifyNobody(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	var calls atomic.Int32
	var gotParams Params
	h.derive = func(pw, salt []byte, p Params) []byte {
		calls.Add(1)
		gotParams = p
		return argon2id(pw, salt, p)
	}
	if err := h.VerifyNobody(context.Background(), "password"); err != nil {
		t.Fatal(err)
	}
	// It must do the same work as a real Verify: one derivation with the
	// Hasher's own parameters.
	if calls.Load() != 1 || gotParams != h.Params() {
		t.Errorf("VerifyNobody derived %d keys with %+v; want 1 with %+v", calls.Load(), gotParams, h.Params())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.VerifyNobody(ctx, "password"); !errors.Is(err, context.Canceled) {
		t.Errorf("VerifyNobody with ended context = %v", err)
	}
}

// TestConcurrencyBound starts more hashes than the bound, holds them while
// they run, and checks that the running count never exceeds the bound and
// that the rest wait.
func TestConcurrencyBound(t *testing.T) {
	const bound, calls = 2, 7
	h := mustHasher(t, HasherConfig{Concurrency: bound})
	enc, err := h.Hash(context.Background(), "hope")
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	var active, maxActive atomic.Int32
	var maxRunning atomic.Int32
	h.derive = func(pw, salt []byte, p Params) []byte {
		n := active.Add(1)
		defer active.Add(-1)
		for {
			m := maxActive.Load()
			if n <= m || maxActive.CompareAndSwap(m, n) {
				break
			}
		}
		if r := int32(h.Running()); r > maxRunning.Load() {
			maxRunning.Store(r)
		}
		<-release
		return argon2id(pw, salt, p)
	}

	var wg sync.WaitGroup
	results := make(chan bool, calls)
	for range calls {
		wg.Go(func() {
			ok, _, err := h.Verify(context.Background(), "hope", enc)
			results <- ok && err == nil
		})
	}
	waitFor(t, func() bool { return h.Running() == bound && h.Waiting() == calls-bound })
	close(release)
	wg.Wait()
	close(results)
	for ok := range results {
		if !ok {
			t.Error("a queued Verify failed")
		}
	}
	if maxActive.Load() > bound || maxRunning.Load() > bound {
		t.Errorf("%d hashes ran at once (Running said %d); bound is %d", maxActive.Load(), maxRunning.Load(), bound)
	}
	if h.Running() != 0 || h.Waiting() != 0 {
		t.Errorf("after all calls: Running = %d, Waiting = %d; want 0, 0", h.Running(), h.Waiting())
	}
}

func TestWaitEndsWithContext(t *testing.T) {
	h := mustHasher(t, HasherConfig{Concurrency: 1})
	release := make(chan struct{})
	h.derive = func(pw, salt []byte, p Params) []byte {
		<-release
		return make([]byte, p.KeyLen)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.Hash(context.Background(), "first")
	}()
	waitFor(t, func() bool { return h.Running() == 1 })

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "second"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Hash while the only turn is taken = %v; want context.DeadlineExceeded", err)
	}
	if _, _, err := h.Verify(ctx, "second", referenceHash); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Verify with an ended context = %v; want context.DeadlineExceeded", err)
	}
	if h.Waiting() != 0 {
		t.Errorf("Waiting = %d after the waiter gave up", h.Waiting())
	}
	close(release)
	<-done
}

func TestDefaultConcurrency(t *testing.T) {
	h := mustHasher(t, HasherConfig{})
	if h.Concurrency() < 1 {
		t.Errorf("Concurrency = %d", h.Concurrency())
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10s")
		}
		time.Sleep(time.Millisecond)
	}
}

func BenchmarkHash(b *testing.B) {
	h := mustHasher(b, HasherConfig{})
	for b.Loop() {
		h.Hash(context.Background(), "correct horse battery staple")
	}
}

// TestMemoryReleasedAfterABurst: once a burst of hashes is over, the
// Hasher gives their memory back once, not after each hash.
func TestMemoryReleasedAfterABurst(t *testing.T) {
	h, err := NewHasher(HasherConfig{Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{}, 10)
	h.release = func() { released <- struct{}{} }
	h.idleAfter = 50 * time.Millisecond
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := h.Hash(context.Background(), "a burst of sign-ins"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	select {
	case <-released:
	case <-time.After(5 * time.Second):
		t.Fatal("memory was not released after the burst")
	}
	select {
	case <-released:
		t.Fatal("memory was released more than once for one burst")
	case <-time.After(200 * time.Millisecond):
	}
}
