#!/usr/bin/env bash
# First try: import your Claude Code logs (or, when you have none, the small sample shipped in
# samples/projects) into a real Qdrant, then search them.
#
#   scripts/quickstart.sh ["what to search for"]
#
# With QDRANT_URL unset and nothing on localhost:6333, ./reflect runs a local Qdrant 1.16.3 itself.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

logs="${CLAUDE_LOGS_DIR:-${HOME}/.claude/projects}"
query="${1:-}"
if [[ -d "${logs}" ]] && [[ -n "$(find "${logs}" -name '*.jsonl' -print -quit 2>/dev/null)" ]]; then
  echo "Importing your Claude Code logs from ${logs}"
  query="${query:-error}"
else
  logs="${HERE}/samples/projects"
  # The sample keeps its own state and dead letters, apart from a real import's.
  export STATE_FILE="${STATE_FILE:-${HOME}/.claude-self-reflect/sample/imported-files.json}"
  export DEAD_LETTER_FILE="${DEAD_LETTER_FILE:-${HOME}/.claude-self-reflect/sample/malformed-lines.jsonl}"
  echo "No Claude Code logs found; importing the sample in ${logs}"
  query="${query:-cache the weather forecasts in redis}"
fi

# jemalloc (Debian's libjemalloc2) runs the model at full speed in ~240 MB; glibc's malloc needs either ~350 MB or,
# as ./reflect sets it, half the model's speed on some machines (README, Memory).
if [[ ! -e /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 && ! -e /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
      && "${LD_PRELOAD:-}" != *jemalloc* ]]; then
  echo "Tip: install jemalloc (Debian/Ubuntu: sudo apt-get install libjemalloc2); ./reflect uses it when it is there."
fi
"${HERE}/reflect" import --logs "${logs}"
echo
echo "Searching for: ${query}"
"${HERE}/reflect" search "${query}" --limit 3
