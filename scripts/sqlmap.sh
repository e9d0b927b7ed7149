#!/usr/bin/env bash
# Probe the API's list and search parameters for SQL injection with sqlmap.
#
#   scripts/sqlmap.sh                         # a fresh embedded (SQLite) database
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/caseward_sqlmap?sslmode=disable \
#     scripts/sqlmap.sh                       # PostgreSQL: an empty scratch database
#
# Builds the server, seeds 50 cases, serves on a free loopback port, signs in
# (as an admin, and as a department head for the need-to-know-scoped list) and
# runs sqlmap in batch mode against every filter, search, sort, cursor and limit
# parameter of GET /api/v1/cases and GET /api/v1/audit, with the Bearer token.
# Exit status: 0 when sqlmap finds nothing, 1 when it reports an injectable
# parameter, 2 when the set-up fails. Not part of `make test`: it takes minutes.
#
# Settings: SQLMAP_LEVEL (default 5), SQLMAP_RISK (default 3), GO (default go),
# SQLMAP_LOGS (a folder to keep sqlmap's full logs and the server's log in),
# SQLMAP_ONLY (run only the scans named, e.g. "audit cases-search").
# Needs sqlmap (Debian: apt-get install -y sqlmap), curl and python3.
set -euo pipefail

level=${SQLMAP_LEVEL:-5}
risk=${SQLMAP_RISK:-3}
go=${GO:-go}
root=$(cd "$(dirname "$0")/.." && pwd)

fail() { echo "sqlmap.sh: $*" >&2; exit 2; }
command -v sqlmap >/dev/null || fail "sqlmap is not installed (Debian: apt-get install -y sqlmap)"
command -v curl >/dev/null || fail "curl is not installed"

