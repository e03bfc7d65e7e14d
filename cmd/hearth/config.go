package main

import (
	"flag"
	"fmt"
	"hearth"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is Hearth's configuration, from flags and HEARTH_* variables.
type Config struct {
	Addr           string
	DataDir        string
	DatabaseURL    string
	KeyFile        string
	Demo           bool
	BehindTLSProxy bool
	TrustProxy     bool
	TLSCert        string
	TLSKey         string
	MetricsAddr    string
	CrisisFile     string
	MilestonesFile string
	ProgramsFile   string
	DefaultCountry string
	DefaultZone    string
	SessionIdle    time.Duration
	SessionMax     time.Duration
	LogFormat      string
	// Entity is the service entity (an intergroup, a central office) that
	// runs this Hearth, named in the Meeting Guide feed.
	EntityName     string
	EntityLocation string
	EntityEmail    string
	EntityPhone    string
	EntityURL      string
	// NATSURL, when set, shares live events with other Hearth nodes
	// through NATS (JetStream); NATSPrefix names their stream and
	// subjects.
	NATSURL    string
	NATSPrefix string
	// SponsorMinTime is the time on a count a member needs, by program,
	// to offer to sponsor: "aa=1y,na=1y,smart=6m" ("*=" for the rest);
	// sponsorMin is it parsed.
	SponsorMinTime string
	sponsorMin     hearth.SponsorMinTime
}

// flags registers the configuration flags; each defaults to its
// environment variable.
func (c *Config) flags(fs *flag.FlagSet, getenv func(string) string, serve bool) {
	str := func(p *string, name, env, def, usage string) {
		v := getenv(env)
		if v == "" {
			v = def
		}
		fs.StringVar(p, name, v, usage+" ($"+env+")")
	}
	boolean := func(p *bool, name, env, usage string) {
		v, _ := strconv.ParseBool(getenv(env))
		fs.BoolVar(p, name, v, usage+" ($"+env+")")
	}
	dur := func(p *time.Duration, name, env string, def time.Duration, usage string) {
		if d, err := time.ParseDuration(getenv(env)); err == nil {
			def = d
		}
		fs.DurationVar(p, name, def, usage+" ($"+env+")")
	}
	str(&c.DataDir, "data", "HEARTH_DATA", "hearth-data", "folder for the SQLite database and the server key")
	str(&c.DatabaseURL, "database", "HEARTH_DATABASE_URL", "", "a postgres:// URL to use PostgreSQL instead of SQLite")
	str(&c.KeyFile, "secret-key-file", "HEARTH_SECRET_KEY_FILE", "", "server key file (default: server.key in the data folder, made if missing)")
	str(&c.LogFormat, "log-format", "HEARTH_LOG_FORMAT", "", "text or json (default: text on a terminal, json otherwise)")
	if !serve {
		return
	}
	str(&c.Addr, "addr", "HEARTH_ADDR", "127.0.0.1:8080", "address to listen on")
	boolean(&c.Demo, "demo", "HEARTH_DEMO", "fill an empty database with a demo community")
	boolean(&c.BehindTLSProxy, "behind-tls-proxy", "HEARTH_BEHIND_TLS_PROXY", "Hearth is reached over HTTPS through a proxy: secure cookies")
	boolean(&c.TrustProxy, "trust-proxy-headers", "HEARTH_TRUST_PROXY_HEADERS", "take the client address from X-Forwarded-For (for rate limits)")
	str(&c.TLSCert, "tls-cert", "HEARTH_TLS_CERT", "", "serve HTTPS with this certificate file")
	str(&c.TLSKey, "tls-key", "HEARTH_TLS_KEY", "", "... and this key file")
	str(&c.MetricsAddr, "metrics-addr", "HEARTH_METRICS_ADDR", "", "serve /metrics on this address instead of beside the pages")
	str(&c.CrisisFile, "crisis-file", "HEARTH_CRISIS_FILE", "", "a JSON file of crisis lines that replaces the built-in ones by country")
	str(&c.MilestonesFile, "milestones-file", "HEARTH_MILESTONES_FILE", "", "a JSON file of milestone schedules that adds to (or, by id, replaces) the built-in ones")
	str(&c.ProgramsFile, "programs-file", "HEARTH_PROGRAMS_FILE", "", "a JSON file of recovery programs and worksheets that adds to (or, by id, replaces) the built-in ones")
	str(&c.DefaultCountry, "default-country", "HEARTH_DEFAULT_COUNTRY", "US", "country whose crisis lines visitors see")
	str(&c.DefaultZone, "default-time-zone", "HEARTH_DEFAULT_TIME_ZONE", "America/New_York", "time zone for visitors and new members whose browser does not say")
	dur(&c.SessionIdle, "session-idle", "HEARTH_SESSION_IDLE", 14*24*time.Hour, "sign a browser out after this long unused")
	dur(&c.SessionMax, "session-max", "HEARTH_SESSION_MAX", 60*24*time.Hour, "sign a browser out after this long in any case")
	str(&c.EntityName, "entity-name", "HEARTH_ENTITY_NAME", "", "the intergroup or office that runs this Hearth, named in the meetings feed")
	str(&c.EntityLocation, "entity-location", "HEARTH_ENTITY_LOCATION", "", "the area it serves, e.g. \"Chicago, Illinois\" (meetings feed)")
	str(&c.EntityEmail, "entity-email", "HEARTH_ENTITY_EMAIL", "", "its public email address (meetings feed)")
	str(&c.EntityPhone, "entity-phone", "HEARTH_ENTITY_PHONE", "", "its public phone number (meetings feed)")
	str(&c.EntityURL, "entity-url", "HEARTH_ENTITY_URL", "", "its website (meetings feed)")
	str(&c.NATSURL, "nats", "HEARTH_NATS_URL", "", "a nats:// URL to share live events with other Hearth nodes (default: within this process)")
	str(&c.NATSPrefix, "nats-prefix", "HEARTH_NATS_PREFIX", "hearth", "the NATS subject prefix the Hearth nodes of one site share")
	str(&c.SponsorMinTime, "sponsor-min-time", "HEARTH_SPONSOR_MIN_TIME", "*=1y", "time on a count needed to offer to sponsor, by program: aa=1y,na=1y,smart=6m (* for the others; y, m or d)")
}

func (c *Config) keyFile() string {
	if c.KeyFile != "" {
		return c.KeyFile
	}
	return filepath.Join(c.DataDir, "server.key")
}

// validate checks the configuration; serve says the serving flags are in use.
func (c *Config) validate(serve bool) error {
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("--tls-cert and --tls-key go together")
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return fmt.Errorf("--database must be a postgres:// URL (leave it out to use SQLite)")
	}
	if serve && (c.SessionIdle <= 0 || c.SessionMax <= 0 || c.SessionIdle > c.SessionMax) {
		return fmt.Errorf("--session-idle must be positive and no longer than --session-max")
	}
	if c.LogFormat != "" && c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format must be text or json")
	}
	if c.NATSURL != "" && !strings.HasPrefix(c.NATSURL, "nats://") && !strings.HasPrefix(c.NATSURL, "tls://") {
		return fmt.Errorf("--nats must be a nats:// or tls:// URL")
	}
	if c.EntityName == "" && (c.EntityLocation != "" || c.EntityEmail != "" || c.EntityPhone != "" || c.EntityURL != "") {
		return fmt.Errorf("--entity-name is needed with the other --entity- settings")
	}
	if c.EntityURL != "" && !strings.HasPrefix(c.EntityURL, "https://") && !strings.HasPrefix(c.EntityURL, "http://") {
		return fmt.Errorf("--entity-url must start with https:// or http://")
	}
	m, err := parseSponsorMinTime(c.SponsorMinTime)
	if err != nil {
		return err
	}
	c.sponsorMin = m
	return nil
}

// parseSponsorMinTime reads "aa=1y,na=18m,smart=6m,*=1y": a program's
// code, or * for every other, and a whole number of years, months or days.
func parseSponsorMinTime(v string) (hearth.SponsorMinTime, error) {
	m := hearth.SponsorMinTime{Programs: map[string]hearth.Span{}}
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		program, length, ok := strings.Cut(item, "=")
		program, length = strings.TrimSpace(program), strings.TrimSpace(length)
		bad := fmt.Errorf("--sponsor-min-time: %q is not program=length, such as aa=1y, na=18m or smart=90d", item)
		if !ok || program == "" || len(length) < 2 {
			return m, bad
		}
		n, err := strconv.Atoi(length[:len(length)-1])
		if err != nil || n < 0 || n > 100*366 {
			return m, bad
		}
		var span hearth.Span
		switch length[len(length)-1] {
		case 'y':
			span.Years = n
		case 'm':
			span.Months = n
		case 'd':
			span.Days = n
		default:
			return m, bad
		}
		if program == "*" {
			m.Default = span
		} else {
			m.Programs[program] = span
		}
	}
	return m, nil
}
