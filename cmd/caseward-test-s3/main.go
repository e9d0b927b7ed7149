// Command caseward-test-s3 serves an S3-compatible store in memory
// (github.com/johannesboyne/gofakes3) on loopback, with one empty bucket, for
// trying Caseward's CASEWARD_BLOB_URL without a real store: `make
// cluster-test` runs its replicas against it. Everything is lost when it
// stops; never keep evidence in it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address host:port")
	bucket := flag.String("bucket", "evidence", "the bucket to create")
	flag.Parse()
	backend := s3mem.New()
	if err := backend.CreateBucket(*bucket); err != nil {
		log.Fatalf("create bucket %s: %v", *bucket, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listen on %s: %v", *addr, err)
	}
	srv := &http.Server{Handler: gofakes3.New(backend).Server(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
		<-stop
		_ = srv.Close()
	}()
	// The URL Caseward takes, keys and all: the fake store accepts any.
	fmt.Printf("serving on s3://key:secret@%s/%s?insecure=true&region=us-east-1\n", ln.Addr(), *bucket)
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
