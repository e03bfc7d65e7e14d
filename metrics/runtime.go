package metrics

import (
	"bytes"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	rm "runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// AddGo adds the Go runtime's metrics: goroutines, threads, the memory
// statistics, the garbage collector's pauses and settings, GOMAXPROCS and
// the Go version, under the names of Prometheus's Go collector.
func (s *Set) AddGo() {
	s.GaugeFunc("go_goroutines", "Number of goroutines that currently exist.", func() float64 { return float64(runtime.NumGoroutine()) })
	s.GaugeFunc("go_threads", "Number of OS threads created.", func() float64 {
		n, _ := runtime.ThreadCreateProfile(nil)
		return float64(n)
	})
	s.add(family{name: "go_info", help: "Information about the Go environment.", kind: "gauge", write: func(w *writer) {
		w.sample("go_info", "", []string{"version"}, runtime.Version(), "", "", 1)
	}})
	s.add(family{name: "go_gc_duration_seconds", help: "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.",
		kind: "summary", write: func(w *writer) {
			var st debug.GCStats
			st.PauseQuantiles = make([]time.Duration, 5)
			debug.ReadGCStats(&st)
			for i, q := range []string{"0", "0.25", "0.5", "0.75", "1"} {
				w.sample("go_gc_duration_seconds", "", nil, "", "quantile", q, st.PauseQuantiles[i].Seconds())
			}
			w.sample("go_gc_duration_seconds", "_sum", nil, "", "", "", st.PauseTotal.Seconds())
			w.sample("go_gc_duration_seconds", "_count", nil, "", "", "", float64(st.NumGC))
		}})
	for _, m := range []struct{ name, help, sample string }{
		{"go_gc_gogc_percent", "Heap size target percentage configured by the user, otherwise 100. This value is set by the GOGC environment variable, and the runtime/debug.SetGCPercent function. Sourced from /gc/gogc:percent.", "/gc/gogc:percent"},
		{"go_gc_gomemlimit_bytes", "Go runtime memory limit configured by the user, otherwise math.MaxInt64. This value is set by the GOMEMLIMIT environment variable, and the runtime/debug.SetMemoryLimit function. Sourced from /gc/gomemlimit:bytes.", "/gc/gomemlimit:bytes"},
		{"go_sched_gomaxprocs_threads", "The current runtime.GOMAXPROCS setting, or the number of operating system threads that can execute user-level Go code simultaneously. Sourced from /sched/gomaxprocs:threads.", "/sched/gomaxprocs:threads"},
	} {
		s.GaugeFunc(m.name, m.help, func() float64 {
			x := []rm.Sample{{Name: m.sample}}
			rm.Read(x)
			if x[0].Value.Kind() != rm.KindUint64 {
				return 0
			}
			return float64(x[0].Value.Uint64())
		})
	}
	// The memory statistics, read once per scrape.
	mem := func(name, help, kind string, f func(*runtime.MemStats) float64) {
		s.add(family{name: name, help: help, kind: kind, write: func(w *writer) {
			w.sample(name, "", nil, "", "", "", f(w.memStats()))
		}})
	}
	gauges := []struct {
		name, help string
		f          func(*runtime.MemStats) uint64
	}{
		{"alloc_bytes", "Number of bytes allocated in heap and currently in use. Equals to /memory/classes/heap/objects:bytes.", func(m *runtime.MemStats) uint64 { return m.Alloc }},
		{"buck_hash_sys_bytes", "Number of bytes used by the profiling bucket hash table. Equals to /memory/classes/profiling/buckets:bytes.", func(m *runtime.MemStats) uint64 { return m.BuckHashSys }},
		{"gc_sys_bytes", "Number of bytes used for garbage collection system metadata. Equals to /memory/classes/metadata/other:bytes.", func(m *runtime.MemStats) uint64 { return m.GCSys }},
		{"heap_alloc_bytes", "Number of heap bytes allocated and currently in use, same as go_memstats_alloc_bytes. Equals to /memory/classes/heap/objects:bytes.", func(m *runtime.MemStats) uint64 { return m.HeapAlloc }},
		{"heap_idle_bytes", "Number of heap bytes waiting to be used. Equals to /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", func(m *runtime.MemStats) uint64 { return m.HeapIdle }},
		{"heap_inuse_bytes", "Number of heap bytes that are in use. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes", func(m *runtime.MemStats) uint64 { return m.HeapInuse }},
		{"heap_objects", "Number of currently allocated objects. Equals to /gc/heap/objects:objects.", func(m *runtime.MemStats) uint64 { return m.HeapObjects }},
		{"heap_released_bytes", "Number of heap bytes released to OS. Equals to /memory/classes/heap/released:bytes.", func(m *runtime.MemStats) uint64 { return m.HeapReleased }},
		{"heap_sys_bytes", "Number of heap bytes obtained from system. Equals to /memory/classes/heap/objects:bytes + /memory/classes/heap/unused:bytes + /memory/classes/heap/released:bytes + /memory/classes/heap/free:bytes.", func(m *runtime.MemStats) uint64 { return m.HeapSys }},
		{"mcache_inuse_bytes", "Number of bytes in use by mcache structures. Equals to /memory/classes/metadata/mcache/inuse:bytes.", func(m *runtime.MemStats) uint64 { return m.MCacheInuse }},
		{"mcache_sys_bytes", "Number of bytes used for mcache structures obtained from system. Equals to /memory/classes/metadata/mcache/inuse:bytes + /memory/classes/metadata/mcache/free:bytes.", func(m *runtime.MemStats) uint64 { return m.MCacheSys }},
		{"mspan_inuse_bytes", "Number of bytes in use by mspan structures. Equals to /memory/classes/metadata/mspan/inuse:bytes.", func(m *runtime.MemStats) uint64 { return m.MSpanInuse }},
		{"mspan_sys_bytes", "Number of bytes used for mspan structures obtained from system. Equals to /memory/classes/metadata/mspan/inuse:bytes + /memory/classes/metadata/mspan/free:bytes.", func(m *runtime.MemStats) uint64 { return m.MSpanSys }},
		{"next_gc_bytes", "Number of heap bytes when next garbage collection will take place. Equals to /gc/heap/goal:bytes.", func(m *runtime.MemStats) uint64 { return m.NextGC }},
		{"other_sys_bytes", "Number of bytes used for other system allocations. Equals to /memory/classes/other:bytes.", func(m *runtime.MemStats) uint64 { return m.OtherSys }},
		{"stack_inuse_bytes", "Number of bytes obtained from system for stack allocator in non-CGO environments. Equals to /memory/classes/heap/stacks:bytes.", func(m *runtime.MemStats) uint64 { return m.StackInuse }},
		{"stack_sys_bytes", "Number of bytes obtained from system for stack allocator. Equals to /memory/classes/heap/stacks:bytes + /memory/classes/os-stacks:bytes.", func(m *runtime.MemStats) uint64 { return m.StackSys }},
		{"sys_bytes", "Number of bytes obtained from system. Equals to /memory/classes/total:byte.", func(m *runtime.MemStats) uint64 { return m.Sys }},
	}
	for _, g := range gauges {
		mem("go_memstats_"+g.name, g.help, "gauge", func(m *runtime.MemStats) float64 { return float64(g.f(m)) })
	}
	mem("go_memstats_alloc_bytes_total", "Total number of bytes allocated in heap until now, even if released already. Equals to /gc/heap/allocs:bytes.",
		"counter", func(m *runtime.MemStats) float64 { return float64(m.TotalAlloc) })
	mem("go_memstats_frees_total", "Total number of heap objects frees. Equals to /gc/heap/frees:objects + /gc/heap/tiny/allocs:objects.",
		"counter", func(m *runtime.MemStats) float64 { return float64(m.Frees) })
	mem("go_memstats_mallocs_total", "Total number of heap objects allocated, both live and gc-ed. Semantically a counter version for go_memstats_heap_objects gauge. Equals to /gc/heap/allocs:objects + /gc/heap/tiny/allocs:objects.",
		"counter", func(m *runtime.MemStats) float64 { return float64(m.Mallocs) })
	mem("go_memstats_last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection.",
		"gauge", func(m *runtime.MemStats) float64 { return float64(m.LastGC) / 1e9 })
}

// AddProcess adds the process's metrics from /proc (Linux): CPU time,
// memory, open files and their limit, start time and network bytes,
// under the names of Prometheus's process collector. Where /proc is not
// there, the metrics are left out.
func (s *Set) AddProcess() {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		return
	}
	const ticks = 100 // USER_HZ, the same on every Linux Go supports
	page := float64(os.Getpagesize())
	s.counterFunc("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", func() float64 {
		f := statFields()
		return (atof(field(f, 14)) + atof(field(f, 15))) / ticks
	})
	s.GaugeFunc("process_resident_memory_bytes", "Resident memory size in bytes.", func() float64 { return atof(field(statFields(), 24)) * page })
	s.GaugeFunc("process_virtual_memory_bytes", "Virtual memory size in bytes.", func() float64 { return atof(field(statFields(), 23)) })
	s.GaugeFunc("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", func() float64 {
		return bootTime() + atof(field(statFields(), 22))/ticks
	})
	s.GaugeFunc("process_open_fds", "Number of open file descriptors.", func() float64 {
		d, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			return 0
		}
		return float64(len(d))
	})
	s.GaugeFunc("process_max_fds", "Maximum number of open file descriptors.", func() float64 { return limit("Max open files") })
	s.GaugeFunc("process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.", func() float64 { return limit("Max address space") })
	s.counterFunc("process_network_receive_bytes_total", "Number of bytes received by the process over the network.", func() float64 { return netstat("InOctets") })
	s.counterFunc("process_network_transmit_bytes_total", "Number of bytes sent by the process over the network.", func() float64 { return netstat("OutOctets") })
}

