package meetingguide

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// specDir holds the format's published data files, outside the module.
// Only tests read them; Hearth carries its own table.
var specDir = filepath.Join("..", "..", "shared", "reference", "meeting-guide")

func openSpec(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(specDir, name))
	if err != nil {
		t.Fatalf("the format's data file: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestTypesMatchSpec compares Hearth's Meeting Guide type table with the
// published types.json: the same codes, each with the same name in every
// language, and nothing more.
func TestTypesMatchSpec(t *testing.T) {
	var spec map[string]map[string]string
	if err := json.NewDecoder(openSpec(t, "types.json")).Decode(&spec); err != nil {
		t.Fatal(err)
	}
	ours := make(map[string]map[string]string)
	for _, ty := range Types(ProgramAA) {
		ours[ty.Code] = ty.Names()
	}
	if len(ours) != 87 || len(spec) != 87 {
		t.Errorf("%d codes in Hearth's table, %d in types.json; want 87", len(ours), len(spec))
	}
	for code, names := range spec {
		got, ok := ours[code]
		if !ok {
			t.Errorf("type %q is missing", code)
			continue
		}
		if !maps.Equal(got, names) {
			t.Errorf("type %q:\n got %v\nwant %v", code, got, names)
		}
		for lang, name := range names {
			if n := TypeName(ProgramAA, code, lang); n != name {
				t.Errorf("TypeName(aa, %q, %q) = %q, want %q", code, lang, n, name)
			}
		}
	}
	for code := range ours {
		if _, ok := spec[code]; !ok {
			t.Errorf("type %q is not in types.json", code)
		}
	}
	langs := make(map[string]bool)
	for _, names := range spec {
		for lang := range names {
			langs[lang] = true
		}
	}
	if got := TypeLanguages(); !slices.Equal(got, slices.Sorted(maps.Keys(langs))) {
		t.Errorf("TypeLanguages() = %v, want the languages of types.json, %v", got, slices.Sorted(maps.Keys(langs)))
	}

	// ReadTypes reads the same file to the same table.
	read, err := ReadTypes(openSpec(t, "types.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(read, Types(""), func(a, b Type) bool { return a.Code == b.Code && maps.Equal(a.Names(), b.Names()) }) {
		t.Error("ReadTypes(types.json) differs from Types")
	}
}

func TestProposedTypes(t *testing.T) {
	proposed, err := ReadTypes(openSpec(t, "proposed-new.json"))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, ty := range proposed {
		codes = append(codes, ty.Code)
		if _, known := LookupType(ProgramAA, ty.Code); known {
			t.Errorf("proposed type %q is already in the table", ty.Code)
		}
		if len(ty.Names()) != len(TypeLanguages()) {
			t.Errorf("proposed type %q has names in %d languages", ty.Code, len(ty.Names()))
		}
	}
	if want := []string{"BV-I", "D-HOH", "LO-I", "QSL", "RSL"}; !slices.Equal(codes, want) {
		t.Errorf("proposed codes %v, want %v", codes, want)
	}

	changed, err := ReadTypes(openSpec(t, "proposed-change.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != 1 || changed[0].Code != "LGBTQ" {
		t.Fatalf("proposed changes %v, want LGBTQ only", changed)
	}
	current, ok := LookupType(ProgramAA, "LGBTQ")
	if !ok || current.Name("en") != "LGBTQ" || changed[0].Name("en") != "LGBTQIAA+" || changed[0].Name("sv") != "HBTQIAA+" {
		t.Errorf("LGBTQ now %q, proposed %q", current.Name("en"), changed[0].Name("en"))
	}

	// A feed may already use proposed codes: unknown unless the operator
	// opts in to them.
	feed := `[{"name":"Seeing Clearly","slug":"seeing-clearly","day":2,"time":"19:00","timezone":"America/Chicago",
		"formatted_address":"1 Elm St, Springfield, IL 62701, USA","types":["O","BV-I"]}]`
	for _, tc := range []struct {
		opts    Options
		unknown bool
	}{{Options{}, true}, {Options{Types: proposed}, false}} {
		rec := decodeOne(t, feed, tc.opts)
		if !slices.Equal(rec.Meeting.Types, []string{"O", "BV-I"}) {
			t.Errorf("types %v: proposed code not kept", rec.Meeting.Types)
		}
		if got := hasAdjustment(rec, "types", CodeUnknown); got != tc.unknown {
			t.Errorf("Types %d given: unknown-type adjustment %v, want %v", len(tc.opts.Types), got, tc.unknown)
		}
	}
}

func TestReadTypesErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not JSON":         `types`,
		"array":            `["O"]`,
		"null":             `null`,
		"unknown language": `{"O":{"en":"Open","xx":"?"}}`,
		"no English":       `{"O":{"es":"Abierta"}}`,
		"empty code":       `{"":{"en":"Nothing"}}`,
	} {
		if _, err := ReadTypes(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestProgramScopedTypes keeps Narcotics Anonymous codes apart from
// Meeting Guide's.
func TestProgramScopedTypes(t *testing.T) {
	for _, tc := range []struct {
		program         Program
		code, lang, not string
		want            string
	}{
		{ProgramNA, "BT", "en", "", "Basic Text"},
		{ProgramNA, "BT", "es", "", "Texto Básico"},
		{ProgramNA, "BT", "fr", "", "Basic Text"}, // falls back to English
		{ProgramNA, "JFT", "es-MX", "", "Estudio de «Sólo por hoy»"},
		{ProgramNA, "LIT", "en", "", "Literature Study"},
		{ProgramAA, "LIT", "en", "", "Literature"},
		{ProgramAA, "BT", "en", "", "BT"},        // not a Meeting Guide code
		{ProgramNA, "B", "en", "", "B"},          // not an NA code
		{ProgramSMART, "O", "es", "", "Abierta"}, // other programs use Meeting Guide's codes
		{"", "12x12", "ja", "", "12のステップと12の伝統"},
	} {
		if got := TypeName(tc.program, tc.code, tc.lang); got != tc.want {
			t.Errorf("TypeName(%q, %q, %q) = %q, want %q", tc.program, tc.code, tc.lang, got, tc.want)
		}
	}
	na := Types(ProgramNA)
	var codes []string
	for _, ty := range na {
		codes = append(codes, ty.Code)
		if ty.Name("en") == "" || ty.Name("es") == "" {
			t.Errorf("NA type %q lacks an English or Spanish name", ty.Code)
		}
	}
	want := strings.Fields("CPT BT BEG CAN CW C DISC GL IP IW JFT LIT LC M MED NS O QA RA SMOK SPAD SPK STEP SWG TOP TRAD VAR X W Y")
	if !slices.Equal(codes, slices.Sorted(slices.Values(want))) {
		t.Errorf("NA codes %v, want %v", codes, want)
	}
	for _, c := range []string{"BA", "BRK", "CAN", "CF", "OUT", "SM", "X", "XB"} {
		if ty, _ := LookupType(ProgramAA, c); !ty.InPersonOnly() {
			t.Errorf("%s is not in-person-only", c)
		}
	}
	if ty, _ := LookupType(ProgramAA, "O"); ty.InPersonOnly() {
		t.Error("O is in-person-only")
	}
}

func TestPrograms(t *testing.T) {
	ps := Programs()
	if len(ps) != 27+4 {
		t.Errorf("%d programs, want the 27 commonly known plus SMART, LifeRing, Celebrate Recovery and other", len(ps))
	}
	seen := make(map[Program]bool)
	for _, p := range ps {
		if seen[p] {
			t.Errorf("program %q twice", p)
		}
		seen[p] = true
		if !p.Known() || !validProgramCode(p) {
			t.Errorf("program %q: known %v", p, p.Known())
		}
		if p.Name("en") == string(p) || p.Name("es") == "" {
			t.Errorf("program %q has no names", p)
		}
	}
	// Codes Hearth's data already uses.
	for _, p := range []Program{"aa", "na", "al-anon", "ca", "smart", "recovery-dharma"} {
		if !seen[p] {
			t.Errorf("program %q is missing", p)
		}
	}
	if ProgramNA.Name("es") != "Narcóticos Anónimos" || ProgramAA.Name("en-GB") != "Alcoholics Anonymous" {
		t.Error("program names")
	}
	if Program("nope").Known() || Program("nope").Name("en") != "nope" {
		t.Error("unknown program")
	}
}

// validProgramCode reports whether a program code is lower-case letters and
// hyphens, as Hearth's stored codes are.
func validProgramCode(p Program) bool {
	return p != "" && strings.Trim(string(p), "abcdefghijklmnopqrstuvwxyz-") == ""
}

func TestAttendanceNames(t *testing.T) {
	for a, want := range map[Attendance][2]string{
		InPerson: {"In person", "Presencial"},
		Online:   {"Online", "En línea"},
		Hybrid:   {"Hybrid", "Híbrida"},
		Inactive: {"Temporarily inactive", "Inactiva temporalmente"},
	} {
		if a.Name("en") != want[0] || a.Name("es") != want[1] {
			t.Errorf("%s: %q, %q", a, a.Name("en"), a.Name("es"))
		}
	}
}
