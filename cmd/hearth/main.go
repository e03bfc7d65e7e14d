// Command hearth runs a Hearth community: a self-hosted home for people in
// recovery. `hearth serve` with no configuration starts it on embedded SQLite.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	// Meeting times live in their own zones; carry the zone database so a
	// machine without one still knows them.
	_ "time/tzdata"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	err := m.Run(ctx, os.Args[1:])
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "hearth:", err)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// Main is the program, separate from the process so tests can run it.
type Main struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Ready, when set, is called with the URL once the server listens.
	Ready func(url string)

	closers []func() error
}

// Run runs one command.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		m.usage()
		return errUsage
	}
	switch args[0] {
	case "serve":
		return m.serve(ctx, args[1:])
	case "migrate":
		return m.migrate(ctx, args[1:])
	case "admin":
		return m.admin(ctx, args[1:])
	case "import":
		return m.importCmd(ctx, args[1:])
	case "version", "--version", "-version":
		fmt.Fprintln(m.Stdout, "hearth", version)
		return nil
	case "help", "-h", "--help":
		m.usage()
		return nil
	default:
		m.usage()
		return fmt.Errorf("unknown command %q", args[0])
	}
}

// Close releases what Run opened, last first.
func (m *Main) Close() error {
	var errs []error
	for i := len(m.closers) - 1; i >= 0; i-- {
		errs = append(errs, m.closers[i]())
	}
	m.closers = nil
	return errors.Join(errs...)
}

func (m *Main) onClose(f func() error) { m.closers = append(m.closers, f) }

func (m *Main) usage() {
	fmt.Fprint(m.Stderr, `Hearth: a home for a recovery community.

Usage:
  hearth serve [flags]           run Hearth (zero configuration: SQLite in ./hearth-data)
  hearth serve --demo            ... and fill an empty database with a demo community
  hearth migrate [flags]         apply database migrations and exit
  hearth admin grant --pseudonym NAME     make a member a site admin
  hearth admin revoke --pseudonym NAME    make a site admin a member again
  hearth admin rotate-key        rewrap every member's data key with a new server key
  hearth import meeting-guide FILE [--deactivate-missing] [--program aa]
                                 import an intergroup's Meeting Guide feed and report on it
  hearth version                 print the version

Run 'hearth serve -h' for the flags; each has a HEARTH_* environment variable.
`)
}
