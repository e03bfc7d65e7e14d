package web

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"hearth/meetingfeed"
)

// The whole Meeting Guide feed is written once per change and kept.
//
// Writing the feed of every meeting reads and encodes all of them: over a
// second for 120,000 meetings. Yet the readers of the format (the Meeting
// Guide app's servers, intergroup websites) fetch it again and again, and
// it changes only when a trusted servant changes a meeting. So the first
// reader is sent the feed as it is written, and a copy goes into a file in
// the data folder; every reader after that is sent the file, with an ETag,
// until the feed's version (kept by the database, so every writer counts:
// hearth admin, the importer, another node) moves on. The file costs no
// memory, and a reader that sends the ETag back is answered 304 Not
// Modified.
//
// After a change, a small feed is written again for its next reader, who
// waits a few milliseconds for it. A large one, whose last writing took
// longer than Config.FeedWaitMax, is written again in the background while
// readers are sent the copy before it, with that copy's ETag: the change
// reaches the feed as soon as the writing ends (about a second and a half
// for 120,000 meetings), and no reader waits for it. Should that writing
// fail, the next reader waits for the feed as it is written, as the first
// did.

// feedFilesMax bounds the copies kept: one per address the site is
// reached at (the feed's meeting URLs name it), which is one or two in
// practice; a Host header an attacker makes up must not fill the disk.
const feedFilesMax = 4

// feedFiles are the kept copies of the whole feed, by base URL.
type feedFiles struct {
	dir string // "" for the system's temporary folder
	// tag distinguishes this configuration (the feed's entity) in ETags.
	tag uint64

	mu       sync.Mutex
	files    map[string]*feedFile
	building map[string]bool
	failed   map[string]bool // the last writing of a copy for base failed

	// version, when set, is the feed's version now (the store's
	// FeedVersion). A copy is kept as version v only if the feed is still
	// at v once the copy is written: what was read while it moved may be
	// newer than v, and a copy newer than its ETag would answer "not
	// modified" to a reader who holds v as it was.
	version func(context.Context) (int64, error)
}

// feedFile is one kept copy of the feed.
type feedFile struct {
	version int64
	path    string
	written time.Time
	took    time.Duration // how long writing it took
}

// newFeedFiles keeps copies in dir ("" for the system's temporary
// folder). In a folder of its own (the data folder) the copies outlive
// the server: those an earlier run left for the same entity are taken up,
// at no known version, so that the first readers after a restart are sent
// one while the feed is written again (when it is large: see
// Config.FeedWaitMax); anything else of the kind there is removed.
func newFeedFiles(dir string, entity any) *feedFiles {
	h := fnv.New64a()
	_ = json.NewEncoder(h).Encode(entity)
	c := &feedFiles{dir: dir, tag: h.Sum64(), files: map[string]*feedFile{}, building: map[string]bool{}, failed: map[string]bool{}}
	if dir == "" {
		return c
	}
	found, _ := filepath.Glob(filepath.Join(dir, "hearth-feed-*.json"))
	for _, path := range found {
		base, took, ok := c.parseName(filepath.Base(path))
		info, err := os.Stat(path)
		if !ok || err != nil || c.files[base] != nil || len(c.files) == feedFilesMax {
			os.Remove(path)
			continue
		}
		c.files[base] = &feedFile{version: unknownVersion, path: path, written: info.ModTime(), took: took}
	}
	return c
}

// unknownVersion is the version of a copy an earlier run left.
const unknownVersion = -2

// keptName is the name of a kept copy for base that took long to write:
// the entity's tag, the time in milliseconds and base, or "" when base is
// too long to go into a name.
func (c *feedFiles) keptName(base string, took time.Duration) string {
	b := base64.RawURLEncoding.EncodeToString([]byte(base))
	if len(b) > 160 {
		return ""
	}
	return fmt.Sprintf("hearth-feed-%016x-%d-%s.json", c.tag, took.Milliseconds(), b)
}

