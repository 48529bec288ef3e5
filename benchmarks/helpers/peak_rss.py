"""peak_rss.py OUT CMD...: run CMD (standard output to OUT) and print, as JSON, the peak RSS of its largest
process (getrusage of the children: CMD and the workers it waited for) and the peak, sampled every 20 ms
from /proc, of the PSS summed over its process tree (shared pages split between processes)."""
import json
import os
import resource
import subprocess
import sys
import time


def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


def tree(root):
    kids = {}
    for d in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{d}/stat") as f:
                kids.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(d))
        except (OSError, IndexError, ValueError):
            pass
    out = [root]
    for pid in out:
        out += kids.get(pid, [])
    return out


def main() -> None:
    with open(sys.argv[1], "wb") as fh:
        p = subprocess.Popen(sys.argv[2:], stdout=fh)
    peak = 0
    while p.poll() is None:
        if os.path.isdir("/proc"):
            peak = max(peak, sum(map(pss, tree(p.pid))))
        time.sleep(0.02)
    print(json.dumps({"maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                      "tree_mb": peak / 2**20}))


if __name__ == "__main__":  # also imported for pss() and tree() (benchmarks/serve.py)
    main()
