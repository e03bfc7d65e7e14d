package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleFeed = "../../testdata/meeting-guide.json"

func TestImportMeetingGuide(t *testing.T) {
	data := t.TempDir()
	imp := func(args ...string) (string, error) {
		t.Helper()
		out, _, err := run(t, nil, append([]string{"import", "meeting-guide", "--data", data}, args...)...)
		return out, err
	}

	out, err := imp(sampleFeed)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"30 records, 29 meetings: 28 created, 0 updated, 0 unchanged; 2 rejected, 6 adjusted; 0 missing, 0 marked inactive.\n",
		"rejected    broken-clock: time: \"25:99\" is not",
		"rejected    Downtown_Nooner: slug:",
		"adjusted    sunset-strip-speakers: end_time:",
		"adjusted    wicker-park-women: left out what Hearth does not keep: venmo, contacts",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report does not say %q:\n%s", want, out)
		}
	}
	if lines := strings.Count(out, "\n"); lines != 1+2+6 {
		t.Errorf("%d lines, want the summary and one per rejected or adjusted record:\n%s", lines, out)
	}

	t.Run("Again", func(t *testing.T) {
		out, err := imp(sampleFeed)
		if err != nil || !strings.Contains(out, "0 created, 0 updated, 28 unchanged") {
			t.Errorf("importing the same feed again: %v\n%s", err, out)
		}
	})

	t.Run("DeactivateMissing", func(t *testing.T) {
		var records []map[string]any
		b, err := os.ReadFile(sampleFeed)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &records); err != nil {
			t.Fatal(err)
		}
		var kept []map[string]any
		for _, r := range records {
			if r["slug"] != "harlem-hope" {
				kept = append(kept, r)
			}
		}
		changed := filepath.Join(t.TempDir(), "changed.json")
		b, _ = json.Marshal(kept)
		if err := os.WriteFile(changed, b, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := imp(changed)
		if err != nil || !strings.Contains(out, "1 missing, 0 marked inactive") || !strings.Contains(out, "missing     harlem-hope: no longer in the feed; still listed") {
			t.Errorf("without --deactivate-missing: %v\n%s", err, out)
		}
		// The flag may come after the file.
		out, _, err = run(t, nil, "import", "meeting-guide", changed, "--data", data, "--deactivate-missing")
		if err != nil || !strings.Contains(out, "1 missing, 1 marked inactive") || !strings.Contains(out, "deactivated harlem-hope: no longer in the feed; marked inactive") {
			t.Errorf("with --deactivate-missing: %v\n%s", err, out)
		}
	})

	t.Run("Refused", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.json")
		if err := os.WriteFile(bad, []byte(`[{"name": "Cut short`), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			args []string
			want string
		}{
			{"NotJSON", []string{bad}, "nothing changed"},
			{"NoFile", []string{filepath.Join(t.TempDir(), "missing.json")}, "cannot read the feed"},
			{"NoFileGiven", nil, "say which feed"},
			{"TwoFiles", []string{sampleFeed, sampleFeed}, "say which feed"},
			{"UnknownProgram", []string{sampleFeed, "--program", "xyz"}, "unknown program"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				out, err := imp(tc.args...)
				if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
					t.Errorf("error %v, want one line saying %q", err, tc.want)
				}
				if out != "" {
					t.Errorf("a report for a refused import:\n%s", out)
				}
			})
		}
		out, err := imp(sampleFeed)
		if err != nil || !strings.Contains(out, "27 unchanged") {
			t.Errorf("after refused imports: %v\n%s", err, out)
		}
	})

	t.Run("UnknownKind", func(t *testing.T) {
		if _, _, err := run(t, nil, "import", "bmlt", sampleFeed); err == nil || !strings.Contains(err.Error(), "meeting-guide") {
			t.Errorf("error %v", err)
		}
	})
}
