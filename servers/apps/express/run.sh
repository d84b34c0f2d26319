#!/bin/sh
# Starts the Express application on 127.0.0.1:PORT (its packages: servers/apps/install.sh).
set -eu
port=${1:?usage: run.sh PORT}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
PORT=$port exec node app.js
