#!/usr/bin/env bash
# container-check: builds the image with podman and runs it as docker-compose.yaml runs the importer (logs
# mounted read-only, a data volume, the image's non-root user, mem_limit 1g) against a real Qdrant on the host
# (scripts/qdrant.sh), over a copy of samples/projects. Passes when
#   - the sample's points arrive in Qdrant,
#   - /observe/health turns UP within the Dockerfile HEALTHCHECK's start period (probed with that HEALTHCHECK),
#   - the container's process is not root,
#   - nothing was written to the logs folder (checksum of its listing and contents, before and after),
#   - nothing was downloaded when the container started (no download in its log, its Maven repository unchanged),
# and prints the container's peak memory (its cgroup's).
#
#   scripts/container-check.sh
#
# Made for CI on a fresh Debian 12 machine, as root, without Docker and without any image registry: it installs
# podman, runc and debootstrap when missing, and builds the base images from Debian's packages (debootstrap,
# then a JDK + Maven image and a JRE image), passed to the Dockerfile as BUILD_BASE / RUN_BASE. HTTPS does not work
# from inside containers here, so everything the image needs from Maven Central is resolved on the host, with the
# host's Maven and the same `camel run` the image runs, into a Maven repository of its own; the build mounts it
# read-only and runs Maven offline. Cache: ${REFLECT_CONTAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reflect-container}.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly IMAGE=localhost/reflect-importer:0.1.0
readonly DEBIAN_IMAGE=localhost/reflect-debian:bookworm
readonly BUILD_BASE=localhost/reflect-base-jdk:17
readonly RUN_BASE=localhost/reflect-base-jre:17
readonly CACHE="${REFLECT_CONTAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reflect-container}"
readonly REPO="${CACHE}/.m2/repository"
readonly QDRANT_HTTP=16633 QDRANT_GRPC=16634
readonly MANAGEMENT=127.0.0.1:9876
# The sample's project folder -home-you-code-weatherapp is the project "weatherapp".
readonly COLLECTION="conv_$(printf '%s' weatherapp | md5sum | cut -c1-8)_local"
readonly EXPECTED_POINTS=3
# What podman needs on these machines (see RECIPES, "Containers with podman"): chroot builds, runc, lower ulimits.
readonly LIMITS=(--ulimit nofile=10000:10000 --ulimit nproc=4000:4000)
readonly BUILD=(podman build --pull=never --network=host --isolation=chroot "${LIMITS[@]}")

work="$(mktemp -d)"
name="reflect-container-check-$$"
volume="${name}-data"
cleanup() {
  podman rm -f -t 20 "${name}" >/dev/null 2>&1 || true
  podman volume rm -f "${volume}" >/dev/null 2>&1 || true
  scripts/qdrant.sh stop "${work}/qdrant" >/dev/null 2>&1 || true
  rm -rf "${work}"
}
trap cleanup EXIT

