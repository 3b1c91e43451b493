# jvm-env.sh: the native-memory and JVM settings every launcher shares (./reflect, scripts/camel, the image).
# Source it; it only exports variables:
#
#   REFLECT_ALLOCATOR   jemalloc or glibc, the allocator the JVM will run with (for logs and bench-memory)
#   REFLECT_JVM_FLAGS   the lean JVM's flags without sizes (each launcher adds its -Xmx and metaspace cap:
#                       camel run loads and compiles far more classes than ./reflect)
#
# Switches: REFLECT_NO_JEMALLOC=1 runs glibc even when Debian's libjemalloc2 is installed;
# REFLECT_MALLOC_THRESHOLDS=0 leaves glibc's mmap/trim thresholds at its defaults; a caller's own
# LD_PRELOAD, MALLOC_CONF or MALLOC_* value is kept as it is.

# jemalloc (Debian's libjemalloc2) when it is there: ONNX Runtime's allocations fragment glibc's arenas.
REFLECT_ALLOCATOR=glibc
if [[ -z "${REFLECT_NO_JEMALLOC:-}" && -z "${LD_PRELOAD:-}" ]]; then
  for lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2; do
    if [[ -f "${lib}" ]]; then
      export LD_PRELOAD="${lib}"
      REFLECT_ALLOCATOR=jemalloc
      break
    fi
  done
elif [[ "${LD_PRELOAD:-}" == *jemalloc* ]]; then
  REFLECT_ALLOCATOR=jemalloc
fi
if [[ "${REFLECT_ALLOCATOR}" == jemalloc ]]; then
  export MALLOC_CONF="${MALLOC_CONF:-narenas:2,dirty_decay_ms:500,muzzy_decay_ms:0}"
else
  # glibc: two arenas, and blocks of 128 KiB and more (ONNX Runtime's tensors) mapped on their own and given
  # back when freed, instead of left in the heap. Measured: see README, Measurements.
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  # REFLECT_MALLOC_THRESHOLDS=0 keeps glibc's own (dynamic) thresholds, to measure the difference.
  if [[ "${REFLECT_MALLOC_THRESHOLDS:-1}" != 0 ]]; then
    export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
    export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-131072}"
  fi
fi
export REFLECT_ALLOCATOR

# No telemetry from ONNX Runtime.
export ORT_DISABLE_TELEMETRY="${ORT_DISABLE_TELEMETRY:-1}"

# The serial collector and the C1 compiler only: the model runs in native code and lives off-heap, the
# importer itself needs little. gRPC's Netty uses unpooled buffers: a few requests a second.
# A young generation of 8 MB whatever the heap (12 MB until stop 23: `camel run` 245 -> 240 MB at the same
# rate, glibc, corpus): the serial collector's default (a third of the heap) is
# touched over and over and stays resident; the importer's objects are short-lived. The heap starts at 16 MB and
# is kept within 20-40 % free after a full collection, so the old generation's touched pages follow the live
# data instead of filling up to -Xmx (watch over 300 files: peak 269 -> 251 MB; README, Memory).
REFLECT_JVM_FLAGS="-Xss512k -XX:+UseSerialGC -Xms16m -Xmn8m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40"
REFLECT_JVM_FLAGS+=" -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1"
REFLECT_JVM_FLAGS+=" -XX:ReservedCodeCacheSize=32m"
# No bytecode verification of the class path's classes (the JDK's own are never verified): the verifier loads
# every class it needs to check an assignment, used or not. Measured under `camel run` over the corpus: 11,140 ->
# 9,840 classes loaded, peak RSS 263-264 -> 253-256 MB (jemalloc), 270 -> 264 MB (glibc) (README, Memory). The
# class path is the project's jar and Maven Central's; a broken class file then fails when it runs instead of when
# it loads.
REFLECT_JVM_FLAGS+=" -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote"
REFLECT_JVM_FLAGS+=" -Dio.grpc.netty.shaded.io.netty.allocator.type=unpooled"
export REFLECT_JVM_FLAGS
