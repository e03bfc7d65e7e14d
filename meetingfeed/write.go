package meetingfeed

import (
	"context"
	"errors"
	"io"

	"hearth"
	"hearth/meetingguide"
)

// FeedStore is what Write needs of the store.
type FeedStore interface {
	EachListedMeeting(ctx context.Context, groupID int64, fn func(*hearth.Meeting) error) error
}

// FeedOptions steer Write.
type FeedOptions struct {
	// Entity is the operator's service entity, written into every record.
	// Its Location is also the approximate address of online meetings
	// that give none (the format wants an address for every meeting).
	Entity meetingguide.Entity
	// GroupID, when not 0, limits the feed to one group's meetings.
	GroupID int64
	// MeetingURL, when not nil, gives the address of a meeting's page on
	// this site, for the feed's url field.
	MeetingURL func(slug string) string
}

// FeedStats says what Write wrote.
type FeedStats struct {
	Meetings int // meetings written (a meeting on several days is several records)
	// Skipped are meetings the format cannot carry, with the reasons:
	// in practice only an online meeting without any address, when the
	// entity has no location to give it.
	Skipped []Line
}

// optional are the feed's fields Write leaves out of a meeting rather
// than leave the meeting out, when the format's rules refuse what Hearth
// accepted (a conference phone of fewer than 10 digits, say).
var optional = map[string]bool{
	"conference_url": true, "conference_phone": true, "latitude": true, "longitude": true,
	"types": true, "regions": true, "group_notes": true, "url": true,
}

// Write streams the Meeting Guide feed of every active meeting of a
// listed group (or of one group, with GroupID) to w: one record per
// meeting day, times local to each meeting's zone, updated in UTC, with
// the group's name and notes, the meeting's regions and conference
// details, and the operator's entity. It reads the meetings with one
// cursor and encodes each as it comes, so that no feed, however large,
// is held in memory. Serve it as application/json with
// Access-Control-Allow-Origin: *.
func Write(ctx context.Context, st FeedStore, w io.Writer, o FeedOptions) (FeedStats, error) {
	// The store reads while the encoder writes: a feed of every meeting
	// is as much work for one as for the other, so on two cores it takes
	// half as long. Meetings go over in small batches.
	// Each batch goes back, emptied, to be filled again: a feed of
	// 120,000 meetings would otherwise make 100 MB of garbage here.
	batches := make(chan []meetingguide.Meeting, 4)
	free := make(chan []meetingguide.Meeting, 6)
	done := make(chan struct{})
	var stats FeedStats
	var encErr error
	go func() {
		defer close(done)
		enc := meetingguide.NewEncoder(w, o.Entity)
		for batch := range batches {
			if encErr != nil {
				continue
			}
			for i := range batch {
				if err := encode(enc, batch[i], &stats); err != nil {
					encErr = err
					break
				}
			}
			clear(batch) // let the meetings' strings go
			select {
			case free <- batch[:0]:
			default:
			}
		}
		if encErr == nil {
			encErr = enc.Close()
		}
	}()
	batch := make([]meetingguide.Meeting, 0, feedBatch)
	err := st.EachListedMeeting(ctx, o.GroupID, func(m *hearth.Meeting) error {
		f := toFeed(m, o.MeetingURL)
		if !f.HasAddress() && f.IsOnline() {
			if f.City = o.Entity.Location; f.City == "" {
				f.City = zoneArea(f.TimeZone)
			}
			f.Approximate = true
		}
		if batch = append(batch, f); len(batch) == feedBatch {
			select {
			case batches <- batch:
			case <-done:
				return encErr
			}
			select {
			case batch = <-free:
			default:
				batch = make([]meetingguide.Meeting, 0, feedBatch)
			}
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		select {
		case batches <- batch:
		case <-done:
		}
	}
	close(batches)
	<-done
	if err != nil {
		return stats, err
	}
	return stats, encErr
}

// feedBatch is how many meetings Write hands from the store to the
// encoder at a time.
const feedBatch = 64

// encode writes one meeting, leaving out optional fields the format
// refuses, or skipping the meeting when that is not enough.
func encode(enc *meetingguide.Encoder, f meetingguide.Meeting, stats *FeedStats) error {
	err := enc.Encode(f)
	var invalid *meetingguide.InvalidMeetingError
	if errors.As(err, &invalid) {
		err = enc.Encode(without(f, invalid.Problems))
	}
	if errors.As(err, &invalid) {
		stats.Skipped = append(stats.Skipped, Line{Kind: "skipped", Index: -1, Slug: f.Slug, Reasons: problems(invalid.Problems)})
		return nil
	}
	if err != nil {
		return err
	}
	stats.Meetings++
	return nil
}

// without leaves out of f the optional fields at fault.
func without(f meetingguide.Meeting, ps []meetingguide.Problem) meetingguide.Meeting {
	for _, p := range ps {
		if !optional[p.Field] {
			continue
		}
		switch p.Field {
		case "conference_url":
			f.ConferenceURL, f.ConferenceURLNotes = "", ""
		case "conference_phone":
			f.ConferencePhone, f.ConferencePhoneNotes = "", ""
		case "latitude", "longitude":
			f.Coordinates = nil
		case "types":
			f.Types = nil
		case "regions":
			f.Regions = nil
		case "group_notes":
			f.GroupNotes = ""
		case "url":
			f.URL = ""
		}
	}
	return f
}
