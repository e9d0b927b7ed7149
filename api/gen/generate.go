// Package gen holds the server interface, models and embedded spec generated from
// openapi.yaml by oapi-codegen. DO NOT EDIT the generated files: change the
// contract and run `make generate`.
package gen

//go:generate go tool oapi-codegen -config config.yaml -o api.gen.go ../../openapi.yaml
