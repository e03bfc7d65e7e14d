package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hearth"
	"hearth/i18n"
	"hearth/meetingfeed"
	"hearth/meetingguide"
)

// TestFeed: /meetings.json is the Meeting Guide feed of the listed groups'
// active meetings, open to pages of any origin; a listed group has its
// own; an unlisted group's meetings are in none; no member is named.
func TestFeed(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open, withConfig(Config{FeedEntity: meetingguide.Entity{Name: "Lakes Intergroup", Location: "Chicago, Illinois"}}))
		owner := ts.signUp(t, "Mallow")
		listed := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "lakeside", Name: "Lakeside"})
		hidden := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "hidden", Visibility: hearth.GroupUnlisted})
		ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: listed.ID, Slug: "lakeside-tue", Name: "Lakeside Tuesday",
			Days: []time.Weekday{time.Tuesday, time.Friday}, Types: []string{"O", "D"}})
		ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: listed.ID, Slug: "lakeside-off", Inactive: true})
		ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: hidden.ID, Slug: "hidden-wed"})

		for path, want := range map[string][]string{
			"/meetings.json":                 {"lakeside-tue-2", "lakeside-tue-5"},
			"/groups/lakeside/meetings.json": {"lakeside-tue-2", "lakeside-tue-5"},
		} {
			r := ts.bareClient(t).get(path).wantStatus(t, http.StatusOK)
			if got := r.header.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("%s: Access-Control-Allow-Origin %q", path, got)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s: Content-Type %q", path, ct)
			}
			var feed []map[string]any
			if err := json.Unmarshal([]byte(r.body), &feed); err != nil {
				t.Fatalf("%s is not a JSON array: %v\n%s", path, err, clip(r.body))
			}
			var slugs []string
			for _, rec := range feed {
				slugs = append(slugs, rec["slug"].(string))
				if rec["group"] != "Lakeside" || rec["timezone"] != "America/New_York" || rec["url"] != ts.URL+"/meetings/lakeside-tue" ||
					rec["entity"] != "Lakes Intergroup" || rec["entity_location"] != "Chicago, Illinois" {
					t.Errorf("%s: record %v", path, rec)
				}
			}
			if strings.Join(slugs, ",") != strings.Join(want, ",") {
				t.Errorf("%s has %q, want %q", path, slugs, want)
			}
			for _, secret := range []string{owner.handle, "Mallow"} {
				if strings.Contains(r.body, secret) {
					t.Errorf("%s names a member: %q", path, secret)
				}
			}
		}
		ts.bareClient(t).get("/groups/hidden/meetings.json").wantStatus(t, http.StatusNotFound)
		if !strings.Contains(ts.client(t).get("/groups/lakeside").body, `href="/groups/lakeside/meetings.json"`) {
			t.Error("the group's page does not point to its feed")
		}
	})
}

// upload posts a Meeting Guide file to the import page, as a browser
// sends the form.
func upload(t *testing.T, c *testClient, fields map[string]string, file string) *response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("feed", "meetings.json")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fw, file)
	mw.Close()
	return c.do(http.MethodPost, "/admin/import", &body, http.Header{"Content-Type": {mw.FormDataContentType()}, "Sec-Fetch-Site": {"same-origin"}})
}

const sampleFeed = `[
 {"name": "Monday Step Study", "slug": "west-town-monday", "day": 1, "time": "19:00", "end_time": "20:00",
  "timezone": "America/Chicago", "location": "St. Mark's Hall", "address": "1048 W Chestnut St", "city": "Chicago",
  "state": "IL", "country": "US", "latitude": 41.89821, "longitude": -87.65512, "types": ["O", "ST"], "group": "West Town Group"},
 {"name": "Noche de Esperanza", "slug": 4417, "day": [2, 4], "time": "20:00", "timezone": "America/Chicago",
  "conference_url": "https://meet.example.org/esperanza", "formatted_address": "Chicago, IL, USA", "types": ["S", "D"], "group": "Grupo Esperanza"},
 {"name": "No time at all", "slug": "broken", "day": 3, "time": "25:00", "timezone": "America/Chicago", "address": "1 Main St", "city": "Chicago"}
]`