log() { echo "container-check: $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

# 1. Tools.
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
  log "installing podman, runc and debootstrap (apt-get)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap; } >/dev/null
fi
# The container shares the host's network, so its management port must be free (another importer may hold it).
for second in $(seq 1 "${PORT_WAIT_SECONDS:-600}"); do
  curl -s -o /dev/null --max-time 1 "http://${MANAGEMENT}/" || break
  (( second % 60 == 1 )) && log "waiting for ${MANAGEMENT} (the container's management port, host network) to be free"
  sleep 1
done
curl -s -o /dev/null --max-time 1 "http://${MANAGEMENT}/" && fail "${MANAGEMENT} is in use: the container needs it (host network)"

# 2. Base images from Debian's packages, made once.
debian_mirror() {
  local uri
  uri="$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -1)"
  [[ -n "${uri}" ]] || uri="$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)"
  echo "${uri:-http://deb.debian.org/debian}"
}
base_image() {  # tag, Debian packages
  local tag="$1" packages="$2" dir="${work}/base-${1##*/}"
  podman image exists "${tag}" && return
  mkdir -p "${dir}"
  printf 'FROM %s\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s \\\n    && rm -rf /var/lib/apt/lists/*\n' \
    "${DEBIAN_IMAGE}" "${packages}" >"${dir}/Containerfile"
  log "building base image ${tag} (${packages})"
  "${BUILD[@]}" -q -t "${tag}" "${dir}" >/dev/null
}
if ! podman image exists "${DEBIAN_IMAGE}"; then
  log "debootstrap bookworm from $(debian_mirror)"
  debootstrap --variant=minbase bookworm "${work}/rootfs" "$(debian_mirror)" >"${work}/debootstrap.log" 2>&1 \
    || { tail -20 "${work}/debootstrap.log" >&2; fail "debootstrap"; }
  tar -C "${work}/rootfs" -c . | podman import -q - "${DEBIAN_IMAGE}" >/dev/null
  rm -rf "${work}/rootfs"
fi
base_image "${BUILD_BASE}" "openjdk-17-jdk-headless maven"
base_image "${RUN_BASE}" "openjdk-17-jre-headless"

# 3. On the host: whatever the build needs from Maven Central, into ${REPO}. The same Maven goals the Dockerfile
#    runs, then the same short `camel run` as its prefetch step (Camel JBang downloads into ~/.m2 of user.home).
log "resolving the build's and camel run's Maven artifacts on the host into ${REPO}"
mvn_host=(mvn -B -q -Dmaven.repo.local="${REPO}")
camel_version="$(sed -n 's:.*<camel.version>\(.*\)</camel.version>.*:\1:p' pom.xml)"
{
  "${mvn_host[@]}" dependency:go-offline
  "${mvn_host[@]}" -DskipTests package
  "${mvn_host[@]}" -f scripts/camel-launcher/pom.xml -Dcamel.version="${camel_version}" \
    dependency:copy-dependencies -DoutputDirectory="${work}/launcher-lib"
  "${mvn_host[@]}" install:install-file -Dfile=target/reflect-importer.jar -DpomFile=pom.xml
} >"${work}/host-maven.log" 2>&1 || { tail -30 "${work}/host-maven.log" >&2; fail "host Maven"; }
mkdir -p "${work}/prefetch/logs"
CAMEL_JAVA_OPTS="-Duser.home=${CACHE}" CLAUDE_LOGS_DIR="${work}/prefetch/logs" STATE_FILE="${work}/prefetch/state.json" \
DEAD_LETTER_FILE="${work}/prefetch/dead.jsonl" MODEL_CACHE_DIR="${work}/prefetch/models" QDRANT_URL=http://127.0.0.1:1 \
  scripts/camel run routes/import.yaml routes/voyage.yaml src/main/resources/application.properties \
    --dep=dev.reflect:reflect-importer:0.1.0-SNAPSHOT --profile=prod --max-seconds=3 >"${work}/host-prefetch.log" 2>&1 \
  || { tail -30 "${work}/host-prefetch.log" >&2; fail "camel run on the host"; }

# 4. The image: Maven offline on that repository, mounted read-only; camel run's prefetch reads it as a file
#    repository with Maven Central off. Docker format, so the image keeps its HEALTHCHECK.
log "building ${IMAGE} (podman build, Camel ${camel_version})"
build_start=${SECONDS}
"${BUILD[@]}" --format docker -v "${CACHE}/.m2:/root/.m2:ro" \
  --build-arg BUILD_BASE="${BUILD_BASE}" --build-arg RUN_BASE="${RUN_BASE}" --build-arg MAVEN_FLAGS=-o \
  --build-arg PREFETCH_FLAGS="--repos=file:///root/.m2/repository --maven-central-enabled=false" \
  -t "${IMAGE}" . >"${work}/build.log" 2>&1 || { tail -40 "${work}/build.log" >&2; fail "podman build"; }
echo "image: ${IMAGE} built in $((SECONDS - build_start)) s ($(podman image inspect -f '{{.Size}}' "${IMAGE}" | awk '{printf "%d MB", $1 / 1e6}'))"

# 5. Qdrant on the host, and the logs folder with its fingerprint.
scripts/qdrant.sh start "${work}/qdrant" "${QDRANT_HTTP}" "${QDRANT_GRPC}" >/dev/null
qdrant="http://127.0.0.1:${QDRANT_HTTP}"
cp -r samples/projects "${work}/logs"
chmod -R a+rX "${work}/logs"
fingerprint() {
  (cd "$1" && find . -printf '%p %y %s %T@ %m\n' | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort) \
    | sha256sum | cut -c1-16
}
logs_before="$(fingerprint "${work}/logs")"
start_period="$(sed -n 's/.*--start-period=\([0-9]*\)s.*/\1/p' Dockerfile)"
[[ -n "${start_period}" ]] || fail "no --start-period in the Dockerfile's HEALTHCHECK"

# 6. Run it as docker-compose.yaml does. Host networking: Qdrant is on the host's 127.0.0.1.
podman volume create "${volume}" >/dev/null
run_start=$(date +%s%N)
podman --runtime runc run -d --name "${name}" --network=host "${LIMITS[@]}" --memory=1g \
  -v "${work}/logs:/logs:ro" -v "${volume}:/data" \
  -e QDRANT_URL="${qdrant}" -e QDRANT_GRPC_PORT="${QDRANT_GRPC}" -e WATCH_INTERVAL=5 -e OPERATIONAL_MEMORY_MB=1024 \
  "${IMAGE}" >/dev/null 2>"${work}/podman-run.err" || { cat "${work}/podman-run.err" >&2; fail "podman run"; }
# (podman cannot add its HEALTHCHECK timer without systemd and says so on stderr; the check runs it by hand below)

points=0
healthy_ms=""
points_ms=""
while (( ($(date +%s%N) - run_start) / 1000000000 < start_period )); do
  [[ "$(podman inspect -f '{{.State.Running}}' "${name}")" == true ]] || break
  if [[ -z "${healthy_ms}" ]] && podman healthcheck run "${name}" >/dev/null 2>&1; then
    healthy_ms=$(( ($(date +%s%N) - run_start) / 1000000 ))
  fi
  if [[ -z "${points_ms}" ]]; then
    points="$(curl -s -X POST "${qdrant}/collections/${COLLECTION}/points/count" -H 'content-type: application/json' \
      -d '{"exact":true}' | python3 -c 'import json,sys
try: print(json.load(sys.stdin)["result"]["count"])
except Exception: print(0)')"
    (( points >= EXPECTED_POINTS )) && points_ms=$(( ($(date +%s%N) - run_start) / 1000000 ))
  fi
  [[ -n "${healthy_ms}" && -n "${points_ms}" ]] && break
  sleep 1
done
podman logs "${name}" >"${work}/container.log" 2>&1 || true
if [[ -z "${healthy_ms}" || -z "${points_ms}" ]]; then
  tail -40 "${work}/container.log" >&2
  [[ -n "${points_ms}" ]] || fail "${points} of ${EXPECTED_POINTS} points in ${COLLECTION} after ${start_period} s"
  fail "/observe/health not UP within the HEALTHCHECK's start period (${start_period} s): $(curl -s "http://${MANAGEMENT}/observe/health" | head -c 300)"
fi
echo "points: ${points} in ${COLLECTION} after $(awk "BEGIN {printf \"%.1f\", ${points_ms} / 1000}") s"
echo "health: UP after $(awk "BEGIN {printf \"%.1f\", ${healthy_ms} / 1000}") s (HEALTHCHECK start period ${start_period} s): $(curl -s "http://${MANAGEMENT}/observe/health" | head -c 120)..."

# 7. The process is not root.
user="$(podman top "${name}" user huser | awk 'NR == 2 {print $1 " (uid " $2 ")"}')"
[[ -n "${user}" && "${user}" != root* && "$(podman exec "${name}" id -u)" != 0 ]] || fail "the container's process runs as ${user:-?}"
echo "user: ${user}"

# 8. Nothing downloaded at start: no download in the log, and the image's Maven repository as it was built.
repo_listing='find /home/reflect/.m2 -printf "%p %s %T@\n" | LC_ALL=C sort | sha256sum'
repo_built="$(podman --runtime runc run --rm "${LIMITS[@]}" --network=none --no-healthcheck --entrypoint sh "${IMAGE}" -c "${repo_listing}")"
repo_now="$(podman exec "${name}" sh -c "${repo_listing}")"
downloads="$(grep -ciE 'Downloaded:|Downloading' "${work}/container.log" || true)"
[[ "${downloads}" == 0 && "${repo_built}" == "${repo_now}" ]] \
  || fail "the container downloaded at start (${downloads} download lines; Maven repository changed: $([[ "${repo_built}" == "${repo_now}" ]] && echo no || echo yes))"
echo "downloads at start: none (no download in the log; ~reflect/.m2 unchanged: $(podman exec "${name}" sh -c 'find /home/reflect/.m2 -name "*.jar" | wc -l') jars, as built)"

# 9. Peak memory of the container (cgroup v1: memory.max_usage_in_bytes; v2: memory.peak), and of its JVM.
peak="$(podman exec "${name}" sh -c 'cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak')"
hwm="$(podman exec "${name}" sh -c "awk '/VmHWM/ {print \$2}' /proc/1/status")"
allocator="$(podman exec "${name}" sh -c 'grep -q libjemalloc /proc/1/maps && echo jemalloc || echo glibc')"
echo "peak memory: $((peak / 1048576)) MB (cgroup, page cache included), JVM peak RSS $((hwm / 1024)) MB (${allocator}), limit 1024 MB"

# 10. Stop it (SIGTERM, as compose does) and compare the logs folder.
podman stop -t 30 "${name}" >/dev/null 2>>"${work}/podman-run.err"
logs_after="$(fingerprint "${work}/logs")"
[[ "${logs_before}" == "${logs_after}" ]] || fail "the logs folder changed (${logs_before} -> ${logs_after})"
echo "logs folder: untouched (fingerprint ${logs_before} before and after)"
echo "container-check: passed"
