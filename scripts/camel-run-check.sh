#!/usr/bin/env bash
# camel-run-check: the importer's routes under `camel run` (scripts/camel, Camel JBang 4.17.0) with the
# project's jar as a dependency, the command the container image runs, over samples/projects against a real
# Qdrant. Passes when the sample's points are in Qdrant. Needs the jar in ~/.m2 (mvn install -DskipTests).
#
#   scripts/camel-run-check.sh [max-seconds]     default 90
set -euo pipefail
cd "$(dirname "$0")/.."

# The container's ENTRYPOINT, word for word (DockerComposeTest compares the two).
CAMEL_RUN=(scripts/camel run routes/import.yaml routes/voyage.yaml src/main/resources/application.properties --dep=dev.reflect:reflect-importer:0.1.0-SNAPSHOT --profile=prod)

max_seconds="${1:-90}"
work="$(mktemp -d)"
http_port=16533
grpc_port=16534
camel_pid=""
cleanup() {
  if [[ -n "${camel_pid}" ]] && kill -0 "${camel_pid}" 2>/dev/null; then
    kill -TERM "${camel_pid}" 2>/dev/null || true
    wait "${camel_pid}" 2>/dev/null || true
  fi
  scripts/qdrant.sh stop "${work}/qdrant" >/dev/null 2>&1 || true
  rm -rf "${work}"
}
trap cleanup EXIT

cp -r samples/projects "${work}/logs"
scripts/qdrant.sh start "${work}/qdrant" "${http_port}" "${grpc_port}" >/dev/null
qdrant="http://127.0.0.1:${http_port}"
# The sample's project folder -home-you-code-weatherapp is the project "weatherapp".
collection="conv_$(printf '%s' weatherapp | md5sum | cut -c1-8)_local"
expected=3

# Watch mode (camel run never sets importer.mode=import); the settings come from the environment.
CLAUDE_LOGS_DIR="${work}/logs" \
STATE_FILE="${work}/state/imported-files.json" \
DEAD_LETTER_FILE="${work}/dead-letters/malformed-lines.jsonl" \
MODEL_CACHE_DIR="${work}/models" \
QDRANT_URL="${qdrant}" \
QDRANT_GRPC_PORT="${grpc_port}" \
WATCH_INTERVAL=5 \
"${CAMEL_RUN[@]}" --max-seconds="${max_seconds}" >"${work}/camel-run.log" 2>&1 &
camel_pid=$!

count=0
for _ in $(seq 1 "${max_seconds}"); do
  count="$(curl -s -X POST "${qdrant}/collections/${collection}/points/count" -H 'content-type: application/json' \
    -d '{"exact":true}' | python3 -c 'import json,sys
try: print(json.load(sys.stdin)["result"]["count"])
except Exception: print(0)')"
  if (( count >= expected )) || ! kill -0 "${camel_pid}" 2>/dev/null; then
    break
  fi
  sleep 1
done
health="$(curl -s --max-time 2 http://127.0.0.1:9876/observe/health || true)"

if (( count < expected )); then
  echo "camel run: ${count} of ${expected} points in ${collection}; its log:" >&2
  tail -60 "${work}/camel-run.log" >&2
  exit 1
fi
echo "camel run: ${count} points in ${collection} (${CAMEL_RUN[*]})"
echo "camel run: health ${health:0:60}..."
