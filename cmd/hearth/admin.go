package main

import (
	"context"
	"flag"
	"fmt"

	"hearth"
)

func (m *Main) admin(ctx context.Context, args []string) error {
	if len(args) == 0 {
		m.usage()
		return errUsage
	}
	switch args[0] {
	case "grant", "revoke":
		return m.setRole(ctx, args[0], args[1:])
	case "rotate-key":
		return m.rotateKey(ctx, args[1:])
	default:
		m.usage()
		return fmt.Errorf("unknown admin command %q", args[0])
	}
}

func (m *Main) setRole(ctx context.Context, verb string, args []string) error {
	cfg := &Config{}
	fs := flag.NewFlagSet("hearth admin "+verb, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	cfg.flags(fs, m.Getenv, false)
	handle := fs.String("pseudonym", "", "the member's sign-in name, e.g. river.4821")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *handle == "" {
		return fmt.Errorf("say whose role to change with --pseudonym NAME (the sign-in name, e.g. river.4821)")
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	st, _, err := m.open(ctx, cfg, m.logger(cfg))
	if err != nil {
		return err
	}
	role := hearth.RoleAdmin
	if verb == "revoke" {
		role = hearth.RoleMember
	}
	h := hearth.NormalizeHandle(*handle)
	if err := st.SetRole(ctx, h, role); err != nil {
		if hearth.ErrorCode(err) == hearth.ENOTFOUND {
			return fmt.Errorf("no member signs in as %q", h)
		}
		return err
	}
	fmt.Fprintf(m.Stdout, "%s is now a site %s\n", h, role)
	return nil
}

// rotateKey puts a new server key in front, rewraps every data key with
// it, and only then drops the old key. The key file holds both keys while
// the data keys are rewrapped, so a stop half-way loses nothing: running
// the command again finishes the job.
func (m *Main) rotateKey(ctx context.Context, args []string) error {
	cfg, err := m.parse("admin rotate-key", args, false)
	if err != nil {
		return err
	}
	log := m.logger(cfg)
	st, keys, err := m.open(ctx, cfg, log)
	if err != nil {
		return err
	}
	path := cfg.keyFile()
	if err := keys.AddPrimary(); err != nil {
		return err
	}
	if err := keys.WriteFile(path); err != nil {
		return err
	}
	n, err := st.RewrapDataKeys(ctx, keys)
	if err != nil {
		return fmt.Errorf("rewrapping data keys (the key file keeps the old key too; run the command again): %w", err)
	}
	keys.DropOld()
	if err := keys.WriteFile(path); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "rewrapped %d keys (members' data keys and message reports') with server key %d; the old key is gone from %s\n", n, keys.PrimaryID(), path)
	return nil
}
