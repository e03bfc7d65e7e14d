// Package vault seals members' private data at rest.
//
// Each account has its own random 256-bit data key. The key is stored only
// wrapped (AES-256-GCM) by a server key that lives in a file outside the
// database. Every private field is sealed with its owner's data key, with the
// table, column and row id bound in as associated data, so a ciphertext moved
// to another row or column no longer opens. Deleting the wrapped data key
// makes every field it sealed unreadable, in the database and in backups.
//
// The server key file holds one or more keys; the first is primary and wraps
// new data keys, the others only unwrap. Rotation adds a new primary, rewraps
// every data key, and then drops the old keys, so a crash half-way leaves a
// file that still opens everything.
package vault

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

const (
	keySize      = 32
	wrapVersion  = 1
	sealVersion  = 1
	fileMagic    = "hearth-key"
	fileComment  = "# Hearth server key. Keep it secret, and keep a copy apart from the database backups:\n# without it no private data can be read.\n"
	wrapOverhead = 1 + 4 + 12 + 16
)

// ErrOpen is returned when a ciphertext does not open: wrong key, wrong row,
// or altered bytes.
var ErrOpen = errors.New("vault: ciphertext does not open")

type serverKey struct {
	id   uint32
	raw  []byte
	aead cipher.AEAD
}

// Keyring holds the server keys.
type Keyring struct {
	keys []serverKey // keys[0] is primary
}

func newServerKey(id uint32, raw []byte) (serverKey, error) {
	if len(raw) != keySize {
		return serverKey{}, fmt.Errorf("key %d is %d bytes, want %d", id, len(raw), keySize)
	}
	a, err := newAEAD(raw)
	if err != nil {
		return serverKey{}, err
	}
	return serverKey{id: id, raw: bytes.Clone(raw), aead: a}, nil
}

func newAEAD(raw []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(raw)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// Generate returns a keyring with one new random key.
func Generate() (*Keyring, error) {
	k := &Keyring{}
	if err := k.AddPrimary(); err != nil {
		return nil, err
	}
	return k, nil
}

// AddPrimary puts a new random key in front; older keys stay for unwrapping.
func (k *Keyring) AddPrimary() error {
	raw := make([]byte, keySize)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	var id uint32 = 1
	for _, sk := range k.keys {
		if sk.id >= id {
			id = sk.id + 1
		}
	}
	sk, err := newServerKey(id, raw)
	if err != nil {
		return err
	}
	k.keys = append([]serverKey{sk}, k.keys...)
	return nil
}

// DropOld forgets every key but the primary.
func (k *Keyring) DropOld() { k.keys = k.keys[:1] }

// Len is the number of keys held.
func (k *Keyring) Len() int { return len(k.keys) }

// PrimaryID is the id of the key that wraps new data keys.
func (k *Keyring) PrimaryID() uint32 { return k.keys[0].id }

// Parse reads a key file.
func Parse(data []byte) (*Keyring, error) {
	k := &Keyring{}
	seen := map[uint32]bool{}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != fileMagic {
			return nil, fmt.Errorf("line %d: want %q, a key number and a base64 key", i+1, fileMagic)
		}
		id, err := strconv.ParseUint(f[1], 10, 32)
		if err != nil || id == 0 || seen[uint32(id)] {
			return nil, fmt.Errorf("line %d: bad or repeated key number %q", i+1, f[1])
		}
		raw, err := base64.StdEncoding.DecodeString(f[2])
		if err != nil {
			return nil, fmt.Errorf("line %d: key is not base64", i+1)
		}
		sk, err := newServerKey(uint32(id), raw)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", i+1, err)
		}
		seen[uint32(id)] = true
		k.keys = append(k.keys, sk)
	}
	if len(k.keys) == 0 {
		return nil, errors.New("no key in the file")
	}
	return k, nil
}

