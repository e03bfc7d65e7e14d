package meetingfeed

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"hearth/meetingguide"
)

// fill sets every field of v, recursively, to a value that is not zero
// and differs between fields.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("value %d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n % 7))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.125)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), n)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, *n, time.UTC)))
			return
		}
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	default:
		panic("fill: a field of kind " + v.Kind().String() + ": teach fill and appendMeeting about it")
	}
}

// TestSpoolEveryField checks that a meeting read back from a spool is
// the meeting written, in every field (so a field added to
// meetingguide.Meeting and forgotten in appendMeeting fails here), and
// that nil and empty lists stay apart.
func TestSpoolEveryField(t *testing.T) {
	var full meetingguide.Meeting
	n := 0
	fill(reflect.ValueOf(&full).Elem(), &n)
	empty := meetingguide.Meeting{Days: []time.Weekday{}, Regions: []string{}, Types: []string{""},
		Updated: time.Date(2026, 5, 6, 7, 8, 9, 0, time.FixedZone("", -4*3600))}
	for name, m := range map[string]meetingguide.Meeting{"full": full, "zero": {}, "empty lists": empty} {
		got, err := readMeeting(appendMeeting(nil, &m))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("%s: read back\n%+v\nwant\n%+v", name, got, m)
		}
	}
	b := appendMeeting(nil, &full)
	for i := range len(b) {
		if _, err := readMeeting(b[:i]); err == nil {
			t.Fatalf("a meeting cut to %d of %d bytes read without an error", i, len(b))
		}
	}
}

// TestSpoolFile checks a spool that outgrows memory: the meetings come
// back, in order and one by one, from a temporary file that close
// removes.
func TestSpoolFile(t *testing.T) {
	dir := t.TempDir()
	s := &spool{dir: dir}
	big := meetingguide.Meeting{Notes: string(make([]byte, 64<<10))}
	count := spoolMemory/(64<<10) + 10
	for i := range count {
		m := big
		m.Slug = fmt.Sprint("m-", i)
		if err := s.add(&m); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.done(); err != nil {
		t.Fatal(err)
	}
	if s.f == nil {
		t.Fatal("the spool stayed in memory")
	}
	seen := 0
	err := s.each(func(i int, m meetingguide.Meeting) error {
		if want := fmt.Sprint("m-", i); m.Slug != want || len(m.Notes) != len(big.Notes) {
			return fmt.Errorf("meeting %d is %q", i, m.Slug)
		}
		seen++
		return nil
	})
	if err != nil || seen != count {
		t.Fatalf("each: %v, %d meetings of %d", err, seen, count)
	}
	if m, err := s.load(7); err != nil || m.Slug != "m-7" {
		t.Fatalf("load(7) = %q, %v", m.Slug, err)
	}
	s.close()
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("close left %v", left)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}
