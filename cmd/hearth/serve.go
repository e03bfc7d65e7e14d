package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"hearth"
	"hearth/credential"
	"hearth/crisis"
	"hearth/demo"
	"hearth/events"
	"hearth/meetingguide"
	"hearth/program"
	"hearth/sqlstore"
	"hearth/vault"
	"hearth/web"
)

func (m *Main) parse(name string, args []string, serve bool) (*Config, error) {
	cfg := &Config{}
	fs := flag.NewFlagSet("hearth "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	cfg.flags(fs, m.Getenv, serve)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errUsage
		}
		return nil, errUsage
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return cfg, cfg.validate(serve)
}

func (m *Main) logger(cfg *Config) *slog.Logger {
	format := cfg.LogFormat
	if format == "" {
		format = "json"
		if f, ok := m.Stderr.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(m.Stderr, nil))
	}
	return slog.New(slog.NewJSONHandler(m.Stderr, nil))
}

// prepareData makes the data folder (owner-only) and proves it writable.
func prepareData(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the data folder %s: %v", dir, errors.Unwrap(err))
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("the data folder %s is not writable: %v", dir, errors.Unwrap(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// keys loads the server key: from the file named by --secret-key-file,
// which must exist, or from the data folder, where it is made if missing.
func (m *Main) keys(cfg *Config, log *slog.Logger) (*vault.Keyring, error) {
	if cfg.KeyFile != "" {
		return vault.LoadFile(cfg.KeyFile)
	}
	k, created, err := vault.LoadOrCreate(cfg.keyFile())
	if err != nil {
		return nil, err
	}
	if created {
		log.Info("made a new server key; keep a copy of it apart from the database backups", "file", cfg.keyFile())
	}
	return k, nil
}

// open prepares the data folder and the key, and opens the database with
// migrations applied.
func (m *Main) open(ctx context.Context, cfg *Config, log *slog.Logger) (*sqlstore.Store, *vault.Keyring, error) {
	if err := prepareData(cfg.DataDir); err != nil {
		return nil, nil, err
	}
	keys, err := m.keys(cfg, log)
	if err != nil {
		return nil, nil, err
	}
	st, err := openStore(ctx, cfg, keys, log)
	if err != nil {
		return nil, nil, err
	}
	m.onClose(st.Close)
	return st, keys, nil
}

func (m *Main) serve(ctx context.Context, args []string) error {
	started := time.Now()
	cfg, err := m.parse("serve", args, true)
	if err != nil {
		return err
	}
	log := m.logger(cfg)
	st, _, err := m.open(ctx, cfg, log)
	if err != nil {
		return err
	}
	directory, err := crisis.Load(cfg.CrisisFile)
	if err != nil {
		return err
	}
	schedules, err := program.Load(cfg.MilestonesFile)
	if err != nil {
		return err
	}
	programs, err := program.LoadPrograms(cfg.ProgramsFile)
	if err != nil {
		return err
	}
	hasher, err := credential.NewHasher(credential.HasherConfig{})
	if err != nil {
		return err
	}
	st.SetSponsorMinTime(cfg.sponsorMin)
	if cfg.Demo {
		if err := m.fillDemo(ctx, st, hasher, log); err != nil {
			return err
		}
	}

	ev, err := m.eventService(ctx, cfg, log)
	if err != nil {
		return err
	}
	st.SetEvents(ev)
	// Reminders publish events: they start once the store has its event
	// service.
	go remindCheckIns(ctx, st, log)

	srv, err := web.NewServer(web.Config{
		BehindTLSProxy:    cfg.BehindTLSProxy,
		TLS:               cfg.TLSCert != "",
		TrustProxyHeaders: cfg.TrustProxy,
		DefaultCountry:    cfg.DefaultCountry,
		DefaultTimeZone:   cfg.DefaultZone,
		TempDir:           cfg.DataDir,
		SessionIdle:       cfg.SessionIdle,
		SessionMax:        cfg.SessionMax,
		Version:           version,
		MetricsElsewhere:  cfg.MetricsAddr != "",
		FeedRefresh:       15 * time.Second,
		SponsorMinTime:    cfg.sponsorMin,
		ReleaseWhenQuiet:  time.Second,
		FeedEntity: meetingguide.Entity{Name: cfg.EntityName, Location: cfg.EntityLocation,
			Email: cfg.EntityEmail, Phone: cfg.EntityPhone, WebsiteURL: cfg.EntityURL},
	}, web.Deps{Store: st, Hasher: hasher, Crisis: directory, Log: log, Schedules: schedules,
		Events: ev, Programs: programs})
	if err != nil {
		return err
	}
	m.onClose(func() error { srv.Close(); return nil })

	ln, err := listen(cfg.Addr, "--addr")
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	hs.RegisterOnShutdown(srv.StopStreams)
	scheme := "http"
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return fmt.Errorf("cannot load the TLS certificate: %v", err)
		}
		hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, hs.TLSConfig)
		scheme = "https"
	}
	var metricsSrv *http.Server
	if cfg.MetricsAddr != "" {
		mln, err := listen(cfg.MetricsAddr, "--metrics-addr")
		if err != nil {
			ln.Close()
			return err
		}
		metricsSrv = &http.Server{Handler: srv.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second}
		go metricsSrv.Serve(mln)
	}

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	url := scheme + "://" + ln.Addr().String()
	log.Info("Hearth is ready", "url", url, "version", version, "database", st.Dialect().Name(),
		"start_ms", time.Since(started).Milliseconds())
	if m.Ready != nil {
		m.Ready(url)
	}
	// Starting leaves garbage: applying migrations alone leaves 12 MiB of
	// goose's pooled scan buffers, which a first collection only moves to
	// the pool's victim cache. Collect it twice now, so that the heap's
	// next target is set by what serving keeps (about 4 MiB), not by what
	// starting used; otherwise the first few hundred pages grow the
	// process by some 14 MiB that Go returns only minutes later.
	go func() {
		runtime.GC()
		debug.FreeOSMemory()
	}()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("stopping: finishing the requests under way")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if metricsSrv != nil {
		metricsSrv.Shutdown(shutdown)
	}
	if err := hs.Shutdown(shutdown); err != nil {
		return fmt.Errorf("stopping: %v", err)
	}
	log.Info("stopped")
	return nil
}