// statFields are the fields of /proc/self/stat, numbered from 1 as
// proc(5) numbers them; the command (2), which may hold spaces, is left
// out.
func statFields() []string {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return nil
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil
	}
	return append([]string{"", "", ""}, strings.Fields(string(b[i+1:]))...)
}

// field is the nth field (from 1), or "".
func field(f []string, n int) string {
	if n < len(f) {
		return f[n]
	}
	return ""
}

func atof(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

// bootTime is when the machine started, in seconds since 1970.
func bootTime() float64 {
	b, _ := os.ReadFile("/proc/stat")
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			return atof(strings.TrimSpace(v))
		}
	}
	return 0
}

// limit reads the soft limit of a row of /proc/self/limits; "unlimited"
// is the largest uint64, as Prometheus's collector gives it.
func limit(name string) float64 {
	b, _ := os.ReadFile("/proc/self/limits")
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, name); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				return 0
			}
			if f[0] == "unlimited" {
				return math.MaxUint64
			}
			return atof(f[0])
		}
	}
	return 0
}

// netstat reads a counter of the IpExt rows of /proc/self/net/netstat.
func netstat(name string) float64 {
	b, _ := os.ReadFile("/proc/self/net/netstat")
	var header []string
	for line := range strings.SplitSeq(string(b), "\n") {
		rest, ok := strings.CutPrefix(line, "IpExt:")
		if !ok {
			continue
		}
		if header == nil {
			header = strings.Fields(rest)
			continue
		}
		for i, v := range strings.Fields(rest) {
			if i < len(header) && header[i] == name {
				return atof(v)
			}
		}
	}
	return 0
}
