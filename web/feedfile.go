package web

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"os"
	"sync"
	"time"
)

// The whole Meeting Guide feed is written once per change and kept.
//
// Writing the feed of every meeting reads and encodes all of them: over a
// second for 120,000 meetings. Yet the readers of the format (the Meeting
// Guide app's servers, intergroup websites) fetch it again and again, and
// it changes only when a trusted servant changes a meeting. So the first
// reader after a change is sent the feed as it is written, and a copy goes
// into a file in the data folder; every reader after that is sent the file,
// with an ETag, until the feed's version (kept by the database, so every
// writer counts: hearth admin, the importer, another node) moves on. The
// file costs no memory, and a reader that sends the ETag back is answered
// 304 Not Modified.

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
}

// feedFile is one kept copy of the feed.
type feedFile struct {
	version int64
	path    string
	written time.Time
}

func newFeedFiles(dir string, entity any) *feedFiles {
	h := fnv.New64a()
	_ = json.NewEncoder(h).Encode(entity)
	return &feedFiles{dir: dir, tag: h.Sum64(), files: map[string]*feedFile{}, building: map[string]bool{}}
}

// etag names the feed at version v for base.
func (c *feedFiles) etag(base string, v int64) string {
	h := fnv.New64a()
	h.Write([]byte(base))
	return fmt.Sprintf(`"%d-%x-%x"`, v, h.Sum64(), c.tag)
}

// open returns the kept copy for base at version v, opened, or nil.
func (c *feedFiles) open(base string, v int64) (*os.File, *feedFile) {
	c.mu.Lock()
	f := c.files[base]
	c.mu.Unlock()
	if f == nil || f.version != v {
		return nil, nil
	}
	file, err := os.Open(f.path)
	if err != nil {
		return nil, nil
	}
	return file, f
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

// endBuild keeps the file at path as the copy for base at version v, or
// drops it when path is "".
func (c *feedFiles) endBuild(base string, v int64, path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.building, base)
	if path == "" {
		return
	}
	if old := c.files[base]; old != nil {
		// A reader that opened the old file keeps reading it; on Unix the
		// name goes now and the data when the last reader closes it.
		os.Remove(old.path)
	}
	c.files[base] = &feedFile{version: v, path: path, written: time.Now()}
}

// close removes every kept copy.
func (c *feedFiles) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
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
	if file, f := s.feedFiles.open(base, v); file != nil {
		defer file.Close()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cross-Origin-Resource-Policy", "cross-origin")
		h.Set("ETag", s.feedFiles.etag(base, v))
		http.ServeContent(w, r, "", f.written, file)
		return true, nil
	}
	if !s.feedFiles.startBuild(base) {
		return false, nil
	}
	file, err := os.CreateTemp(s.feedFiles.dir, "hearth-feed-*.json")
	if err != nil {
		s.feedFiles.endBuild(base, v, "")
		s.logRequestError(r, err)
		return false, nil
	}
	kept := ""
	defer func() {
		if kept == "" {
			file.Close()
			os.Remove(file.Name())
		}
		s.feedFiles.endBuild(base, v, kept)
	}()
	h.Set("ETag", s.feedFiles.etag(base, v))
	copyTo := &keepingWriter{buf: bufio.NewWriterSize(file, 64<<10)}
	stats, err := s.streamFeed(w, r, 0, copyTo)
	if errors.Is(err, errFeedCut) {
		return true, nil
	}
	if err != nil || copyTo.err != nil {
		return true, err
	}
	if err := copyTo.buf.Flush(); err != nil {
		return true, nil
	}
	if err := file.Close(); err != nil {
		return true, nil
	}
	kept = file.Name()
	if len(stats.Skipped) > 0 {
		s.log.Info("meetings left out of the feed", "count", len(stats.Skipped))
	}
	return true, nil
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
