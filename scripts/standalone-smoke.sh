#!/usr/bin/env bash
# Runs the console the way the container image does, but on the host: the Containerfile's build
# and runtime stages (next build → .next/standalone + static + public + prisma/migrations →
# `node server.js`), so e2e tests exercise the shipped artefact, not `next dev`/`next start`.
#
# Usage: scripts/standalone-smoke.sh [serve|check]
#   serve  (default) build, assemble, then exec the server in the foreground (Playwright webServer).
#   check  build, assemble, start, wait for health, fetch a static asset, stop with SIGTERM;
#          exit 0 only if all of that worked.
#
# The caller passes the app's environment (LITELLM_URL, LITELLM_MASTER_KEY, AUTH_SECRET, AUTH_URL,
# OPENSHIFT_*, OIDC_*, GROUP_BINDINGS_FILE, ...); this script passes it through unchanged except
# that relative paths are made absolute (server.js chdirs into the standalone directory).
# Script settings:
#   SMOKE_PORT        port to listen on (serve: 3100; check: a free ephemeral port)
#   SMOKE_HOSTNAME    address to bind (127.0.0.1; the image uses 0.0.0.0)
#   SMOKE_SKIP_BUILD  1 = reuse the last `next build` (assets are still re-copied)
#   SMOKE_DATA_DIR    embedded-DB directory when neither DATABASE_URL nor PGLITE_DIR is set
#                     (serve: ./data/standalone/pglite; check: a fresh temp dir, removed after)
#   SMOKE_READY       check mode: 1 = wait for /api/health/ready (needs LiteLLM up), 0 = live only
#   SMOKE_TIMEOUT     seconds to wait for health (120)
set -euo pipefail

MODE="${1:-serve}"
case "$MODE" in
  serve | check) ;;
  *) echo "usage: $0 [serve|check]" >&2; exit 2 ;;
esac

CALLER_PWD="$(pwd)"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf 'standalone-smoke: %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

