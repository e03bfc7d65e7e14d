package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestDistance(t *testing.T) {
	newYork := LatLon{40.7128, -74.0060}
	losAngeles := LatLon{34.0522, -118.2437}
	tests := []struct {
		name      string
		a, b      LatLon
		want, tol float64 // metres
	}{
		{"New York to Los Angeles", newYork, losAngeles, 3936 * Kilometre, 2 * Kilometre},
		{"London to Paris", LatLon{51.5074, -0.1278}, LatLon{48.8566, 2.3522}, 343.5 * Kilometre, 1 * Kilometre},
		{"Madrid to Barcelona", LatLon{40.4168, -3.7038}, LatLon{41.3874, 2.1686}, 505 * Kilometre, 3 * Kilometre},
		{"Sydney to Madrid", LatLon{-33.8688, 151.2093}, LatLon{40.4168, -3.7038}, 17_670 * Kilometre, 20 * Kilometre},
		{"the same point", newYork, newYork, 0, 0},
		{"one degree along the equator", LatLon{0, 0}, LatLon{0, 1}, 111.195 * Kilometre, 0.01 * Kilometre},
		{"one degree across the antimeridian", LatLon{0, 179.5}, LatLon{0, -179.5}, 111.195 * Kilometre, 0.01 * Kilometre},
		{"pole to pole", LatLon{90, 0}, LatLon{-90, 0}, math.Pi * EarthRadius, 1},
		{"antipodes", LatLon{10, 20}, LatLon{-10, -160}, math.Pi * EarthRadius, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Distance(tt.a, tt.b)
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("Distance = %.1f km, want %.1f ± %.1f km", got/Kilometre, tt.want/Kilometre, tt.tol/Kilometre)
			}
			if back := Distance(tt.b, tt.a); math.Abs(back-got) > 1e-6 {
				t.Errorf("not symmetric: %v and %v", got, back)
			}
		})
	}
}

func TestUnits(t *testing.T) {
	if got := 10 * Mile / Kilometre; math.Abs(got-16.09344) > 1e-9 {
		t.Errorf("10 miles = %v km", got)
	}
	if got := 5 * Kilometre / Mile; math.Abs(got-3.10686) > 1e-5 {
		t.Errorf("5 km = %v miles", got)
	}
	if got := Distance(LatLon{40.7128, -74.0060}, LatLon{34.0522, -118.2437}) / Mile; math.Abs(got-2445.6) > 2 {
		t.Errorf("New York to Los Angeles is %.1f miles", got)
	}
}

// destination returns the point dist metres from p on an initial bearing
// of θ radians (clockwise from north).
func destination(p LatLon, θ, dist float64) LatLon {
	δ := dist / EarthRadius
	φ1, λ1 := radians(p.Lat), radians(p.Lon)
	φ2 := math.Asin(math.Sin(φ1)*math.Cos(δ) + math.Cos(φ1)*math.Sin(δ)*math.Cos(θ))
	λ2 := λ1 + math.Atan2(math.Sin(θ)*math.Sin(δ)*math.Cos(φ1), math.Cos(δ)-math.Sin(φ1)*math.Sin(φ2))
	return LatLon{degrees(φ2), wrapLon(math.Mod(degrees(λ2)+540, 360) - 180)}
}

// TestBoundingBoxHoldsCircle checks, for many random circles, that the
// box holds every point within the radius: points on and inside the
// circle at random bearings, and the four extremes.
func TestBoundingBoxHoldsCircle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		center := LatLon{rng.Float64()*180 - 90, rng.Float64()*360 - 180}
		switch i % 10 { // dwell where boxes are hard: poles and the antimeridian
		case 0:
			center.Lat = 89.9 * (1 - 2*float64(i%20/10))
		case 1:
			center.Lon = 179.99
		case 2:
			center.Lon = -179.99
		}
		radius := math.Pow(10, rng.Float64()*7) // 1 m to 10,000 km
		box := BoundingBox(center, radius)
		if box.MinLat > center.Lat || box.MaxLat < center.Lat || !box.Contains(center) {
			t.Fatalf("box %+v for %v, %.0f m leaves out its centre", box, center, radius)
		}
		for j := range 40 {
			θ := rng.Float64() * 2 * math.Pi
			d := radius
			if j%2 == 1 {
				d *= rng.Float64()
			}
			if j < 4 {
				θ = float64(j) * math.Pi / 2
			}
			p := destination(center, θ, d)
			got := Distance(center, p)
			if math.Abs(got-d) > 1e-6*d+1e-4 {
				t.Fatalf("destination is %v m away, not %v", got, d)
			}
			if got > radius {
				continue // rounding took it just beyond the circle
			}
			if !box.Contains(p) {
				t.Fatalf("box %+v for %v, %.0f m leaves out %v at %.3f m", box, center, radius, p, Distance(center, p))
			}
		}
	}
}

func TestBoundingBox(t *testing.T) {
	t.Run("small and tight", func(t *testing.T) {
		c := LatLon{40.7128, -74.0060}
		box := BoundingBox(c, 10*Kilometre)
		if box.CrossesAntimeridian() {
			t.Fatal("crosses the antimeridian")
		}
		// 10 km is 0.0899° of latitude, and 0.1187° of longitude at 40.7°.
		if d := box.MaxLat - c.Lat; math.Abs(d-0.08993) > 1e-4 {
			t.Errorf("north edge %.5f° away", d)
		}
		if d := c.Lon - box.MinLon; math.Abs(d-0.11874) > 1e-4 {
			t.Errorf("west edge %.5f° away", d)
		}
		if box.Contains(LatLon{c.Lat + 0.1, c.Lon}) || box.Contains(LatLon{c.Lat, c.Lon + 0.2}) {
			t.Error("holds points well outside")
		}
	})
	t.Run("across the antimeridian", func(t *testing.T) {
		box := BoundingBox(LatLon{-17.7134, 178.065}, 300*Kilometre) // Fiji
		if !box.CrossesAntimeridian() {
			t.Fatalf("%+v does not cross", box)
		}
		if !box.Contains(LatLon{-17, -179.9}) || !box.Contains(LatLon{-17, 179.9}) || box.Contains(LatLon{-17, 0}) {
			t.Errorf("%+v holds the wrong points", box)
		}
	})
	t.Run("around a pole", func(t *testing.T) {
		box := BoundingBox(LatLon{89, 10}, 200*Kilometre)
		if box.MaxLat != 90 || box.MinLon != -180 || box.MaxLon != 180 {
			t.Errorf("%+v does not take in the pole and every longitude", box)
		}
	})
	t.Run("the whole Earth", func(t *testing.T) {
		box := BoundingBox(LatLon{0, 0}, math.Pi*EarthRadius)
		if box != (Box{-90, -180, 90, 180}) {
			t.Errorf("%+v", box)
		}
	})
	t.Run("no radius", func(t *testing.T) {
		c := LatLon{10, 20}
		for _, r := range []float64{0, -5, math.NaN()} {
			if box := BoundingBox(c, r); !box.Contains(c) || box.MaxLat-box.MinLat > 1e-8 {
				t.Errorf("radius %v: %+v", r, box)
			}
		}
	})
}

func BenchmarkDistance(b *testing.B) {
	x, y := LatLon{40.7128, -74.0060}, LatLon{34.0522, -118.2437}
	for b.Loop() {
		Distance(x, y)
	}
}