// eventService is the in-process hub, or NATS when --nats is set; it is
// closed after the server.
func (m *Main) eventService(ctx context.Context, cfg *Config, log *slog.Logger) (hearth.EventService, error) {
	if cfg.NATSURL == "" {
		hub := events.NewHub(0)
		m.onClose(hub.Close)
		return hub, nil
	}
	n, err := events.DialNATS(ctx, events.NATSConfig{URL: cfg.NATSURL, Prefix: cfg.NATSPrefix, Log: log, Name: "hearth " + version})
	if err != nil {
		return nil, err
	}
	m.onClose(n.Close)
	log.Info("live events go through NATS", "prefix", cfg.NATSPrefix)
	return n, nil
}

// remindInterval is how often serve looks for agreed check-ins that are
// due, to tell both members.
const remindInterval = 10 * time.Minute

// remindCheckIns tells the members of each sponsorship whose agreed
// check-in is due, and moves offers' UTC offsets with daylight saving
// time, now and every remindInterval, until ctx ends.
func remindCheckIns(ctx context.Context, st *sqlstore.Store, log *slog.Logger) {
	t := time.NewTicker(remindInterval)
	defer t.Stop()
	for {
		if _, err := st.NotifyDueCheckIns(ctx, time.Now()); err != nil && ctx.Err() == nil {
			log.Warn("the check-in reminders could not be sent; trying again later", "err", err)
		}
		// Offers' time zones, as daylight saving time begins or ends.
		if _, err := st.RefreshSponsorOffsets(ctx, time.Now()); err != nil && ctx.Err() == nil {
			log.Warn("the offers' time zones could not be brought up to date; trying again later", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// listen opens addr, saying plainly when the port is taken.
func listen(addr, flagName string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("cannot listen on %s: the address is already in use (choose another with %s)", addr, flagName)
		}
		return nil, fmt.Errorf("cannot listen on %s: %v", addr, errors.Unwrap(err))
	}
	return ln, nil
}

func (m *Main) fillDemo(ctx context.Context, st *sqlstore.Store, hasher *credential.Hasher, log *slog.Logger) error {
	n, err := st.CountAccounts(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("demo: the database already has members, so it is left as it is", "members", n)
		return nil
	}
	members, err := demo.Fill(ctx, st, hasher, time.Now())
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for _, mem := range members {
		if mem.Admin {
			log.Info("demo: sign in as a site admin", "signin_name", mem.Handle, "password", demo.Password)
		}
	}
	log.Info("demo: every demo member has the same password", "members", len(members), "example", members[1].Handle,
		"password", demo.Password, "groups", demo.Groups())
	return nil
}

func (m *Main) migrate(ctx context.Context, args []string) error {
	cfg, err := m.parse("migrate", args, false)
	if err != nil {
		return err
	}
	log := m.logger(cfg)
	st, _, err := m.open(ctx, cfg, log)
	if err != nil {
		return err
	}
	log.Info("migrations applied", "database", st.Dialect().Name())
	return nil
}
