#!/usr/bin/env bash
# Measure Runtime.getRuntime().maxMemory() for a list of -Xmx values and GCs.
#
# Usage: scripts/jvm/measure.sh [JAVA_BIN] [-- XMX_VALUE ...]
#   JAVA_BIN     java executable (default: `java` on PATH)
#   XMX_VALUE    -Xmx arguments without the "-Xmx" prefix (default: the built-in list below)
# Env:
#   GCS="G1 Parallel Serial"   collectors to measure (each passed as -XX:+Use<GC>GC)
#   EXTRA_OPTS="..."            additional JVM options (e.g. -XX:ActiveProcessorCount=1)
#   VERBOSE=1                   append extra columns: heap flags as seen by the JVM
#   JOBS=2                      parallel JVMs
#   XMS=same | XMS=<size>       also pass -Xms (same as each -Xmx, or a fixed size); adds a column xms=<bytes>
# Output: CSV on stdout: java_version,gc,xmx_arg,xmx_bytes,max_memory
#   (failed JVM starts print "ERROR" in max_memory; with VERBOSE=1 extra key=value columns follow)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAVA="java"
if [[ $# -gt 0 && "$1" != "--" ]]; then JAVA="$1"; shift; fi
if [[ $# -gt 0 && "$1" == "--" ]]; then shift; fi
GCS="${GCS:-G1 Parallel Serial}"
EXTRA_OPTS="${EXTRA_OPTS:-}"
VERBOSE="${VERBOSE:-0}"
JOBS="${JOBS:-2}"
XMS="${XMS:-}"

default_values() {
  local m
  for ((m = 450; m <= 1100; m += 7)); do echo "${m}m"; done
  # odd / reported sizes
  echo 1001m 4097m 10001m 33000m 9397m 500m 2049m 3000m 2g 512m 1g 4g 8g 30g 120g 1500m 1537m 2047m 6143m 12345m 100001m
  # small heaps
  echo 2m 3m 5m 8m 10m 16m 17m 20m 31m 33m 50m 63m 64m 65m 100m 127m 128m 129m 200m 255m 256m 257m 300m 333m 384m 400m 420m 449m
  # multiples of 64 MiB
  for m in 576 640 704 768 832 896 960 1024 1088 1152 1216 1280 1344 1408 1472 1536 1600 1984 2048 2112 3072 4096 4160 5120 6144 7168 8192 16384 16448 32768 32832 65536; do echo "${m}m"; done
  # large heaps (virtual reservation only)
  echo 13g 15g 16g 17g 20g 24g 31g 32g 33g 48g 63g 64g 65g 96g 100g 127g 128g 129g 150g 160g 199g 200g 256g 257g 512g 1t
  echo 31999m 32767m 32769m 64001m 64512m 65535m 65537m 131073m 204799m 204801m
  # k and byte forms
  echo 1048577k 1048576k 524289k 2097153k 4194305k 1000000k 3000001k 9622528k 1073741825 1073741823 536870913 2147483649 4294967297 10485760001 999999999
}

to_bytes() {
  local v="$1" n s
  n="${v%[kKmMgGtT]}"; s="${v:${#n}}"
  case "$s" in
    k|K) echo $((n * 1024)) ;; m|M) echo $((n * 1048576)) ;;
    g|G) echo $((n * 1073741824)) ;; t|T) echo $((n * 1099511627776)) ;;
    *) echo "$n" ;;
  esac
}

if [[ $# -gt 0 ]]; then VALUES=("$@"); else mapfile -t VALUES < <(default_values | tr ' ' '\n' | grep -v '^$'); fi

JVER="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2; exit}')"
[[ -n "$JVER" ]] || JVER="$("$JAVA" -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/')"

# Compile once (much faster than the source launcher per run); fall back to `java MaxMemory.java`.
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
JAVAC="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac"
if [[ -x "$JAVAC" ]] && "$JAVAC" -nowarn -d "$TMP" "$HERE/MaxMemory.java" 2>/dev/null; then
  RUN=(-cp "$TMP" MaxMemory)
else
  RUN=("$HERE/MaxMemory.java")
fi

one() { # gc xmx
  local gc="$1" x="$2" out extra="" xmsopt=() xmscol=""
  if [[ -n "$XMS" ]]; then
    local xs="$XMS"; [[ "$XMS" == same ]] && xs="$x"
    xmsopt=("-Xms$xs"); xmscol=",xms=$(to_bytes "$xs")"
  fi
  # shellcheck disable=SC2086
  if out="$("$JAVA" -XX:+Use${gc}GC $EXTRA_OPTS "${xmsopt[@]}" "-Xmx$x" "${RUN[@]}" $([[ $VERBOSE == 1 ]] && echo -v) 2>/dev/null | tail -1)" && [[ "$out" =~ ^[0-9]+, ]]; then
    local mm="${out%%,*}" rest="${out#*,}"
    if [[ $VERBOSE == 1 ]]; then extra=",${rest}"; fi
    echo "$JVER,$gc,$x,$(to_bytes "$x"),$mm$xmscol$extra"
  else
    echo "$JVER,$gc,$x,$(to_bytes "$x"),ERROR$xmscol"
  fi
}
export -f one to_bytes
export JAVA JVER EXTRA_OPTS VERBOSE XMS
export RUN_STR="${RUN[*]}"

echo "java_version,gc,xmx_arg,xmx_bytes,max_memory"
for gc in $GCS; do
  for x in "${VALUES[@]}"; do echo "$gc $x"; done
# (run inside $TMP so that hs_err_pid*.log files of refused JVMs do not litter the caller's directory)
done | (cd "$TMP" && xargs -P "$JOBS" -n 2 bash -c 'RUN=($RUN_STR); one "$0" "$1"') | sort -t, -k2,2 -k4,4n -s
