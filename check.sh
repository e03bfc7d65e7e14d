#!/usr/bin/env bash
# check.sh runs every check and test Hearth has: formatting, go vet, and
# go test on SQLite, on PostgreSQL and in Chromium. It provides what the
# tests need (installing Chromium and PostgreSQL with apt-get when they are
# missing) and exits with the tests' result.
#
#   ./check.sh
#
# Environment:
#   HEARTH_TEST_POSTGRES  a postgres:// URL of a role that may create
#                         databases; otherwise one is found or started
#   HEARTH_TEST_CHROMIUM  the Chromium to drive; otherwise chromium on PATH
#   HEARTH_TEST_NATS      a nats:// URL of a NATS server with JetStream;
#                         otherwise the one at 127.0.0.1:4222, or one started
#   CI=true               anything missing is an error, never a skip
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '==> %s\n' "$*"; }
warn() { printf '==> warning: %s\n' "$*" >&2; }
die() { printf '==> error: %s\n' "$*" >&2; exit 1; }

in_ci() {
	case "${CI:-}" in 1 | t | T | true | TRUE | True) return 0 ;; esac
	return 1
}

# unavailable reports that something the tests need cannot be had: an
# error in CI, a warning elsewhere (those tests then skip).
unavailable() {
	if in_ci; then
		die "$1, and CI=true does not allow skipping its tests"
	fi
	warn "$1; its tests will be skipped"
}

# as_root runs a command as root, through sudo if need be.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		return 1
	fi
}

