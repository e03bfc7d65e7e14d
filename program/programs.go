package program

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"hearth"
)

// Programs: the steps (or points) of a recovery program, each with its
// text, a little guidance in plain words, and the worksheets that belong
// to it. The built-in file holds AA's Twelve Steps and a secular wording,
// NA's, Al-Anon's and SMART Recovery's four points; an operator adds one
// (or replaces one, by id) with a file of the same shape.

//go:embed programs.json
var builtInPrograms []byte

// Text is a text by language ("en", "es").
type Text map[string]string

// In is the text in lang, else in English.
func (t Text) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	return t["en"]
}

// Field types of a worksheet.
const (
	FieldText   = "text"   // one line
	FieldLong   = "long"   // a paragraph or more
	FieldChoice = "choice" // one of the options
	FieldChecks = "checks" // any of the options
	FieldDate   = "date"   // YYYY-MM-DD
	FieldNumber = "number" // a whole number from 0 to NumberMax
)

// Limits on what a worksheet field holds.
const (
	TextMax   = 300   // characters of a text field
	LongMax   = 5_000 // characters of a long field
	NumberMax = 1_440 // a day in minutes
)

// Worksheet kinds.
const (
	// Rows are rows the member adds, reorders and revisits.
	KindRows = "rows"
	// Dated are entries of a day (the nightly review, a log), latest
	// first.
	KindDated = "dated"
)

// Option is one answer of a choice or checks field.
type Option struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
}

// Field is one column of a worksheet.
type Field struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Label   Text     `json:"label"`
	Options []Option `json:"options,omitempty"`
}

// Worksheet is a structured form: its fields are the paper form's columns.
type Worksheet struct {
	ID     string  `json:"id"`
	Kind   string  `json:"kind"`
	Name   Text    `json:"name"`
	About  Text    `json:"about"`
	Fields []Field `json:"fields"`
}

// Step is one step of a program (or one point of SMART Recovery).
type Step struct {
	Key        string   `json:"key"`
	Text       Text     `json:"text"`
	Guide      Text     `json:"guide"`
	Worksheets []string `json:"worksheets"`
}

// Program is a recovery program's steps.
type Program struct {
	ID string `json:"id"`
	// Kind is "steps" or "points" (SMART Recovery's are not steps).
	Kind  string `json:"kind"`
	Name  Text   `json:"name"`
	Steps []Step `json:"steps"`
}

// Step returns the program's step with this key.
func (p *Program) Step(key string) *Step {
	for i := range p.Steps {
		if p.Steps[i].Key == key {
			return &p.Steps[i]
		}
	}
	return nil
}

// HasWorksheet reports whether a step of the program uses the worksheet.
func (p *Program) HasWorksheet(id string) bool {
	for _, s := range p.Steps {
		if slices.Contains(s.Worksheets, id) {
			return true
		}
	}
	return false
}

// Field returns the worksheet's field with this id.
func (w *Worksheet) Field(id string) *Field {
	for i := range w.Fields {
		if w.Fields[i].ID == id {
			return &w.Fields[i]
		}
	}
	return nil
}

// Option returns the option with this id.
func (f *Field) Option(id string) *Option {
	for i := range f.Options {
		if f.Options[i].ID == id {
			return &f.Options[i]
		}
	}
	return nil
}

// Check checks (and tidies) the values of a worksheet entry: only the
// worksheet's fields, each within its limits; checks fields hold option
// ids separated by commas. Empty fields are dropped; an entry with no
// field filled in is EINVALID. Problems are keyed by field id.
func (w *Worksheet) Check(values map[string]string) (map[string]string, error) {
	errs := hearth.FieldErrors{}
	out := map[string]string{}
	for id := range values {
		if w.Field(id) == nil {
			errs.Add(id, "error.steps.field_unknown")
		}
	}
	for _, f := range w.Fields {
		v := strings.TrimSpace(strings.ToValidUTF8(values[f.ID], "\uFFFD"))
		if v == "" {
			continue
		}
		switch f.Type {
		case FieldText:
			if utf8.RuneCountInString(v) > TextMax {
				errs.Add(f.ID, "error.steps.text_long")
			}
		case FieldLong:
			if utf8.RuneCountInString(v) > LongMax {
				errs.Add(f.ID, "error.steps.long_long")
			}
		case FieldChoice:
			if f.Option(v) == nil {
				errs.Add(f.ID, "error.steps.choice")
			}
		case FieldChecks:
			var ids []string
			for _, id := range strings.Split(v, ",") {
				id = strings.TrimSpace(id)
				if id == "" || slices.Contains(ids, id) {
					continue
				}
				if f.Option(id) == nil {
					errs.Add(f.ID, "error.steps.choice")
				}
				ids = append(ids, id)
			}
			v = strings.Join(ids, ",")
		case FieldDate:
			if _, err := hearth.ParseDate(v); err != nil {
				errs.Add(f.ID, "error.steps.date")
			}
		case FieldNumber:
			if n, err := strconv.Atoi(v); err != nil || n < 0 || n > NumberMax {
				errs.Add(f.ID, "error.steps.number")
			}
		}
		out[f.ID] = v
	}
	if len(out) == 0 && len(errs) == 0 {
		return out, hearth.Errorf(hearth.EINVALID, "error.steps.empty")
	}
	return out, errs.Err()
}

