package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"hearth/meetingfeed"
	"hearth/meetingguide"
)

// importCmd runs "hearth import KIND ...".
func (m *Main) importCmd(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "meeting-guide" {
		m.usage()
		if len(args) == 0 {
			return errUsage
		}
		return fmt.Errorf("unknown import %q; Hearth imports meeting-guide feeds", args[0])
	}
	return m.importMeetingGuide(ctx, args[1:])
}

// importMeetingGuide imports a Meeting Guide feed from a file ("-" for
// standard input) and prints the report: the counts, then a line per
// rejected, adjusted, missing or deactivated record with its slug and
// reason. Rejected records do not make it fail; a feed it refuses whole
// does, and then nothing has changed.
func (m *Main) importMeetingGuide(ctx context.Context, args []string) error {
	cfg := &Config{}
	fs := flag.NewFlagSet("hearth import meeting-guide", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: hearth import meeting-guide FILE [flags]   (FILE - reads standard input)")
		fs.PrintDefaults()
	}
	cfg.flags(fs, m.Getenv, false)
	var o meetingfeed.ImportOptions
	program := fs.String("program", string(meetingguide.ProgramAA), "program of the groups the import creates, and whose type codes the feed uses (aa, na, …)")
	fs.BoolVar(&o.DeactivateMissing, "deactivate-missing", false, "mark inactive the meetings an earlier import of this source stored that the feed no longer lists")
	fs.StringVar(&o.Source, "source", meetingfeed.DefaultSource, "a name for the feed's directory, to keep several feeds apart")
	fs.StringVar(&o.DefaultTimeZone, "default-time-zone", "", "time zone of records that give none (otherwise they are rejected)")
	maxMB := fs.Int64("max-mb", meetingguide.DefaultMaxBytes>>20, "largest feed to read, in MiB")

	// The file may come before the flags or after them.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		fs.Usage()
		return errors.New("say which feed to import: hearth import meeting-guide FILE")
	}
	o.Program = meetingguide.Program(*program)
	if !o.Program.Known() {
		return fmt.Errorf("unknown program %q; say one of Hearth's program codes, such as aa or na", *program)
	}
	if *maxMB <= 0 {
		return errors.New("--max-mb must be positive")
	}
	o.MaxBytes = *maxMB << 20
	if err := cfg.validate(false); err != nil {
		return err
	}

	var in io.Reader = os.Stdin
	if name := files[0]; name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("cannot read the feed %s: %v", name, errors.Unwrap(err))
		}
		defer f.Close()
		in = f
	}
	st, _, err := m.open(ctx, cfg, m.logger(cfg))
	if err != nil {
		return err
	}
	// A large feed is kept aside while it is checked: in the data folder,
	// not in a /tmp that may be memory.
	o.TempDir = cfg.DataDir
	rep, err := meetingfeed.Import(ctx, st, in, o)
	if rep != nil {
		if _, werr := rep.WriteTo(m.Stdout); werr != nil && err == nil {
			err = werr
		}
	}
	return err
}
