"""The wheel installs and runs in a fresh venv with the pip the interpreter bundles, not
upgraded (issue 12: Python 3.11's pip 23.2 dropped the lxml[html_clean] extra justext asks for,
so `import cleaner` failed after a "successful" install). Dependencies come from the package
index through pip's cache; the wheel is built without them."""

from __future__ import annotations

import ensurepip
import subprocess
import sys
from pathlib import Path

import cleaner

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
INSTALL_TIMEOUT = 900


def run(*args: str | Path, timeout: float = 120, cwd: Path = ROOT) -> str:
    result = subprocess.run(
        [str(arg) for arg in args], capture_output=True, text=True, timeout=timeout, cwd=cwd
    )
    assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stderr[-3000:]}"
    return result.stdout


def test_wheel_installs_and_runs_with_the_bundled_pip(tmp_path: Path) -> None:
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path, ROOT)
    (wheel,) = tmp_path.glob("cleaner-*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python, command = venv / "bin" / "python", venv / "bin" / "cleaner"
    assert f"pip {ensurepip.version()} " in run(python, "-m", "pip", "--version")
    run(python, "-m", "pip", "install", "-q", wheel, timeout=INSTALL_TIMEOUT)

    assert run(command, "--help").startswith("Usage: cleaner [OPTIONS] COMMAND")
    assert run(python, "-m", "cleaner", "--version") == f"cleaner, version {cleaner.__version__}\n"
    cleaned = run(command, "clean", SEED)
    assert cleaned == cleaner.clean(SEED.read_bytes()).text + "\n"
    # the line model is package data: it must load from the installed wheel, not the checkout
    probe = (
        "import cleaner.linemodel.model as m, pathlib, sys; model = m.shipped_line_model(); "
        "assert model is not None, 'no line model in the wheel'; "
        "assert 'site-packages' in m.__file__, m.__file__; print(model.version)"
    )
    shipped = cleaner.Cleaner().line_model
    assert shipped is not None
    assert run(python, "-c", probe, cwd=tmp_path).strip() == shipped.version
