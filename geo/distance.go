package geo

import "math"

// Lengths, in metres: distances in this package are float64 metres, so
// 5*geo.Mile is five miles in metres and d/geo.Kilometre is d in
// kilometres.
const (
	Metre     = 1.0
	Kilometre = 1000 * Metre
	Mile      = 1609.344 * Metre // the international mile
)

// EarthRadius is the mean radius of the Earth (IUGG), in metres. Distance
// and BoundingBox both use it, so a box always holds the circle it was
// made for.
const EarthRadius = 6371008.8 * Metre

// LatLon is a point on the Earth in decimal degrees (WGS 84): latitude
// from -90 (south) to 90 (north), longitude from -180 (west) to 180 (east).
type LatLon struct {
	Lat, Lon float64
}

// Valid reports whether p is a point on the Earth.
func (p LatLon) Valid() bool {
	return p.Lat >= -90 && p.Lat <= 90 && p.Lon >= -180 && p.Lon <= 180
}

// Distance returns the great-circle distance between a and b in metres,
// by the haversine formula on a sphere of EarthRadius. It is within 0.5%
// of the distance on the WGS 84 ellipsoid, and exact enough to say which
// meetings are near.
func Distance(a, b LatLon) float64 {
	φ1, φ2 := radians(a.Lat), radians(b.Lat)
	dφ, dλ := φ2-φ1, radians(b.Lon-a.Lon)
	h := hav(dφ) + math.Cos(φ1)*math.Cos(φ2)*hav(dλ)
	h = min(max(h, 0), 1) // rounding can push it just outside
	return 2 * EarthRadius * math.Asin(math.Sqrt(h))
}

func hav(θ float64) float64 {
	s := math.Sin(θ / 2)
	return s * s
}

func radians(deg float64) float64 { return deg * math.Pi / 180 }
func degrees(rad float64) float64 { return rad * 180 / math.Pi }

// Box is a range of latitudes and longitudes, for a database query to
// narrow its rows cheaply before Distance picks the ones truly near:
//
//	WHERE lat BETWEEN :min_lat AND :max_lat
//	  AND lon BETWEEN :min_lon AND :max_lon   -- or, if the box crosses
//	                                          -- the antimeridian:
//	  AND (lon >= :min_lon OR lon <= :max_lon)
//
// When the box crosses the antimeridian (the 180° line, as a box around
// Fiji does) MinLon is greater than MaxLon.
type Box struct {
	MinLat, MinLon, MaxLat, MaxLon float64
}

// CrossesAntimeridian reports whether the box spans the 180° line, so
// its longitudes run from MinLon east to 180 and on from -180 to MaxLon.
func (b Box) CrossesAntimeridian() bool { return b.MinLon > b.MaxLon }

// Contains reports whether p is in the box.
func (b Box) Contains(p LatLon) bool {
	if p.Lat < b.MinLat || p.Lat > b.MaxLat {
		return false
	}
	if b.CrossesAntimeridian() {
		return p.Lon >= b.MinLon || p.Lon <= b.MaxLon
	}
	return p.Lon >= b.MinLon && p.Lon <= b.MaxLon
}

// BoundingBox returns the smallest box of latitudes and longitudes that
// holds every point within radius metres of center. Near a pole the box
// takes in every longitude; a radius of half the Earth's circumference or
// more takes in the whole Earth.
func BoundingBox(center LatLon, radius float64) Box {
	whole := Box{MinLat: -90, MinLon: -180, MaxLat: 90, MaxLon: 180}
	if radius < 0 || math.IsNaN(radius) {
		radius = 0
	}
	// A hair (about a tenth of a millimetre) wider than the circle, so
	// that rounding never leaves out a point on its edge.
	const hair = 1e-9 * math.Pi / 180
	r := radius/EarthRadius*(1+1e-9) + hair
	if r >= math.Pi {
		return whole
	}
	φ, λ := radians(center.Lat), radians(center.Lon)
	minφ, maxφ := φ-r, φ+r
	if minφ <= -math.Pi/2 || maxφ >= math.Pi/2 {
		// The circle takes in a pole, and so every longitude.
		return Box{
			MinLat: degrees(max(minφ, -math.Pi/2)), MinLon: -180,
			MaxLat: degrees(min(maxφ, math.Pi/2)), MaxLon: 180,
		}
	}
	// The widest the circle gets in longitude (Matuschek, "Finding Points
	// Within a Distance of a Latitude/Longitude Using Bounding
	// Coordinates").
	// Here r < π/2 - |φ|, so the sine's ratio is below 1.
	dλ := math.Asin(min(math.Sin(r)/math.Cos(φ), 1))
	box := Box{MinLat: degrees(minφ), MaxLat: degrees(maxφ)}
	box.MinLon = wrapLon(degrees(λ - dλ))
	box.MaxLon = wrapLon(degrees(λ + dλ))
	return box
}

// wrapLon brings a longitude into [-180, 180].
func wrapLon(lon float64) float64 {
	if lon > 180 {
		lon -= 360
	} else if lon < -180 {
		lon += 360
	}
	return lon
}
