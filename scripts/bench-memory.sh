#!/usr/bin/env bash
# bench-memory: the soak benchmark of `reflect bench-memory`. Grows a folder by copying the logs under new
# session ids, imports it with the default settings through the real launcher (./reflect) as a child process,
# samples the JVM's RSS (/proc/<pid>/status VmRSS) every 200 ms and prints peak RSS, RSS at the end of the
# first minute and at the end, growth (and rise), chunks/min and the allocator in use; watch (and --camel,
# --image): where the backlog ended (the last point) and its rate, growth measured up to there.
#
#   reflect bench-memory [--logs DIR] [--copies N] [--mode import|watch] [--seconds S] [--camel|--image]
#                        [--ratio] [--rounds N]
#
#   --logs DIR     the logs to copy (default testdata/corpus/projects)
#   --copies N     copies of every file (default: enough for 1,000+ files)
#   --mode M       import (default: until it exits) or watch (backlog, then idle until --seconds)
#   --seconds S    watch: stop it (SIGTERM) after S seconds (default 600)
#   --camel        run `scripts/camel run` as the container does (watch mode) instead of ./reflect
#   --image        run the container image itself (podman, host network; BENCH_IMAGE, default the tag
#                  scripts/container-check.sh builds) and sample its JVM from the host; REFLECT_NO_JEMALLOC=1
#                  is passed in, so it measures the image's glibc too
#   --ratio        import: then run the bare model over the same folder's chunk texts (same settings, the
#                  importer's workers as callers) and print the whole import's rate as a share of it
#   --rounds N     run the whole benchmark N times in a row (each with its own folder and Qdrant) and print
#                  the median of each figure: peak RSS, growth, chunks/min and, with --ratio, the ratio
#
# QDRANT_URL (and QDRANT_GRPC_PORT) pick the Qdrant; unset, a private one starts on BENCH_QDRANT_PORT
# (default 16933, gRPC +1) under the work folder. REFLECT_NO_JEMALLOC=1 measures glibc. The work folder
# (BENCH_WORK, default a new temporary folder) is removed at the end unless BENCH_KEEP=1.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
logs="${HERE}/testdata/corpus/projects"
copies=""
mode=import
seconds=600
camel=""
image=""
ratio=""
rounds=1
args=("$@")
while (( $# > 0 )); do
  case "$1" in
    --logs) logs="$2"; shift 2 ;;
    --copies) copies="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --camel) camel=1; mode=watch; shift ;;
    --image) image="${BENCH_IMAGE:-localhost/reflect-importer:0.1.0}"; mode=watch; shift ;;
    --ratio) ratio=1; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-memory: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "${mode}" == import || "${mode}" == watch ]] || { echo "bench-memory: --mode is import or watch" >&2; exit 2; }
[[ -z "${ratio}" || "${mode}" == import ]] || { echo "bench-memory: --ratio measures an import (not --mode watch, --camel or --image)" >&2; exit 2; }
[[ -z "${camel}" || -z "${image}" ]] || { echo "bench-memory: --camel or --image, not both" >&2; exit 2; }
if [[ -n "${image}" ]]; then
  command -v podman >/dev/null || { echo "bench-memory: --image needs podman" >&2; exit 2; }
  podman image exists "${image}" || { echo "bench-memory: no image ${image} (scripts/container-check.sh builds it; BENCH_IMAGE names another)" >&2; exit 2; }
fi
[[ "${rounds}" =~ ^[1-9][0-9]*$ ]] || { echo "bench-memory: --rounds is a whole number of 1 or more, not '${rounds}'" >&2; exit 2; }

# The median of the numbers on standard input, one a line (nothing for no input).
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.10g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'; }

