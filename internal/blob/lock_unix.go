//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package blob

import (
	"errors"
	"os"
	"syscall"
)

// locksWork says whether held temporary files can be told from abandoned ones.
const locksWork = true

// lockHeld takes an exclusive lock on f for as long as f stays open: an upload
// holds its temporary file's lock, so that a sweep in any process leaves it
// alone. The kernel drops the lock when the process dies, even by SIGKILL.
func lockHeld(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
}

// tryLock takes f's lock if nobody holds it; false means an upload is using it.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
