package ratelimit

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientKey returns the client's address for rate limits: an IPv4 address
// as is ("192.0.2.7"), an IPv6 address as its /64 ("2001:db8:1:2::/64"),
// since one subscriber is commonly given a whole /64. With trustProxy, the
// address is the right-most one in X-Forwarded-For, the one the proxy in
// front of Hearth added; the others are the client's to forge. Set it only
// when every request comes through such a proxy. When no address can be
// read, the key is the remote address as given (for example "@" on a Unix
// socket), so such requests share one key.
//
// The address is for limiting only: TRUST.md promises it is not stored.
func ClientKey(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if a, ok := lastForwarded(r.Header.Values("X-Forwarded-For")); ok {
			return addrKey(a)
		}
	}
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return addrKey(ap.Addr())
	}
	if a, err := netip.ParseAddr(r.RemoteAddr); err == nil {
		return addrKey(a)
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// lastForwarded returns the right-most address of X-Forwarded-For, which
// may be given in several header lines.
func lastForwarded(values []string) (netip.Addr, bool) {
	if len(values) == 0 {
		return netip.Addr{}, false
	}
	v := values[len(values)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	v = strings.TrimSpace(v)
	if a, err := netip.ParseAddr(v); err == nil {
		return a, true
	}
	// Some proxies add a port: "192.0.2.7:5123", "[2001:db8::1]:5123".
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return ap.Addr(), true
	}
	return netip.Addr{}, false
}

func addrKey(a netip.Addr) string {
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