# Rounds: this script once per round (its own work folder and Qdrant), then each figure's median.
if (( rounds > 1 )); then
  once=()
  for (( i = 0; i < ${#args[@]}; i++ )); do
    if [[ "${args[i]}" == --rounds ]]; then i=$(( i + 1 )); else once+=("${args[i]}"); fi
  done
  outputs=()
  for (( r = 1; r <= rounds; r++ )); do
    echo "bench-memory: round ${r} of ${rounds}"
    out="$(env -u BENCH_WORK "$0" "${once[@]}")" || { echo "${out}"; exit 1; }
    echo "${out}"
    outputs+=("${out}")
  done
  figure() {  # figure LABEL SED-EXPRESSION: the figure of every round, then their median
    local values
    values="$(printf '%s\n' "${outputs[@]}" | sed -n "$2")"
    [[ -n "${values}" ]] || return 0
    printf '  %-14s %s (rounds: %s)\n' "$1" "$(echo "${values}" | median)" "$(echo "${values}" | paste -sd' ' | sed 's/ /, /g')"
  }
  echo "bench-memory: medians of ${rounds} rounds"
  figure "peak RSS (MB)" 's/^  peak RSS  *\([0-9]*\) MB.*/\1/p'
  figure "growth (MB)" 's/^  growth  *\(-\{0,1\}[0-9]*\) MB.*/\1/p'
  figure "rise (MB)" 's/^  rise  *\([0-9]*\) MB.*/\1/p'
  figure "chunks/min" 's/^  chunks\/min  *\([0-9]*\) .*/\1/p'
  figure "bare model" 's/^  bare model: \([0-9]*\) .*/\1/p'
  figure "ratio" 's/^  whole import \/ bare model = .* = \([0-9.]*\)$/\1/p'
  exit 0
fi

mapfile -t files < <(find "${logs}" -name '*.jsonl' -type f | sort)
(( ${#files[@]} > 0 )) || { echo "bench-memory: no .jsonl files under ${logs}" >&2; exit 2; }
[[ -n "${copies}" ]] || copies=$(( (1000 + ${#files[@]} - 1) / ${#files[@]} ))

work="${BENCH_WORK:-$(mktemp -d)}"
mkdir -p "${work}"
child=""
qdrant_started=""
container="reflect-bench-memory-$$"
cleanup() {
  [[ -n "${image}" ]] && podman rm -f -t 20 "${container}" >/dev/null 2>&1 || true
  if [[ -n "${child}" ]] && kill -0 "${child}" 2>/dev/null; then kill -TERM "${child}" 2>/dev/null || true; wait "${child}" 2>/dev/null || true; fi
  [[ -n "${qdrant_started}" ]] && "${HERE}/scripts/qdrant.sh" stop "${work}/qdrant" >/dev/null 2>&1 || true
  [[ -n "${BENCH_KEEP:-}" ]] || rm -rf "${work}"
}
trap cleanup EXIT

# The grown folder: copy c of a file is the same project folder, under a new session id (the file name).
rm -rf "${work}/logs"
for (( c = 1; c <= copies; c++ )); do
  for f in "${files[@]}"; do
    rel="${f#"${logs}"/}"
    id="$(printf '%s/%s' "${c}" "${rel}" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/')"
    mkdir -p "${work}/logs/$(dirname -- "${rel}")"
    cp "${f}" "${work}/logs/$(dirname -- "${rel}")/${id}.jsonl"
  done
done
nfiles=$(( copies * ${#files[@]} ))

if [[ -z "${QDRANT_URL:-}" ]]; then
  port="${BENCH_QDRANT_PORT:-16933}"
  "${HERE}/scripts/qdrant.sh" start "${work}/qdrant" "${port}" "$(( port + 1 ))" >/dev/null
  qdrant_started=1
  export QDRANT_URL="http://127.0.0.1:${port}" QDRANT_GRPC_PORT="$(( port + 1 ))"
fi
export CLAUDE_LOGS_DIR="${work}/logs" STATE_FILE="${work}/state/imported-files.json" \
  DEAD_LETTER_FILE="${work}/dead-letters/malformed-lines.jsonl"
# The allocator the child will get, from the same file the launchers source.
allocator="$(env -u REFLECT_ALLOCATOR bash -c 'source "$1/scripts/jvm-env.sh"; echo "${REFLECT_ALLOCATOR}"
  if [[ "${REFLECT_ALLOCATOR}" == jemalloc ]]; then echo "MALLOC_CONF=${MALLOC_CONF}"; else
  echo "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX} MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-glibc default} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-glibc default}"; fi' _ "${HERE}" | paste -sd' ')"

if [[ -n "${image}" ]]; then
  # The image as a user runs it: its entrypoint (scripts/camel run), the logs read-only, the state in /data.
  # The allocator is the image's: jemalloc is installed there, REFLECT_NO_JEMALLOC=1 is passed in.
  chmod -R a+rX "${work}/logs"
  mkdir -p "${work}/data" && chmod 777 "${work}/data"
  allocator="jemalloc (the image's libjemalloc2)"
  [[ -n "${REFLECT_NO_JEMALLOC:-}" ]] && allocator="glibc (REFLECT_NO_JEMALLOC=1 in the container)"
  # The limits scripts/container-check.sh runs it with (this sandbox refuses runc's defaults).
  command=(podman --runtime runc run --rm --name "${container}" --network=host
    --ulimit nofile=10000:10000 --ulimit nproc=4000:4000
    -v "${work}/logs:/logs:ro" -v "${work}/data:/data"
    -e QDRANT_URL="${QDRANT_URL}" -e QDRANT_GRPC_PORT="${QDRANT_GRPC_PORT:-6334}")
  [[ -n "${REFLECT_NO_JEMALLOC:-}" ]] && command+=(-e REFLECT_NO_JEMALLOC=1)
  [[ -n "${EMBEDDING_PRECISION:-}" ]] && command+=(-e EMBEDDING_PRECISION="${EMBEDDING_PRECISION}")
  command+=("${image}")
  label="the image ${image}"
elif [[ -n "${camel}" ]]; then
  # Camel JBang's class path first (scripts/camel resolves it with Maven once): not measured, and no Maven JVM
  # beside the importer's while the samples are taken.
  "${HERE}/scripts/camel" version >/dev/null 2>&1 || { echo "bench-memory: scripts/camel does not start" >&2; exit 1; }
  command=("${HERE}/scripts/camel" run routes/import.yaml routes/voyage.yaml src/main/resources/application.properties
    --dep=dev.reflect:reflect-importer:0.1.0-SNAPSHOT --profile=prod)
  label="scripts/camel run"
else
  command=("${HERE}/reflect" "${mode}" --logs "${work}/logs")
  label="./reflect ${mode}"
fi
(cd "${HERE}" && exec "${command[@]}") >"${work}/child.log" 2>&1 &
child=$!
start_us="${EPOCHREALTIME/[.,]/}"

# The JVM: the launcher itself (scripts/camel execs java) or its java child (./reflect waits for it); not the
# Maven that scripts/camel runs once to resolve Camel JBang's class path.
importer_jvm() {
  [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == java ]] || return 1
  ! tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q plexus-classworlds
}
jvm=""
for _ in $(seq 1 600); do
  if [[ -n "${image}" ]]; then  # the container's first process: scripts/camel, which execs java
    pid="$(podman inspect -f '{{.State.Pid}}' "${container}" 2>/dev/null || true)"
    [[ "${pid:-0}" != 0 ]] && importer_jvm "${pid}" && jvm="${pid}" && break
    sleep 0.1; continue
  fi
  if importer_jvm "${child}"; then jvm="${child}"; break; fi
  for pid in $(pgrep -P "${child}" -x java || true); do importer_jvm "${pid}" && jvm="${pid}"; done
  [[ -n "${jvm}" ]] && break
  sleep 0.1
done
[[ -n "${jvm}" ]] || { echo "bench-memory: no JVM under ${label}; its log:" >&2; tail -30 "${work}/child.log" >&2; exit 1; }

peak=0; at_minute=""; last=0; peak_after_minute=0; first_point_ms=""; samples=0; stopping=""
vectors_seen=0; last_point_ms=""
# The samples cost no process of their own: a fork every 200 ms (awk, date, sleep) took ~12 % of a core, charged to
# the import it measured. The clock is bash's EPOCHREALTIME, the status file is read with `read`, and the pause is
# a `read -t` on a pipe that nobody writes to.
elapsed() { ms=$(( (${EPOCHREALTIME/[.,]/} - start_us) / 1000 )); }  # milliseconds since the launch, into ms
read_status() {  # the JVM's VmHWM and VmRSS (kB) into now_hwm and rss; both empty once it has exited
  local key value rest
  now_hwm=""; rss=""
  while read -r key value rest; do
    case "${key}" in VmHWM:) now_hwm="${value}" ;; VmRSS:) rss="${value}"; break ;; esac
  done 2>/dev/null <"/proc/${jvm}/status"
}
rm -f "${work}/pause"
mkfifo "${work}/pause"
exec {pause}<>"${work}/pause" {samples_out}>"${work}/rss-samples"
# Qdrant's vectors in every collection now, into vectors (`collections_vector_total` of its /metrics, one request):
# enough to see points arrive and stop arriving. Start-up: from the launch until Qdrant holds the first one
# (checked every second until then).
vectors_now() {
  local key value
  vectors=0
  while read -r key value; do
    [[ "${key}" == collections_vector_total ]] && vectors="${value%.*}"
  done < <(curl -s --max-time 1 "${QDRANT_URL}/metrics" || true)
  return 0
}
while kill -0 "${jvm}" 2>/dev/null; do
  samples=$(( samples + 1 ))
  if [[ -z "${first_point_ms}" ]] && (( samples % 5 == 0 )) && vectors_now && (( vectors > 0 )); then elapsed; first_point_ms="${ms}"; fi
  # watch: the import ends with its backlog, when the last point arrives (seen within 5 s), not at the SIGTERM.
  if [[ "${mode}" == watch && -n "${first_point_ms}" && -z "${stopping}" ]] && (( samples % 25 == 0 )); then
    vectors_now
    if (( vectors > vectors_seen )); then vectors_seen="${vectors}"; elapsed; last_point_ms="${ms}"; fi
  fi
  read_status || true
  [[ -n "${now_hwm}" ]] && hwm="${now_hwm}"
  if [[ -n "${rss}" ]]; then
    last="${rss}"
    (( rss > peak )) && peak="${rss}"
    elapsed; t="${ms}"
    echo "${t} ${rss}" >&"${samples_out}"
    if (( t >= 60000 )); then
      [[ -n "${at_minute}" ]] || at_minute="${rss}"
      (( rss > peak_after_minute )) && peak_after_minute="${rss}"
    fi
    if [[ "${mode}" == watch && -z "${stopping}" ]] && (( t >= seconds * 1000 )); then
      kill -TERM "${child}" 2>/dev/null || true  # once: a second SIGTERM while it stops is not a clean stop
      stopping=1
    fi
  fi
  read -r -t 0.2 -u "${pause}" _ || true
done
status=0
wait "${child}" || status=$?
child=""
elapsed; total_ms="${ms}"
# The run's end: the import's exit, or watch's SIGTERM. Watch's backlog ended where the last point arrived, if
# that was well before the run's end (else points were still arriving).
run_end_ms="${total_ms}"
[[ "${mode}" == watch ]] && (( seconds * 1000 < run_end_ms )) && run_end_ms=$(( seconds * 1000 ))
backlog_end_ms=""
[[ "${mode}" == watch && -n "${last_point_ms}" ]] && (( last_point_ms + 15000 < run_end_ms )) && backlog_end_ms="${last_point_ms}"
# Camel JBang's own launcher ends with 143 after the SIGTERM this script sent it (a clean stop).
[[ ( -n "${camel}" || -n "${image}" ) && "${status}" == 143 ]] && status=0
(( status == 0 )) || { echo "bench-memory: ${label} exited ${status}; its log:" >&2; tail -30 "${work}/child.log" >&2; exit 1; }

points="$(curl -s "${QDRANT_URL}/collections" | python3 -c '
import json, sys, urllib.request
url = sys.argv[1]
total = 0
for c in json.load(sys.stdin)["result"]["collections"]:
    req = urllib.request.Request(url + "/collections/" + c["name"] + "/points/count", data=b"{\"exact\":true}",
                                 headers={"content-type": "application/json"})
    total += json.load(urllib.request.urlopen(req))["result"]["count"]
print(total)' "${QDRANT_URL}")"
summary="$(grep -h '^Imported ' "${work}/child.log" | tail -1 || true)"
mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
echo "bench-memory: ${label}, ${nfiles} files (${copies} copies of ${#files[@]} under ${logs}), ${points} points in Qdrant"
[[ -n "${summary}" ]] && echo "  ${summary}"
echo "  allocator      ${allocator}"
# The model file and ONNX Runtime's CPU arena, as the child's log says it loaded them (ONNX_CPU_ARENA=auto follows the allocator).
model="$(grep -h -m1 'Loaded ONNX model' "${work}/child.log" | sed -n 's:.*Loaded ONNX model [^ ]*/\([^/ ]*\) .*CPU arena \(o[nf]*\).*:\1, CPU arena \2:p' || true)"
echo "  precision      ${EMBEDDING_PRECISION:-default}${model:+ (${model})}"
echo "  peak RSS       $(mb "${peak}") (sampled every 200 ms; the kernel's VmHWM: $(mb "${hwm:-0}"))"
if [[ -n "${at_minute}" ]]; then
  echo "  RSS at 1 min   $(mb "${at_minute}")"
  echo "  RSS at end     $(mb "${last}")"
  # Growth compares levels, not single samples: the median RSS of the 20 s around the end of the first minute
  # and of the last 20 s before the end (the import's last 5 s, its stop, left out; watch: the 20 s before the
  # last point arrived, the end of its backlog, or before the SIGTERM if points were still arriving).
  end_ms="${run_end_ms}"
  if [[ -n "${backlog_end_ms}" ]]; then
    end_ms=$(( backlog_end_ms + 5000 ))
    echo "  backlog end    $(awk -v ms="${backlog_end_ms}" 'BEGIN { printf "%.0f s", ms / 1000 }') (the last point arrived; growth is measured up to it)"
  fi
  level_minute="$(awk '$1 >= 50000 && $1 <= 70000 { print $2 }' "${work}/rss-samples" | median)"
  level_end="$(awk -v e="${end_ms}" '$1 > 70000 && $1 >= e - 25000 && $1 <= e - 5000 { print $2 }' "${work}/rss-samples" | median)"
  if [[ -n "${level_minute}" && -n "${level_end}" ]]; then
    echo "  growth         $(mb $(( ${level_end%.*} - ${level_minute%.*} ))) (RSS level at the end minus at 1 min: $(mb "${level_end}") - $(mb "${level_minute}"), medians of 20 s)"
  fi
  echo "  rise           $(mb $(( peak_after_minute - at_minute ))) (highest sample after the first minute minus RSS at 1 min)"
else
  echo "  RSS at end     $(mb "${last}") (ran under a minute)"
fi
rate="$(awk -v p="${points}" -v ms="${total_ms}" 'BEGIN { printf "%.0f", p * 60000 / ms }')"
awk -v r="${rate}" -v p="${points}" -v ms="${total_ms}" 'BEGIN { printf "  chunks/min     %d (%d points in %.1f s, start-up included)\n", r, p, ms / 1000 }'
if [[ -n "${backlog_end_ms}" ]]; then
  awk -v p="${points}" -v ms="${backlog_end_ms}" 'BEGIN { printf "  backlog rate   %d chunks/min (%d points by the last one, at %.0f s, start-up included)\n", p * 60000 / ms, p, ms / 1000 }'
fi
[[ -n "${first_point_ms}" ]] && awk -v ms="${first_point_ms}" 'BEGIN { printf "  start-up       %.1f s (launch to the first point in Qdrant, within 1 s)\n", ms / 1000 }'
if [[ -n "${ratio}" ]]; then
  # The same JVM, allocator and settings as ./reflect import; a heap for the texts, which it holds all at once.
  bare="$(cd "${HERE}" && source scripts/jvm-env.sh && java -Xmx256m ${REFLECT_JVM_FLAGS} \
    -cp target/reflect-importer.jar dev.reflect.importer.bench.BareRate "${work}/logs" 2>"${work}/bare.log" | grep '^bare model:')" \
    || { echo "bench-memory: the bare model run failed; its log:" >&2; tail -20 "${work}/bare.log" >&2; exit 1; }
  echo "  ${bare}"
  awk -v r="${rate}" -v b="$(echo "${bare}" | awk '{print $3}')" \
    'BEGIN { printf "  whole import / bare model = %d / %d = %.2f\n", r, b, r / b }'
fi
