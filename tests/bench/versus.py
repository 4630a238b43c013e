#!/usr/bin/env python3
"""versus.py LABEL RUNS RATIO MEMORY_MB PREP_A CMD_A PREP_B CMD_B

make bench's side-by-side timing: minhbach (A) against the Hugo reference
(B).  Runs the two commands alternately, RUNS times each (A, B, A, B, ...),
so that whatever else loads the machine weighs on both alike; before each
run its PREP (a shell command, untimed) gives it a fresh output folder.
Each CMD is a shell command run through `sh -c 'exec CMD'`, so the process
measured is the command itself: its wall time, and its peak resident memory
from wait4.

Prints each side's median, minimum and maximum and peak memory, then the
ratio of the medians (A / B) against the target RATIO, and A's peak memory
against MEMORY_MB (0: no memory target).  The ratio of each adjacent pair
is printed too (its median), the figure least moved by a change of load
during the runs.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(shell):
    subprocess.run(["sh", "-c", shell[0]], check=True)
    # Warnings (the national data has thousands) are kept aside and shown
    # only when the command fails.
    with tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen(["sh", "-c", "exec " + shell[1]], stdout=subprocess.DEVNULL,
                             stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        t = time.monotonic() - t0
        rc = os.waitstatus_to_exitcode(status)
        if rc != 0:
            err.seek(0)
            sys.stderr.write(b"".join(err.readlines()[-20:]).decode("utf-8", "replace"))
            print(f"{shell[1]}: failed with exit {rc}", file=sys.stderr)
            sys.exit(1)
    return t, usage.ru_maxrss / 1024


def side(name, times, peaks):
    return (f"  {name:<10} median {statistics.median(times):7.3f} s "
            f"(min {min(times):.3f}, max {max(times):.3f})  peak {max(peaks):7.1f} MB")


def main():
    if len(sys.argv) != 9:
        sys.exit(__doc__)
    label, runs = sys.argv[1], int(sys.argv[2])
    target, mem_target = float(sys.argv[3]), float(sys.argv[4])
    a, b = sys.argv[5:7], sys.argv[7:9]
    ta, pa, tb, pb, pairs = [], [], [], [], []
    for _ in range(runs):
        t, p = run_once(a)
        ta.append(t)
        pa.append(p)
        t, p = run_once(b)
        tb.append(t)
        pb.append(p)
        pairs.append(ta[-1] / tb[-1])
    ratio = statistics.median(ta) / statistics.median(tb)
    print(f"{label} ({runs} runs each, alternating)")
    print(side("minhbach", ta, pa))
    print(side("Hugo", tb, pb))
    ok = ratio <= target
    line = (f"  ratio {ratio:.2f} (pairs: median {statistics.median(pairs):.2f}, "
            f"{min(pairs):.2f}-{max(pairs):.2f})  target <= {target:g}: "
            f"{'met' if ok else 'NOT MET'}")
    if mem_target > 0:
        line += (f"; peak memory {max(pa):.0f} MB, target < {mem_target:g} MB: "
                 f"{'met' if max(pa) < mem_target else 'NOT MET'}")
    print(line, flush=True)


if __name__ == "__main__":
    main()
