package e2e

import (
	"os/exec"
	"syscall"
)

// stopWithTests has the kernel kill cmd if the test binary dies first (a
// test timeout, say), so that no server outlives its tests.
func stopWithTests(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
