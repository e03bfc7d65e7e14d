package ratelimit

import (
	"net/http/httptest"
	"testing"
)

func TestClientKey(t *testing.T) {
	tests := []struct {
		name       string
		remote     string
		xff        []string
		trustProxy bool
		want       string
	}{
		{"IPv4", "192.0.2.7:51234", nil, false, "192.0.2.7"},
		{"IPv4 without port", "192.0.2.7", nil, false, "192.0.2.7"},
		{"IPv6 to /64", "[2001:db8:1:2:3:4:5:6]:443", nil, false, "2001:db8:1:2::/64"},
		{"IPv6 same /64", "[2001:db8:1:2:ffff::1]:443", nil, false, "2001:db8:1:2::/64"},
		{"IPv6 zone dropped", "[fe80::1%eth0]:443", nil, false, "fe80::/64"},
		{"IPv4-mapped IPv6", "[::ffff:192.0.2.7]:443", nil, false, "192.0.2.7"},
		{"XFF ignored when not trusted", "10.0.0.1:80", []string{"203.0.113.9"}, false, "10.0.0.1"},
		{"XFF trusted", "10.0.0.1:80", []string{"203.0.113.9"}, true, "203.0.113.9"},
		{"XFF right-most", "10.0.0.1:80", []string{"198.51.100.1, 203.0.113.9"}, true, "203.0.113.9"},
		{"XFF forged left part", "10.0.0.1:80", []string{"1.2.3.4,198.51.100.1 ,  203.0.113.9 "}, true, "203.0.113.9"},
		{"XFF last of several lines", "10.0.0.1:80", []string{"1.2.3.4", "203.0.113.9"}, true, "203.0.113.9"},
		{"XFF IPv6", "10.0.0.1:80", []string{"2001:db8:a:b:c::9"}, true, "2001:db8:a:b::/64"},
		{"XFF with port", "10.0.0.1:80", []string{"[2001:db8:a:b::9]:5000"}, true, "2001:db8:a:b::/64"},
		{"XFF garbage falls back", "10.0.0.1:80", []string{"203.0.113.9, unknown"}, true, "10.0.0.1"},
		{"XFF empty falls back", "10.0.0.1:80", []string{"203.0.113.9, "}, true, "10.0.0.1"},
		{"XFF absent falls back", "[2001:db8::1]:80", nil, true, "2001:db8::/64"},
		{"Unix socket", "@", nil, false, "@"},
		{"host name", "localhost:80", nil, false, "localhost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/signin", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := ClientKey(r, tt.trustProxy); got != tt.want {
				t.Errorf("ClientKey = %q; want %q", got, tt.want)
			}
		})
	}
}
