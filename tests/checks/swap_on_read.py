#!/usr/bin/env python3
"""swap_on_read.py FILE NEW - replaces FILE by NEW the moment someone has read it.

Watches FILE's folder with inotify (through libc: no module needed), prints
"ready", and when FILE is first closed after reading, renames NEW over it
(atomically: a reader sees the old bytes or the new, never a mix), prints
"swapped" and exits.  Gives up after 60 s.  tests/checks/publish.sh uses it
to edit a data file while a build loads it.
"""
import ctypes
import os
import select
import struct
import sys

IN_CLOSE_NOWRITE = 0x10


def main(path, new):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init()
    if fd < 0:
        print("no inotify", flush=True)
        return 1
    folder, name = os.path.split(os.path.abspath(path))
    if libc.inotify_add_watch(fd, folder.encode(), IN_CLOSE_NOWRITE) < 0:
        print("cannot watch", flush=True)
        return 1
    print("ready", flush=True)
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            print("timeout", flush=True)
            return 1
        buf = os.read(fd, 65536)
        at = 0
        while at < len(buf):
            _, mask, _, size = struct.unpack_from("iIII", buf, at)
            ev_name = buf[at + 16:at + 16 + size].split(b"\0", 1)[0].decode()
            at += 16 + size
            if mask & IN_CLOSE_NOWRITE and ev_name == name:
                os.rename(new, path)
                print("swapped", flush=True)
                return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
