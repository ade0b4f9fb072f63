#!/usr/bin/env bash
# Stands in for the Docker image, which no engine here can build: a fresh copy holding only
# package.json, package-lock.json and the built dist, installed with `npm ci --omit=dev` (as the
# Dockerfile's `npm prune --omit=dev` leaves it), then the api and the worker started from that copy
# as two processes with NODE_ENV=production against a fresh database on the PostgreSQL at
# 127.0.0.1:5432, mail through SMTP_URL to a test SMTP server. The demo data is loaded beforehand
# from the checkout (a production start never loads it); then a sign-in, a 催办, and the mail must
# arrive within URGE_WAIT_SECONDS (60). Everything it starts or creates is removed on exit.
#
#   scripts/ci/production-install.sh          (from anywhere; needs the checkout's npm ci done)
#   PG_HOST / PG_PORT / PG_USER               the PostgreSQL server (127.0.0.1, 5432, postgres)
#   KEEP_PRODUCTION_COPY=1                    leave the temp dir (logs, the copy) for a look afterwards
set -euo pipefail
cd "$(dirname "$0")/../.."
CHECKOUT=$(pwd)
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
started_at=$(date +%s)

step() { printf '\n== production install: %s\n' "$*"; }
fail() {
  printf '\nproduction install FAILED: %s\n' "$*" >&2
  exit 1
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-production.XXXXXX")
DB="jixiao_prodinstall_$(date +%Y%m%d%H%M%S)_$$"
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for log in api worker smtp; do
      if [ -s "$WORK/$log.log" ]; then
        printf '\n-- the %s log (first and last lines)\n' "$log" >&2
        if [ "$(wc -l <"$WORK/$log.log")" -gt 45 ]; then
          head -n 5 "$WORK/$log.log" >&2 && echo '   [...]' >&2 && tail -n 40 "$WORK/$log.log" >&2
        else
          cat "$WORK/$log.log" >&2
        fi
      fi
    done
  fi
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -qAt -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "${KEEP_PRODUCTION_COPY:-}" = 1 ]; then echo "kept: $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "build in the checkout"
npm run build >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; fail "npm run build"; }

step "a fresh copy: package.json, package-lock.json, dist; npm ci --omit=dev"
PROD="$WORK/app"
mkdir -p "$PROD"
cp package.json package-lock.json "$PROD/"
mkdir -p "$PROD/dist"
cp -r dist/apps dist/libs dist/web "$PROD/dist/"
(cd "$PROD" && npm ci --omit=dev --no-audit --no-fund --prefer-offline) || fail "npm ci --omit=dev in the copy"
for dev in jest @swc/core smtp-server mailparser; do
  [ ! -e "$PROD/node_modules/$dev" ] || fail "the copy holds the devDependency $dev: --omit=dev did not apply"
done

step "the check's own tools, from the checkout (not part of the copy)"
npx swc libs scripts -d dist -q

step "a fresh database $DB on $PG_HOST:$PG_PORT with the demo data"
pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || fail "no PostgreSQL on $PG_HOST:$PG_PORT"
psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qAt -d postgres -c "CREATE DATABASE $DB" || fail "CREATE DATABASE $DB"
DATABASE_URL="postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${DB}"
# The demo data opens cases, whose history is keyed: the loader and the service share one key.
HISTORY_KEY=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
DATABASE_URL="$DATABASE_URL" HISTORY_KEY="$HISTORY_KEY" node dist/scripts/load-demo.js --mail-any-time || fail "loading the demo data"

step "a test SMTP server"
MAIL_DIR="$WORK/mail"
node dist/scripts/ci/production-install-check.js smtp "$MAIL_DIR" >"$WORK/smtp.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$MAIL_DIR/port" ] && break; sleep 0.1; done
[ -s "$MAIL_DIR/port" ] || fail "the SMTP server did not start"
SMTP_URL="smtp://127.0.0.1:$(cat "$MAIL_DIR/port")"
echo "$SMTP_URL"

step "the api and the worker from the copy, NODE_ENV=production"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# API_PROCESSES=1: one api process, as this check has always run it (several on one port, the
# default on a real PostgreSQL, have their own test in test/integration/first-start.int-spec.ts).
# Only what an operator would set: nothing of this shell (TEST_DATABASE_URL, NODE_OPTIONS, ...) leaks in.
# Run in the background as `run_production … &`: the function's subshell execs node, so $! is node's
# own pid and the cleanup's kill reaches it (an inner subshell would leave node behind).
run_production() {
  cd "$PROD" && exec env -i PATH="$PATH" HOME="$WORK" NODE_ENV=production DATABASE_URL="$DATABASE_URL" SMTP_URL="$SMTP_URL" \
    PORT="$PORT" PUBLIC_URL="http://127.0.0.1:$PORT" HISTORY_KEY="$HISTORY_KEY" WORKER_POLL_INTERVAL_MS=1000 API_PROCESSES=1 node "$@"
}
run_production dist/apps/api/src/main.js >"$WORK/api.log" 2>&1 &
API_PID=$!
PIDS+=("$API_PID")
run_production dist/apps/worker/src/main.js >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!
PIDS+=("$WORKER_PID")
BASE="http://127.0.0.1:$PORT"
healthy=
for _ in $(seq 1 120); do
  kill -0 "$API_PID" 2>/dev/null || fail "the api exited during start"
  kill -0 "$WORKER_PID" 2>/dev/null || fail "the worker exited during start"
  if curl -fsS "$BASE/api/health" >/dev/null 2>&1; then healthy=1 && break; fi
  sleep 0.5
done
[ -n "$healthy" ] || fail "no answer from $BASE/api/health within 60 s"
echo "api on $BASE: $(curl -fsS "$BASE/api/health")"
grep -q 'worker .* is running' "$WORK/worker.log" || sleep 2
kill -0 "$WORKER_PID" 2>/dev/null || fail "the worker exited"

step "sign in, 催办, and the mail at the SMTP server"
node dist/scripts/ci/production-install-check.js urge "$BASE" "$MAIL_DIR" || fail "the 催办 did not arrive"
kill -0 "$API_PID" 2>/dev/null || fail "the api exited"
kill -0 "$WORKER_PID" 2>/dev/null || fail "the worker exited"

step "passed in $(($(date +%s) - started_at)) s"
