#!/usr/bin/env python3
"""measure.py LABEL RUNS [--prep SHELL] -- CMD...: runs CMD RUNS times (after
SHELL each time, untimed) and prints the median, minimum and maximum wall time
and the peak resident memory of the command."""
import os
import statistics
import subprocess
import sys
import time


def run_once(cmd):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    # wait4 gives the resource usage of this one child, so the peak is its own.
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - t0, usage.ru_maxrss, p.returncode


def main():
    label, runs = sys.argv[1], int(sys.argv[2])
    dash = sys.argv.index("--")
    opts = sys.argv[3:dash]
    prep = opts[opts.index("--prep") + 1] if "--prep" in opts else None
    cmd = sys.argv[dash + 1:]
    times, peaks = [], []
    for _ in range(runs):
        if prep:
            subprocess.run(["sh", "-c", prep], check=True)
        t, peak, rc = run_once(cmd)
        if rc != 0:
            print(f"{label}: command failed with exit {rc}", file=sys.stderr)
            sys.exit(1)
        times.append(t)
        peaks.append(peak)
    print(f"{label:<44} median {statistics.median(times):7.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}, {runs} runs)  "
          f"peak {max(peaks) / 1024:7.1f} MB", flush=True)


if __name__ == "__main__":
    main()
