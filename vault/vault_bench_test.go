package vault

import (
	"strings"
	"testing"
)

// BenchmarkField times sealing and opening one private field with a
// member's data key, at the sizes Hearth keeps: a short field (a name),
// a worksheet row as one sealed JSON record (~1 KB), and a long field at
// its limit (5,000 characters).
func BenchmarkField(b *testing.B) {
	keys, err := Generate()
	if err != nil {
		b.Fatal(err)
	}
	dk, _, err := keys.NewDataKey(1)
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []struct {
		name string
		n    int
	}{{"64B", 64}, {"1KB", 1 << 10}, {"5000B", 5000}} {
		text := strings.Repeat("a", size.n)
		b.Run("seal/"+size.name, func(b *testing.B) {
			b.SetBytes(int64(size.n))
			for b.Loop() {
				dk.SealString("step_entries", "fields", 42, text)
			}
		})
		sealed := dk.SealString("step_entries", "fields", 42, text)
		b.Run("open/"+size.name, func(b *testing.B) {
			b.SetBytes(int64(size.n))
			for b.Loop() {
				if _, err := dk.OpenString("step_entries", "fields", 42, sealed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// Unwrapping a member's data key, once per request that reads their
	// private data.
	_, wrapped, err := keys.NewDataKey(7)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("unwrap", func(b *testing.B) {
		for b.Loop() {
			if _, err := keys.Unwrap(7, wrapped); err != nil {
				b.Fatal(err)
			}
		}
	})
}