# Absolute path of $1, relative paths taken from the caller's directory.
absolute() {
  case "$1" in
    /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$CALLER_PWD" "${1#./}" ;;
  esac
}

[ -x ./node_modules/.bin/next ] || die "node_modules missing: run npm install first"

# ---- build stage (Containerfile: RUN prisma generate && next build) ----------------------------
if [ "${SMOKE_SKIP_BUILD:-0}" != "1" ]; then
  log "building (prisma generate + next build)"
  # Build without the runtime configuration, as in the image: the build must not need secrets.
  (
    unset LITELLM_URL LITELLM_MASTER_KEY LITELLM_PUBLIC_URL DATABASE_URL PGLITE_DIR AUTH_SECRET \
      AUTH_URL CONSOLE_ADMIN_PASSWORD_HASH OPENSHIFT_API_URL OPENSHIFT_CLIENT_ID \
      OPENSHIFT_CLIENT_SECRET OIDC_ISSUER OIDC_CLIENT_ID OIDC_CLIENT_SECRET GROUP_BINDINGS_FILE \
      NODE_ENV PORT
    export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
    ./node_modules/.bin/prisma generate
    ./node_modules/.bin/next build
  ) || die "build failed"
fi

# ---- runtime stage (Containerfile: COPY standalone, static, public, prisma/migrations) ---------
# server.js sits at .next/standalone/ unless Next's tracing root is above the project.
SERVER_JS=".next/standalone/server.js"
if [ ! -f "$SERVER_JS" ]; then
  SERVER_JS="$(find .next/standalone -maxdepth 6 -name server.js -not -path '*/node_modules/*' 2>/dev/null | head -n 1 || true)"
fi
[ -n "$SERVER_JS" ] && [ -f "$SERVER_JS" ] \
  || die "no .next/standalone/server.js: next.config.ts must set output: \"standalone\""
APP_DIR="$(cd "$(dirname "$SERVER_JS")" && pwd)"
[ -d .next/static ] || die ".next/static missing: the build did not finish"
[ -d prisma/migrations ] || die "prisma/migrations missing: the server applies them at start"

# Replace, never merge: `cp -R a b` into an existing b would nest a copy inside it.
rm -rf "$APP_DIR/.next/static" "$APP_DIR/public" "$APP_DIR/prisma/migrations"
mkdir -p "$APP_DIR/.next" "$APP_DIR/prisma" "$APP_DIR/.next/cache"
cp -R .next/static "$APP_DIR/.next/static"
if [ -d public ]; then cp -R public "$APP_DIR/public"; else mkdir -p "$APP_DIR/public"; fi
cp -R prisma/migrations "$APP_DIR/prisma/migrations"
log "assembled $APP_DIR"

# ---- environment ---------------------------------------------------------------------------------
TMP_DATA=""
if [ -n "${DATABASE_URL:-}" ]; then
  case "$DATABASE_URL" in
    pglite:/* | file:/* | postgres://* | postgresql://*) ;;
    pglite:*) DATABASE_URL="pglite:$(absolute "${DATABASE_URL#pglite:}")" ;;
    file:*) DATABASE_URL="file:$(absolute "${DATABASE_URL#file:}")" ;;
  esac
  export DATABASE_URL
fi
if [ -z "${DATABASE_URL:-}" ]; then
  if [ -n "${PGLITE_DIR:-}" ]; then
    PGLITE_DIR="$(absolute "$PGLITE_DIR")"
  elif [ -n "${SMOKE_DATA_DIR:-}" ]; then
    PGLITE_DIR="$(absolute "$SMOKE_DATA_DIR")"
  elif [ "$MODE" = check ]; then
    TMP_DATA="$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-smoke.XXXXXX")"
    PGLITE_DIR="$TMP_DATA/pglite"
  else
    PGLITE_DIR="$ROOT/data/standalone/pglite"
  fi
  # PGlite creates its directory but not the parents.
  mkdir -p "$(dirname "$PGLITE_DIR")"
  export PGLITE_DIR
fi
for var in GROUP_BINDINGS_FILE NODE_EXTRA_CA_CERTS; do
  if [ -n "${!var:-}" ]; then export "$var=$(absolute "${!var}")"; fi
done

free_port() {
  node -e 'const s=require("node:net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
if [ -n "${SMOKE_PORT:-}" ]; then PORT="$SMOKE_PORT"
elif [ "$MODE" = check ]; then PORT="$(free_port)"
else PORT=3100
fi
export PORT HOSTNAME="${SMOKE_HOSTNAME:-127.0.0.1}" NEXT_TELEMETRY_DISABLED=1

if [ "$MODE" = serve ]; then
  log "serving http://$HOSTNAME:$PORT (${DATABASE_URL:+DATABASE_URL set}${PGLITE_DIR:+PGLITE_DIR=$PGLITE_DIR})"
  exec node "$SERVER_JS"
fi

# ---- check mode ----------------------------------------------------------------------------------
LOG_FILE="$(mktemp "${TMPDIR:-/tmp}/gatehouse-smoke-log.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$TMP_DATA" ]; then rm -rf "$TMP_DATA"; fi
  rm -f "$LOG_FILE"
}
trap cleanup EXIT

show_log() { log "server output (last 60 lines):"; tail -n 60 "$LOG_FILE" >&2 || true; }

BASE_URL="http://127.0.0.1:$PORT"
[ "$HOSTNAME" = "0.0.0.0" ] || [ "$HOSTNAME" = "127.0.0.1" ] || BASE_URL="http://$HOSTNAME:$PORT"

node "$SERVER_JS" >"$LOG_FILE" 2>&1 &
SERVER_PID=$!
log "started pid $SERVER_PID on $BASE_URL"

# GET $1; prints "<status> <first 300 chars>", exit 0 on 2xx.
probe() {
  node -e '
    fetch(process.argv[1], { redirect: "manual", signal: AbortSignal.timeout(5000) }).then(
      async (r) => { console.log(r.status, (await r.text()).slice(0, 300).replace(/\s+/g, " ")); process.exit(r.ok ? 0 : 1); },
      (e) => { console.log("no answer:", e.cause?.code ?? e.message); process.exit(1); });
  ' "$1"
}

wait_for() {
  local path="$1" deadline=$((SECONDS + ${SMOKE_TIMEOUT:-120})) last=""
  while :; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      show_log
      die "server exited before $path answered (last: ${last:-nothing})"
    fi
    if last="$(probe "$BASE_URL$path")"; then
      log "$path -> $last"
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      show_log
      die "$path not healthy after ${SMOKE_TIMEOUT:-120}s (last: $last)"
    fi
    sleep 1
  done
}

wait_for /api/health/live
if [ "${SMOKE_READY:-1}" = "1" ]; then wait_for /api/health/ready; fi

# The static copy is what standalone builds most often get wrong: fetch one real asset.
ASSET="$(cd .next/static && find . -type f \( -name '*.js' -o -name '*.css' \) | head -n 1 | sed 's|^\./||' || true)"
[ -n "$ASSET" ] || die "no .js/.css under .next/static"
probe "$BASE_URL/_next/static/$ASSET" >/dev/null || { show_log; die "static asset /_next/static/$ASSET not served"; }
log "static asset served: /_next/static/$ASSET"

# Graceful shutdown, as on a rolling update: SIGTERM must end the process promptly.
kill -TERM "$SERVER_PID"
rc=0
for _ in $(seq 1 150); do
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$SERVER_PID" 2>/dev/null; then
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  show_log
  die "server still running 15s after SIGTERM"
fi
wait "$SERVER_PID" || rc=$?
SERVER_PID=""
case "$rc" in
  0 | 143) log "stopped on SIGTERM (exit $rc)" ;;
  *) show_log; die "server exited $rc on SIGTERM" ;;
esac
log "OK"
