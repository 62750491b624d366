"""`jixiao serve`: run the Streamlit app on 127.0.0.1 over the published marts of a warehouse."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from warehouse.paths import ENV_CORRECTIONS, ENV_MARTS, ENV_REVIEW, ROOT, corrections_path, marts_path

APP = ROOT / "dashboards" / "app.py"


def command(port: int) -> list[str]:
    """The streamlit command line (headless, local only, no usage statistics)."""
    return [sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--theme.base", "light", "--client.toolbarMode", "minimal"]


def environment(db_path: Path, review: bool = False) -> dict[str, str]:
    """The app's environment: the marts file to read, the corrections file, and whether reviewers may
    write to it (never by default)."""
    env = dict(os.environ)
    db_path = Path(db_path).resolve()
    env[ENV_MARTS] = str(marts_path(db_path))
    env[ENV_CORRECTIONS] = str(corrections_path(db_path).resolve())
    env[ENV_REVIEW] = "1" if review else "0"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def run_serve(db_path: Path, port: int = 8501, review: bool = False) -> int:
    """Serve the dashboards until interrupted on 127.0.0.1; the app reads only the published marts file,
    read-only. With `review`, 报告详情 lets reviewers record corrections (applied at the next build)."""
    env = environment(db_path, review)
    marts = Path(env[ENV_MARTS])
    if not marts.exists():
        print(f"no published marts at {marts} yet: the app will say how to load reports "
              f"(jixiao ingest … && jixiao build, or jixiao demo)", file=sys.stderr)
    if review:
        print(f"审核模式 / review mode: corrections are saved to {env[ENV_CORRECTIONS]} "
              f"and applied by the next `jixiao build`", flush=True)
    print(f"看板 / dashboards: http://127.0.0.1:{port}/  (marts: {marts}; Ctrl+C to stop)", flush=True)
    proc = subprocess.Popen(command(port), env=env, cwd=str(ROOT))

    def forward(signum, _frame):
        proc.send_signal(signum)

    old = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:  # pragma: no cover (SIGINT is forwarded above)
                proc.send_signal(signal.SIGINT)
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
