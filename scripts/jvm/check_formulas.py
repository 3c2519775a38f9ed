#!/usr/bin/env python3
"""Check the closed-form Runtime.maxMemory formulas (README.md) against measured CSVs.

Usage: check_formulas.py [--phys BYTES] CSV...
  CSV columns: java_version,gc,xmx_arg,xmx_bytes,max_memory[,extra...]
  An extra column "xms=<bytes>" (written by measure.sh when XMS is set) is honoured.
  --phys: physical memory the JVM saw (default: this machine's MemTotal); only matters
          for Parallel when the default initial heap (phys/64) is close to -Xmx.
Exit code 1 if any point mismatches.
"""
import csv
import sys

KiB, MiB = 1 << 10, 1 << 20


def align_up(v, a):
    return (v + a - 1) // a * a


def align_down(v, a):
    return v // a * a


def round_up_pow2(v):
    p = 1
    while p < v:
        p <<= 1
    return p


def g1_region_size(xmx, jdk):
    # HeapRegion::setup_heap_region_size(MaxHeapSize) with the *unaligned* -Xmx bytes
    r = max(xmx // 2048, 1 * MiB)
    r = round_up_pow2(r)
    return min(max(r, 1 * MiB), 32 * MiB)  # ergonomic max is 32 MiB on 17 and 25


def g1(xmx, jdk, **_):
    r = g1_region_size(xmx, jdk)
    return align_up(xmx, max(r, 2 * MiB))


def default_initial_heap(H, phys):
    # Arguments::set_heap_size: phys * InitialRAMPercentage(1.5625%) = phys/64, at least MinHeapSize (8 MiB,
    # but never above MaxHeapSize), aligned up to the 2 MiB heap alignment, capped at MaxHeapSize.
    init = max(phys * 15625 // 1000000, 8 * MiB)   # 1.5625 % == 1/64
    return min(align_up(init, 2 * MiB), H)


def parallel(xmx, jdk, xms=None, phys=None):
    A = 512 * KiB                      # SpaceAlignment == GenAlignment (64K words)
    H = align_up(xmx, 2 * MiB)         # HeapAlignment = card-table constraint 512 B * 4 KiB page
    young = max(align_down(H // 3, A), 3 * A)          # NewRatio=2
    surv = max(align_down(young // 3, A), A)           # MinSurvivorRatio=3 (adaptive size policy)
    est = H - surv
    Hi = align_up(xms, 2 * MiB) if xms else default_initial_heap(H, phys)
    Hi = min(max(Hi, 0), H)
    yi = min(max(align_down(Hi // 3, A), 3 * A), young)  # initial young (NewSize ergo)
    si = max(align_down(yi // 8, A), A)                # InitialSurvivorRatio=8
    cap = Hi - si                                      # committed eden + from + old
    return max(est, cap)


def serial(xmx, jdk, **_):
    A = 64 * KiB                       # Generation::GenGrain
    H = align_up(xmx, 2 * MiB)
    young = max(align_down(H // 3, A), 3 * A)
    if jdk >= 25:  # only differs for -Xmx <= 2m: young >= NewSize default 1363144 aligned down = 1310720
        young = max(young, 1310720)
    surv = max(align_down(young // 10, A), A)          # SurvivorRatio=8 -> young/(8+2)
    return H - surv


FORMULAS = {"G1": g1, "Parallel": parallel, "Serial": serial}


def main(argv):
    phys = None
    files = []
    it = iter(argv)
    for a in it:
        if a == "--phys":
            phys = int(next(it))
        else:
            files.append(a)
    if phys is None:
        with open("/proc/meminfo") as f:
            phys = int(f.readline().split()[1]) * 1024
    bad = total = 0
    for fn in files:
        with open(fn) as f:
            for row in csv.DictReader(f, restkey="extra"):
                if row["max_memory"] == "ERROR":
                    print(f"SKIP (JVM refused) {fn}: {row['gc']} -Xmx{row['xmx_arg']}")
                    continue
                xms = None
                for e in row.get("extra") or []:
                    if e.startswith("xms="):
                        xms = int(e[4:])
                jdk = int(row["java_version"].split(".")[0])
                want = int(row["max_memory"])
                got = FORMULAS[row["gc"]](int(row["xmx_bytes"]), jdk, xms=xms, phys=phys)
                total += 1
                if got != want:
                    bad += 1
                    print(f"MISMATCH {fn}: {row['gc']} -Xmx{row['xmx_arg']} xms={xms} measured={want} formula={got} diff={got - want}")
    print(f"{total - bad}/{total} points match")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
