// Package caseward embeds the API contract so the server can serve it as written.
package caseward

import _ "embed"

// OpenAPI is openapi.yaml, the contract, byte for byte.
//
//go:embed openapi.yaml
var OpenAPI []byte
