package sqlstore

import (
	"testing"
	"time"
)

func TestRebind(t *testing.T) {
	sqlite, postgres := SQLite(nil, nil), Postgres(nil, nil)
	for _, tc := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`WHERE a = $1 AND b = $2`, `WHERE a = ?1 AND b = ?2`},
		{`VALUES ($2, $1, $10, $1)`, `VALUES (?2, ?1, ?10, ?1)`},
		{`WHERE name = 'costs $1' AND id = $1`, `WHERE name = 'costs $1' AND id = ?1`},
		{`WHERE name = 'it''s $2' AND id = $1`, `WHERE name = 'it''s $2' AND id = ?1`},
		{`SELECT "col$1" FROM t WHERE x = $1`, `SELECT "col$1" FROM t WHERE x = ?1`},
		{`SELECT $ FROM t`, `SELECT $ FROM t`},
	} {
		if got := sqlite.rebind(tc.in); got != tc.want {
			t.Errorf("SQLite: rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := postgres.rebind(tc.in); got != tc.in {
			t.Errorf("PostgreSQL: rebind(%q) = %q, want it unchanged", tc.in, got)
		}
	}
}

func TestTimes(t *testing.T) {
	zone := time.FixedZone("CST", -6*3600)
	at := time.Date(2026, 3, 4, 9, 16, 17, 123456789, zone)
	utc := time.Date(2026, 3, 4, 15, 16, 17, 123456000, time.UTC)

	sqlite := SQLite(nil, nil)
	if got := sqlite.arg(at); got != "2026-03-04T15:16:17.123456Z" {
		t.Errorf("SQLite keeps %v as %v", at, got)
	}
	if got := sqlite.arg(day(at)); got != "2026-03-04" {
		t.Errorf("SQLite keeps the day of %v as %v", at, got)
	}
	if got := Postgres(nil, nil).arg(at); got != utc {
		t.Errorf("PostgreSQL is given %v for %v, want %v", got, at, utc)
	}
	// Fixed width, so that text order is time order.
	early := sqlite.arg(time.Date(2026, 3, 4, 15, 16, 17, 0, time.UTC)).(string)
	late := sqlite.arg(time.Date(2026, 3, 4, 15, 16, 17, 1000, time.UTC)).(string)
	if len(early) != len(late) || early >= late {
		t.Errorf("%q and %q do not sort as times", early, late)
	}

	for _, tc := range []struct {
		src  any
		want time.Time
	}{
		{"2026-03-04T15:16:17.123456Z", utc},
		{[]byte("2026-03-04T15:16:17.123456Z"), utc},
		{"2026-03-04", time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)},
		{at, utc.Add(789 * time.Nanosecond)},
		{nil, time.Time{}},
	} {
		var got time.Time
		if err := scanTime(&got).Scan(tc.src); err != nil {
			t.Errorf("Scan(%v): %v", tc.src, err)
			continue
		}
		if !got.Equal(tc.want) || (!got.IsZero() && got.Location() != time.UTC) {
			t.Errorf("Scan(%v) = %v, want %v in UTC", tc.src, got, tc.want)
		}
	}
	for _, bad := range []any{"yesterday", 42} {
		var got time.Time
		if err := scanTime(&got).Scan(bad); err == nil {
			t.Errorf("Scan(%v) = %v, want an error", bad, got)
		}
	}
}

func TestParseStored(t *testing.T) {
	for _, v := range []string{
		"2026-03-04T15:16:17.123456Z", "1999-12-31T23:59:59.999999Z", "2026-01-01T00:00:00.000000Z",
	} {
		want, err := time.Parse(timeLayout, v)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := parseStored(v)
		if !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseStored(%q) = %v, %v; want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "2026-03-04", "2026-13-04T15:16:17.123456Z", "2026-03-04T15:16:17.12345xZ", "2026-03-04 15:16:17.123456Z"} {
		if _, ok := parseStored(v); ok {
			t.Errorf("parseStored(%q) took it", v)
		}
	}
}
