package ssotest

import (
	"context"
	"html/template"
	"net/http"

	"github.com/zitadel/oidc/v3/pkg/op"
)

// loginPage is the provider's own sign-in page: a username and a password.
type loginPage struct {
	storage     *storage
	callback    func(ctx context.Context, id string) string
	interceptor *op.IssuerInterceptor
}

var loginTemplate = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main>
<h1>Test identity provider</h1>
<form method="post" action="/login">
<input type="hidden" name="id" value="{{.ID}}">
<p><label>Username <input name="username" autocomplete="username" required></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
{{if .Error}}<p role="alert">{{.Error}}</p>{{end}}
<p><button type="submit">Sign in at the provider</button></p>
</form></main></body></html>`))

func (l *loginPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	switch r.Method {
	case http.MethodGet:
		l.render(w, r.FormValue("authRequestID"), "")
	case http.MethodPost:
		l.interceptor.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := r.FormValue("id")
			if err := l.storage.signIn(id, r.FormValue("username"), r.FormValue("password")); err != nil {
				l.render(w, id, err.Error())
				return
			}
			http.Redirect(w, r, l.callback(r.Context(), id), http.StatusFound)
		})(w, r)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (l *loginPage) render(w http.ResponseWriter, id, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if msg != "" {
		w.WriteHeader(http.StatusUnauthorized)
	}
	_ = loginTemplate.Execute(w, struct{ ID, Error string }{id, msg})
}
