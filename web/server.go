// Package web is Hearth's HTTP face: server-rendered pages that work with
// JavaScript off, the JSON API under /api/v1, and the operational endpoints.
// Handlers are methods on *Server that return an error; one adapter turns
// an error into a page or an RFC 9457 problem document.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"hearth"
	"hearth/credential"
	"hearth/crisis"
	"hearth/meetingguide"
	"hearth/program"
	"hearth/ratelimit"
)

// Config is what the web layer needs to know about its deployment.
type Config struct {
	// BehindTLSProxy says requests reach Hearth over HTTPS through a
	// proxy: cookies are then Secure and use the __Host- prefix.
	BehindTLSProxy bool
	// TLS says Hearth itself serves HTTPS.
	TLS bool
	// TrustProxyHeaders takes the client address from X-Forwarded-For,
	// for rate limits only.
	TrustProxyHeaders bool
	DefaultCountry    string
	DefaultTimeZone   string
	// TempDir is where an uploaded feed is kept aside while it is checked
	// ("" for the system's temporary folder); serve sets the data folder.
	TempDir string
	// SessionIdle and SessionMax are the idle and absolute lifetimes.
	SessionIdle time.Duration
	SessionMax  time.Duration
	// Limits on attempts; zero values take the defaults.
	SignInPerName   Rate
	SignInPerClient Rate
	SignUpPerClient Rate
	Version         string
	// MetricsElsewhere says /metrics is served on its own address (see
	// MetricsHandler) rather than beside the pages.
	MetricsElsewhere bool
	// FeedEntity is the service entity (the intergroup or office that runs
	// this Hearth) named in every record of the Meeting Guide feed.
	FeedEntity meetingguide.Entity
	// SponsorMinTime is the time on a count needed to offer to sponsor,
	// by program, as the store is told (hearth serve --sponsor-min-time):
	// the offer page says at its top when no count has it yet.
	SponsorMinTime hearth.SponsorMinTime
	// FeedRefresh, when not zero, is how often the server looks whether
	// the whole Meeting Guide feed has changed, to write its kept copy
	// again before a reader asks (0: when a reader asks).
	FeedRefresh time.Duration
	// FeedWaitMax is how long a reader of the whole feed may be kept
	// waiting while it is written after a change: when writing it last
	// took longer, a reader after a change is sent the copy before it,
	// while the new one is written in the background (default 250 ms;
	// negative: never wait when there is an earlier copy).
	FeedWaitMax time.Duration
	// ReleaseWhenQuiet, when not zero, is how long the server waits after
	// its last request before it returns the memory it no longer uses to
	// the system (see memory.go).
	ReleaseWhenQuiet time.Duration
}

// Rate is a number of events allowed per period, with a burst of Events.
type Rate struct {
	Events int
	Per    time.Duration
}

// Store is everything the web layer keeps through the database.
type Store interface {
	hearth.AccountService
	hearth.SessionService
	hearth.AccessTokenService
	hearth.GroupService
	hearth.MembershipService
	hearth.MeetingService
	hearth.CalendarTokenService
	hearth.MeetingImportService
	hearth.HomeService
	hearth.ClockService
	hearth.CheckInService
	hearth.PartnerService
	hearth.CelebrationService
	hearth.JournalService
	hearth.NotificationService
	hearth.MessageService
	hearth.MessageReportService
	hearth.ReachOutService
	hearth.ShareService
	hearth.ModerationService
	hearth.MutedWordService
	hearth.StepService
	// ExportSteps fills in the step work of the member in the context.
	ExportSteps(ctx context.Context, e *hearth.Export) error
	// ExportTalk fills in what the member in the context said to others:
	// shares, messages they wrote, reach-outs, muted words.
	ExportTalk(ctx context.Context, e *hearth.Export) error
	hearth.StrategyService
	hearth.SponsorService
	// ExportSponsorships fills in the sponsor profile and sponsorships
	// of the member in the context.
	ExportSponsorships(ctx context.Context, e *hearth.Export) error
	// ExportPartnerships fills in the accountability partnerships of the
	// member in the context.
	ExportPartnerships(ctx context.Context, e *hearth.Export) error
	// ExportJournal fills in the journal of the member in the context.
	ExportJournal(ctx context.Context, e *hearth.Export) error
	// ExportStrategies fills in the strategies the member in the context
	// shared in the library, and those they marked.
	ExportStrategies(ctx context.Context, e *hearth.Export) error
	// ExportMemberships fills in the groups and meetings of a member's
	// export.
	ExportMemberships(ctx context.Context, accountID int64, e *hearth.Export) error
	// FeedVersion changes whenever the Meeting Guide feed may have
	// changed.
	FeedVersion(ctx context.Context) (int64, error)
	Ping(ctx context.Context) error
}