// TestImportPage: a site admin uploads an intergroup's feed and sees the
// report; the same file again changes nothing; a file that is not a feed
// is refused and changes nothing; only site admins may import.
func TestImportPage(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		adm, member := ts.signUp(t, "Nettle"), ts.signUp(t, "Oxlip")
		if err := ts.store.SetRole(context.Background(), adm.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{"program": "aa", "source": "great-lakes", "time_zone": "America/Chicago"}

		adm.get("/admin/import").wantStatus(t, http.StatusOK)
		r := upload(t, adm.testClient, fields, sampleFeed).wantStatus(t, http.StatusOK)
		for id, want := range map[string]string{"count-created": "2", "count-rejected": "1", "count-unchanged": "0"} {
			if got := elementText(r.body, id); got != want {
				t.Errorf("first import: %s = %q, want %q", id, got, want)
			}
		}
		if lines := listItems(r.body, "report-lines"); len(lines) == 0 || !strings.Contains(strings.Join(lines, "\n"), "broken") {
			t.Errorf("the report does not name the refused record: %q", lines)
		}
		if _, err := ts.store.FindMeetingBySlug(context.Background(), "4417"); err != nil {
			t.Errorf("the meeting with an integer slug: %v", err)
		}
		ts.client(t).get("/meetings/west-town-monday").wantStatus(t, http.StatusOK)

		r = upload(t, adm.testClient, fields, sampleFeed).wantStatus(t, http.StatusOK)
		if got := elementText(r.body, "count-unchanged"); got != "2" {
			t.Errorf("the same file again: %q unchanged, want 2", got)
		}

		for _, lang := range i18n.Langs {
			adm.post("/language", map[string][]string{"lang": {lang}, "return": {"/"}})
			r = upload(t, adm.testClient, fields, `{"not": "a feed"`).wantStatus(t, http.StatusUnprocessableEntity)
			checkSpoken(t, r, lang)
			if !strings.Contains(r.body, escaped(i18n.For(lang).T("error.import.feed"))) {
				t.Errorf("%s: a broken file is not explained", lang)
			}
		}
		if list, _ := ts.store.ImportedMeetingSlugs(context.Background(), "great-lakes"); len(list) != 2 {
			t.Errorf("after a refused file, %d meetings from the source, want 2", len(list))
		}
		bad := map[string]string{"program": "astrology", "source": "Great Lakes!", "time_zone": "America/Chicago"}
		upload(t, adm.testClient, bad, sampleFeed).wantStatus(t, http.StatusUnprocessableEntity)

		upload(t, member.testClient, fields, sampleFeed).wantStatus(t, http.StatusForbidden)
		member.get("/admin/import").wantStatus(t, http.StatusForbidden)
		ts.client(t).get("/admin/import").wantRedirect(t, "/signin?next=%2Fadmin%2Fimport")
	})
}

