// Package meetingfeed moves Hearth's meetings in and out of the Meeting
// Guide JSON feed, the format meeting-finder apps and intergroup websites
// exchange: Import stores an intergroup's feed as groups and meetings, and
// Write streams the feed of the meetings Hearth lists.
//
// Package meetingguide reads and writes the format itself; this package
// maps it to Hearth's domain and back, applies Hearth's own rules, and
// talks to the store through the small interfaces ImportStore and
// FeedStore, which sqlstore.Store provides.
//
// What the format carries and Hearth does not keep: a meeting's own page
// addresses (url, edit_url, feedback_url; Hearth's pages take their
// place), people's contact details and feedback addresses (members reach a
// group through Hearth), Seventh Tradition handles, and the service
// entity (the operator's, set for the whole feed with
// FeedOptions.Entity). An import reports each record that had contact
// details, feedback addresses or payment handles as adjusted.
package meetingfeed
