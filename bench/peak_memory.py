"""Run a management command and write its peak resident memory, in kilobytes, to
the file named first: `python bench/peak_memory.py <file> export_data --to <dir>`.

The peak is the process's VmHWM, read by the process itself as it ends: the
high-water mark of its own address space since exec. Its rusage would not do:
Linux carries the launching process's peak over exec, so a command started by
the bench (which holds the whole dataset in memory) would report the bench's.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise SystemExit("no VmHWM in /proc/self/status")


def main():
    target, command = Path(sys.argv[1]), sys.argv[2:]
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *command])
    target.write_text(str(peak_kb()))


if __name__ == "__main__":
    main()