// TestImportReasons: every reason an import can give has its message in
// every language, and the report says each one in the admin's language,
// with the field it is about and, from the format's checks, the detail.
func TestImportReasons(t *testing.T) {
	for _, lang := range i18n.Langs {
		p := i18n.For(lang)
		for _, code := range meetingfeed.ReasonCodes {
			if !p.Has("import.reason." + string(code)) {
				t.Errorf("%s: no message for import.reason.%s", lang, code)
			}
		}
	}
	forEachDB(t, func(t *testing.T, open openStore) {
		ts := serve(t, open)
		adm := ts.signUp(t, "Quince")
		if err := ts.store.SetRole(context.Background(), adm.handle, hearth.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{"program": "aa", "source": "great-lakes", "time_zone": "America/Chicago"}
		for _, lang := range i18n.Langs {
			adm.post("/language", map[string][]string{"lang": {lang}, "return": {"/"}})
			r := upload(t, adm.testClient, fields, sampleFeed).wantStatus(t, http.StatusOK)
			checkSpoken(t, r, lang)
			lines := strings.Join(listItems(r.body, "report-lines"), "\n")
			p := i18n.For(lang)
			for _, want := range []string{
				p.T("import.reason.invalid", "field", "time"),
				`"25:00" is not a 24-hour HH:MM time`,
				p.T("import.reason.defaulted", "field", "end_time"),
			} {
				if !strings.Contains(lines, want) {
					t.Errorf("%s: the report does not say %q:\n%s", lang, want, lines)
				}
			}
		}
	})
}

// TestImportReasonText: each kind of reason in each language, with its
// parameters filled in and Hearth's own messages translated.
func TestImportReasonText(t *testing.T) {
	es := i18n.For("es")
	for _, tc := range []struct {
		reason meetingfeed.Reason
		want   string
		detail string
	}{
		{meetingfeed.Reason{Code: meetingfeed.ReasonInvalid, Field: "time", Detail: `"25:00" is not a 24-hour HH:MM time`},
			"time: este valor no se puede usar.", `"25:00" is not a 24-hour HH:MM time`},
		{meetingfeed.Reason{Code: meetingfeed.ReasonLeftOut, Fields: []string{"venmo", "contacts"}},
			"Se dejó fuera lo que Hearth no guarda: venmo, contacts.", ""},
		{meetingfeed.Reason{Code: meetingfeed.ReasonHearthRule, Field: "slug", Key: "error.meeting_slug.taken"},
			"slug: " + es.T("error.meeting_slug.taken"), ""},
		{meetingfeed.Reason{Code: meetingfeed.ReasonHearthRule, Key: "error.meeting_slug.taken"},
			es.T("error.meeting_slug.taken"), ""},
		{meetingfeed.Reason{Code: meetingfeed.ReasonGroup, Group: "Grupo Esperanza", Field: "name", Key: "error.group_name.invalid"},
			"No se pudo añadir el grupo “Grupo Esperanza”. name: " + es.T("error.group_name.invalid"), ""},
		{meetingfeed.Reason{Code: meetingfeed.ReasonDeactivated}, es.T("import.reason.deactivated"), ""},
	} {
		got := importReason(es, tc.reason)
		if got.Text != tc.want || got.Detail != tc.detail {
			t.Errorf("%+v: got %+v, want %q (%q)", tc.reason, got, tc.want, tc.detail)
		}
		if strings.Contains(got.Text, "{") || strings.Contains(got.Text, i18n.MissingPrefix) {
			t.Errorf("%+v: %q", tc.reason, got.Text)
		}
	}
}

// TestFeedKept: the whole feed is written once per change and kept in a
// file; a reader that sends its ETag back is told it has not changed; a
// changed meeting, a renamed group and a group no longer listed each make
// the next reader get the new feed.
func TestFeedKept(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		dir := t.TempDir()
		ts := serve(t, open, withConfig(Config{TempDir: dir}))
		owner := ts.signUp(t, "Yarrow")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "yarrow", Name: "Yarrow"})
		m := ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "yarrow-tue", Name: "Yarrow Tuesday"})
		c := ts.bareClient(t)

		first := c.get("/meetings.json").wantStatus(t, http.StatusOK)
		tag := first.header.Get("ETag")
		if tag == "" || !strings.Contains(first.body, "Yarrow Tuesday") {
			t.Fatalf("first feed: ETag %q, body %s", tag, clip(first.body))
		}
		kept, _ := filepath.Glob(filepath.Join(dir, "hearth-feed-*.json"))
		if len(kept) != 1 {
			t.Fatalf("kept copies %q, want one", kept)
		}
		if b, _ := os.ReadFile(kept[0]); string(b) != first.body {
			t.Fatalf("the kept copy differs from the feed sent:\n%s", clip(string(b)))
		}
		second := c.get("/meetings.json").wantStatus(t, http.StatusOK)
		if second.body != first.body || second.header.Get("ETag") != tag {
			t.Errorf("the feed changed with nothing changed: ETag %q then %q", tag, second.header.Get("ETag"))
		}
		if ct := second.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") ||
			second.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("kept feed served with Content-Type %q, CORS %q", ct, second.header.Get("Access-Control-Allow-Origin"))
		}
		c.do(http.MethodGet, "/meetings.json", nil, http.Header{"If-None-Match": {tag}}).wantStatus(t, http.StatusNotModified)

		// Each change is in the next feed, under a new ETag.
		steps := []struct {
			name   string
			change func()
			want   string
			gone   string
		}{
			{"meeting renamed", func() {
				m.Name = "Yarrow Tuesday Night"
				if err := ts.store.UpdateMeeting(as(owner.acct), m); err != nil {
					t.Fatal(err)
				}
			}, "Yarrow Tuesday Night", ""},
			{"group renamed", func() {
				g.Name = "Yarrow Fellowship"
				if err := ts.store.UpdateGroup(as(owner.acct), g); err != nil {
					t.Fatal(err)
				}
			}, `"group":"Yarrow Fellowship"`, `"group":"Yarrow"`},
			{"group unlisted", func() {
				g.Visibility = hearth.GroupUnlisted
				if err := ts.store.UpdateGroup(as(owner.acct), g); err != nil {
					t.Fatal(err)
				}
			}, "[]", "yarrow-tue"},
		}
		for _, step := range steps {
			step.change()
			r := c.do(http.MethodGet, "/meetings.json", nil, http.Header{"If-None-Match": {tag}}).wantStatus(t, http.StatusOK)
			if r.header.Get("ETag") == tag {
				t.Errorf("%s: ETag unchanged", step.name)
			}
			tag = r.header.Get("ETag")
			if !strings.Contains(r.body, step.want) || (step.gone != "" && strings.Contains(r.body, step.gone)) {
				t.Errorf("%s: feed %s", step.name, clip(r.body))
			}
		}
		if kept, _ := filepath.Glob(filepath.Join(dir, "hearth-feed-*.json")); len(kept) != 1 {
			t.Errorf("kept copies %q, want the latest only", kept)
		}
	})
}

