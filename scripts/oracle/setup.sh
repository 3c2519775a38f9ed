#!/usr/bin/env bash
# Installs what the oracle needs (npm run oracle:setup): for each Spark version, its jars (from the pyspark
# source package, which carries Spark's whole jars/ folder, yarn and kubernetes included, downloaded by
# `pip download` from pip's own configured index: PyPI, or the mirror PIP_INDEX_URL / pip.conf name), the
# SparkmemOracle harness compiled against them, and, for versions that run on Java 17 (3.3+), a Python venv
# with that pyspark for real launches. Idempotent: a finished step leaves a marker and is not redone.
#
#   SPARKMEM_ORACLE_VERSIONS  space/comma separated lines or exact versions (default: "3.5 4.3");
#                             "all" = 2.4 3.0 3.1 3.2 3.3 3.4 3.5 4.0 4.1 4.2 4.3
#   SPARKMEM_CACHE            cache root (default ~/.cache/sparkmem); everything goes under $SPARKMEM_CACHE/oracle
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="${SPARKMEM_CACHE:-$HOME/.cache/sparkmem}/oracle"

die() { echo "oracle setup: $*" >&2; exit 1; }

# The newest release of each line on PyPI when this was written; pinned so runs are reproducible.
newest() {
  case "$1" in
    2.4) echo 2.4.8 ;; 3.0) echo 3.0.3 ;; 3.1) echo 3.1.3 ;; 3.2) echo 3.2.4 ;; 3.3) echo 3.3.4 ;;
    3.4) echo 3.4.4 ;; 3.5) echo 3.5.9 ;; 4.0) echo 4.0.5 ;; 4.1) echo 4.1.4 ;; 4.2) echo 4.2.1 ;;
    4.3) echo 4.3.0 ;;
    *.*.*) echo "$1" ;;
    *) die "unknown Spark version '$1' in SPARKMEM_ORACLE_VERSIONS (expected a line such as 3.5 or an exact version such as 3.5.9)" ;;
  esac
}

# --- Java 17: the harness and the real launches run on it -------------------------------------------
command -v java >/dev/null 2>&1 || die "java not found on PATH: the oracle needs Java 17 (Debian: apt-get install openjdk-17-jdk-headless)"
command -v javac >/dev/null 2>&1 || die "javac not found on PATH: the oracle compiles its harness with Java 17's javac (openjdk-17-jdk-headless)"
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "$java_major" = "17" ] || die "java on PATH is Java ${java_major:-unknown}; the oracle needs Java 17 (set JAVA_HOME/PATH to a Java 17 JDK)"
command -v python3 >/dev/null 2>&1 || die "python3 not found: real launches need Python 3 for pyspark"

