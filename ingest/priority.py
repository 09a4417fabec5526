"""Work on files from outside gives way to the web server.

`os.nice` alone does not do it on Linux with autogroup scheduling (the default on
desktop and many server kernels): the scheduler first shares the CPUs fairly between
sessions, then by nice value inside each one, so a nice reader in a session of its own
(or in the worker's) still takes a full share beside the web server's. Here the process
also starts a session of its own, if it does not lead one already, and lowers that
session's share (`/proc/self/autogroup`)."""

import os
import re
from pathlib import Path

AUTOGROUP = Path("/proc/self/autogroup")

# Reading a file from outside waits behind the web server's requests (OCR does too): a
# hostile PDF that takes its full time limit must not take a core from the pages.
READER_NICE = 10
# The reader's session gets the lowest share: beside a busy web server about 1.5% of
# the CPUs (weight 15 against 1024; at 10, 110 against 1024 was a tenth of them under
# attack), and all that the web server leaves idle. A flood of page requests slows
# uploads, then (PARSE_TIME_LIMIT is wall-clock time), rather than the pages.
READER_SESSION_NICE = 19


def give_way(nice: int = READER_NICE, session_nice: int = READER_SESSION_NICE) -> None:
    """Lower this process's priority by `nice`, and its session's to `session_nice`
    where the kernel schedules by session. Call it in a child process, before it does
    any work."""
    os.nice(nice)
    if not AUTOGROUP.exists():
        return
    if os.getsid(0) != os.getpid():
        os.setsid()
    try:
        AUTOGROUP.write_text(str(session_nice))
    except OSError:  # autogroup turned off, or a kernel that refuses: nice alone, then
        pass


def session_nice(pid: int) -> int | None:
    """The nice value of the session `pid` is scheduled in, where the kernel says; None
    where it does not schedule that process by session."""
    try:
        text = Path(f"/proc/{pid}/autogroup").read_text()
    except OSError:
        return None
    return parse_autogroup(text)


def parse_autogroup(text: str) -> int | None:
    """The nice value in a `/proc/PID/autogroup` line ("/autogroup-85 nice 0"). The
    file is empty for a process in a control group other than the root one (most
    containers and CI runners): autogroup does not apply to it."""
    found = re.search(r"\bnice\s+(-?\d+)", text)
    return int(found.group(1)) if found else None
