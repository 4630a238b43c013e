#!/usr/bin/env python3
"""serve_clients.py - hostile clients for tests/checks/serve.sh (sockets only).

  slow PORT PID N PATH SRC   N clients from address SRC ask for PATH and read
                             nothing; prints the server's VmRSS growth in kB
  trickle PORT LIMIT         one client sends a header line every second and
                             never ends its request; prints the seconds until
                             the server closes it, or fails after LIMIT s
  flood PORT N SRC           N clients from SRC open a request and stall;
                             prints how many the server kept open, and keeps
                             them until stdin closes
"""
import socket
import sys
import time


def rss_kb(pid):
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def connect(port, src):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.bind((src, 0))
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    return s


def closed(s):
    """True when the server closed s (reads what it sent meanwhile)."""
    s.setblocking(False)
    try:
        while True:
            data = s.recv(65536)
            if not data:
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        s.setblocking(True)


def slow(port, pid, n, path, src):
    before = rss_kb(pid)
    socks = []
    for _ in range(n):
        s = connect(port, src)
        s.sendall(b"GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % (path.encode(), port))
        socks.append(s)
    time.sleep(3)
    peak = rss_kb(pid)
    print(peak - before)
    for s in socks:
        s.close()


def trickle(port, limit):
    s = connect(port, "127.0.0.1")
    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port)
    t0 = time.time()
    while time.time() - t0 < limit:
        time.sleep(1)
        if closed(s):
            print(int(time.time() - t0))
            return 0
        try:
            s.sendall(b"X-Slow: 1\r\n")
        except OSError:
            print(int(time.time() - t0))
            return 0
    print("still open after %d s" % limit)
    return 1


def flood(port, n, src):
    socks = []
    for _ in range(n):
        try:
            s = connect(port, src)
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port)
            socks.append(s)
        except OSError:
            pass
    time.sleep(1)
    print(sum(1 for s in socks if not closed(s)), flush=True)
    sys.stdin.read()
    for s in socks:
        s.close()


def main(argv):
    cmd = argv[1]
    if cmd == "slow":
        slow(int(argv[2]), argv[3], int(argv[4]), argv[5], argv[6])
    elif cmd == "trickle":
        return trickle(int(argv[2]), int(argv[3]))
    elif cmd == "flood":
        flood(int(argv[2]), int(argv[3]), argv[4])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
