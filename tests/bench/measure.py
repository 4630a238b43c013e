#!/usr/bin/env python3
"""measure.py LABEL RUNS [--prep SHELL] [--under SECONDS] -- CMD...: runs CMD
RUNS times (after SHELL each time, untimed) and prints the median, minimum and
maximum wall time and the peak resident memory of the command; with --under,
whether the median is under that target."""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(cmd):
    # Warnings (the national data has thousands) are kept aside and shown
    # only when the command fails.
    with tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        # wait4 gives the resource usage of this one child, so the peak is its own.
        _, status, usage = os.wait4(p.pid, 0)
        t = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            sys.stderr.write(b"".join(err.readlines()[-20:]).decode("utf-8", "replace"))
    return t, usage.ru_maxrss, p.returncode


def main():
    label, runs = sys.argv[1], int(sys.argv[2])
    dash = sys.argv.index("--")
    opts = sys.argv[3:dash]
    prep = opts[opts.index("--prep") + 1] if "--prep" in opts else None
    under = float(opts[opts.index("--under") + 1]) if "--under" in opts else None
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
    med = statistics.median(times)
    verdict = ""
    if under is not None:
        verdict = f"  target < {under:g} s: {'met' if med < under else 'NOT MET'}"
    print(f"{label:<44} median {med:7.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f}, {runs} runs)  "
          f"peak {max(peaks) / 1024:7.1f} MB{verdict}", flush=True)


if __name__ == "__main__":
    main()
