package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	k, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	dk, wrapped, err := k.NewDataKey(7)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(wrapped, []byte("canary")) || len(wrapped) != wrapOverhead+keySize {
		t.Fatalf("wrapped key has length %d", len(wrapped))
	}
	sealed := dk.SealString("accounts", "email", 7, "canary@example.org")
	if bytes.Contains(sealed, []byte("canary")) {
		t.Fatal("plaintext visible in ciphertext")
	}
	again, err := k.Unwrap(7, wrapped)
	if err != nil {
		t.Fatal(err)
	}
	got, err := again.OpenString("accounts", "email", 7, sealed)
	if err != nil || got != "canary@example.org" {
		t.Fatalf("OpenString = %q, %v", got, err)
	}

	tests := []struct {
		name   string
		table  string
		column string
		row    int64
		mangle func([]byte) []byte
	}{
		{"other row", "accounts", "email", 8, nil},
		{"other column", "accounts", "pronouns", 7, nil},
		{"other table", "shares", "email", 7, nil},
		{"flipped bit", "accounts", "email", 7, func(b []byte) []byte { b = bytes.Clone(b); b[20] ^= 1; return b }},
		{"truncated", "accounts", "email", 7, func(b []byte) []byte { return b[:10] }},
		{"unknown version", "accounts", "email", 7, func(b []byte) []byte { b = bytes.Clone(b); b[0] = 9; return b }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := sealed
			if tc.mangle != nil {
				s = tc.mangle(s)
			}
			if _, err := again.OpenString(tc.table, tc.column, tc.row, s); !errors.Is(err, ErrOpen) {
				t.Fatalf("opened with err %v, want ErrOpen", err)
			}
		})
	}

	if _, err := k.Unwrap(8, wrapped); !errors.Is(err, ErrOpen) {
		t.Fatalf("data key of account 7 unwrapped as account 8: %v", err)
	}
	other, _ := Generate()
	if _, err := other.Unwrap(7, wrapped); err == nil {
		t.Fatal("another server key unwrapped the data key")
	}
}

func TestSealIsRandomised(t *testing.T) {
	k, _ := Generate()
	dk, _, _ := k.NewDataKey(1)
	a := dk.SealString("t", "c", 1, "same")
	b := dk.SealString("t", "c", 1, "same")
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same text are equal")
	}
}