apt_updated=
# apt_install installs Debian packages.
apt_install() {
	command -v apt-get >/dev/null 2>&1 || return 1
	if [ -z "$apt_updated" ]; then
		say "apt-get update"
		as_root apt-get update -qq || return 1
		apt_updated=1
	fi
	say "apt-get install $*"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- formatting and vet -----------------------------------------------------

say "gofmt"
if command -v git >/dev/null 2>&1 && git rev-parse --git-dir >/dev/null 2>&1; then
	unformatted=$(git ls-files -z '*.go' | xargs -0 -r gofmt -l) || die "gofmt could not read the tracked files"
else
	unformatted=$(gofmt -l .) || die "gofmt could not read the files"
fi
if [ -n "$unformatted" ]; then
	printf '%s\n' "$unformatted" >&2
	die "these files need gofmt -w"
fi

say "go vet ./..."
go vet ./... || die "go vet found problems"

# --- Chromium, for the browser tests ----------------------------------------

if [ -n "${HEARTH_TEST_CHROMIUM:-}" ]; then
	[ -x "$HEARTH_TEST_CHROMIUM" ] || die "HEARTH_TEST_CHROMIUM=$HEARTH_TEST_CHROMIUM is not an executable"
else
	if ! command -v chromium >/dev/null 2>&1; then
		apt_install chromium fonts-dejavu-core fonts-liberation || true
	fi
	if command -v chromium >/dev/null 2>&1; then
		export HEARTH_TEST_CHROMIUM
		HEARTH_TEST_CHROMIUM=$(command -v chromium)
	fi
fi
if [ -n "${HEARTH_TEST_CHROMIUM:-}" ]; then
	say "Chromium: $HEARTH_TEST_CHROMIUM"
else
	unavailable "Chromium is not installed and could not be (apt-get install chromium)"
fi

# --- PostgreSQL, for the storage and browser tests --------------------------

# pg_answers reports whether a PostgreSQL server accepts connections on
# 127.0.0.1 at a port.
pg_answers() {
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -q -h 127.0.0.1 -p "$1"
	else
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
	fi
}

# pg_lets_in reports whether a URL lets us in; without psql to ask, it
# hopes so.
pg_lets_in() {
	! command -v psql >/dev/null 2>&1 || psql "$1" -qAtc 'select 1' >/dev/null 2>&1
}

# as_postgres runs a command as the postgres OS user when we are root,
# since PostgreSQL refuses to run as root.
as_postgres() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# newest_initdb prints the path of the newest installed initdb, if any.
newest_initdb() {
	ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true
}

pg_dir=
pg_bin=
stop_postgres() {
	if [ -n "$pg_dir" ]; then
		(cd "$pg_dir" && as_postgres "$pg_bin/pg_ctl" -D data -m immediate stop >/dev/null 2>&1) || true
		rm -rf "$pg_dir"
	fi
}

# start_postgres starts a throwaway cluster in a temporary folder, on a
# free port, with trust authentication and its socket in that folder; it
# is stopped and removed when this script exits.
start_postgres() {
	local initdb port
	initdb=$(newest_initdb)
	if [ -z "$initdb" ]; then
		apt_install postgresql || return 1
		initdb=$(newest_initdb)
		[ -n "$initdb" ] || return 1
	fi
	pg_bin=$(dirname "$initdb")
	port=54329
	while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do # taken
		port=$((port + 1))
	done
	pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/hearth-pg.XXXXXX")
	trap cleanup EXIT
	[ "$(id -u)" -ne 0 ] || chown postgres: "$pg_dir"
	say "starting a throwaway PostgreSQL ($pg_bin) on port $port"
	(
		cd "$pg_dir" # a folder the postgres user may enter
		as_postgres "$pg_bin/initdb" -D data -U postgres -A trust -E UTF8 --no-locale >initdb.log 2>&1 ||
			{ cat initdb.log >&2; exit 1; }
		as_postgres "$pg_bin/pg_ctl" -D data -l server.log -w -o \
			"-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
			start >/dev/null || { cat server.log >&2; exit 1; }
	) || return 1
	export HEARTH_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
}

local_pg="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
if [ -n "${HEARTH_TEST_POSTGRES:-}" ]; then
	say "PostgreSQL: HEARTH_TEST_POSTGRES as given"
elif pg_answers 5432 && pg_lets_in "$local_pg"; then
	export HEARTH_TEST_POSTGRES="$local_pg"
	say "PostgreSQL: the server at 127.0.0.1:5432"
elif ! start_postgres; then
	unavailable "PostgreSQL is not running and could not be started"
fi

if [ -n "${HEARTH_TEST_POSTGRES:-}" ] && ! command -v pg_dump >/dev/null 2>&1; then
	apt_install postgresql-client || true
	command -v pg_dump >/dev/null 2>&1 || unavailable "pg_dump is missing (apt-get install postgresql-client)"
fi

# --- NATS, for the tests of live events across Hearth nodes ---------------

nats_dir=
nats_pid=
stop_nats() {
	if [ -n "$nats_pid" ]; then
		kill "$nats_pid" 2>/dev/null || true
		wait "$nats_pid" 2>/dev/null || true
	fi
	[ -z "$nats_dir" ] || rm -rf "$nats_dir"
}

# free_port prints the first port from $1 up that nothing listens on.
free_port() {
	local p=$1
	while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
	echo "$p"
}

cleanup() {
	stop_postgres
	stop_nats
}

# start_nats starts a throwaway NATS server with JetStream on a free port,
# its storage in a temporary folder; it is stopped when this script exits.
start_nats() {
	local port i
	if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ]; then
		apt_install nats-server || return 1
	fi
	local bin
	bin=$(command -v nats-server || echo /usr/sbin/nats-server)
	port=$(free_port 42229)
	nats_dir=$(mktemp -d "${TMPDIR:-/tmp}/hearth-nats.XXXXXX")
	trap cleanup EXIT
	say "starting a throwaway NATS server ($bin) on port $port"
	"$bin" -a 127.0.0.1 -p "$port" -js -sd "$nats_dir" >"$nats_dir/server.log" 2>&1 &
	nats_pid=$!
	for i in $(seq 50); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			export HEARTH_TEST_NATS="nats://127.0.0.1:$port"
			return 0
		fi
		sleep 0.1
	done
	cat "$nats_dir/server.log" >&2
	return 1
}

if [ -n "${HEARTH_TEST_NATS:-}" ]; then
	say "NATS: HEARTH_TEST_NATS as given"
elif (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then
	export HEARTH_TEST_NATS="nats://127.0.0.1:4222"
	say "NATS: the server at 127.0.0.1:4222 (it needs JetStream: nats-server -js)"
elif ! start_nats; then
	unavailable "NATS is not running and could not be started (apt-get install nats-server)"
fi

# --- the race detector, which needs cgo and a C compiler --------------------

if ! command -v gcc >/dev/null 2>&1 && ! command -v cc >/dev/null 2>&1; then
	apt_install gcc libc6-dev || true
fi
# A package's tests may take longer than go test's default ten minutes on
# a busy machine (the storage suite on PostgreSQL under the race detector).
test_flags=(-race -count=1 -timeout 40m)
if [ "$(go env CGO_ENABLED)" != 1 ]; then
	test_flags=(-count=1 -timeout 40m)
	if in_ci; then
		die "the race detector needs cgo and a C compiler (apt-get install gcc), and CI=true requires it"
	fi
	warn "no C compiler for cgo: the tests run without the race detector"
fi

# --- the tests ----------------------------------------------------------------

say "go test ${test_flags[*]} ./..."
go test "${test_flags[@]}" ./...
