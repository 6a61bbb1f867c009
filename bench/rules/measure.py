"""Run one command and print its wall-clock seconds and peak RSS as JSON (for end_to_end.py).

A small process of its own, so that the command's ru_maxrss is the command's: Linux carries the resident
size of the forking process over to the child, and the benchmark's own process is large.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    started = time.perf_counter()
    done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.buffer.write(done.stderr[-2000:])
        sys.exit(done.returncode)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_gb": peak}))


if __name__ == "__main__":
    main()