func TestRotation(t *testing.T) {
	k, _ := Generate()
	dk, wrapped, _ := k.NewDataKey(3)
	sealed := dk.SealString("t", "c", 3, "kept")

	if err := k.AddPrimary(); err != nil {
		t.Fatal(err)
	}
	if k.Len() != 2 || k.PrimaryID() != 2 {
		t.Fatalf("after AddPrimary: %d keys, primary %d", k.Len(), k.PrimaryID())
	}
	rewrapped, changed, err := k.Rewrap(3, wrapped)
	if err != nil || !changed {
		t.Fatalf("Rewrap: changed=%v err=%v", changed, err)
	}
	if _, changed, _ := k.Rewrap(3, rewrapped); changed {
		t.Fatal("rewrapping twice changed it again")
	}
	k.DropOld()
	if _, err := k.Unwrap(3, wrapped); err == nil {
		t.Fatal("old wrapping still opens after the old key was dropped")
	}
	dk2, err := k.Unwrap(3, rewrapped)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := dk2.OpenString("t", "c", 3, sealed); err != nil || got != "kept" {
		t.Fatalf("after rotation: %q %v", got, err)
	}
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "server.key")
	k, created, err := LoadOrCreate(path)
	if err != nil || !created {
		t.Fatalf("LoadOrCreate: created=%v err=%v", created, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	k2, created, err := LoadOrCreate(path)
	if err != nil || created {
		t.Fatalf("second LoadOrCreate: created=%v err=%v", created, err)
	}
	_, w, _ := k.NewDataKey(1)
	if _, err := k2.Unwrap(1, w); err != nil {
		t.Fatal("reloaded key file does not unwrap:", err)
	}

	bad := []struct{ name, body, want string }{
		{"empty", "# nothing\n", "no key"},
		{"not base64", "hearth-key 1 !!!\n", "not base64"},
		{"short key", "hearth-key 1 AAAA\n", "bytes"},
		{"repeated id", string(k.Marshal()) + strings.Split(string(k.Marshal()), "\n")[2] + "\n", "repeated"},
		{"garbage", "hello\n", "want"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			os.WriteFile(p, []byte(tc.body), 0o600)
			_, err := LoadFile(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "malformed") {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := LoadFile(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing file: %v", err)
	}
}

// TestSharedKey: a shared key sealed for two accounts opens for each with
// their own data key, and seals what only it opens.
func TestSharedKey(t *testing.T) {
	k, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := k.NewDataKey(1)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := k.NewDataKey(2)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := NewSharedKey()
	if err != nil {
		t.Fatal(err)
	}
	forA, forB := a.Seal(raw, AD("conversations", "key_a", 7)), b.Seal(raw, AD("conversations", "key_b", 7))
	rawA, errA := a.Open(forA, AD("conversations", "key_a", 7))
	rawB, errB := b.Open(forB, AD("conversations", "key_b", 7))
	if errA != nil || errB != nil || !bytes.Equal(rawA, raw) || !bytes.Equal(rawB, raw) {
		t.Fatalf("the shared key did not open for both: %v, %v", errA, errB)
	}
	if _, err := b.Open(forA, AD("conversations", "key_a", 7)); err == nil {
		t.Fatal("one account's copy opened with the other's key")
	}
	shared, err := KeyFromRaw(rawB)
	if err != nil {
		t.Fatal(err)
	}
	sealed := shared.SealString("messages", "body", 3, "see you at seven")
	if _, err := a.OpenString("messages", "body", 3, sealed); err == nil {
		t.Fatal("a message sealed with the shared key opened with a member's own key")
	}
	mine, _ := KeyFromRaw(rawA)
	if got, err := mine.OpenString("messages", "body", 3, sealed); err != nil || got != "see you at seven" {
		t.Fatalf("opened %q, %v", got, err)
	}
	if _, err := KeyFromRaw(raw[:16]); err == nil {
		t.Fatal("a short key was taken")
	}
}

// TestReportKey: a report's key opens only as that report's key: not as
// another report's, nor as an account's data key of the same number, and
// an account's data key does not open as a report key. It survives
// rotation like a data key.
func TestReportKey(t *testing.T) {
	k, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	key, wrapped, err := k.NewReportKey(9)
	if err != nil {
		t.Fatal(err)
	}
	sealed := key.SealString("message_reports", "body", 9, "the reported words")
	opened, err := k.UnwrapReportKey(9, wrapped)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := opened.OpenString("message_reports", "body", 9, sealed); err != nil || got != "the reported words" {
		t.Fatalf("opened %q, %v", got, err)
	}
	if _, err := k.UnwrapReportKey(10, wrapped); err == nil {
		t.Fatal("report 9's key opened as report 10's")
	}
	if _, err := k.Unwrap(9, wrapped); err == nil {
		t.Fatal("a report key opened as account 9's data key")
	}
	_, dataWrapped, err := k.NewDataKey(9)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.UnwrapReportKey(9, dataWrapped); err == nil {
		t.Fatal("account 9's data key opened as report 9's key")
	}
	if err := k.AddPrimary(); err != nil {
		t.Fatal(err)
	}
	rewrapped, changed, err := k.RewrapReportKey(9, wrapped)
	if err != nil || !changed {
		t.Fatalf("rewrap: changed %v, %v", changed, err)
	}
	k.DropOld()
	again, err := k.UnwrapReportKey(9, rewrapped)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := again.OpenString("message_reports", "body", 9, sealed); err != nil || got != "the reported words" {
		t.Fatalf("after rotation opened %q, %v", got, err)
	}
	if _, err := k.UnwrapReportKey(9, wrapped); err == nil {
		t.Fatal("the key wrapped by the dropped server key still opened")
	}
}
