"""The click group as a whole (`cleaner.cli`): what importing it costs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "seeds" / "004_2816e37060f0d1c5.txt"

# Run in a fresh interpreter: this test process has imported trafilatura long ago.
_PROBE = """
import sys
import cleaner.cli
assert "trafilatura" not in sys.modules, "import cleaner.cli imported trafilatura"
for args in (["--help"], ["clean", "--help"], ["ingest", "--help"], ["nightly", "--help"]):
    try:
        cleaner.cli.main(args)
    except SystemExit:
        pass
    assert "trafilatura" not in sys.modules, f"cleaner {' '.join(args)} imported trafilatura"
try:
    cleaner.cli.main(["clean", sys.argv[1]])
except SystemExit:
    pass
assert "trafilatura" in sys.modules, "cleaning did not import trafilatura: probe is broken"
"""


def test_trafilatura_is_imported_only_by_a_command_that_cleans() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(SEED)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: " in result.stdout
