package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"hearth/credential"
	hmetrics "hearth/metrics"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.store.Ping(ctx); err != nil {
		s.log.Error("database not reachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err = w.Write([]byte("database not reachable\n"))
		return err
	}
	_, err := w.Write([]byte("ok\n"))
	return err
}

// metrics are Prometheus metrics. Their names and labels hold route names
// and status codes only: never anything about a member or their recovery.
type metrics struct {
	set      hmetrics.Set
	requests *hmetrics.Counter
	duration *hmetrics.Histogram
	releases *hmetrics.Counter
}

func newMetrics(h *credential.Hasher) *metrics {
	m := &metrics{}
	m.requests = m.set.NewCounter("hearth_http_requests_total", "HTTP requests by route, method and status code.",
		"route", "method", "code")
	m.duration = m.set.NewHistogram("hearth_http_request_duration_seconds", "Time to answer HTTP requests, by route.",
		[]float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}, "route")
	m.releases = m.set.NewCounter("hearth_memory_releases_total",
		"Times the server fell quiet and returned the memory it no longer used to the system.")
	m.set.AddGo()
	m.set.AddProcess()
	m.set.GaugeFunc("hearth_password_hashes_running", "Password hashes being computed now.",
		func() float64 { return float64(h.Running()) })
	m.set.GaugeFunc("hearth_password_hashes_waiting", "Password hashes waiting for a free slot.",
		func() float64 { return float64(h.Waiting()) })
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.Inc(route, method, strconv.Itoa(status))
	m.duration.Observe(d.Seconds(), route)
}

// MetricsHandler serves the Prometheus metrics, for the main listener or a
// separate one.
func (s *Server) MetricsHandler() http.Handler { return s.metrics.set.Handler() }
