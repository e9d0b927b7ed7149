// Package frontend carries the built SPA inside the binary in a release build
// (make build: go build -tags embedspa, after npm run build), so that one file
// serves the API and the app from any folder. Other builds (go test, go run)
// carry none and need no built SPA.
package frontend
