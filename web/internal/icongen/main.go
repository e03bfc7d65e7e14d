// Command icongen draws Hearth's app icons as PNG files: the hearth of
// static/icon.svg, white on the accent colour, for phones that take no SVG
// icon (iOS's home screen, which without one would show a picture of the
// page instead, the member's own page included) and for Android's masked
// icons. It draws the same outline as the SVG, its curves and arcs
// flattened into short lines, with 4×4 samples a pixel. The files it
// writes are committed; TestAppIcons runs it and compares.
//
//	go run ./internal/icongen -o static
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// The icon's colours: app.css's light --accent behind, white in front.
var (
	background = color.RGBA{0x9a, 0x4a, 0x1c, 0xff}
	foreground = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// glyphShare is how much of the icon's side the 24-unit glyph takes:
// inside the central circle Android keeps of a masked icon.
const glyphShare = 0.6

func main() {
	out := flag.String("o", "static", "the folder to write icon-180.png, icon-192.png and icon-512.png into")
	flag.Parse()
	for _, size := range []int{180, 192, 512} {
		if err := write(filepath.Join(*out, fmt.Sprintf("icon-%d.png", size)), size); err != nil {
			fmt.Fprintln(os.Stderr, "icongen:", err)
			os.Exit(1)
		}
	}
}

func write(path string, size int) error {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, draw(size)); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

type point struct{ x, y float64 }

// glyph is the SVG's path, in its 24×24 units: a flame whose foot is half
// a circle, and the bar under it.
func glyph() [][]point {
	var flame []point
	cubic := func(p0, p1, p2, p3 point) {
		for i := 1; i <= 32; i++ {
			t := float64(i) / 32
			u := 1 - t
			flame = append(flame, point{
				u*u*u*p0.x + 3*u*u*t*p1.x + 3*u*t*t*p2.x + t*t*t*p3.x,
				u*u*u*p0.y + 3*u*u*t*p1.y + 3*u*t*t*p2.y + t*t*t*p3.y,
			})
		}
	}
	start := point{12, 2}
	flame = append(flame, start)
	cubic(start, point{13.5, 5.2}, point{17.5, 7.6}, point{17.5, 12.2})
	// A5.5 5.5 … 12 17.7 a5.5 5.5 … -5.5-5.5: half a circle about
	// (12, 12.2), from its right, through its foot, to its left.
	for i := 1; i <= 64; i++ {
		a := math.Pi * float64(i) / 64
		flame = append(flame, point{12 + 5.5*math.Cos(a), 12.2 + 5.5*math.Sin(a)})
	}
	cubic(point{6.5, 12.2}, point{6.5, 9.8}, point{7.7, 8.3}, point{8.8, 7})
	cubic(point{8.8, 7}, point{9, 8.6}, point{9.8, 9.7}, point{10.8, 10.2})
	cubic(point{10.8, 10.2}, point{10.6, 7.3}, point{11, 4.6}, start)
	bar := []point{{4, 20}, {20, 20}, {20, 22}, {4, 22}}
	return [][]point{flame, bar}
}

// inside says whether p is inside any of the outlines (even-odd).
func inside(shapes [][]point, p point) bool {
	for _, poly := range shapes {
		in := false
		for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
			a, b := poly[i], poly[j]
			if (a.y > p.y) != (b.y > p.y) && p.x < (b.x-a.x)*(p.y-a.y)/(b.y-a.y)+a.x {
				in = !in
			}
		}
		if in {
			return true
		}
	}
	return false
}

func draw(size int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	shapes := glyph()
	scale := glyphShare * float64(size) / 24
	offset := (float64(size) - 24*scale) / 2
	const n = 4 // samples a side of a pixel
	for y := range size {
		for x := range size {
			covered := 0
			for sy := range n {
				for sx := range n {
					p := point{
						(float64(x) + (float64(sx)+0.5)/n - offset) / scale,
						(float64(y) + (float64(sy)+0.5)/n - offset) / scale,
					}
					if inside(shapes, p) {
						covered++
					}
				}
			}
			f := float64(covered) / (n * n)
			mix := func(b, f0 uint8) uint8 { return uint8(math.Round(float64(b)*(1-f) + float64(f0)*f)) }
			img.SetRGBA(x, y, color.RGBA{mix(background.R, foreground.R), mix(background.G, foreground.G), mix(background.B, foreground.B), 0xff})
		}
	}
	return img
}
