// Package ssotest is a real OpenID Connect provider for tests and local
// development, built on zitadel/oidc's op package: discovery, the
// authorization code flow with PKCE, signed ID tokens with a groups claim,
// keys that rotate on demand, and a small sign-in page for browsers.
package ssotest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"net/http"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// User is a person who can sign in at the provider.
type User struct {
	Subject       string
	Username      string
	Password      string
	Email         string
	EmailVerified bool
	Name          string
	Groups        []string
}

// Client is the relying party the provider knows: Caseward.
type Client struct {
	ID           string
	Secret       string
	RedirectURIs []string
}

// Provider is an OpenID Provider; serve it at its issuer URL.
type Provider struct {
	handler http.Handler
	op      *op.Provider
	storage *storage
}

// New returns a provider whose issuer is issuer (http is accepted: it is for
// tests and development on loopback).
func New(issuer string, client Client, people ...User) (*Provider, error) {
	st, err := newStorage(client, people)
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256([]byte(issuer + client.Secret)) // encrypts the op's own opaque tokens
	provider, err := op.NewProvider(&op.Config{CryptoKey: key, CodeMethodS256: true},
		st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, fmt.Errorf("start the provider: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/login", &loginPage{storage: st, callback: op.AuthCallbackURL(provider),
		interceptor: op.NewIssuerInterceptor(provider.IssuerFromRequest)})
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.Handle("/", provider)
	return &Provider{handler: mux, op: provider, storage: st}, nil
}

// ServeHTTP serves the provider's endpoints and its sign-in page.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.handler.ServeHTTP(w, r) }

// RotateKey signs every later token with a new key under a new key id; the
// old key stays published a while, as providers do.
func (p *Provider) RotateKey() error { return p.storage.rotate() }

// KeyID is the id of the key that signs tokens now.
func (p *Provider) KeyID() string { return p.storage.signing().id }

// SetGroups changes a person's groups, as an administrator would at the provider.
func (p *Provider) SetGroups(username string, groups ...string) {
	p.storage.mu.Lock()
	defer p.storage.mu.Unlock()
	if u, ok := p.storage.users[username]; ok {
		u.Groups = groups
		p.storage.users[username] = u
	}
}

// AddUser adds a person.
func (p *Provider) AddUser(u User) {
	p.storage.mu.Lock()
	defer p.storage.mu.Unlock()
	p.storage.users[u.Username] = u
}

// signingKey is an RSA key with its id.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func newSigningKey() (*signingKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	return &signingKey{id: fmt.Sprintf("key-%d", time.Now().UnixNano()), key: k}, nil
}

func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k *signingKey) Key() any                                    { return k.key }
func (k *signingKey) ID() string                                  { return k.id }

// publicKey is a signing key as the key set publishes it.
type publicKey struct{ k *signingKey }

func (p publicKey) ID() string                         { return p.k.id }
func (p publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (p publicKey) Use() string                        { return "sig" }
func (p publicKey) Key() any                           { return &p.k.key.PublicKey }

// keyRing is the signing key and the one before it.
type keyRing struct {
	mu       sync.Mutex
	current  *signingKey
	previous *signingKey
}

func (r *keyRing) signing() *signingKey {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.current
}

func (r *keyRing) rotate() error {
	k, err := newSigningKey()
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.previous, r.current = r.current, k
	return nil
}

func (r *keyRing) published() []op.Key {
	r.mu.Lock()
	defer r.mu.Unlock()
	keys := []op.Key{publicKey{r.current}}
	if r.previous != nil {
		keys = append(keys, publicKey{r.previous})
	}
	return keys
}
