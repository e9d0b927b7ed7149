package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3 is a Store in an S3-compatible bucket: objects at sha256/<hash>, uploads
// streamed to tmp/<random> first and copied into place on commit, so that
// several replicas can share the evidence.
type S3 struct {
	client *minio.Client
	bucket string
}

// NewS3FromURL opens a bucket named by a URL:
// s3://ACCESS_KEY:SECRET_KEY@host:port/bucket, with ?insecure=true for plain
// HTTP. Without user info the keys come from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY.
func NewS3FromURL(ctx context.Context, raw string, getenv func(string) string) (*S3, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return nil, fmt.Errorf("want s3://[key:secret@]host[:port]/bucket")
	}
	access, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
	if u.User != nil {
		access = u.User.Username()
		secret, _ = u.User.Password()
	}
	client, err := minio.New(u.Host, &minio.Options{
		Creds:  credentials.NewStaticV4(access, secret, ""),
		Secure: u.Query().Get("insecure") != "true",
		Region: u.Query().Get("region"),
	})
	if err != nil {
		return nil, fmt.Errorf("s3 client: %w", err)
	}
	s := &S3{client: client, bucket: strings.Trim(u.Path, "/")}
	ok, err := client.BucketExists(ctx, s.bucket)
	if err != nil {
		return nil, fmt.Errorf("reach bucket %s: %w", s.bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("bucket %s does not exist", s.bucket)
	}
	return s, nil
}

func objectKey(key string) (string, error) {
	if len(key) != 64 {
		return "", fmt.Errorf("bad blob key %q", key)
	}
	if _, err := hex.DecodeString(key); err != nil {
		return "", fmt.Errorf("bad blob key %q", key)
	}
	return "sha256/" + key, nil
}

// Create starts streaming an upload to a temporary object.
func (s *S3) Create(ctx context.Context) (Upload, error) {
	pr, pw := io.Pipe()
	u := &s3Upload{store: s, tmp: "tmp/" + rand.Text(), pipe: pw, hash: sha256.New(), done: make(chan error, 1)}
	go func() {
		_, err := s.client.PutObject(ctx, s.bucket, u.tmp, pr, -1, minio.PutObjectOptions{ContentType: "application/octet-stream", DisableContentSha256: true})
		pr.CloseWithError(err) // unblock a writer if the upload failed
		u.done <- err
	}()
	return u, nil
}

// Open returns an object's bytes; minio's Object seeks, for range requests.
func (s *S3) Open(ctx context.Context, key string) (io.ReadSeekCloser, int64, error) {
	name, err := objectKey(key)
	if err != nil {
		return nil, 0, err
	}
	info, err := s.client.StatObject(ctx, s.bucket, name, minio.StatObjectOptions{})
	if minio.ToErrorResponse(err).Code == "NoSuchKey" {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, fmt.Errorf("stat blob: %w", err)
	}
	obj, err := s.client.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err != nil {
		return nil, 0, fmt.Errorf("open blob: %w", err)
	}
	return obj, info.Size, nil
}

// Remove deletes an object.
func (s *S3) Remove(ctx context.Context, key string) error {
	name, err := objectKey(key)
	if err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("remove blob: %w", err)
	}
	return nil
}

// SweepTemp removes temporary objects older than age, and the unfinished
// multipart uploads a crash mid-upload leaves (invisible as objects, but
// stored and billed). Nothing in a bucket says whether another replica's upload
// is still alive, so age is the only test: keep it longer than any upload.
func (s *S3) SweepTemp(ctx context.Context, age time.Duration) (int, error) {
	removed := 0
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: "tmp/", Recursive: true}) {
		if obj.Err != nil {
			return removed, fmt.Errorf("list temporary blobs: %w", obj.Err)
		}
		if time.Since(obj.LastModified) < age {
			continue
		}
		if err := s.client.RemoveObject(ctx, s.bucket, obj.Key, minio.RemoveObjectOptions{}); err == nil {
			removed++
		}
	}
	for up := range s.client.ListIncompleteUploads(ctx, s.bucket, "tmp/", true) {
		if up.Err != nil {
			return removed, fmt.Errorf("list unfinished uploads: %w", up.Err)
		}
		if time.Since(up.Initiated) < age {
			continue
		}
		if err := s.client.RemoveIncompleteUpload(ctx, s.bucket, up.Key); err == nil {
			removed++
		}
	}
	return removed, nil
}

// Keys calls fn with the key of every committed object.
func (s *S3) Keys(ctx context.Context, fn func(key string) error) error {
	ctx, cancel := context.WithCancel(ctx) // stops the listing if fn fails
	defer cancel()
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: "sha256/", Recursive: true}) {
		if obj.Err != nil {
			return fmt.Errorf("list blobs: %w", obj.Err)
		}
		key := strings.TrimPrefix(obj.Key, "sha256/")
		if _, err := objectKey(key); err != nil {
			continue // not an object Caseward wrote
		}
		if err := fn(key); err != nil {
			return err
		}
	}
	return nil
}

type s3Upload struct {
	store  *S3
	tmp    string
	pipe   *io.PipeWriter
	hash   hash.Hash
	size   int64
	done   chan error
	closed bool
}

func (u *s3Upload) Write(p []byte) (int, error) {
	n, err := u.pipe.Write(p)
	u.hash.Write(p[:n])
	u.size += int64(n)
	return n, err
}

func (u *s3Upload) Size() int64    { return u.size }
func (u *s3Upload) SHA256() string { return hex.EncodeToString(u.hash.Sum(nil)) }

// finish ends the stream and waits for the temporary object.
func (u *s3Upload) finish(err error) error {
	if u.closed {
		return errors.New("upload already finished")
	}
	u.closed = true
	u.pipe.CloseWithError(err)
	return <-u.done
}

func (u *s3Upload) Commit(ctx context.Context) (string, bool, error) {
	if err := u.finish(nil); err != nil {
		return "", false, fmt.Errorf("upload blob: %w", err)
	}
	key := u.SHA256()
	name, _ := objectKey(key)
	defer func() {
		// A temporary object left behind is only space: SweepTemp removes it.
		_ = u.store.client.RemoveObject(context.WithoutCancel(ctx), u.store.bucket, u.tmp, minio.RemoveObjectOptions{})
	}()
	_, err := u.store.client.StatObject(ctx, u.store.bucket, name, minio.StatObjectOptions{})
	switch {
	case err == nil:
		return key, true, nil
	case minio.ToErrorResponse(err).Code != "NoSuchKey":
		return "", false, fmt.Errorf("look for stored blob: %w", err)
	}
	// Copy server-side; a single copy is limited to 5 GiB, beyond that S3
	// needs a multipart copy, which ComposeObject does.
	dst := minio.CopyDestOptions{Bucket: u.store.bucket, Object: name}
	src := minio.CopySrcOptions{Bucket: u.store.bucket, Object: u.tmp}
	if u.size > 5<<30 {
		_, err = u.store.client.ComposeObject(ctx, dst, src)
	} else {
		_, err = u.store.client.CopyObject(ctx, dst, src)
	}
	if err != nil {
		return "", false, fmt.Errorf("move blob into place: %w", err)
	}
	return key, false, nil
}

func (u *s3Upload) Abort() error {
	if u.closed {
		return nil
	}
	_ = u.finish(errors.New("upload aborted"))
	return u.store.client.RemoveObject(context.Background(), u.store.bucket, u.tmp, minio.RemoveObjectOptions{})
}