// Marshal writes the key file's contents.
func (k *Keyring) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString(fileComment)
	for _, sk := range k.keys {
		fmt.Fprintf(&b, "%s %d %s\n", fileMagic, sk.id, base64.StdEncoding.EncodeToString(sk.raw))
	}
	return b.Bytes()
}

// LoadFile reads the key file at path. Its errors say which file and what
// is wrong with it, in one line.
func LoadFile(path string) (*Keyring, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("server key file %s does not exist", path)
		}
		return nil, fmt.Errorf("server key file %s cannot be read: %v", path, errors.Unwrap(err))
	}
	k, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("server key file %s is malformed: %v", path, err)
	}
	return k, nil
}

// LoadOrCreate reads the key file at path, or makes one with a new key
// (mode 0600) when there is none. created says which.
func LoadOrCreate(path string) (k *Keyring, created bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		k, err := Generate()
		if err != nil {
			return nil, false, err
		}
		if err := k.WriteFile(path); err != nil {
			return nil, false, err
		}
		return k, true, nil
	}
	k, err = LoadFile(path)
	return k, false, err
}

// WriteFile replaces the key file atomically, with mode 0600.
func (k *Keyring) WriteFile(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hearth-key-*")
	if err != nil {
		return fmt.Errorf("server key file %s cannot be written: %v", path, errors.Unwrap(err))
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(k.Marshal()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func wrapAD(accountID int64) []byte {
	return binary.BigEndian.AppendUint64([]byte("hearth/data-key/"), uint64(accountID))
}

// NewDataKey makes a data key for an account and returns it with its
// wrapped form, the only form that is stored.
func (k *Keyring) NewDataKey(accountID int64) (*DataKey, []byte, error) {
	raw := make([]byte, keySize)
	if _, err := rand.Read(raw); err != nil {
		return nil, nil, err
	}
	wrapped, err := k.wrap(wrapAD(accountID), raw)
	if err != nil {
		return nil, nil, err
	}
	dk, err := newDataKey(raw)
	return dk, wrapped, err
}

func (k *Keyring) wrap(ad, raw []byte) ([]byte, error) {
	sk := k.keys[0]
	out := make([]byte, 5, wrapOverhead+len(raw))
	out[0] = wrapVersion
	binary.BigEndian.PutUint32(out[1:5], sk.id)
	nonce := make([]byte, 12)
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out = append(out, nonce...)
	return sk.aead.Seal(out, nonce, raw, ad), nil
}

func (k *Keyring) unwrapRaw(ad, wrapped []byte) ([]byte, error) {
	if len(wrapped) != wrapOverhead+keySize || wrapped[0] != wrapVersion {
		return nil, ErrOpen
	}
	id := binary.BigEndian.Uint32(wrapped[1:5])
	for _, sk := range k.keys {
		if sk.id == id {
			raw, err := sk.aead.Open(nil, wrapped[5:17], wrapped[17:], ad)
			if err != nil {
				return nil, ErrOpen
			}
			return raw, nil
		}
	}
	return nil, fmt.Errorf("vault: key wrapped by server key %d, which the key file does not hold", id)
}

// Unwrap opens an account's wrapped data key.
func (k *Keyring) Unwrap(accountID int64, wrapped []byte) (*DataKey, error) {
	raw, err := k.unwrapRaw(wrapAD(accountID), wrapped)
	if err != nil {
		return nil, err
	}
	return newDataKey(raw)
}

// Rewrap wraps an account's data key again with the primary server key.
// changed is false when it already was.
func (k *Keyring) Rewrap(accountID int64, wrapped []byte) (out []byte, changed bool, err error) {
	return k.rewrap(wrapAD(accountID), wrapped)
}

func (k *Keyring) rewrap(ad, wrapped []byte) (out []byte, changed bool, err error) {
	if len(wrapped) >= 5 && binary.BigEndian.Uint32(wrapped[1:5]) == k.keys[0].id {
		if _, err := k.unwrapRaw(ad, wrapped); err != nil {
			return nil, false, err
		}
		return wrapped, false, nil
	}
	raw, err := k.unwrapRaw(ad, wrapped)
	if err != nil {
		return nil, false, err
	}
	out, err = k.wrap(ad, raw)
	return out, err == nil, err
}

// Report keys. A report of a private message holds a copy of the message
// sealed with a key of the report's own; the server key wraps that key,
// bound to the report's id with associated data of its own, so that a
// report key can never be taken for an account's data key, or the key of
// another report.
func reportAD(reportID int64) []byte {
	return binary.BigEndian.AppendUint64([]byte("hearth/report-key/"), uint64(reportID))
}

// NewReportKey makes a key for report reportID and returns it with its
// wrapped form, the only form that is stored.
func (k *Keyring) NewReportKey(reportID int64) (*DataKey, []byte, error) {
	raw, err := NewSharedKey()
	if err != nil {
		return nil, nil, err
	}
	wrapped, err := k.wrap(reportAD(reportID), raw)
	if err != nil {
		return nil, nil, err
	}
	dk, err := newDataKey(raw)
	return dk, wrapped, err
}

// UnwrapReportKey opens report reportID's wrapped key.
func (k *Keyring) UnwrapReportKey(reportID int64, wrapped []byte) (*DataKey, error) {
	raw, err := k.unwrapRaw(reportAD(reportID), wrapped)
	if err != nil {
		return nil, err
	}
	return newDataKey(raw)
}

// RewrapReportKey wraps a report's key again with the primary server key,
// as Rewrap does an account's.
func (k *Keyring) RewrapReportKey(reportID int64, wrapped []byte) (out []byte, changed bool, err error) {
	return k.rewrap(reportAD(reportID), wrapped)
}

// DataKey seals and opens one account's private fields.
type DataKey struct {
	aead cipher.AEAD
}

func newDataKey(raw []byte) (*DataKey, error) {
	a, err := newAEAD(raw)
	if err != nil {
		return nil, err
	}
	return &DataKey{aead: a}, nil
}

// AD names the place a sealed value belongs: table, column and row id.
func AD(table, column string, rowID int64) []byte {
	b := make([]byte, 0, len(table)+len(column)+10)
	b = append(b, table...)
	b = append(b, '.')
	b = append(b, column...)
	b = append(b, '/')
	return binary.BigEndian.AppendUint64(b, uint64(rowID))
}

// Seal encrypts plaintext for the place ad names.
func (d *DataKey) Seal(plaintext, ad []byte) []byte {
	out := make([]byte, 13, 13+len(plaintext)+16)
	out[0] = sealVersion
	if _, err := rand.Read(out[1:13]); err != nil {
		panic("vault: no randomness: " + err.Error())
	}
	return d.aead.Seal(out, out[1:13], plaintext, ad)
}

// Open decrypts what Seal made for the same place.
func (d *DataKey) Open(sealed, ad []byte) ([]byte, error) {
	if len(sealed) < 13+16 || sealed[0] != sealVersion {
		return nil, ErrOpen
	}
	pt, err := d.aead.Open(nil, sealed[1:13], sealed[13:], ad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// SealString seals s for a column of a row.
func (d *DataKey) SealString(table, column string, rowID int64, s string) []byte {
	return d.Seal([]byte(s), AD(table, column, rowID))
}

// OpenString opens what SealString made.
func (d *DataKey) OpenString(table, column string, rowID int64, sealed []byte) (string, error) {
	pt, err := d.Open(sealed, AD(table, column, rowID))
	return string(pt), err
}

// NewSharedKey makes a random key for data that more than one account
// reads, such as a conversation. It is returned raw, to be kept only
// sealed with each reader's data key (KeyFromRaw opens with it).
func NewSharedKey() ([]byte, error) {
	raw := make([]byte, keySize)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// KeyFromRaw makes a key that seals and opens with raw, as NewSharedKey
// made it.
func KeyFromRaw(raw []byte) (*DataKey, error) {
	if len(raw) != keySize {
		return nil, ErrOpen
	}
	return newDataKey(raw)
}