// parseName reads a name keptName made for this entity.
func (c *feedFiles) parseName(name string) (base string, took time.Duration, ok bool) {
	rest, found := strings.CutPrefix(name, fmt.Sprintf("hearth-feed-%016x-", c.tag))
	rest, json := strings.CutSuffix(rest, ".json")
	ms, b, dash := strings.Cut(rest, "-")
	n, err := strconv.ParseInt(ms, 10, 64)
	raw, err2 := base64.RawURLEncoding.DecodeString(b)
	if !found || !json || !dash || err != nil || err2 != nil || n < 0 {
		return "", 0, false
	}
	return string(raw), time.Duration(n) * time.Millisecond, true
}

// etag names the feed at version v for base.
func (c *feedFiles) etag(base string, v int64) string {
	h := fnv.New64a()
	h.Write([]byte(base))
	return fmt.Sprintf(`"%d-%x-%x"`, v, h.Sum64(), c.tag)
}

// open returns the kept copy for base at version v (any version, when v
// is anyVersion), opened, or nil.
func (c *feedFiles) open(base string, v int64) (*os.File, *feedFile) {
	c.mu.Lock()
	f := c.files[base]
	c.mu.Unlock()
	if f == nil || (f.version != v && v != anyVersion) {
		return nil, nil
	}
	file, err := os.Open(f.path)
	if err != nil {
		return nil, nil
	}
	return file, f
}

const anyVersion = -1

// slow says whether base has a copy whose writing took longer than max,
// and the last writing of one did not fail.
func (c *feedFiles) slow(base string, max time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.files[base]
	return f != nil && f.took > max && !c.failed[base]
}

// startBuild says whether the caller is to write the copy for base; only
// one request at a time writes a copy of it, and there is room.
func (c *feedFiles) startBuild(base string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.building[base] {
		return false
	}
	if _, kept := c.files[base]; !kept && len(c.files)+len(c.building) >= feedFilesMax {
		return false
	}
	c.building[base] = true
	return true
}

// endBuild keeps the file at path, written in took, as the copy for base
// at version v, or drops it when path is "": because the writing failed,
// or (moved) because the feed changed while it was written.
func (c *feedFiles) endBuild(base string, v int64, path string, took time.Duration, moved bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.building, base)
	c.failed[base] = path == "" && !moved
	if path == "" {
		return
	}
	if old := c.files[base]; old != nil && old.path != path {
		// A reader that opened the old file keeps reading it; on Unix the
		// name goes now and the data when the last reader closes it.
		os.Remove(old.path)
	}
	c.files[base] = &feedFile{version: v, path: path, written: time.Now(), took: took}
}

// close removes every kept copy in the system's temporary folder (in a
// folder of its own, they are left for the next run).
func (c *feedFiles) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir != "" {
		return
	}
	for base, f := range c.files {
		os.Remove(f.path)
		delete(c.files, base)
	}
}

// serveWholeFeed answers with the kept copy of the whole feed when it is
// current, and otherwise writes the feed to the reader and, when no other
// request is doing so already, into a new copy. It reports false when it
// could not tell the feed's version (the caller then writes the feed).
func (s *Server) serveWholeFeed(w http.ResponseWriter, r *http.Request) (bool, error) {
	v, err := s.store.FeedVersion(r.Context())
	if err != nil {
		s.logRequestError(r, err)
		return false, nil
	}
	base := s.absURL(r, "")
	h := w.Header()
	serveCopy := func(file *os.File, f *feedFile) {
		defer file.Close()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		h.Set("ETag", s.feedFiles.etag(base, f.version))
		http.ServeContent(w, r, "", f.written, file)
	}
	if file, f := s.feedFiles.open(base, v); file != nil {
		serveCopy(file, f)
		return true, nil
	}
	if s.feedFiles.slow(base, s.cfg.FeedWaitMax) {
		// The copy before, while the new one is written.
		if file, f := s.feedFiles.open(base, anyVersion); file != nil {
			if s.feedFiles.startBuild(base) {
				s.done.Go(func() { s.feedCopyFailed(s.bg, s.feedFiles.buildStarted(base, v, s.copyFeed(s.bg, base))) })
			}
			serveCopy(file, f)
			return true, nil
		}
	}
	served := false
	built := s.feedFiles.build(base, v, func(keep io.Writer) error {
		served = true
		h.Set("ETag", s.feedFiles.etag(base, v))
		stats, err := s.streamFeed(w, r, 0, keep)
		if err == nil && len(stats.Skipped) > 0 {
			s.log.Info("meetings left out of the feed", "count", len(stats.Skipped))
		}
		return err
	})
	switch {
	case !served:
		return false, nil
	case errors.Is(built, errFeedCut):
		return true, nil
	case errors.Is(built, errNotKept):
		s.logRequestError(r, built)
		return true, nil
	}
	return true, built
}

