#!/usr/bin/env bash
# Whole-window figures with the release build under Xvfb: time from start to the first
# frame, resident memory with a long story open, and CPU while nothing happens.
#
#   benches/window.sh [BINARY]
#
# BINARY defaults to target/release/copydesk (build it first: cargo build --release).
# Generates, once, a 5,000-story desk (30 rows each) and a desk holding a 1,000-row story
# under ${COPYDESK_BENCH_DIR:-/tmp/copydesk-bench}; each figure is taken RUNS times (5)
# and printed as median (min-max), with the 7-story sample desk as the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/copydesk}
work=${COPYDESK_BENCH_DIR:-/tmp/copydesk-bench}
runs=${RUNS:-5}
[ -x "$bin" ] || { echo "no $bin: cargo build --release first" >&2; exit 1; }
for tool in Xvfb xdotool; do
  command -v $tool >/dev/null || { apt-get update -qq && apt-get install -y -qq xvfb xdotool >/dev/null; }
done
mkdir -p "$work"
big=$work/big
[ -f "$big/desk.ron" ] || "$bin" dev generate "$big" --stories 5000 --rows 30 >/dev/null
# A 1,000-row story, generated apart and put into the big desk as "long-investigation".
long=$work/long
if [ ! -f "$long/desk.ron" ]; then
  "$bin" dev generate "$long" --stories 1 --rows 1000 >/dev/null
fi
if [ ! -f "$big/stories/long-investigation.ron" ]; then
  sed 's/slug: "story-00000"/slug: "long-investigation"/' "$long/stories/story-00000.ron" \
    > "$big/stories/long-investigation.ron"
fi
"$bin" list "$big" >/dev/null   # a desk in use has its index
small=$work/sample
rm -rf "$small"; cp -r projects/sample-desk "$small"; rm -rf "$small/.copydesk"
"$bin" list "$small" >/dev/null

d=95; while [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
Xvfb :$d -screen 0 1400x900x24 >/dev/null 2>&1 & xv=$!
trap 'kill $xv 2>/dev/null' EXIT
sleep 1
export DISPLAY=:$d XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%s (%s-%s)", m, a[1], a[NR]}'; }

# Start to first frame: the time the app logs at the end of its first frame.
first_frame() { # DESK [STORY]
  local args=(open "$1"); [ $# -gt 1 ] && args+=(--story "$2")
  for _ in $(seq "$runs"); do
    RUST_LOG=copydesk=info "$bin" "${args[@]}" 2>"$work/log" & pid=$!
    for _ in $(seq 100); do grep -q "first frame" "$work/log" && break; sleep 0.1; done
    grep -o "first frame [0-9]* ms" "$work/log" | grep -o "[0-9]*"
    kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
  done | median
}

# Resident memory (MiB) and CPU over 10 s of nothing happening, with a story open.
at_rest() { # DESK STORY
  local rss=() cpu=()
  for _ in $(seq "$runs"); do
    "$bin" open "$1" --story "$2" 2>/dev/null & pid=$!
    sleep 6
    rss+=("$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status)")
    local t0; t0=$(awk '{print $14+$15}' /proc/$pid/stat)
    sleep 10
    local t1; t1=$(awk '{print $14+$15}' /proc/$pid/stat)
    # Clock ticks (1/100 s) over 10 s: percent of one core.
    cpu+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b-a)/10}')")
    kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
  done
  printf '%s\n' "${rss[@]}" | median; printf ' MiB; idle CPU '
  printf '%s\n' "${cpu[@]}" | median; printf ' %% of a core\n'
}

echo "start to first frame, 7-story sample desk: $(first_frame "$small") ms"
echo "start to first frame, 5,000-story desk:    $(first_frame "$big") ms"
echo "open with a story, 7-story desk (kani-chindwin-flood): $(at_rest "$small" kani-chindwin-flood)"
echo "5,000-story desk open with a 1,000-row story:        $(at_rest "$big" long-investigation)"
