// Package eventstest helps tests reach the NATS server they run against.
package eventstest

import (
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// NATSURL is the NATS server the tests use: $HEARTH_TEST_NATS or the one
// at 127.0.0.1:4222. Without one the test skips, but fails under CI=true.
func NATSURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("HEARTH_TEST_NATS")
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(url, "nats://"), 2*time.Second)
	if err != nil {
		if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
			t.Fatalf("NATS is not reachable at %s (CI=true does not allow skipping): %v", url, err)
		}
		t.Skipf("NATS is not reachable at %s: %v", url, err)
	}
	c.Close()
	return url
}

// Prefix is a subject prefix no other test run uses.
func Prefix() string {
	var b [6]byte
	rand.Read(b[:])
	return "hearthtest_" + hex.EncodeToString(b[:])
}