// errNotKept reports a feed written to its reader whose copy could not be
// kept.
var errNotKept = errors.New("web: the feed's copy could not be kept")

// build writes a new copy of the feed for base at version v through write,
// which must write the whole feed to keep (and may write it elsewhere too),
// unless another copy for base is being written or there is no room: then
// it calls nothing and returns nil. A copy that write or the disk fails is
// dropped.
func (c *feedFiles) build(base string, v int64, write func(keep io.Writer) error) error {
	if !c.startBuild(base) {
		return nil
	}
	return c.buildStarted(base, v, write)
}

// buildStarted is build once startBuild has said yes.
func (c *feedFiles) buildStarted(base string, v int64, write func(keep io.Writer) error) error {
	start := time.Now()
	file, err := os.CreateTemp(c.dir, "hearth-feed-*.json")
	if err != nil {
		c.endBuild(base, v, "", 0, false)
		return write(io.Discard)
	}
	kept, moved := "", false
	defer func() {
		if kept == "" {
			file.Close()
			os.Remove(file.Name())
		}
		c.endBuild(base, v, kept, time.Since(start), moved)
	}()
	copyTo := &keepingWriter{buf: bufio.NewWriterSize(file, 64<<10)}
	if err := write(copyTo); err != nil {
		return err
	}
	if err := errors.Join(copyTo.err, copyTo.buf.Flush(), file.Close()); err != nil {
		return fmt.Errorf("%w: %w", errNotKept, err)
	}
	if c.version != nil {
		if now, err := c.version(context.Background()); err != nil || now != v {
			moved = true // the next reader or the refresher writes it at the new version
			return nil
		}
	}
	kept = file.Name()
	if name := c.keptName(base, time.Since(start)); name != "" && c.dir != "" {
		if err := os.Rename(kept, filepath.Join(c.dir, name)); err == nil {
			kept = filepath.Join(c.dir, name)
		}
	}
	return nil
}

// refreshFeeds writes the kept copies again, in the background, once the
// feed has changed, so that readers seldom wait for it to be written. It
// looks at the feed's version every interval, and writes once the version
// has stopped moving for an interval (an import moves it many times).
func (s *Server) refreshFeeds(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	last := int64(-1)
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		v, err := s.store.FeedVersion(ctx)
		if err != nil || v != last {
			last = v
			continue
		}
		for _, base := range s.feedFiles.stale(v) {
			s.feedCopyFailed(ctx, s.feedFiles.build(base, v, s.copyFeed(ctx, base)))
		}
	}
}

// copyFeed returns what writes the whole feed for base into a kept copy.
func (s *Server) copyFeed(ctx context.Context, base string) func(keep io.Writer) error {
	return func(keep io.Writer) error {
		_, err := meetingfeed.Write(ctx, s.store, keep, meetingfeed.FeedOptions{
			Entity:     s.cfg.FeedEntity,
			MeetingURL: func(slug string) string { return base + "/meetings/" + slug },
		})
		return err
	}
}

// feedCopyFailed logs a copy of the feed written in the background that
// could not be written, unless the server is stopping.
func (s *Server) feedCopyFailed(ctx context.Context, err error) {
	if err != nil && ctx.Err() == nil {
		s.log.Warn("the meeting feed could not be written again", "err", err)
	}
}

// stale lists the bases whose kept copy is not at version v and not being
// written.
func (c *feedFiles) stale(v int64) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var bases []string
	for base, f := range c.files {
		if f.version != v && !c.building[base] {
			bases = append(bases, base)
		}
	}
	return bases
}

// keepingWriter writes the feed into the copy being kept; once writing
// fails it stops, and the copy is dropped.
type keepingWriter struct {
	buf *bufio.Writer
	err error
}

func (k *keepingWriter) Write(p []byte) (int, error) {
	if k.err == nil {
		_, k.err = k.buf.Write(p)
	}
	return len(p), nil
}
