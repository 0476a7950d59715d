#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throwaway, unlocked
# gnome-keyring, so keychain tests use a real Secret Service and never touch
# the user's own keyring.
set -eu
if [ -n "${HUB_TEST_KEYRING:-}" ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "WARNING: dbus-run-session or gnome-keyring-daemon is missing; keychain tests will be SKIPPED." >&2
  echo "         Install them with: apt-get install dbus gnome-keyring libsecret-1-dev" >&2
  exec "$@"
fi
exec dbus-run-session -- bash -c '
  set -eu
  # With a display, an unlock prompt could hang the run: there is none to answer it.
  unset DISPLAY WAYLAND_DISPLAY
  XDG_DATA_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d)
  export XDG_DATA_HOME XDG_RUNTIME_DIR HUB_TEST_KEYRING=1
  chmod 700 "$XDG_RUNTIME_DIR"
  printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$@"
  status=$?
  rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
  exit $status
' with-keyring "$@"