// Server serves Hearth over HTTP.
type Server struct {
	cfg     Config
	store   Store
	hasher  *credential.Hasher
	crisis  *crisis.Directory
	log     *slog.Logger
	now     func() time.Time
	pages   *pages
	static  *staticFiles
	metrics *metrics
	handler http.Handler

	signInName   *ratelimit.Limiter
	signInClient *ratelimit.Limiter
	signUpName   *ratelimit.Limiter
	signUpClient *ratelimit.Limiter
	reauth       *ratelimit.Limiter // password checks in settings, per member

	// reveal holds secrets shown once (recovery codes, new API tokens)
	// between a POST and the page it redirects to; memory only.
	reveal *revealStore

	schedules *program.Schedules

	// feedFiles keeps the whole Meeting Guide feed between changes.
	feedFiles *feedFiles
	// workerJS is the service worker (sw.js) as it is served.
	workerJS []byte
	// broken is the page, per language, for when a page can't be had
	// (see writeBroken).
	broken map[string]*brokenPage
	// bg is the context of the server's background work; stop ends it,
	// and done waits for it.
	bg   context.Context
	stop context.CancelFunc
	done sync.WaitGroup
	// events carries live events to open pages (nil: no live updates);
	// stopping closes when the server shuts down, ending every stream.
	events   hearth.EventService
	stopping chan struct{}
	stopOnce sync.Once
	// streams are the open live streams by account, so that a stream
	// whose session ends ends with it.
	streams  liveStreams
	programs *program.Programs
	// quiet tells when no request has come for a while (memory.go).
	quiet quietness
}

// Deps are the Server's collaborators.
type Deps struct {
	Store  Store
	Hasher *credential.Hasher
	Crisis *crisis.Directory
	Log    *slog.Logger
	Now    func() time.Time
	// Schedules are the milestone schedules clocks follow; nil means the
	// built-in ones.
	Schedules *program.Schedules
	// Events carries live events to open pages over SSE; nil turns live
	// updates off (pages still work on reload).
	Events hearth.EventService
	// Programs are the recovery programs members work, with their
	// worksheets; nil means the built-in ones.
	Programs *program.Programs
}