requested="${SPARKMEM_ORACLE_VERSIONS:-3.5 4.3}"
[ "$requested" = "all" ] && requested="2.4 3.0 3.1 3.2 3.3 3.4 3.5 4.0 4.1 4.2 4.3"
versions=()
for v in ${requested//,/ }; do versions+=("$(newest "$v")"); done

mkdir -p "$root"

# where pip looks for packages, as its output says (PIP_INDEX_URL, pip.conf), for error messages
index_of() {
  local index
  index="$(sed -n 's/^Looking in indexes: //p' "$1" | head -1)"
  if [ -n "$index" ]; then echo "$index"; else echo "https://pypi.org/simple, pip's default"; fi
}

# The pip that downloads: a venv of its own with setuptools, made on the first download. `pip download` reads a
# source package's metadata by running its setup.py; it does so here in this venv (--no-build-isolation)
# rather than in a fresh build environment, which would install setup_requires such as pyspark 2.4's
# pypandoc, whose current release that setup.py cannot use.
pipvenv="$root/pip-venv"
pip_python() {
  if [ ! -f "$pipvenv.done" ]; then
    rm -rf "$pipvenv"
    python3 -m venv "$pipvenv" >&2 ||
      die "python3 -m venv failed: setup downloads pyspark with pip in a venv (Debian: apt-get install python3-venv)"
    "$pipvenv/bin/python" -m pip install --no-cache-dir --progress-bar off "setuptools==$setuptools_version" \
      >"$pipvenv.log" 2>&1 ||
      die "could not install setuptools $setuptools_version with pip from its package index ($(index_of "$pipvenv.log")): setup needs PyPI or a mirror (PIP_INDEX_URL or pip.conf); pip said: $(grep -m1 -E '^(WARNING|ERROR)' "$pipvenv.log")"
    rm -f "$pipvenv.log"
    touch "$pipvenv.done"
  fi
  echo "$pipvenv/bin/python"
}
setuptools_version=80.9.0

# pyspark-$1.tar.gz into $2: its source package, downloaded by pip from the index pip is configured with
# (PIP_INDEX_URL, pip.conf), which checks it against the hash the index gives
download() {
  local tarball="$2/pyspark-$1.tar.gz" log="$2/pip-download.log" index python
  [ -f "$tarball" ] && return 0
  python="$(pip_python)"
  echo "oracle setup: downloading pyspark $1 (pip download)" >&2
  rm -rf "$2/download"
  if ! "$python" -m pip download --no-deps --no-binary :all: --no-build-isolation --no-cache-dir \
    --progress-bar off -d "$2/download" "pyspark==$1" >"$log" 2>&1; then
    index="$(index_of "$log")"
    if grep -q '(from versions: none)' "$log"; then
      # no release at all: the index was not reached (network, proxy, an http host pip ignores) or is no index
      die "pip found no pyspark release at all on its package index ($index): it could not reach it, or that is not a Python package index. Setup needs PyPI or a mirror (PIP_INDEX_URL or pip.conf); pip said: $(grep -m1 -E '^(WARNING|ERROR)' "$log")"
    elif grep -q 'No matching distribution found' "$log"; then
      die "pyspark $1 is not on pip's package index ($index) as a source package; pip said: $(grep -m1 'Could not find a version' "$log")"
    fi
    die "pip download of pyspark $1 failed (index: $index); its output is in $log: $(tail -n 3 "$log" | tr '\n' ' ')"
  fi
  [ -f "$2/download/pyspark-$1.tar.gz" ] ||
    die "pip download of pyspark $1 gave no pyspark-$1.tar.gz (got: $(ls "$2/download" | tr '\n' ' ')); see $log"
  mv "$2/download/pyspark-$1.tar.gz" "$tarball"
  rm -rf "$2/download" "$log"
}

harness_hash="$(cat "$here/SparkmemOracle.java" "$here/StubDriverRef.java" "$here/SparkmemMemorySim.java" "$here"/log4j*.properties | sha256sum | cut -c1-16)"

for v in "${versions[@]}"; do
  dir="$root/spark-$v"
  mkdir -p "$dir"
  # 1) jars, from the pyspark source package (pip checks it against its index's hash)
  if [ ! -f "$dir/jars.done" ]; then
    download "$v" "$dir"
    rm -rf "$dir/jars" "$dir/extract"
    mkdir -p "$dir/extract"
    tar xzf "$dir/pyspark-$v.tar.gz" -C "$dir/extract" --wildcards "pyspark-$v/deps/jars/*"
    mv "$dir/extract/pyspark-$v/deps/jars" "$dir/jars"
    rm -rf "$dir/extract"
    ls "$dir/jars"/spark-core_*.jar >/dev/null 2>&1 || die "pyspark $v carries no spark-core jar"
    touch "$dir/jars.done"
  fi
  # 2) the harness, compiled against this version's Jackson (javac only needs Jackson; Spark is reflected)
  if [ "$(cat "$dir/classes.hash" 2>/dev/null)" != "$harness_hash" ]; then
    rm -rf "$dir/classes"
    mkdir -p "$dir/classes"
    javac -nowarn -encoding UTF-8 -d "$dir/classes" -cp "$dir/jars/*" "$here/SparkmemOracle.java" 2>&1 | grep -v '^Note:' >&2 || true
    [ -f "$dir/classes/SparkmemOracle.class" ] || die "the harness did not compile against Spark $v's jars"
    # against Spark itself: its constructor signature is Spark's (2.4 to 4.x so far); optional for the harness
    javac -nowarn -encoding UTF-8 -d "$dir/classes" -cp "$dir/jars/*" "$here/StubDriverRef.java" 2>/dev/null ||
      echo "oracle setup: StubDriverRef does not compile against Spark $v (the YARN check falls back to ResourceProfile)" >&2
    # the memory simulator's oracle, against Spark's memory and storage classes (simulate's proof)
    javac -nowarn -encoding UTF-8 -d "$dir/classes" -cp "$dir/jars/*" "$here/SparkmemMemorySim.java" 2>&1 | grep -v '^Note:' >&2 || true
    [ -f "$dir/classes/SparkmemMemorySim.class" ] || die "the memory simulator's harness did not compile against Spark $v's jars"
    cp "$here/log4j2.properties" "$here/log4j.properties" "$dir/classes/" # found on the class path
    echo "$harness_hash" >"$dir/classes.hash"
  fi
  # 3) a venv with this pyspark for real launches (3.3+ run on Java 17; older lines need Java 8/11)
  python=""
  case "$v" in 2.* | 3.0.* | 3.1.* | 3.2.*) ;; *)
    if [ ! -f "$dir/venv.done" ]; then
      rm -rf "$dir/venv"
      python3 -m venv "$dir/venv"
      echo "oracle setup: installing pyspark $v into $dir/venv" >&2
      download "$v" "$dir"
      "$dir/venv/bin/pip" install --quiet --no-cache-dir "$dir/pyspark-$v.tar.gz"
      touch "$dir/venv.done"
    fi
    python="$dir/venv/bin/python" ;;
  esac
  rm -f "$dir/pyspark-$v.tar.gz" # needed only until jars and venv exist
  printf '%s\n' "$python" >"$dir/python.path"
done

# manifest.json: every version installed so far (tools/oracle/client.ts reads it)
python3 - "$root" <<'PY'
import json, os, sys
root = sys.argv[1]
versions = {}
for name in sorted(os.listdir(root)):
    d = os.path.join(root, name)
    if not name.startswith("spark-") or not os.path.isfile(os.path.join(d, "jars.done")):
        continue
    if not os.path.isfile(os.path.join(d, "classes.hash")):
        continue
    py = open(os.path.join(d, "python.path")).read().strip() if os.path.isfile(os.path.join(d, "python.path")) else ""
    versions[name[len("spark-"):]] = {"jars": os.path.join(d, "jars"), "classes": os.path.join(d, "classes"), "python": py or None}
with open(os.path.join(root, "manifest.json"), "w") as f:
    json.dump({"versions": versions}, f, indent=2)
print("oracle setup: installed " + ", ".join(versions), file=sys.stderr)
PY
