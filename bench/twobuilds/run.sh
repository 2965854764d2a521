#!/usr/bin/env bash
# Times one gtg command as built at two revisions, side by side and
# alternating, each run on a fresh copy of the same demo database, and prints
# every time and the ratio of the medians.
#
#   bench/twobuilds/run.sh BEFORE_REV AFTER_REV [runs] -- score --from 2026-10-04 --to 2026-12-03 --no-alerts
set -euo pipefail
before=$1 after=$2 runs=${3:-5}
shift 3; [ "${1:-}" = "--" ] && shift
root=$(git rev-parse --show-toplevel)
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
for rev in "$before" "$after"; do
  git -C "$root" worktree add -q --detach "$dir/src-$rev" "$rev"
  (cd "$dir/src-$rev" && go build -o "$dir/gtg-$rev" ./cmd/gtg)
  git -C "$root" worktree remove --force "$dir/src-$rev"
done
"$dir/gtg-$after" demo --db "$dir/base.db" --accounts 500 --days 120 --seed 1 --no-workflow >/dev/null 2>&1
"$dir/gtg-$after" migrate --db "$dir/base.db" >/dev/null
declare -A times
for i in $(seq "$runs"); do
  for rev in "$before" "$after"; do
    cp "$dir/base.db" "$dir/t.db"; rm -f "$dir/t.db-wal" "$dir/t.db-shm"
    s=$(date +%s.%N); "$dir/gtg-$rev" "$@" --db "$dir/t.db" >/dev/null 2>&1; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc); times[$rev]+="$t "; echo "$rev run $i: ${t}s"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mb=$(echo "${times[$before]}" | median); ma=$(echo "${times[$after]}" | median)
echo "median $before ${mb}s, $after ${ma}s, ratio after/before $(echo "scale=3; $ma / $mb" | bc)"
