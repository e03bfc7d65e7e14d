package meetingfeed

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"hearth/meetingguide"
)

// spool keeps the accepted meetings of a feed between Import's two
// passes, each written compactly one after the other: in memory while
// they take less than spoolMemory bytes (a few thousand meetings), then
// in a temporary file, removed by close.
type spool struct {
	dir  string // of the temporary file; "" means the system's
	mem  []byte
	f    *os.File
	w    *bufio.Writer
	size int64
	offs []int64 // where each meeting starts
	buf  []byte
}

// spoolMemory is how much of a feed's meetings a spool keeps in memory
// before it moves them to a file.
var spoolMemory = 8 << 20

// add appends m.
func (s *spool) add(m *meetingguide.Meeting) error {
	s.buf = appendMeeting(s.buf[:0], m)
	s.offs = append(s.offs, s.size)
	s.size += int64(len(s.buf))
	if s.f == nil && len(s.mem)+len(s.buf) <= spoolMemory {
		s.mem = append(s.mem, s.buf...)
		return nil
	}
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, "hearth-import-*.spool")
		if err != nil {
			return fmt.Errorf("keeping the feed's meetings in a temporary file: %w", err)
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 256<<10)
		_, err = s.w.Write(s.mem)
		s.mem = nil
		if err != nil {
			return s.fail(err)
		}
	}
	if _, err := s.w.Write(s.buf); err != nil {
		return s.fail(err)
	}
	return nil
}

func (s *spool) fail(err error) error {
	return fmt.Errorf("keeping the feed's meetings in a temporary file: %w", err)
}

// len is how many meetings the spool holds.
func (s *spool) len() int { return len(s.offs) }

// done ends the adding.
func (s *spool) done() error {
	if s.w != nil {
		if err := s.w.Flush(); err != nil {
			return s.fail(err)
		}
	}
	return nil
}

// span is where meeting i lies.
func (s *spool) span(i int) (off, n int64) {
	end := s.size
	if i+1 < len(s.offs) {
		end = s.offs[i+1]
	}
	return s.offs[i], end - s.offs[i]
}

// load reads meeting i back; done must have been called.
func (s *spool) load(i int) (meetingguide.Meeting, error) {
	off, n := s.span(i)
	if s.f == nil {
		return readMeeting(s.mem[off : off+n])
	}
	if int64(cap(s.buf)) < n {
		s.buf = make([]byte, n)
	}
	b := s.buf[:n]
	if _, err := s.f.ReadAt(b, off); err != nil {
		return meetingguide.Meeting{}, s.fail(err)
	}
	return readMeeting(b)
}

// each reads the meetings back in order; done must have been called.
func (s *spool) each(fn func(i int, m meetingguide.Meeting) error) error {
	return s.read(func(i int, b []byte) error {
		m, err := readMeeting(b)
		if err != nil {
			return err
		}
		return fn(i, m)
	})
}

// heads reads back, in order, the slug and days of each meeting (its
// other fields are left zero), faster than each.
func (s *spool) heads(fn func(i int, m *meetingguide.Meeting) error) error {
	var m meetingguide.Meeting
	return s.read(func(i int, b []byte) error {
		if err := readHead(b, &m); err != nil {
			return err
		}
		return fn(i, &m)
	})
}

// read calls fn with the bytes of each meeting in order, valid until fn
// returns.
func (s *spool) read(fn func(i int, b []byte) error) error {
	var r *bufio.Reader
	if s.f != nil {
		r = bufio.NewReaderSize(io.NewSectionReader(s.f, 0, s.size), 256<<10)
	}
	for i := range s.offs {
		off, n := s.span(i)
		var b []byte
		if r == nil {
			b = s.mem[off : off+n]
		} else {
			if int64(cap(s.buf)) < n {
				s.buf = make([]byte, n)
			}
			b = s.buf[:n]
			if _, err := io.ReadFull(r, b); err != nil {
				return s.fail(err)
			}
		}
		if err := fn(i, b); err != nil {
			return err
		}
	}
	return nil
}

// readHead reads the slug and days of what appendMeeting wrote into m,
// reusing m.Days.
func readHead(b []byte, m *meetingguide.Meeting) error {
	for field := range 2 { // name, then slug
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return errSpool
		}
		if field == 1 {
			m.Slug = string(b[k : k+int(n)])
		}
		b = b[k+int(n):]
	}
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return errSpool
	}
	b = b[k:]
	m.Days = m.Days[:0]
	for range int(n) - 1 {
		v, k := binary.Varint(b)
		if k <= 0 {
			return errSpool
		}
		m.Days, b = append(m.Days, time.Weekday(v)), b[k:]
	}
	return nil
}

// close removes the temporary file, if any.
func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f, s.w = nil, nil
	}
	s.mem, s.offs = nil, nil
}

