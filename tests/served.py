"""``l10n serve`` run as a user runs it: a subprocess on 127.0.0.1, a free port.

``Served`` copies the repository's articles, catalogs and configuration into a
folder, starts the server there, and stops it with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def copy_project(to: Path) -> Path:
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, to / name)
    shutil.copy(REPO / "pyproject.toml", to / "pyproject.toml")
    return to


class Served:
    def __init__(self, root: Path, *args: str):
        self.root = root
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "l10n", "serve", "--port", "0", *args],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        try:
            found = self.wait_for(r"serving (http://\S+)/ ", 120)
        except AssertionError:
            self.stop()
            raise
        self.url = found.group(1)
        self.host = self.url.removeprefix("http://")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for line in list(self.lines):
                m = re.search(pattern, line)
                if m:
                    return m
            if self.proc.poll() is not None and not any(re.search(pattern, x) for x in self.lines):
                raise AssertionError("server exited:\n" + "\n".join(self.lines))
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r}:\n" + "\n".join(self.lines))

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        conn = http.client.HTTPConnection(self.host, timeout=30)
        data = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=data, headers=headers or {})
        response = conn.getresponse()
        text = response.read().decode("utf-8")
        conn.close()
        return response.status, text

    def state(self) -> dict[str, Any]:
        status, text = self.request("GET", "/_l10n/state")
        assert status == 200
        return dict(json.loads(text))

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(timeout=30)
        self.reader.join(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        return "\n".join(self.lines)
