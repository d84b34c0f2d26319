#!/bin/sh
# Installs the frameworks the test applications of servers/apps/ run on, from the package
# registries, into target/framework-apps/ (idempotent; safe to run from parallel tests):
#   target/framework-apps/venv   Python venv with requirements.txt (Django, Flask)
#   php                          Debian's php-cli, when no php is on the PATH (apt)
#   servers/apps/express/node_modules   the Express app's packages, from package-lock.json (npm)
# Prints nothing when everything is already installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dest="$root/target/framework-apps"
mkdir -p "$dest"
exec 9>"$dest/.lock"
flock 9
stamp="$dest/venv/.requirements"
if [ ! -x "$dest/venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
  echo "installing $here/requirements.txt into $dest/venv (PyPI)" >&2
  python3 -m venv "$dest/venv"
  "$dest/venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi
if ! command -v php >/dev/null 2>&1; then
  echo "installing Debian's php-cli (apt)" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-cli >/dev/null \
    || { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-cli >/dev/null; }
fi
express="$here/express"
if ! [ "$express/node_modules/.installed" -nt "$express/package-lock.json" ]; then
  echo "installing $express/package-lock.json (npm)" >&2
  (cd "$express" && npm ci --silent --no-audit --no-fund >/dev/null)
  touch "$express/node_modules/.installed"
fi
