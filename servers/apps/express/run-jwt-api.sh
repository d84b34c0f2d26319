#!/bin/sh
# Starts the JWT API (jwt-api.js) on 127.0.0.1:PORT (its packages: servers/apps/install.sh).
set -eu
port=${1:?usage: run-jwt-api.sh PORT}
cd "$(dirname "$0")"
PORT=$port exec node jwt-api.js
