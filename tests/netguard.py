"""Keep the test suite off the network: sockets may reach loopback and Unix sockets only.

`install()` patches the socket module of the running process; tests/conftest.py calls it
for the pytest process and puts tests/netguard_site on PYTHONPATH, whose sitecustomize
calls it in every Python subprocess the suite starts. A blocked attempt raises
NetworkBlocked (an OSError, like being offline) and is recorded: in-process in ATTEMPTS,
and from subprocesses as a line in the file named by $JOURNAL_NETGUARD_LOG, so a test
that swallowed the error still fails (see the `no_network` fixture in conftest.py).

Standard library only, and cheap to import: it runs at the start of every subprocess.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

LOG_ENV = "JOURNAL_NETGUARD_LOG"
SITE_DIR = Path(__file__).resolve().parent / "netguard_site"
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})

ATTEMPTS: list[str] = []
_installed = False
_log_to_file = False


class NetworkBlocked(ConnectionRefusedError):
    """A socket to something other than loopback, refused by the test suite."""


def is_local(address: Any) -> bool:
    """True for a Unix socket path or a loopback host; False for anything else."""
    if isinstance(address, str | bytes):
        return True  # AF_UNIX
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    return is_local_host(host)


def is_local_host(host: Any) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port) means the local machine
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower().rstrip(".") in LOCAL_NAMES:
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a name other than localhost would need a DNS query


def _refuse(what: str) -> NetworkBlocked:
    line = f"{os.getpid()} {what}"
    ATTEMPTS.append(line)
    log = os.environ.get(LOG_ENV) if _log_to_file else None
    if log:
        try:
            fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, (line + "\n").encode("utf-8", "replace"))
            finally:
                os.close(fd)
        except OSError:
            pass
    return NetworkBlocked(f"network use is blocked in the test suite: {what}")


def install(*, log_to_file: bool = False) -> None:
    """Patch socket connects, datagram sends and name lookups (idempotent).

    LOG_TO_FILE (subprocesses): also append each attempt to $JOURNAL_NETGUARD_LOG.
    """
    global _installed, _log_to_file
    _log_to_file = log_to_file
    if _installed:
        return
    _installed = True
    cls = socket.socket
    connect, connect_ex, sendto = cls.connect, cls.connect_ex, cls.sendto
    getaddrinfo, gethostbyname = socket.getaddrinfo, socket.gethostbyname
    gethostbyname_ex = socket.gethostbyname_ex

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if not is_local(address):
            raise _refuse(f"connect {address!r}")
        return connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if not is_local(address):
            raise _refuse(f"connect_ex {address!r}")
        return connect_ex(self, address)

    def guarded_sendto(self: socket.socket, data: Any, *args: Any) -> int:
        address = args[-1]
        if not is_local(address):
            raise _refuse(f"sendto {address!r}")
        return sendto(self, data, *args)  # type: ignore[arg-type]

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_local_host(host):
            raise _refuse(f"getaddrinfo {host!r}")
        return getaddrinfo(host, *args, **kwargs)

    def guarded_gethostbyname(host: str) -> str:
        if not is_local_host(host):
            raise _refuse(f"gethostbyname {host!r}")
        return gethostbyname(host)

    def guarded_gethostbyname_ex(host: str) -> Any:
        if not is_local_host(host):
            raise _refuse(f"gethostbyname_ex {host!r}")
        return gethostbyname_ex(host)

    cls.connect = guarded_connect  # type: ignore[method-assign]
    cls.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
    cls.sendto = guarded_sendto  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = guarded_getaddrinfo
    socket.gethostbyname = guarded_gethostbyname
    socket.gethostbyname_ex = guarded_gethostbyname_ex


def subprocess_attempts() -> list[str]:
    """Lines logged by guarded subprocesses so far (empty without a log file)."""
    log = os.environ.get(LOG_ENV)
    if not log or not os.path.exists(log):
        return []
    with open(log, encoding="utf-8", errors="replace") as fh:
        return fh.read().splitlines()


def child_path(existing: str | None) -> str:
    """PYTHONPATH for subprocesses: the guard's sitecustomize first."""
    parts = [str(SITE_DIR)]
    if existing:
        parts += [p for p in existing.split(os.pathsep) if p and p != str(SITE_DIR)]
    return os.pathsep.join(parts)
