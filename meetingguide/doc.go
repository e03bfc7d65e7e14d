// Package meetingguide reads and writes the Meeting Guide JSON feed: the
// array of weekly meetings that meeting-finder apps and websites exchange.
// Hearth imports an intergroup's existing feed with Decode and publishes its
// own with an Encoder; both speak only this package's Meeting, and another
// package maps it to Hearth's domain. The package keeps no state and
// touches no database.
//
// Reading is forgiving where the format is loose in practice (integer
// slugs, day arrays, a missing end time, entity_url) and strict where a
// reader would otherwise show something wrong: each record comes back
// either as a cleaned Meeting with the adjustments made to it, or as a
// rejection with its reasons. Writing is strict: Hearth's feed holds one
// record per meeting day, so that every reader can load it, and MergeDays
// puts such a feed's meetings back together (DayMerger does the same for
// a feed too large to hold in memory).
//
// Weekly times stay local to the meeting's time zone, as the format wants:
// nothing here converts them to UTC. Zone names are checked with
// time.LoadLocation, so a binary that may run without the system's zone
// database should import time/tzdata.
//
// # Serving a feed
//
// Readers often fetch a feed from another origin, in a browser: serve it
// as application/json with Access-Control-Allow-Origin: *, and point to it
// from the site's pages (the title is required):
//
//	<link rel="alternate" type="application/json" title="Meetings Feed" href="https://example.org/meetings.json">
package meetingguide
