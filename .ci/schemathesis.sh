#!/usr/bin/env bash
# Fuzz the live API against its own OpenAPI schema with schemathesis.
#
# Starts the app on a free localhost port, on a fresh SQLite database with the fixtures loaded,
# runs schemathesis against /api/schema/ and fails on any server error or any response whose
# status, content type, headers or body do not match the schema. Stops the server either way.
#
# Environment: ST_MAX_EXAMPLES (default 30) test cases per operation, ST_SEED for a fixed seed,
# ST_PHASES to run only some phases (e.g. "examples,fuzzing" for a quick run).
# Takes about five minutes (schemathesis's coverage phase dominates).
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT="$(pwd)"
PY="$ROOT/.venv/bin/python"
ST="$ROOT/.venv/bin/schemathesis"
WORK="$(mktemp -d)"
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Settings for this run only: the test settings, a throwaway database, and an anonymous
# throttle high enough that the fuzzer measures the API, not the throttle.
mkdir -p "$WORK/st_settings"
cat >"$WORK/st_settings/__init__.py" <<PYEOF
from config.test_settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "$WORK/api.sqlite3"}}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000000/hour"}}  # noqa: F405
PYEOF
export PYTHONPATH="$WORK${PYTHONPATH:+:$PYTHONPATH}"
export DJANGO_SETTINGS_MODULE=st_settings
unset DATABASE_URL

echo "== schemathesis: preparing a database with the fixtures"
$PY manage.py migrate --no-input -v 0
$PY manage.py loaddata $(make -s --no-print-directory fixture-names) -v 0

# Writes are fuzzed too: as a superuser with a token, so create/update/delete reach the code
# behind the permission check (anonymous writes are refused before it; the tests cover that).
TOKEN="$($PY manage.py shell -v 0 -c "
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
user = User.objects.create_superuser('schemathesis', 'schemathesis@example.invalid', None)
print(Token.objects.create(user=user).key)
")"

PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
echo "== schemathesis: serving on 127.0.0.1:$PORT"
$PY manage.py runserver "127.0.0.1:$PORT" --noreload --skip-checks >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 60); do
    if $PY -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/api/schema/', timeout=2)" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "the server exited:" >&2
        cat "$WORK/server.log" >&2
        exit 1
    fi
    sleep 0.5
done

status=0
# run from the scratch directory: schemathesis keeps a cache in the working directory
(cd "$WORK" && "$ST" run "http://127.0.0.1:$PORT/api/schema/" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-examples "${ST_MAX_EXAMPLES:-30}" \
    --header "Authorization: Token $TOKEN" \
    --generation-database none \
    ${ST_SEED:+--seed "$ST_SEED"} \
    --workers 1 \
    --request-timeout 30 \
    --no-color \
    ${ST_PHASES:+--phases "$ST_PHASES"} \
    --report-dir "$WORK/report") \
    || status=$?

# Anything the server logged besides request lines and 4xx warnings is a failure.
grep -v -E '^\[|^(Bad Request|Not Found|Unauthorized|Forbidden|Method Not Allowed|Not Acceptable|Conflict|Too Many Requests|Unsupported Media Type): ' \
    "$WORK/server.log" >"$WORK/server-errors.log" || true
if grep -q -E "Internal Server Error|Traceback" "$WORK/server-errors.log"; then
    echo "== the server logged errors:" >&2
    cat "$WORK/server-errors.log" >&2
    status=1
fi

if [ "$status" -ne 0 ]; then
    echo "== schemathesis: FAILED" >&2
else
    echo "== schemathesis: passed"
fi
exit "$status"
