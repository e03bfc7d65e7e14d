package program

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProgramsBuiltIn(t *testing.T) {
	ps, err := LoadPrograms("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id    string
		steps int
	}{{"aa", 12}, {"aa_secular", 12}, {"na", 12}, {"alanon", 12}, {"smart", 4}} {
		p := ps.Get(tc.id)
		if p == nil {
			t.Fatalf("no program %q", tc.id)
		}
		if len(p.Steps) != tc.steps {
			t.Errorf("%s: %d steps, want %d", tc.id, len(p.Steps), tc.steps)
		}
	}
	aa := ps.Get("aa")
	if got := aa.Step("4").Worksheets; strings.Join(got, " ") != "resentments fears sex_conduct" {
		t.Errorf("AA step 4 worksheets %q", got)
	}
	nightly := ps.Worksheet("nightly")
	if nightly.Kind != KindDated || len(nightly.Fields) != 8 {
		t.Errorf("the nightly review: kind %q, %d fields; want dated, seven questions and what went well", nightly.Kind, len(nightly.Fields))
	}
	smart := ps.Get("smart")
	for _, w := range []string{"cost_benefit", "urge_log", "abc"} {
		if !smart.HasWorksheet(w) {
			t.Errorf("SMART has no %s", w)
		}
	}
}

func TestWorksheetCheck(t *testing.T) {
	ps, err := LoadPrograms("")
	if err != nil {
		t.Fatal(err)
	}
	res := ps.Worksheet("resentments")
	for _, tc := range []struct {
		name   string
		values map[string]string
		errs   string // the fields in error, sorted
		want   map[string]string
	}{
		{"good", map[string]string{"who": " My boss ", "affects": "security, pride,security", "part": ""}, "",
			map[string]string{"who": "My boss", "affects": "security,pride"}},
		{"empty", map[string]string{"who": "  "}, "", nil},
		{"200 KB", map[string]string{"cause": strings.Repeat("a", 200_000)}, "cause", nil},
		{"unknown field", map[string]string{"who": "x", "nope": "y"}, "nope", nil},
		{"bad option", map[string]string{"affects": "pride,greed"}, "affects", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := res.Check(tc.values)
			if tc.want != nil {
				if err != nil {
					t.Fatal(err)
				}
				for k, v := range tc.want {
					if got[k] != v {
						t.Errorf("%s = %q, want %q", k, got[k], v)
					}
				}
				if len(got) != len(tc.want) {
					t.Errorf("got %v", got)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error for %v", tc.name)
			}
		})
	}
	am := ps.Worksheet("amends")
	if _, err := am.Check(map[string]string{"person": "Dad", "made_on": "2026-13-01"}); err == nil {
		t.Error("a date that is no date was taken")
	}
	med := ps.Worksheet("meditation")
	if _, err := med.Check(map[string]string{"minutes": "2000"}); err == nil {
		t.Error("2000 minutes was taken")
	}
}

// A malformed programs file fails with its name and the line.
func TestProgramsFileErrors(t *testing.T) {
	dir := t.TempDir()
	good := `{"programs": [
  {"id": "mine", "kind": "steps", "name": {"en": "Mine", "es": "Mío"},
   "steps": [{"key": "1", "text": {"en": "One", "es": "Uno"}, "guide": {"en": "G", "es": "G"}, "worksheets": ["fears"]}]}
]}`
	for _, tc := range []struct {
		name, body, want string
	}{
		{"syntax", "{\"programs\": [\n  {\"id\": \"x\",,}\n]}", ":2:"},
		{"type", "{\"programs\": [\n\n  {\"id\": 7}\n]}", ":3:"},
		{"no spanish", strings.Replace(good, `"es": "Uno"`, `"fr": "Un"`, 1), ":2: program \"mine\", step 1: the text needs"},
		{"unknown worksheet", strings.Replace(good, `"fears"`, `"nope"`, 1), ":2: program \"mine\", step 1: no worksheet \"nope\""},
		{"unknown key", "{\n\"program\": []}", ":2: unknown key"},
		{"truncated", "{\"programs\": [\n", "ends too soon"},
		{"bad field type", "{\"worksheets\": [\n{\"id\": \"w\", \"kind\": \"rows\", \"name\": {\"en\": \"W\", \"es\": \"W\"},\n \"fields\": [{\"id\": \"a\", \"type\": \"blob\", \"label\": {\"en\": \"A\", \"es\": \"A\"}}]}]}", ":2: worksheet \"w\", field \"a\": type \"blob\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".json")
			if err := os.WriteFile(file, []byte(tc.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadPrograms(file)
			if err == nil || !strings.Contains(err.Error(), file+tc.want) && !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), file) {
				t.Errorf("error %v; want the file and %q", err, tc.want)
			}
		})
	}
	file := filepath.Join(dir, "good.json")
	if err := os.WriteFile(file, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	ps, err := LoadPrograms(file)
	if err != nil {
		t.Fatal(err)
	}
	if ps.Get("mine") == nil || ps.Get("aa") == nil {
		t.Error("the operator's program is not added to the built-in ones")
	}
}