// NewServer builds the server and its routes.
func NewServer(cfg Config, d Deps) (*Server, error) {
	cfg.defaults()
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	st, err := loadStatic()
	if err != nil {
		return nil, err
	}
	if d.Schedules == nil {
		if d.Schedules, err = program.Load(""); err != nil {
			return nil, err
		}
	}
	if d.Programs == nil {
		if d.Programs, err = program.LoadPrograms(""); err != nil {
			return nil, err
		}
	}
	s := &Server{
		cfg:    cfg,
		store:  d.Store,
		hasher: d.Hasher,
		crisis: d.Crisis,
		log:    d.Log,
		now:    d.Now,
		static: st,
		reveal: newRevealStore(d.Now),

		schedules: d.Schedules,
		feedFiles: newFeedFiles(cfg.TempDir, cfg.FeedEntity),
		events:    d.Events,
		stopping:  make(chan struct{}),
		programs:  d.Programs,
	}
	s.feedFiles.version = d.Store.FeedVersion
	s.workerJS = workerScript(st)
	s.broken = brokenPages(st.url("app.css"))
	s.pages, err = loadPages(s.templateFuncs())
	if err != nil {
		return nil, err
	}
	s.metrics = newMetrics(d.Hasher)
	limiter := func(r Rate) *ratelimit.Limiter {
		return ratelimit.New(ratelimit.Config{Events: r.Events, Per: r.Per, Now: d.Now})
	}
	s.signInName = limiter(cfg.SignInPerName)
	s.signInClient = limiter(cfg.SignInPerClient)
	s.signUpName = limiter(cfg.SignInPerName)
	s.signUpClient = limiter(cfg.SignUpPerClient)
	s.reauth = limiter(cfg.SignInPerName)
	s.handler = s.routes()
	if st, ok := d.Store.(interface{ OnSessionsChanged(func(int64)) }); ok && d.Events != nil {
		st.OnSessionsChanged(s.endStreamsOfEndedSessions)
	}
	s.bg, s.stop = context.WithCancel(context.Background())
	if cfg.FeedRefresh > 0 {
		s.done.Go(func() { s.refreshFeeds(s.bg, cfg.FeedRefresh) })
	}
	if cfg.ReleaseWhenQuiet > 0 {
		s.done.Go(func() { s.quiet.releaseWhenQuiet(s.bg, cfg.ReleaseWhenQuiet, s.releaseMemory) })
	}
	return s, nil
}

func (c *Config) defaults() {
	if c.DefaultCountry == "" {
		c.DefaultCountry = "US"
	}
	if c.DefaultTimeZone == "" {
		c.DefaultTimeZone = "America/New_York"
	}
	if c.FeedWaitMax == 0 {
		c.FeedWaitMax = 250 * time.Millisecond
	}
	if c.SessionIdle == 0 {
		c.SessionIdle = 14 * 24 * time.Hour
	}
	if c.SessionMax == 0 {
		c.SessionMax = 60 * 24 * time.Hour
	}
	if c.SignInPerName.Events == 0 {
		c.SignInPerName = Rate{Events: 10, Per: 15 * time.Minute}
	}
	if c.SignInPerClient.Events == 0 {
		c.SignInPerClient = Rate{Events: 50, Per: 15 * time.Minute}
	}
	if c.SignUpPerClient.Events == 0 {
		c.SignUpPerClient = Rate{Events: 10, Per: time.Hour}
	}
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Close releases what the server holds in memory, ends the live streams
// and its background work.
func (s *Server) Close() {
	s.StopStreams()
	s.stop()
	s.done.Wait()
	s.reveal.clear()
	s.feedFiles.close()
}

// StopStreams ends every live event stream (their browsers reconnect
// elsewhere or later); for a graceful shutdown, which would otherwise
// wait for them (http.Server.RegisterOnShutdown).
func (s *Server) StopStreams() { s.stopOnce.Do(func() { close(s.stopping) }) }

// revealStore keeps secrets a member must see exactly once, keyed by the
// session that made them, for ten minutes at most. It is never persisted.
type revealStore struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[revealKey]revealed
}

type revealKey struct {
	session int64
	kind    string
}

type revealed struct {
	values []string
	until  time.Time
}

func newRevealStore(now func() time.Time) *revealStore {
	return &revealStore{now: now, m: map[revealKey]revealed{}}
}

func (r *revealStore) put(session int64, kind string, values []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	for k, v := range r.m {
		if now.After(v.until) {
			delete(r.m, k)
		}
	}
	r.m[revealKey{session, kind}] = revealed{values: values, until: now.Add(10 * time.Minute)}
}

// peek returns the secrets without forgetting them (a reload shows them
// again until the member says they have kept them).
func (r *revealStore) peek(session int64, kind string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.m[revealKey{session, kind}]
	if !ok || r.now().After(v.until) {
		return nil
	}
	return v.values
}

func (r *revealStore) take(session int64, kind string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := revealKey{session, kind}
	v, ok := r.m[k]
	delete(r.m, k)
	if !ok || r.now().After(v.until) {
		return nil
	}
	return v.values
}

func (r *revealStore) clear() {
	r.mu.Lock()
	defer r.mu.Unlock()
	clear(r.m)
}
