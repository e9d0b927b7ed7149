// Package httpx is Caseward's HTTP transport plumbing, apart from the
// handlers: the middlewares that every request passes (request id, access log
// and metrics, security headers, rate limits, body limits and deadlines), the
// strict JSON serializer, gzipped answers, SPA serving and the listener that
// turns net/http's own error answers into problem+json. It knows nothing of
// the contract's operations: package api tells it which requests are which.
package httpx