work=$(mktemp -d)
server=""
cleanup() {
	if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
	if [[ -n ${SQLMAP_LOGS:-} ]]; then mkdir -p "$SQLMAP_LOGS" && cp "$work"/*.log "$work"/serve.err "$SQLMAP_LOGS"/ 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

if [[ -n ${DATABASE_URL:-} ]]; then dbms=PostgreSQL; else dbms=SQLite; fi
echo "== building the server; database: $dbms"
(cd "$root" && "$go" build -o "$work/caseward" ./cmd/caseward) || fail "build failed"
bin="$work/caseward"
data="$work/data"

echo "== seeding 50 cases"
"$bin" seed --cases 50 --data-dir "$data" --log-level warn >"$work/seed.out" 2>&1 || { cat "$work/seed.out"; fail "seed failed"; }

# Rate limits off: sqlmap sends thousands of requests from one address.
CASEWARD_RATE_LIMIT=0 CASEWARD_RATE_LIMIT_IP=0 \
	"$bin" serve --addr 127.0.0.1:0 --data-dir "$data" --log-level warn >"$work/serve.out" 2>"$work/serve.err" &
server=$!
base=""
for _ in $(seq 100); do
	base=$(sed -n 's/.*serving on \(http:[^ ]*\).*/\1/p' "$work/serve.out")
	[[ -n $base ]] && break
	kill -0 "$server" 2>/dev/null || { cat "$work/serve.err"; fail "the server stopped"; }
	sleep 0.2
done
[[ -n $base ]] || fail "the server did not start"
echo "== serving on $base"

# json EXPR: evaluate a Python expression over the JSON document d on stdin;
# objects and lists are printed as JSON, other values URL-encoded.
json() {
	python3 -c '
import json, sys, urllib.parse
v = eval(sys.argv[1], {}, {"d": json.load(sys.stdin)})
print(json.dumps(v) if isinstance(v, (dict, list)) else urllib.parse.quote(str(v if v is not None else "")))' "$1"
}
token() {
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"email\":\"$1\",\"password\":\"caseward-seed-password\"}" "$base/api/v1/auth/login" | json 'd["access_token"]'
}
get() { curl -sf -H "Authorization: Bearer $1" "$base$2"; }

admin=$(token admin.2@example.org) || fail "cannot sign in as the seeded admin"
head=$(token head.0@example.org) || fail "cannot sign in as the seeded department head"
# Every scan starts from a request whose answer is not empty, so that sqlmap can
# tell a true condition from a false one: the values come from a real case.
first=$(get "$admin" '/api/v1/cases?limit=5&sort=-opened')
c=$(json 'd["items"][0]' <<<"$first")
field() { json "d.get(\"$1\")" <<<"$c"; }
case_id=$(field id)
word=$(json 'd["title"].split()[0]' <<<"$c")
cursor=$(json 'd["next_cursor"]' <<<"$first")
created=$(get "$admin" "/api/v1/audit?entity_id=$case_id&action=case.create")
actor_id=$(json 'd["items"][0]["actor_id"]' <<<"$created")
audit_cursor=$(get "$admin" '/api/v1/audit?limit=5' | json 'd["next_cursor"]')
head_case=$(get "$head" '/api/v1/cases?limit=1' | json 'd["items"][0]')
c=$head_case
head_word=$(json 'd["title"].split()[0]' <<<"$c")
head_status=$(field status)
c=$(json 'd["items"][0]' <<<"$first")
[[ -n $case_id && -n $cursor && -n $actor_id && -n $audit_cursor && -n $head_word ]] || fail "could not read the seeded data"
after=2000-01-01T00:00:00Z
before=2100-01-01T00:00:00Z
filters="status=$(field status)&severity=$(field severity)&breach_status=$(field breach_status)&category=$(field category)"
filters+="&regulator_status=$(field regulator_status)&owner_id=$(field owner_id)&opened_after=$after&opened_before=$before"
[[ -n $(field department_id) ]] && filters+="&department_id=$(field department_id)"

found=0
# scan NAME USER URL PARAMS: one sqlmap run, with a fresh access token (they
# last 15 minutes).
scan() {
	local name=$1 user=$2 url=$3 params=$4 log="$work/$1.log"
	if [[ -n ${SQLMAP_ONLY:-} && " $SQLMAP_ONLY " != *" $name "* ]]; then return; fi
	echo "== $name: $params"
	local t
	t=$(token "$user")
	sqlmap -u "$base$url" -p "$params" -H "Authorization: Bearer $t" --dbms="$dbms" \
		--level "$level" --risk "$risk" --batch --flush-session --disable-coloring \
		--output-dir "$work/sqlmap" >"$log" 2>&1 || true
	grep -E "\[(CRITICAL|WARNING)\] .*(not injectable|does not seem|might be injectable|appears to be)|injection point|Parameter: |Type: |Title: " "$log" \
		| sed 's/^/   /' | sort -u | head -40 || true
	if grep -q "identified the following injection point" "$log"; then
		echo "!! $name: sqlmap reports an injectable parameter (set SQLMAP_LOGS to keep the full log)"
		found=1
	elif ! grep -q "all tested parameters do not appear to be injectable" "$log"; then
		tail -20 "$log"
		fail "$name: sqlmap did not finish its tests"
	fi
}

start=$SECONDS
scan cases-search admin.2@example.org "/api/v1/cases?q=$word&sort=-opened&limit=10" "q,sort,limit"
scan cases-paging admin.2@example.org "/api/v1/cases?cursor=$cursor&limit=10" "cursor,limit"
scan cases-filters admin.2@example.org "/api/v1/cases?$filters" \
	"status,severity,breach_status,category,regulator_status,department_id,owner_id,opened_after,opened_before"
scan cases-department-head head.0@example.org "/api/v1/cases?q=$head_word&status=$head_status&sort=severity&limit=10" "q,status,sort,limit"
scan audit-filters admin.2@example.org \
	"/api/v1/audit?case_id=$case_id&actor_id=$actor_id&action=case.create&entity_type=case&entity_id=$case_id&from=$after&to=$before&limit=10" \
	"case_id,actor_id,action,entity_type,entity_id,from,to,limit"
scan audit-paging admin.2@example.org "/api/v1/audit?cursor=$audit_cursor&limit=10" "cursor,limit"

errors=$(grep -c '"request failed"' "$work/serve.err" || true)
echo "== sqlmap $(sqlmap --version 2>/dev/null | head -1), level $level, risk $risk, $dbms: $((SECONDS - start)) s; server 5xx responses: $errors"
if [[ $errors -gt 0 ]]; then
	grep '"request failed"' "$work/serve.err" | python3 -c '
import json, sys, collections
c = collections.Counter((e.get("route"), e.get("error", "")[:160]) for e in map(json.loads, sys.stdin))
for (route, err), n in c.most_common(5): print(f"   {n:5d} {route}: {err}")'
fi
if [[ $found -ne 0 ]]; then
	echo "RESULT: injectable parameter found"
	exit 1
fi
echo "RESULT: no injectable parameter found"
