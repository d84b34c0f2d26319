#!/bin/sh
# Starts the PHP application on 127.0.0.1:PORT with PHP's built-in server (Debian's php-cli,
# which servers/apps/install.sh installs when it is missing), its session files in a fresh
# temporary directory.
set -eu
port=${1:?usage: run.sh PORT}
here=$(cd "$(dirname "$0")" && pwd)
sessions=$(mktemp -d)
set -- -d "session.save_path=$sessions"
if [ -n "${SESSION_GC_MAXLIFETIME:-}" ]; then
  set -- "$@" -d "session.gc_maxlifetime=$SESSION_GC_MAXLIFETIME"
fi
exec php "$@" -S "127.0.0.1:$port" "$here/router.php"
