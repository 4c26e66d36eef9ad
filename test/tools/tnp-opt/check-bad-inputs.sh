#!/usr/bin/env bash
# Feeds every file in DIR to TOOL and checks each is rejected with a
# diagnostic that carries a location ("file:line:col: error:") and a
# non-zero exit status — never a crash (signal) and never success.
# Usage: check-bad-inputs.sh DIR TOOL [ARGS...]
dir=$1; shift
ok=0; bad=0
for f in "$dir"/*; do
  out=$("$@" "$f" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then
    echo "FAIL $(basename "$f"): accepted"; bad=$((bad+1))
  elif [ $rc -gt 128 ]; then
    echo "FAIL $(basename "$f"): crashed (status $rc)"; bad=$((bad+1))
  elif ! printf '%s\n' "$out" | grep -qE ':[0-9]+:[0-9]+: error:'; then
    echo "FAIL $(basename "$f"): no located diagnostic: $out"; bad=$((bad+1))
  else
    echo "ok $(basename "$f")"; ok=$((ok+1))
  fi
done
# A missing file is an error too (no location exists for it).
out=$("$@" "$dir/does-not-exist.mlir" 2>&1); rc=$?
if [ $rc -ne 0 ] && [ $rc -le 128 ] && printf '%s\n' "$out" | grep -qi 'no such file\|cannot open\|could not open'; then
  echo "ok missing-file"; ok=$((ok+1))
else
  echo "FAIL missing-file: status $rc: $out"; bad=$((bad+1))
fi
echo "bad inputs: $ok rejected cleanly, $bad problems"
