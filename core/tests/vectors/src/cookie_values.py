"""Session cookie values as Python's frameworks set them, for core/tests/cookie_values.rs:
Flask 3.1's default session (itsdangerous, the session in the cookie, plain and compressed),
Django 5.2's database session id and its signed_cookies session. Each line:
FRAMEWORK KIND ID VALUE (ID is "-" when the value holds no server-side id)."""
import django
from django.conf import settings
from flask import Flask, session

app = Flask(__name__)
app.secret_key = "test-only"


@app.route("/small")
def small():
    session["user"] = "alice"
    return "ok"


@app.route("/big")
def big():
    session["cart"] = ["item-%d" % i for i in range(40)]  # compressible: zlib, leading '.'
    return "ok"


client = app.test_client()
for path in ("/small", "/big"):
    cookie = client.get(path).headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    print("flask client-side -", cookie)

settings.configure(
    SECRET_KEY="test-only",
    INSTALLED_APPS=["django.contrib.sessions"],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
)
django.setup()
from django.contrib.sessions.backends.signed_cookies import SessionStore as Signed

s = Signed()
s["user"] = "alice"
s.save()
print("django-signed-cookies client-side -", s.session_key)
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.utils.crypto import get_random_string

# What SessionBase._get_new_session_key() draws for the database backend's ids.
for _ in range(2):
    key = get_random_string(32, VALID_KEY_CHARS)
    print("django plain", key, key)