// TestFeedRefreshed: with FeedRefresh, a kept copy is written again after
// a change without waiting for a reader to ask.
func TestFeedRefreshed(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		dir := t.TempDir()
		ts := serve(t, open, withConfig(Config{TempDir: dir, FeedRefresh: 10 * time.Millisecond}))
		owner := ts.signUp(t, "Sorrel")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "sorrel", Name: "Sorrel"})
		m := ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "sorrel-wed", Name: "Sorrel Wednesday"})
		c := ts.bareClient(t)
		before := c.get("/meetings.json").wantStatus(t, http.StatusOK)

		m.Name = "Sorrel Wednesday Morning"
		if err := ts.store.UpdateMeeting(as(owner.acct), m); err != nil {
			t.Fatal(err)
		}
		kept := func() string {
			files, _ := filepath.Glob(filepath.Join(dir, "hearth-feed-*.json"))
			if len(files) != 1 {
				return ""
			}
			b, _ := os.ReadFile(files[0])
			return string(b)
		}
		for deadline := time.Now().Add(20 * time.Second); !strings.Contains(kept(), "Sorrel Wednesday Morning"); {
			if time.Now().After(deadline) {
				t.Fatalf("the kept copy was not written again after the change:\n%s", clip(kept()))
			}
			time.Sleep(10 * time.Millisecond)
		}
		after := c.get("/meetings.json").wantStatus(t, http.StatusOK)
		if after.body != kept() || after.header.Get("ETag") == before.header.Get("ETag") {
			t.Errorf("the reader after the change was not sent the new copy (ETag %q, was %q)",
				after.header.Get("ETag"), before.header.Get("ETag"))
		}
	})
}

// TestFeedWhileRewritten: when writing the feed takes longer than
// FeedWaitMax (here: always), the reader after a change is sent the copy
// before it, under that copy's ETag, while the new one is written in the
// background; a reader soon after is sent the new one.
func TestFeedWhileRewritten(t *testing.T) {
	forEachDB(t, func(t *testing.T, open openStore) {
		dir := t.TempDir()
		ts := serve(t, open, withConfig(Config{TempDir: dir, FeedWaitMax: -1}))
		owner := ts.signUp(t, "Tansy")
		g := ts.makeGroup(t, owner.acct, hearth.Group{Slug: "tansy", Name: "Tansy"})
		m := ts.makeMeeting(t, owner.acct, hearth.Meeting{GroupID: g.ID, Slug: "tansy-thu", Name: "Tansy Thursday"})
		c := ts.bareClient(t)
		before := c.get("/meetings.json").wantStatus(t, http.StatusOK)
		tag := before.header.Get("ETag")

		m.Name = "Tansy Thursday Evening"
		if err := ts.store.UpdateMeeting(as(owner.acct), m); err != nil {
			t.Fatal(err)
		}
		during := c.get("/meetings.json").wantStatus(t, http.StatusOK)
		if during.body != before.body || during.header.Get("ETag") != tag {
			t.Errorf("the reader after the change was not sent the copy before it (ETag %q, was %q):\n%s",
				during.header.Get("ETag"), tag, clip(during.body))
		}
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			r := c.get("/meetings.json").wantStatus(t, http.StatusOK)
			if strings.Contains(r.body, "Tansy Thursday Evening") {
				if r.header.Get("ETag") == tag {
					t.Errorf("the new feed is sent under the old ETag %q", tag)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the feed was not written again after the change:\n%s", clip(r.body))
			}
		}
		if kept, _ := filepath.Glob(filepath.Join(dir, "hearth-feed-*.json")); len(kept) != 1 {
			t.Errorf("kept copies %q, want the latest only", kept)
		}
	})
}

