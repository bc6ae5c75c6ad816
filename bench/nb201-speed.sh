#!/usr/bin/env bash
# Times nas4j's NAS-Bench-201 protocol against the numpy peer on this machine, side by side: the same work
# (500 runs each of random search, regularized evolution with the published settings and REINFORCE), alternating
# the two programs, REPEATS times. Prints the median search time of each, whole-process times, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${REPEATS:-5}"
python="${PYTHON:-python3}"
if ! "$python" -c "import numpy" 2>/dev/null; then
  echo "the numpy peer needs $python with numpy (Debian: apt-get install python3-numpy)" >&2
  exit 1
fi
./nas4j --version >/dev/null   # builds nas4j first if needed, outside the timings

peer_search=(); peer_wall=(); nas4j_search=(); nas4j_wall=(); nas4j2_search=()
now() { date +%s.%N; }
field() { "$python" -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
for i in $(seq "$repeats"); do
  t0=$(now); out=$("$python" bench/peer/nb201_numpy.py --runs 500 --budget 12000 \
      --strategies random,evolution,reinforce --seed 0 --json); t1=$(now)
  peer_search+=("$(echo "$out" | field search_seconds)"); peer_wall+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); out=$(./nas4j bench nb201 --runs 500 --budget 12000 --seed 0 \
      --strategy random,evolution-paper,reinforce --threads 1 --json); t1=$(now)
  nas4j_search+=("$(echo "$out" | field search_seconds)"); nas4j_wall+=("$(echo "$t1 - $t0" | bc -l)")
  out=$(./nas4j bench nb201 --runs 500 --budget 12000 --seed 0 --strategy random,evolution-paper,reinforce --json)
  nas4j2_search+=("$(echo "$out" | field search_seconds)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ps=$(median "${peer_search[@]}"); pw=$(median "${peer_wall[@]}")
ns=$(median "${nas4j_search[@]}"); nw=$(median "${nas4j_wall[@]}"); n2=$(median "${nas4j2_search[@]}")
printf 'NAS-Bench-201 protocol, 1,500 runs (500 x random, evolution, REINFORCE), median of %d\n' "$repeats"
printf '%-34s %10s %12s\n' "" "search s" "process s"
printf '%-34s %10.3f %12.3f\n' "numpy peer ($("$python" -c 'import numpy; print("numpy", numpy.__version__)'))" "$ps" "$pw"
printf '%-34s %10.3f %12.3f\n' "nas4j, 1 thread" "$ns" "$nw"
printf '%-34s %10.3f %12s\n' "nas4j, $(nproc) threads" "$n2" "-"
printf 'ratio nas4j / numpy: search %.2f (1 thread), %.2f (%d threads); whole process %.2f (1 thread)\n' \
  "$(echo "$ns / $ps" | bc -l)" "$(echo "$n2 / $ps" | bc -l)" "$(nproc)" "$(echo "$nw / $pw" | bc -l)"
