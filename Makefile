# Caseward: `make run` serves the app on http://127.0.0.1:8080; `make test` runs every check.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

GO           ?= go
NPM          ?= npm
BIN          := bin/caseward
TEST_IDP     := bin/caseward-test-idp
TEST_S3      := bin/caseward-test-s3
LINT         := bin/golangci-lint
LINT_VERSION := v2.15.0
WEB          := frontend
DIST         := $(WEB)/dist
GENERATED    := api/gen/api.gen.go $(WEB)/src/api/schema.d.ts
GO_SRC       := $(shell find . -name '*.go' -not -path './$(WEB)/*') $(wildcard $(WEB)/*.go) go.mod go.sum openapi.yaml $(wildcard migrations/*/*.sql)
WEB_SRC      := $(shell find $(WEB)/src $(WEB)/index.html $(WEB)/public -type f 2>/dev/null) $(wildcard $(WEB)/*.json $(WEB)/*.ts)

.PHONY: run build generate check-generated test vet lint go-test web-checks embed-check cluster-test cluster-test-short lint-api web-lint web-check web-test web-size e2e bench clean

## run: build the SPA and the server, then serve both on the embedded database
run: build
	./$(BIN) serve

## build: the SPA, then the server with the SPA built in (CASEWARD_STATIC_DIR still overrides it)
build: $(BIN)

$(BIN): $(GO_SRC) $(DIST)/index.html
	$(GO) build -tags embedspa -o $(BIN) ./cmd/caseward

# The test OpenID Connect provider that e2e/sso.spec.ts signs in through.
$(TEST_IDP): $(GO_SRC)
	$(GO) build -o $(TEST_IDP) ./cmd/caseward-test-idp

$(WEB)/node_modules/.package-lock.json: $(WEB)/package-lock.json
	cd $(WEB) && $(NPM) ci --no-audit --no-fund

$(DIST)/index.html: $(WEB)/node_modules/.package-lock.json $(WEB_SRC)
	cd $(WEB) && $(NPM) run build

## generate: regenerate the Go server code and the SPA's types from openapi.yaml
generate: $(WEB)/node_modules/.package-lock.json
	$(GO) generate ./api/gen
	cd $(WEB) && $(NPM) run --silent gen:api

## check-generated: fail when committed generated code is stale
check-generated: generate
	@if ! git diff --quiet -- $(GENERATED) || [ -n "$$(git ls-files --others --exclude-standard -- $(GENERATED))" ]; then \
		echo "generated code is stale: run 'make generate' and commit the result"; \
		git status --short -- $(GENERATED); git diff --stat -- $(GENERATED); exit 1; fi

## test: every check, from vet and the linter to the browser tests. The Go tests wait on
## the databases as much as they compute: the SPA's checks run beside them (-j2), each
## one's output printed whole when it ends.
test: vet lint lint-api
	$(MAKE) --no-print-directory -j2 --output-sync=target go-test web-checks
	$(MAKE) --no-print-directory embed-check cluster-test-short check-generated e2e

web-checks: web-lint web-check web-test web-size

vet:
	$(GO) vet ./...

## lint: golangci-lint (errcheck, staticcheck, gosec, revive's doc-comment rules…; see .golangci.yml)
lint: $(LINT)
	$(LINT) run ./...

# The linter is pinned and built from the Go module proxy into bin/ (not a module
# dependency: its own dependencies would otherwise enter go.mod).
$(LINT):
	GOBIN=$(CURDIR)/bin $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(LINT_VERSION)

## go-test: Go tests on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set or a local server answers
# -parallel 4: a package's tests wait on PostgreSQL's commits more than on the two cores.
go-test:
	$(GO) test -parallel 4 ./...

## embed-check: the release binary carries the built SPA and says so
embed-check: build
	$(GO) test -tags embedspa ./$(WEB)/
	./$(BIN) version | grep -q '(SPA embedded)'

lint-api: $(WEB)/node_modules/.package-lock.json
	cd $(WEB) && $(NPM) run --silent lint:api

## web-lint: prettier's formatting and eslint (typescript-eslint, react-hooks) on the SPA
web-lint: $(WEB)/node_modules/.package-lock.json
	cd $(WEB) && $(NPM) run --silent lint

## web-size: the SPA's initial JavaScript (entry chunk and its static imports) stays under 300 KB gzipped
web-size: build
	cd $(WEB) && $(NPM) run --silent check:size

web-check: $(WEB)/node_modules/.package-lock.json
	cd $(WEB) && $(NPM) run --silent typecheck

web-test: $(WEB)/node_modules/.package-lock.json
	cd $(WEB) && $(NPM) run --silent test

## e2e: browser tests in Debian's Chromium against a real server on a fresh database
e2e: build $(TEST_IDP)
	cd $(WEB) && CASEWARD_BIN=$(CURDIR)/$(BIN) CASEWARD_TEST_IDP_BIN=$(CURDIR)/$(TEST_IDP) $(NPM) run --silent e2e

## cluster-test: three replicas at once on a PostgreSQL and an S3 store of their own, behind HAProxy, under
## load while a replica is killed mid-upload and PostgreSQL restarts; then every check (docs/operations.md)
cluster-test: $(BIN) $(TEST_S3)
	$(GO) run ./cluster -bin $(BIN) -s3-bin $(TEST_S3) $(CLUSTER_FLAGS)

## cluster-test-short: the same with fewer workers and one fault of each kind, under two minutes (make test)
cluster-test-short: $(BIN) $(TEST_S3)
	$(GO) run ./cluster -short -bin $(BIN) -s3-bin $(TEST_S3) $(CLUSTER_FLAGS)

$(TEST_S3): go.mod go.sum $(wildcard cmd/caseward-test-s3/*.go)
	$(GO) build -o $(TEST_S3) ./cmd/caseward-test-s3

## bench: measurements against a real server on loopback, then 1, 2 and 3 replicas behind HAProxy
## (BENCH_FLAGS='-only replicas' alone); writes bench/results.json
bench: $(BIN) $(DIST)/index.html $(TEST_S3)
	$(GO) run ./bench -bin $(BIN) -s3-bin $(TEST_S3) $(BENCH_FLAGS)

clean:
	rm -rf bin $(DIST)