// TestFeedCopyOfAMovingFeed: a copy written while the feed changed is not
// kept as the version it began at, since it may hold the change under an
// ETag that says otherwise (a reader holding that version as it was would
// be told "not modified"). The copy before stays, and is still sent while
// the next is written; the next, written at rest, is kept.
func TestFeedCopyOfAMovingFeed(t *testing.T) {
	c := newFeedFiles(t.TempDir(), nil)
	base := "https://hearth.example.org"
	now := int64(6)
	c.version = func(context.Context) (int64, error) { return now, nil }
	write := func(body string, moveTo int64) func(io.Writer) error {
		return func(keep io.Writer) error {
			now = moveTo
			_, err := io.WriteString(keep, body)
			return err
		}
	}
	read := func(v int64) string {
		t.Helper()
		file, f := c.open(base, v)
		if file == nil {
			return ""
		}
		defer file.Close()
		b, _ := io.ReadAll(file)
		return fmt.Sprintf("%d %s", f.version, b)
	}
	if err := c.build(base, 6, write(`["six"]`, 6)); err != nil {
		t.Fatal(err)
	}
	if err := c.build(base, 7, write(`["eight"]`, 8)); err != nil {
		t.Fatal(err)
	}
	if got := read(7); got != "" {
		t.Errorf("the copy written while the feed moved from 7 to 8 is kept as 7: %s", got)
	}
	if got := read(anyVersion); got != `6 ["six"]` {
		t.Errorf("the copy before is %q, want version 6", got)
	}
	if !c.slow(base, -1) {
		t.Error("a copy dropped because the feed moved counts as a failed writing: readers would no longer be sent the copy before")
	}
	if err := c.build(base, 8, write(`["eight"]`, 8)); err != nil {
		t.Fatal(err)
	}
	if got := read(8); got != `8 ["eight"]` {
		t.Errorf("the copy written at rest at 8: %q", got)
	}
}

// TestFeedCopiesOutliveTheServer: in a folder of its own, a kept copy is
// left at close and taken up by the next run of the same entity, at no
// known version and with how long it took to write; another entity's
// copies and a copy half-written when a run stopped are removed.
func TestFeedCopiesOutliveTheServer(t *testing.T) {
	dir := t.TempDir()
	entity := map[string]string{"name": "Central Office"}
	base := "https://hearth.example.org"
	c := newFeedFiles(dir, entity)
	if err := c.build(base, 7, func(keep io.Writer) error {
		time.Sleep(20 * time.Millisecond)
		_, err := io.WriteString(keep, `[{"name":"Kept"}]`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	c.close()
	leftover := filepath.Join(dir, "hearth-feed-123456.json")
	if err := os.WriteFile(leftover, []byte("[{"), 0o600); err != nil {
		t.Fatal(err)
	}

	again := newFeedFiles(dir, entity)
	f := again.files[base]
	if f == nil || f.version != unknownVersion || f.took < 20*time.Millisecond {
		t.Fatalf("the copy taken up: %+v", f)
	}
	file, _ := again.open(base, anyVersion)
	if file == nil {
		t.Fatal("the copy taken up does not open")
	}
	b, _ := io.ReadAll(file)
	file.Close()
	if string(b) != `[{"name":"Kept"}]` {
		t.Errorf("the copy taken up reads %q", b)
	}
	if file, _ := again.open(base, 7); file != nil {
		file.Close()
		t.Error("a copy of no known version is taken as current")
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("a half-written copy was left: %v", err)
	}

	newFeedFiles(dir, map[string]string{"name": "Another Office"})
	if left, _ := filepath.Glob(filepath.Join(dir, "hearth-feed-*.json")); len(left) != 0 {
		t.Errorf("another entity's run left %q", left)
	}
}