// appendMeeting writes m compactly: every field in the order of the
// struct, strings and lists with their lengths (a nil list as 0, another
// as its length + 1). TestSpoolEveryField fails when a field of
// meetingguide.Meeting is not written.
func appendMeeting(b []byte, m *meetingguide.Meeting) []byte {
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	list := func(l []string) {
		if l == nil {
			b = append(b, 0)
			return
		}
		b = binary.AppendUvarint(b, uint64(len(l))+1)
		for _, s := range l {
			str(s)
		}
	}
	flag := func(v bool) {
		if v {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	str(m.Name)
	str(m.Slug)
	if m.Days == nil {
		b = append(b, 0)
	} else {
		b = binary.AppendUvarint(b, uint64(len(m.Days))+1)
		for _, d := range m.Days {
			b = binary.AppendVarint(b, int64(d))
		}
	}
	str(m.Time)
	str(m.EndTime)
	str(m.TimeZone)
	str(m.FormattedAddress)
	str(m.Address)
	str(m.City)
	str(m.State)
	str(m.PostalCode)
	str(m.Country)
	flag(m.Approximate)
	flag(m.Coordinates != nil)
	if c := m.Coordinates; c != nil {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.Lat))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.Lon))
	}
	str(m.Location)
	str(m.LocationNotes)
	str(m.Notes)
	list(m.Regions)
	str(m.ConferenceURL)
	str(m.ConferenceURLNotes)
	str(m.ConferencePhone)
	str(m.ConferencePhoneNotes)
	list(m.Types)
	t, _ := m.Updated.MarshalBinary() // fails only for a zone offset that is not whole minutes
	str(string(t))
	str(m.URL)
	str(m.EditURL)
	str(m.FeedbackURL)
	list(m.FeedbackEmails)
	str(m.Group)
	str(m.GroupNotes)
	str(m.Venmo)
	str(m.Square)
	str(m.PayPal)
	str(m.HomegroupOnline)
	e := &m.Entity
	str(e.Name)
	str(e.Email)
	str(e.Location)
	str(e.Logo)
	str(e.Phone)
	str(e.WebsiteURL)
	list(e.FeedbackEmails)
	for _, c := range m.Contacts {
		str(c.Name)
		str(c.Email)
		str(c.Phone)
	}
	return b
}

var errSpool = errors.New("a meeting kept for the import cannot be read back")

// readMeeting reads what appendMeeting wrote.
func readMeeting(b []byte) (m meetingguide.Meeting, err error) {
	bad := false
	uvarint := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			bad = true
			return 0
		}
		b = b[n:]
		return v
	}
	str := func() string {
		n := uvarint()
		if bad || n > uint64(len(b)) {
			bad = true
			return ""
		}
		s := string(b[:n])
		b = b[n:]
		return s
	}
	list := func() []string {
		n := uvarint()
		if bad || n == 0 {
			return nil
		}
		if n-1 > uint64(len(b)) {
			bad = true
			return nil
		}
		l := make([]string, n-1)
		for i := range l {
			l[i] = str()
		}
		return l
	}
	flag := func() bool {
		if len(b) == 0 {
			bad = true
			return false
		}
		v := b[0] != 0
		b = b[1:]
		return v
	}
	m.Name = str()
	m.Slug = str()
	if n := uvarint(); n > 0 && !bad {
		if n-1 > uint64(len(b)) {
			return m, errSpool
		}
		m.Days = make([]time.Weekday, n-1)
		for i := range m.Days {
			v, k := binary.Varint(b)
			if k <= 0 {
				return m, errSpool
			}
			m.Days[i], b = time.Weekday(v), b[k:]
		}
	}
	m.Time = str()
	m.EndTime = str()
	m.TimeZone = str()
	m.FormattedAddress = str()
	m.Address = str()
	m.City = str()
	m.State = str()
	m.PostalCode = str()
	m.Country = str()
	m.Approximate = flag()
	if flag() {
		if len(b) < 16 {
			return m, errSpool
		}
		m.Coordinates = &meetingguide.LatLon{
			Lat: math.Float64frombits(binary.LittleEndian.Uint64(b)),
			Lon: math.Float64frombits(binary.LittleEndian.Uint64(b[8:])),
		}
		b = b[16:]
	}
	m.Location = str()
	m.LocationNotes = str()
	m.Notes = str()
	m.Regions = list()
	m.ConferenceURL = str()
	m.ConferenceURLNotes = str()
	m.ConferencePhone = str()
	m.ConferencePhoneNotes = str()
	m.Types = list()
	if t := str(); !bad {
		if err := m.Updated.UnmarshalBinary([]byte(t)); err != nil {
			return m, errSpool
		}
	}
	m.URL = str()
	m.EditURL = str()
	m.FeedbackURL = str()
	m.FeedbackEmails = list()
	m.Group = str()
	m.GroupNotes = str()
	m.Venmo = str()
	m.Square = str()
	m.PayPal = str()
	m.HomegroupOnline = str()
	e := &m.Entity
	e.Name = str()
	e.Email = str()
	e.Location = str()
	e.Logo = str()
	e.Phone = str()
	e.WebsiteURL = str()
	e.FeedbackEmails = list()
	for i := range m.Contacts {
		c := &m.Contacts[i]
		c.Name = str()
		c.Email = str()
		c.Phone = str()
	}
	if bad || len(b) != 0 {
		return m, errSpool
	}
	return m, nil
}
