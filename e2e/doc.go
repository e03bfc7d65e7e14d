// Package e2e holds Hearth's browser tests. They build the real hearth
// binary, start it on 127.0.0.1:0 for each test, and drive Debian's Chromium
// through chromedp, on SQLite and on PostgreSQL.
//
// Every page a test visits is audited with axe-core (WCAG 2.2 AA rules) and
// must have no violations; a request to any host other than the server's own
// fails the test.
//
// The tests find Chromium through HEARTH_TEST_CHROMIUM or PATH, and
// PostgreSQL through HEARTH_TEST_POSTGRES (a postgres:// URL of a role that
// may create databases). What is missing is skipped on a developer's machine
// and fails the run when CI=true. ./check.sh at the repository root provides
// both and runs every test.
//
// After a failure, the page's screenshot, its HTML and the server's log are
// written under $TMPDIR/hearth-e2e-failures/<test name>/.
package e2e
