"""Legacy office files (.doc, .wps) converted to .docx by LibreOffice, run headless.

Each conversion runs in a fresh temporary folder with its own LibreOffice profile
(-env:UserInstallation): two soffice processes sharing the default profile block each
other or exit without converting, so concurrent ingest workers would fail at random.
A conversion is time-limited, and the whole process group is killed on time-out.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ingest.limits import CONVERSION_SECONDS, widen_budget

TIMEOUT_S = CONVERSION_SECONDS
INSTALL_HINT = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui; scripts/install-system.sh does)"


class ConversionError(Exception):
    """The converter is missing, failed or timed out; `kind` says which (a DocumentError kind)."""

    def __init__(self, kind: str, message: str):
        super().__init__(kind, message)
        self.kind = kind
        self.message = message


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str = "docx", timeout: float = TIMEOUT_S) -> bytes:
    """data (a file of type suffix, e.g. ".doc") converted by LibreOffice to target; its bytes."""
    exe = soffice()
    if exe is None:
        raise ConversionError("missing_converter", f"reading {suffix} files needs LibreOffice, which is not "
                                                   f"installed: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="jixiao-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / f"in{suffix}"
        source.write_bytes(data)
        out = folder / "out"
        command = [exe, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", target, "--outdir", str(out), str(source)]
        widen_budget(timeout)                      # the conversion has its own limit
        _run(command, timeout)
        produced = out / f"in.{target.split(':')[0]}"
        if not produced.exists():
            raise ConversionError("truncated", f"LibreOffice could not convert the {suffix} file (damaged, or "
                                               "not really that format)")
        return produced.read_bytes()


def _run(command: list[str], timeout: float) -> None:
    """Run command in its own process group; kill the group if it outlives timeout."""
    env = {**os.environ, "HOME": str(Path(command[1].split("=", 1)[1][len("file://"):]).parent)}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True, env=env)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ConversionError("timeout", f"LibreOffice did not finish converting within {timeout:.0f} s") from None
