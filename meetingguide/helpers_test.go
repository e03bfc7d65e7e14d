package meetingguide

import (
	"fmt"
	"reflect"
	"strings"
)

// diffMeetings names the fields in which got differs from want, or
// returns "".
func diffMeetings(got, want Meeting) string {
	var diffs []string
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range g.NumField() {
		gf, wf := g.Field(i).Interface(), w.Field(i).Interface()
		if !reflect.DeepEqual(gf, wf) {
			diffs = append(diffs, fmt.Sprintf("%s: got %s, want %s", g.Type().Field(i).Name, show(gf), show(wf)))
		}
	}
	return strings.Join(diffs, "\n")
}

func show(v any) string {
	if p, ok := v.(*LatLon); ok && p != nil {
		return fmt.Sprintf("&%+v", *p)
	}
	return fmt.Sprintf("%#v", v)
}
