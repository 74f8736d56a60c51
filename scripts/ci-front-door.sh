#!/usr/bin/env bash
# Proves the README's first command (`npm install && npm run sandbox`) on a clean clone: starts it in the
# background, waits (bounded) for the console's /login and the LiteLLM stand-in's readiness, then stops it.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -t gatehouse-front-door.XXXXXX.log)
deadline=$((SECONDS + ${FRONT_DOOR_TIMEOUT_S:-300}))

echo "front door: npm install && npm run sandbox (log: $log)"
setsid bash -c 'npm install --no-audit --no-fund && npm run sandbox' >"$log" 2>&1 &
pid=$!

stop() {
  kill -TERM -- "-$pid" 2>/dev/null
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

console_ok=no litellm_ok=no
while [ $SECONDS -lt $deadline ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "front door: FAILED — the command exited before the console came up. Its output:"
    tail -n 60 "$log"
    exit 1
  fi
  [ "$litellm_ok" = yes ] || { curl -fsS -o /dev/null --max-time 5 http://127.0.0.1:4000/health/readiness 2>/dev/null && litellm_ok=yes; }
  [ "$console_ok" = yes ] || { curl -fsS -o /dev/null --max-time 60 http://localhost:3000/login 2>/dev/null && console_ok=yes; }
  if [ "$console_ok" = yes ] && [ "$litellm_ok" = yes ]; then
    echo "front door: console /login and LiteLLM readiness answered after ${SECONDS}s"
    stop
    exit 0
  fi
  sleep 2
done
echo "front door: FAILED — no answer within the time limit (console /login: $console_ok, LiteLLM readiness: $litellm_ok). Output:"
tail -n 60 "$log"
stop
exit 1
