package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// procRSS reads VmRSS and VmHWM (the peak) of a process, in bytes; zero
// when they cannot be read.
func procRSS(pid int) (rss, peak int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		f := strings.Fields(v) // "24576 kB"
		if !ok || len(f) != 2 || f[1] != "kB" {
			continue
		}
		kb, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			rss = kb << 10
		case "VmHWM":
			peak = kb << 10
		}
	}
	return rss, peak
}

// server is a `hearth serve` the bench started.
type server struct {
	cmd *exec.Cmd
	URL string
}

// startHearth serves the data folder with the hearth binary and waits for
// its "Hearth is ready" log line.
func startHearth(bin, data string) (*server, error) {
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HEARTH_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var l struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &l) == nil && l.Msg == "Hearth is ready" {
				select {
				case ready <- l.URL:
				default:
				}
			}
		}
	}()
	select {
	case u := <-ready:
		return &server{cmd: cmd, URL: u}, nil
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("hearth serve did not say it was ready")
	}
}

func (s *server) Pid() int { return s.cmd.Process.Pid }

// Stop ends the server with SIGTERM and waits for it.
func (s *server) Stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	s.cmd.Wait()
}

// fetch reads the whole answer to a GET and returns its length.
func fetch(u string) (int64, error) {
	n, _, err := fetchTagged(u)
	return n, err
}

// fetchTagged is fetch that also returns the answer's ETag.
func fetchTagged(u string) (int64, string, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, "", fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	return n, resp.Header.Get("ETag"), err
}
