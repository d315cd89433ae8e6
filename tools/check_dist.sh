#!/usr/bin/env bash
# Build the frozen program (make dist) and run it as a machine with no Python would: from a folder
# outside the repository, with no virtual environment on PATH and PYTHONPATH unset, offscreen.
# Runs --version, check, export (PNG and --pdf), a 500-event soak, each mode for 3 s, set-pin and
# stats; the exports must not be blank and the log must hold no error. Prints the bundle's sizes.
# CI runs it after the tests.
#   tools/check_dist.sh            build, then check
#   tools/check_dist.sh --no-build check the dist/ there is
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
[ "${1:-}" = "--no-build" ] || make dist
APP="$ROOT/dist/lusong-kiosk/lusong-kiosk"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lusong-dist-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

frozen() {  # the program alone: no venv, no PYTHONPATH, only the system's own binaries on PATH
  echo "+ lusong-kiosk $*" >&2
  env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV PATH=/usr/bin:/bin HOME="$WORK/home" \
    LUSONG_KIOSK_DATA="$WORK/data" QT_QPA_PLATFORM=offscreen timeout 900 "$APP" "$@"
}

frozen --version
frozen check
frozen export --size 1920x1080 --lang all --out shots | tail -n 1
frozen export --pdf handout.pdf
frozen soak --events 500 --seed 1 --max-stall 5 | tail -n 3
for mode in demo kiosk presenter; do
  frozen --mode "$mode" --smoke-ms 3000  # starts, shows home, quits by itself
done
echo 2468 | frozen set-pin --pin-stdin
frozen stats | head -n 3

# not blank: a developer's tool, so the repository's environment reads the files
"$ROOT/.venv/bin/python" "$ROOT/tools/check_exports.py" shots handout.pdf
if grep -E " (ERROR|CRITICAL) " "$WORK/data/logs/lusong-kiosk.log"; then
  echo "check_dist: the frozen program logged errors (above)" >&2
  exit 1
fi
# nothing in it can reach the network: no Qt network module, no TLS
found=$(find "$ROOT/dist/lusong-kiosk" \( -name "*QtNetwork*" -o -name "libQt6Network*" -o -name "_ssl*" -o -name "libssl*" \) -print)
if [ -n "$found" ]; then
  echo "check_dist: network code in the bundle: $found" >&2
  exit 1
fi
echo "check_dist: bundle $(du -sh --apparent-size "$ROOT/dist/lusong-kiosk" | cut -f1)iB unpacked," \
  "$(find "$ROOT/dist/lusong-kiosk" -type f | wc -l) files;" \
  "$(basename "$ROOT"/dist/lusong-kiosk-*.tar.gz) $(du -sh --apparent-size "$ROOT"/dist/lusong-kiosk-*.tar.gz | cut -f1)iB"
echo "check_dist: the frozen program passed"
