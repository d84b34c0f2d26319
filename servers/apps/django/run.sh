#!/bin/sh
# Starts the Django application on 127.0.0.1:PORT with a fresh database and the two test users.
# The Python comes from servers/apps/install.sh (SESSIONLAB_APPS_PYTHON overrides it).
set -eu
port=${1:?usage: run.sh PORT}
here=$(cd "$(dirname "$0")" && pwd)
python=${SESSIONLAB_APPS_PYTHON:-$here/../../../target/framework-apps/venv/bin/python}
db_dir=$(mktemp -d)
export DJANGO_DB="$db_dir/db.sqlite3"
cd "$here"
"$python" manage.py migrate --noinput -v 0
"$python" manage.py seed_users
exec "$python" manage.py runserver --noreload "127.0.0.1:$port"
