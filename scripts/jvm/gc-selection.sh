#!/usr/bin/env bash
# Show which GC the JVM picks by default for given CPU / memory limits.
# Usage: scripts/jvm/gc-selection.sh [JAVA_BIN]
# CPU count is set with -XX:ActiveProcessorCount and, as a container would, with a cgroup CPU quota;
# memory is set as a cgroup (v1) memory limit. The limits are faked by bind-mounting a file over the
# cgroup control file inside a private mount namespace (unshare -m): nothing outside this process changes.
# Needs root and cgroup v1 for the fake limits; the ActiveProcessorCount/MaxRAM rows work anywhere.
# Output CSV: java_version,case,max_memory,gc_beans,cpus
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAVA="${1:-java}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
"$(dirname "$(readlink -f "$(command -v "$JAVA")")")/javac" -nowarn -d "$TMP" "$HERE/MaxMemory.java" 2>/dev/null || exit 1
JVER="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2; exit}')"

fake() { # controller file value cmd...
  local ctl="$1" file="$2" val="$3"; shift 3
  unshare -m --propagation private bash -c '
    CG=$(awk -F: -v c="$0" "\$2==c{print \$3}" /proc/self/cgroup)
    f=$(mktemp); echo "$2" > "$f"
    mount --bind "$f" "/sys/fs/cgroup/$0$CG/$1" || exit 9
    shift 3; exec "$@"' "$ctl" "$file" "$val" x "$@"
}
row() { # case cmd...
  local c="$1"; shift
  local out; out="$("$@" -Xmx1g -cp "$TMP" MaxMemory -v 2>/dev/null | tail -1)"
  echo "$JVER,$c,$(echo "$out" | cut -d, -f1),$(echo "$out" | cut -d, -f2),$(echo "$out" | grep -o 'cpus=[0-9]*' | cut -d= -f2)"
}
echo "java_version,case,max_memory,gc_beans,cpus"
row "host" "$JAVA"
row "ActiveProcessorCount=1" "$JAVA" -XX:ActiveProcessorCount=1
row "ActiveProcessorCount=2" "$JAVA" -XX:ActiveProcessorCount=2
row "MaxRAM=1g (no effect on GC choice)" "$JAVA" -XX:MaxRAM=1g
row "NeverActAsServerClassMachine" "$JAVA" -XX:+NeverActAsServerClassMachine
row "AlwaysActAsServerClassMachine+ActiveProcessorCount=1" "$JAVA" -XX:+AlwaysActAsServerClassMachine -XX:ActiveProcessorCount=1
if [[ -f /sys/fs/cgroup/memory/cgroup.procs ]] && [[ $(id -u) == 0 ]]; then
  for lim in 939524096 1879048191 1879048192 2147483648; do
    row "cgroup memory limit $lim" fake memory memory.limit_in_bytes "$lim" "$JAVA"
    row "cgroup memory limit $lim + ActiveProcessorCount=1" fake memory memory.limit_in_bytes "$lim" "$JAVA" -XX:ActiveProcessorCount=1
  done
  for q in 50000 100000 100001 120000; do
    row "cgroup cpu quota $q/100000" fake cpu cpu.cfs_quota_us "$q" "$JAVA"
  done
  row "cgroup cpu.shares 1024 (ignored by 17.0.15/25)" fake cpu cpu.shares 1024 "$JAVA"
else
  echo "# cgroup v1 + root not available: container-limit rows skipped" >&2
fi
