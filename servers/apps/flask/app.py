"""A Flask 3.1 application with Flask's default session, as its quickstart shows it: the
session is a cookie signed with the secret key (itsdangerous), set at login, popped at logout.

Routes: GET / (home), POST /login (form: username, password), POST /logout, GET /account
and /account/settings (a redirect to / unless logged in), GET /slow?ms=N.

Configuration from FLASK_-prefixed environment variables (Flask's `from_prefixed_env`), e.g.
FLASK_PERMANENT_SESSION_LIFETIME=2: the age (seconds) past which Flask refuses a session
cookie's signature, counted from when the cookie was last written.
"""
import threading
import time

from flask import Flask, redirect, request, session

USERS = {"alice": "alice-password", "bob": "bob-password"}

app = Flask(__name__)
app.secret_key = "sessionlab-test-only-not-a-secret"
app.config.from_prefixed_env()


@app.get("/")
def home():
    return "shop home\n"


@app.post("/login")
def login():
    user = request.form.get("username", "")
    if USERS.get(user) == request.form.get("password"):
        session["username"] = user
        return redirect("/account", 303)
    return "wrong username or password\n", 401


@app.post("/logout")
def logout():
    session.pop("username", None)
    return redirect("/", 303)


@app.get("/account")
def account():
    if "username" not in session:
        return redirect("/")
    return f"account of {session['username']}\n"


@app.get("/account/settings")
def account_settings():
    if "username" not in session:
        return redirect("/")
    return f"settings of {session['username']}\n"


@app.get("/slow")
def slow():
    """Reads the session, works for ?ms= milliseconds, writes the session."""
    user = session.get("username")
    # A timed wait, not time.sleep (which fails under libfaketime 0.9.10, see the Django app).
    threading.Event().wait(min(int(request.args.get("ms", "500")), 5000) / 1000)
    session["last_slow"] = time.time()
    return f"slow page of {user}\n"