// Programs are the programs and worksheets a site offers.
type Programs struct {
	list   []*Program
	sheets []*Worksheet
}

// programFile is the shape of a programs file.
type programFile struct {
	Worksheets []*Worksheet
	Programs   []*Program
	// lines are where each worksheet and program starts in the file.
	sheetLines, programLines []int
}

// LoadPrograms returns the built-in programs and, when file is not empty,
// those of that file: a program or worksheet with a built-in one's id
// replaces it, others are added. A file that is not right is an error
// naming the file and the line.
func LoadPrograms(file string) (*Programs, error) {
	base, err := parsePrograms(builtInPrograms)
	if err != nil {
		return nil, fmt.Errorf("program: programs.json (built in): %w", err)
	}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("program: cannot read the programs file: %w", err)
		}
		more, err := parsePrograms(b)
		if err != nil {
			return nil, fmt.Errorf("program: %s:%w", file, err)
		}
		for _, w := range more.Worksheets {
			if i := slices.IndexFunc(base.Worksheets, func(b *Worksheet) bool { return b.ID == w.ID }); i >= 0 {
				base.Worksheets[i] = w
			} else {
				base.Worksheets = append(base.Worksheets, w)
			}
		}
		for _, p := range more.Programs {
			if i := slices.IndexFunc(base.Programs, func(b *Program) bool { return b.ID == p.ID }); i >= 0 {
				base.Programs[i] = p
			} else {
				base.Programs = append(base.Programs, p)
			}
		}
		// Steps of the file's programs may name built-in worksheets.
		ps := &Programs{list: base.Programs, sheets: base.Worksheets}
		for i, p := range more.Programs {
			if err := ps.checkSheets(p); err != nil {
				return nil, fmt.Errorf("program: %s:%d: %w", file, more.programLines[i], err)
			}
		}
		return ps, nil
	}
	ps := &Programs{list: base.Programs, sheets: base.Worksheets}
	for i, p := range base.Programs {
		if err := ps.checkSheets(p); err != nil {
			return nil, fmt.Errorf("program: programs.json (built in):%d: %w", base.programLines[i], err)
		}
	}
	return ps, nil
}

// lineAt is the line of the first character at or after offset that is
// not a space or a comma: where the value read from offset starts.
func lineAt(b []byte, offset int64) int {
	i := int(min(offset, int64(len(b))))
	for i < len(b) && strings.IndexByte(" \t\r\n,", b[i]) >= 0 {
		i++
	}
	return 1 + bytes.Count(b[:min(i, len(b))], []byte("\n"))
}

// parsePrograms reads a programs file, checking each worksheet and
// program (but not which worksheets a program names). Errors start with
// the line: "12: ...".
func parsePrograms(b []byte) (*programFile, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var base int64 // where the value being decoded starts: type errors count from there
	at := func(err error) error {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return fmt.Errorf("%d: %w", lineAt(b, se.Offset-1), err)
		case errors.As(err, &te):
			return fmt.Errorf("%d: %w", lineAt(b, base+te.Offset-1), err)
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return fmt.Errorf("%d: the file ends too soon", lineAt(b, int64(len(b))))
		}
		return fmt.Errorf("%d: %w", lineAt(b, dec.InputOffset()), err)
	}
	want := func(d json.Delim) error {
		tok, err := dec.Token()
		if err != nil {
			return at(err)
		}
		if tok != d {
			return fmt.Errorf("%d: want %q, found %v", lineAt(b, dec.InputOffset()-1), d.String(), tok)
		}
		return nil
	}
	var f programFile
	if err := want('{'); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, at(err)
		}
		key, _ := tok.(string)
		if key != "worksheets" && key != "programs" {
			return nil, fmt.Errorf("%d: unknown key %q: want \"worksheets\" or \"programs\"", lineAt(b, dec.InputOffset()-1), key)
		}
		if err := want('['); err != nil {
			return nil, err
		}
		for dec.More() {
			base = dec.InputOffset()
			line := lineAt(b, base)
			if key == "worksheets" {
				var w Worksheet
				if err := dec.Decode(&w); err != nil {
					return nil, at(err)
				}
				if err := w.check(); err != nil {
					return nil, fmt.Errorf("%d: %w", line, err)
				}
				if seen["w:"+w.ID] {
					return nil, fmt.Errorf("%d: worksheet %q is given twice", line, w.ID)
				}
				seen["w:"+w.ID] = true
				f.Worksheets, f.sheetLines = append(f.Worksheets, &w), append(f.sheetLines, line)
				continue
			}
			var p Program
			if err := dec.Decode(&p); err != nil {
				return nil, at(err)
			}
			if err := p.check(); err != nil {
				return nil, fmt.Errorf("%d: %w", line, err)
			}
			if seen["p:"+p.ID] {
				return nil, fmt.Errorf("%d: program %q is given twice", line, p.ID)
			}
			seen["p:"+p.ID] = true
			f.Programs, f.programLines = append(f.Programs, &p), append(f.programLines, line)
		}
		if err := want(']'); err != nil {
			return nil, err
		}
	}
	if err := want('}'); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%d: something follows the end of the file's object", lineAt(b, dec.InputOffset()))
	}
	return &f, nil
}

