#!/usr/bin/env bash
# Nightly ingest for cron or a systemd timer: a thin wrapper over `cleaner nightly`.
#
# Settings come from the environment (or from the file named by CLEANER_CONFIG, sourced first):
#   CLEANER_INBOX  folder to ingest            (default: <project>/inbox)
#   CLEANER_DB     archive database            (default: <project>/archive.db)
#   CLEANER_LOG    log file, rotated           (default: nightly.log next to the database)
#   CLEANER_JOBS   cleaning processes          (default: 1)
# Extra arguments are passed to `cleaner nightly` (e.g. --max-file-size 20M).
# Exit codes: 0 all went in, 1 some inputs failed, 2 fatal, 75 another run is still going.
# Works with cron's minimal PATH: it runs the project's own .venv by absolute path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${CLEANER_CONFIG:-}" ]; then
  # shellcheck source=/dev/null
  . "$CLEANER_CONFIG"
fi
cleaner="$root/.venv/bin/cleaner"
if [ ! -x "$cleaner" ]; then
  echo "cleaner nightly: $cleaner not found; run scripts/setup.sh once first" >&2
  exit 2
fi
export CLEANER_INBOX="${CLEANER_INBOX:-$root/inbox}"
export CLEANER_DB="${CLEANER_DB:-$root/archive.db}"
if [ -n "${CLEANER_LOG:-}" ]; then export CLEANER_LOG; fi
exec "$cleaner" nightly --jobs "${CLEANER_JOBS:-1}" "$@"
