#!/usr/bin/env bash
# Create ./.venv and install the project with its dev extras, once per pyproject.toml change.
# Sourced by the other scripts; needs only python3 on the machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.installed-$(sha1sum "$root/pyproject.toml" | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "setting up $venv (first run only)..." >&2
  python3 -m venv "$venv"
  log="$venv/install.log"
  # the pip the interpreter bundles is enough (tests/test_install.py checks an old one works)
  if ! "$venv/bin/python" -m pip install -q -e "$root[dev]" >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup failed: see $log" >&2
    exit 1
  fi
  rm -f "$venv"/.installed-*
  touch "$stamp"
fi
export PATH="$venv/bin:$PATH"
