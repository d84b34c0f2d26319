#!/bin/sh
# Starts the Flask application on 127.0.0.1:PORT with Flask's development server (threaded).
# The Python comes from servers/apps/install.sh (SESSIONLAB_APPS_PYTHON overrides it).
set -eu
port=${1:?usage: run.sh PORT}
here=$(cd "$(dirname "$0")" && pwd)
python=${SESSIONLAB_APPS_PYTHON:-$here/../../../target/framework-apps/venv/bin/python}
cd "$here"
exec "$python" -m flask --app app run --host 127.0.0.1 --port "$port"
