#!/usr/bin/env bash
# Smoke test of the production server as a deployer starts it: `make serve` with DEBUG off,
# PostgreSQL, Redis and two workers, on a free loopback port and a database of its own
# (created here and dropped afterwards). Checks the probes, a page, the API, a hashed static
# file served compressed with far-future caching, and the one-line-per-request log.
#
# Environment: SMOKE_DB (default zonebench_serve_smoke) on the PostgreSQL server at
# 127.0.0.1:5432 (user postgres), SMOKE_REDIS_URL (default redis://127.0.0.1:6379/1, emptied).
set -euo pipefail
cd "$(dirname "$0")/.."

DB="${SMOKE_DB:-zonebench_serve_smoke}"
REDIS="${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/1}"
WORK="$(mktemp -d)"
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    dropdb -h 127.0.0.1 -U postgres --if-exists "$DB" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "serve smoke: $*" >&2
    echo "--- server log (last 40 lines)" >&2
    tail -n 40 "$WORK/server.log" >&2 || true
    exit 1
}

dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"
redis-cli -u "$REDIS" flushdb >/dev/null

PORT="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export REDIS_URL="$REDIS" WEB_CONCURRENCY=2 SECURE_SSL_REDIRECT=0
export STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media" HOST=127.0.0.1 PORT
unset DEBUG DJANGO_SETTINGS_MODULE

echo "== serve smoke: make serve on 127.0.0.1:$PORT (2 workers, PostgreSQL $DB, Redis $REDIS)"
setsid make serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 360); do
    curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || fail "make serve exited"
    sleep 0.5
done
curl -fsS -o /dev/null "$URL/healthz" || fail "/healthz does not answer"

DEBUG=0 .venv/bin/python manage.py loaddata $(make -s --no-print-directory fixture-names) -v 0

curl -fsS "$URL/readyz" | grep -q '"database:default": "ok", "cache": "ok"' || fail "/readyz is not ready"
curl -fsS -H "Accept-Language: en" "$URL/" >"$WORK/home.html" || fail "the overview page failed"
grep -q "Longgang" "$WORK/home.html" || fail "the overview does not show the fixtures' zones"
curl -fsS "$URL/api/v1/zones/shenzhen-longgang/" | grep -q '"slug":"shenzhen-longgang"' \
    || fail "the API does not serve a zone"
status="$(curl -s -o /dev/null -w '%{http_code}' "$URL/no-such-page/")"
[ "$status" = 404 ] || fail "an unknown address answered $status, not 404"

asset="$(grep -oE '/static/[A-Za-z0-9_/.-]+\.[0-9a-f]{12}\.(css|js)' "$WORK/home.html" | head -n1)"
[ -n "$asset" ] || fail "the page links no hashed static file"
headers="$(curl -fsS -D - -o /dev/null -H 'Accept-Encoding: gzip' "$URL$asset")"
grep -qi '^content-encoding: gzip' <<<"$headers" || fail "$asset is not served compressed"
grep -qi '^cache-control:.*max-age=315360000' <<<"$headers" || fail "$asset is not cached for long"

[ "$(grep -c 'Booting worker' "$WORK/server.log")" = 2 ] || fail "not two workers"
grep -qE '"GET /readyz HTTP/1\.1" 200 [0-9]+ [0-9]+ms$' "$WORK/server.log" \
    || fail "no request line with its time in the log"

echo "== serve smoke: passed"