func checkID(what, id string) error {
	if id == "" || len(id) > 40 || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return fmt.Errorf("%s id %q: want lower-case letters, digits and _", what, id)
	}
	return nil
}

func checkText(what string, t Text) error {
	if t["en"] == "" || t["es"] == "" {
		return fmt.Errorf("%s needs English and Spanish (\"en\" and \"es\")", what)
	}
	return nil
}

func (w *Worksheet) check() error {
	if err := checkID("worksheet", w.ID); err != nil {
		return err
	}
	if w.Kind != KindRows && w.Kind != KindDated {
		return fmt.Errorf("worksheet %q: kind %q, want %q or %q", w.ID, w.Kind, KindRows, KindDated)
	}
	if err := checkText(fmt.Sprintf("worksheet %q: the name", w.ID), w.Name); err != nil {
		return err
	}
	if len(w.Fields) == 0 {
		return fmt.Errorf("worksheet %q has no fields", w.ID)
	}
	ids := map[string]bool{}
	for _, f := range w.Fields {
		if err := checkID(fmt.Sprintf("worksheet %q: field", w.ID), f.ID); err != nil {
			return err
		}
		if ids[f.ID] {
			return fmt.Errorf("worksheet %q: field %q is given twice", w.ID, f.ID)
		}
		ids[f.ID] = true
		if err := checkText(fmt.Sprintf("worksheet %q, field %q: the label", w.ID, f.ID), f.Label); err != nil {
			return err
		}
		switch f.Type {
		case FieldText, FieldLong, FieldDate, FieldNumber:
			if len(f.Options) > 0 {
				return fmt.Errorf("worksheet %q, field %q: a %s field has no options", w.ID, f.ID, f.Type)
			}
		case FieldChoice, FieldChecks:
			if len(f.Options) == 0 {
				return fmt.Errorf("worksheet %q, field %q: a %s field needs options", w.ID, f.ID, f.Type)
			}
			for _, o := range f.Options {
				if err := checkID(fmt.Sprintf("worksheet %q, field %q: option", w.ID, f.ID), o.ID); err != nil {
					return err
				}
				if err := checkText(fmt.Sprintf("worksheet %q, field %q, option %q", w.ID, f.ID, o.ID), o.Label); err != nil {
					return err
				}
			}
		default:
			return fmt.Errorf("worksheet %q, field %q: type %q, want text, long, choice, checks, date or number", w.ID, f.ID, f.Type)
		}
	}
	return nil
}

func (p *Program) check() error {
	if err := checkID("program", p.ID); err != nil {
		return err
	}
	if p.Kind != "steps" && p.Kind != "points" {
		return fmt.Errorf("program %q: kind %q, want \"steps\" or \"points\"", p.ID, p.Kind)
	}
	if err := checkText(fmt.Sprintf("program %q: the name", p.ID), p.Name); err != nil {
		return err
	}
	if len(p.Steps) == 0 {
		return fmt.Errorf("program %q has no steps", p.ID)
	}
	keys := map[string]bool{}
	for _, s := range p.Steps {
		if err := checkID(fmt.Sprintf("program %q: step", p.ID), s.Key); err != nil {
			return err
		}
		if keys[s.Key] {
			return fmt.Errorf("program %q: step %q is given twice", p.ID, s.Key)
		}
		keys[s.Key] = true
		if err := checkText(fmt.Sprintf("program %q, step %s: the text", p.ID, s.Key), s.Text); err != nil {
			return err
		}
		if err := checkText(fmt.Sprintf("program %q, step %s: the guidance", p.ID, s.Key), s.Guide); err != nil {
			return err
		}
	}
	return nil
}

// checkSheets checks that every worksheet the program's steps name exists.
func (ps *Programs) checkSheets(p *Program) error {
	for _, s := range p.Steps {
		for _, id := range s.Worksheets {
			if ps.Worksheet(id) == nil {
				return fmt.Errorf("program %q, step %s: no worksheet %q", p.ID, s.Key, id)
			}
		}
	}
	return nil
}

// Get returns the program with this id, or nil.
func (ps *Programs) Get(id string) *Program {
	for _, p := range ps.list {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Worksheet returns the worksheet with this id, or nil.
func (ps *Programs) Worksheet(id string) *Worksheet {
	for _, w := range ps.sheets {
		if w.ID == id {
			return w
		}
	}
	return nil
}

// All lists the programs, built-in ones first.
func (ps *Programs) All() []*Program { return slices.Clone(ps.list) }
