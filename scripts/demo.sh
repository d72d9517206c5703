#!/usr/bin/env bash
# The main job on the bundled seeds: set up (first run only), ingest seeds/ into ./archive.db,
# show what was removed, and run a search.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"
db="${CLEANER_DB:-archive.db}"
cleaner ingest seeds/*.txt --db "$db"
echo
echo "== every line of one seed with its verdict and the rule that decided it =="
cleaner explain seeds/004_2816e37060f0d1c5.txt --width 70
echo
echo "== archive statistics, removed boilerplate by category =="
cleaner stats --db "$db"
echo
echo '== cleaner search "Hezbollah withdraw" =='
cleaner search "Hezbollah withdraw" --db "$db" --limit 3
