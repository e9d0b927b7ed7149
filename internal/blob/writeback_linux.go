package blob

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing a file's range to disk now
// rather than at the final fsync, so that a large upload's disk writes overlap
// its transfer instead of following it. Best effort: Commit's fsync is what
// makes the bytes durable.
func startWriteback(f *os.File, off, n int64) {
	_ = unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
