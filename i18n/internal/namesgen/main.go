// Command namesgen writes i18n/names.tsv: the names of languages and of
// regions (countries) in each language Hearth speaks, taken from the CLDR
// data of golang.org/x/text/language/display. Hearth reads the file
// instead of linking that package, whose tables for every language of the
// world were a sixteenth of the binary. Run it through go generate in
// i18n/, or from i18n/ as go run ./internal/namesgen.
//
// Each line is kind, code, then the name in each of Hearth's languages,
// separated by tabs: "language" and a base language's code ("es",
// "ase"), or "region" and an ISO 3166 code ("MX") or a UN M.49 area's
// ("419"). Only codes in their canonical form, with a name in every
// language, are written.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// langs are the languages Hearth speaks, in i18n.Langs' order.
var langs = []language.Tag{language.English, language.Spanish}

func main() {
	out := flag.String("o", "names.tsv", "the file to write")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "namesgen:", err)
		os.Exit(1)
	}
}

func write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	line := func(kind, code string, name func(ui language.Tag) string) {
		names := make([]string, len(langs))
		for i, ui := range langs {
			if names[i] = name(ui); names[i] == "" || strings.ContainsAny(names[i], "\t\n") {
				return
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", kind, code, strings.Join(names, "\t"))
	}
	const letters = "abcdefghijklmnopqrstuvwxyz"
	var codes []string
	for _, a := range letters {
		for _, b := range letters {
			codes = append(codes, string([]rune{a, b}))
			for _, c := range letters {
				codes = append(codes, string([]rune{a, b, c}))
			}
		}
	}
	for _, code := range codes {
		base, err := language.ParseBase(code)
		if err != nil || base.String() != code {
			continue
		}
		tag, err := language.Compose(base)
		if err != nil {
			continue
		}
		line("language", code, func(ui language.Tag) string { return display.Tags(ui).Name(tag) })
	}
	// Countries, then the areas of UN M.49 that language tags use for a
	// language as spoken across a region ("es-419": Latin America).
	var regions []string
	for _, code := range codes {
		if len(code) == 2 {
			regions = append(regions, strings.ToUpper(code))
		}
	}
	for n := 1; n <= 999; n++ {
		regions = append(regions, fmt.Sprintf("%03d", n))
	}
	for _, code := range regions {
		region, err := language.ParseRegion(code)
		if err != nil || region.String() != code || !(region.IsCountry() || region.IsGroup()) {
			continue
		}
		line("region", code, func(ui language.Tag) string { return display.Regions(ui).Name(region) })
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
