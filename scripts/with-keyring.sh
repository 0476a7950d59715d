#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked, throwaway
# gnome-keyring, so keychain tests never touch the user's real keyring:
#   scripts/with-keyring.sh npx vitest run test/integration/keys
# Needs apt packages: dbus, gnome-keyring, libglib2.0-bin (gdbus); libsecret-1-dev to build keytar.
# DISPLAY is unset on purpose: with a display, a locked keyring makes libsecret
# wait forever on a password prompt. HUB_KEYRING_KEEP_DISPLAY=1 keeps it (the Electron smoke test needs a
# display; the keyring is unlocked before anything runs).
set -eu
# Already inside one (scripts/test.sh re-enters itself): run as is.
if [ -n "${HUB_TEST_KEYRING:-}" ]; then exec "$@"; fi
if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon gdbus; do
  command -v "$tool" >/dev/null 2>&1 || { echo "with-keyring: $tool is not installed (apt install dbus gnome-keyring libglib2.0-bin)" >&2; exit 127; }
done
if [ "${HUB_KEYRING_KEEP_DISPLAY:-}" != 1 ]; then unset DISPLAY WAYLAND_DISPLAY; fi
KEYRING_TMP=$(mktemp -d "${TMPDIR:-/tmp}/with-keyring.XXXXXX")
trap 'rm -rf "$KEYRING_TMP"' EXIT
mkdir -p "$KEYRING_TMP/data" "$KEYRING_TMP/run"
chmod 700 "$KEYRING_TMP/run"
export KEYRING_TMP
status=0
dbus-run-session -- sh -c '
  export XDG_DATA_HOME="$KEYRING_TMP/data" XDG_RUNTIME_DIR="$KEYRING_TMP/run" HUB_TEST_KEYRING=1
  # Foreground daemon in the background: we know its pid and stop it ourselves.
  printf %s throwaway-password | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring_pid=$!
  tries=0
  until gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; do
    tries=$((tries + 1))
    if [ "$tries" -gt 100 ]; then echo "with-keyring: gnome-keyring did not start" >&2; kill "$keyring_pid" 2>/dev/null; exit 1; fi
    sleep 0.05
  done
  status=0
  "$@" || status=$?
  kill "$keyring_pid" 2>/dev/null || true
  wait "$keyring_pid" 2>/dev/null || true
  exit "$status"
' with-keyring "$@" || status=$?
exit "$status"
