// Package geo finds places by name and measures distances, for Hearth's
// meeting finder, with no geocoding service: nothing is fetched from
// another host, so no one learns where a member is looking for a meeting.
//
// Lookup reads an embedded gazetteer of the world's cities, towns and
// villages of at least 1,000 people, with their regions, countries,
// coordinates and time zones. It is made from GeoNames data
// (https://www.geonames.org/), licensed under Creative Commons
// Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/); DATA.md
// says where it comes from, what was changed and how to make it again.
// Hearth must show that credit wherever it shows results from Lookup, as
// Attribution says.
//
// Distance and BoundingBox then find the meetings near a place: the box
// narrows a database query cheaply, and Distance keeps the rows truly
// within the radius.
package geo

// Attribution is the credit the gazetteer's licence asks for, to show
// with results from Lookup (on the meeting finder's page, or its About
// page).
const Attribution = "Place names: GeoNames (geonames.org), CC BY 4.0"
