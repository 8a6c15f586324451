"""Helpers for the gateway tests: the embedded page config, listening sockets, process checks."""

import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TINY_GPT2 = ROOT / "tests" / "fixtures" / "tiny-models" / "gpt2"


def page_config(html):
    """The JSON config the attention page embeds (sets, shapes, tokens)."""
    m = re.search(r'<script type="application/json" class="e4j-config">(.*?)</script>', html, re.S)
    assert m, "no e4j-config in the page"
    return json.loads(m.group(1))


def listening_addresses(port):
    """Local addresses with a TCP socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = []
    for name in ("tcp", "tcp6"):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:
                found.append(addr)
    return found


LOOPBACK = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}


def process_gone(pid):
    """True when no process runs as ``pid`` (an exited process not yet reaped, a zombie, counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
