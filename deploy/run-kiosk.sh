#!/bin/sh
# Run the kiosk and restart it whenever it stops: the restart loop for an XDG autostart entry
# (lusong-kiosk.desktop) or any session without systemd. Exit status 0 is the technician's exit
# (Ctrl+Alt+Shift+K and the PIN): the loop ends. Anything else (a crash, a kill): start again
# after 2 s, doubling up to 60 s while runs keep ending within a minute (no tight crash loop).
#
#   LUSONG_KIOSK_CMD          the command (default: the venv next to this script, --mode kiosk)
#   LUSONG_KIOSK_RESTART_SEC  the first pause (default 2)
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
cmd=${LUSONG_KIOSK_CMD:-"$here/../.venv/bin/lusong-kiosk --mode kiosk"}
first=${LUSONG_KIOSK_RESTART_SEC:-2}
pause=$first
while :; do
    started=$(date +%s)
    # shellcheck disable=SC2086  # the command and its arguments are split on purpose
    $cmd "$@"
    status=$?
    if [ "$status" -eq 0 ]; then
        echo "run-kiosk: clean exit (technician); not restarting" >&2
        exit 0
    fi
    if [ $(( $(date +%s) - started )) -ge 60 ]; then
        pause=$first  # it ran for a while: a fresh failure, restart soon
    fi
    echo "run-kiosk: exit status $status; restarting in ${pause} s" >&2
    sleep "$pause"
    pause=$(( pause * 2 ))
    [ "$pause" -gt 60 ] && pause=60
    [ "$pause" -lt 1 ] && pause=$first
done
