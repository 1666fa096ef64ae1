#!/usr/bin/env bash
# Times `copydesk import` of text files of hostile size (BENCHMARKS.md, "Imports of hostile
# size"): 3 runs each on a fresh copy of the sample desk, for each binary given.
#   benches/imports.sh target/release/copydesk [baseline/copydesk]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import glob, re, sys
work = sys.argv[1]
def write(name, paragraphs):
    open(f"{work}/{name}.txt", "w").write("\n\n".join(paragraphs))
write("short-limit", [f"Paragraph {i}." for i in range(20000)])
for mb in (1, 2, 4, 8):
    out, size, i = [], 0, 0
    while size < mb << 20:
        p = f"Paragraph {i}."; out.append(p); size += len(p) + 2; i += 1
    write(f"short-{mb}mb", out)
    english = ("The river rose overnight and villagers moved to higher ground, officials said. " * 6).strip()
    write(f"en-{mb}mb", [f"{i}. {english}" for i in range((mb << 20) // (len(english) + 2))])
burmese = []
for f in sorted(glob.glob("projects/sample-desk/stories/*.ron")):
    burmese += [m.group(1) for m in (re.match(r'\s*source: "(.*)",$', l) for l in open(f)) if m and len(m.group(1)) > 50]
for mb in (1, 2, 4):
    out, size = [], 0
    while size < mb << 20:
        out += burmese; size += sum(len(p.encode()) + 2 for p in burmese)
    write(f"my-{mb}mb", out)
PY
for bin in "$@"; do
  for f in short-limit short-1mb short-2mb short-4mb short-8mb en-1mb en-2mb en-4mb en-8mb my-1mb my-2mb my-4mb; do
    times=()
    for _ in 1 2 3; do
      rm -rf "$work/desk"; cp -r projects/sample-desk "$work/desk"
      start=$(date +%s.%N)
      "$bin" import --as "Nan Seng" "$work/desk" "$work/$f.txt" >/dev/null 2>&1 || true
      times+=("$(echo "$(date +%s.%N) - $start" | bc)")
    done
    echo "$bin $f ${times[*]}"
  done
done
