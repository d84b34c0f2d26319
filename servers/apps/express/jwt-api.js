// A JSON API on Express 4 whose session is a JWT from jsonwebtoken 9, as its README shows:
// jwt.sign({ sub }, secret, { expiresIn }) at login, returned as { "access_token": ... };
// every request sends it as `Authorization: Bearer <token>` and jwt.verify checks it; logout
// is the client forgetting the token (nothing on the server can end it).
//
// Routes: POST /api/login (JSON: username, password), POST /api/logout, GET /api/me and
// /api/orders (401 without a valid token).
//
// Environment: PORT; JWT_SECRET (the HMAC key); JWT_EXPIRES (jsonwebtoken's expiresIn,
// default "15m"); JWT_CHECK=decode for the classic mistake of jwt.decode() in place of
// jwt.verify() (the tests' broken variant); JWT_COOKIE=1: the token travels in an HttpOnly
// cookie named `token` (set by the login, cleared by the logout) instead of the header.
const express = require("express");
const jwt = require("jsonwebtoken");

const USERS = { alice: "alice-password", bob: "bob-password" };
const secret = process.env.JWT_SECRET;
if (!secret) throw new Error("JWT_SECRET is not set");
const expiresIn = process.env.JWT_EXPIRES || "15m";
const app = express();
app.use(express.json());

const inCookie = process.env.JWT_COOKIE === "1";

function cookieToken(req) {
  const pair = (req.get("cookie") || "").split(/;\s*/).find((c) => c.startsWith("token="));
  return pair ? pair.slice("token=".length) : undefined;
}

function authenticate(req, res, next) {
  const [scheme, header] = (req.get("authorization") || "").split(" ");
  const token = inCookie ? cookieToken(req) : scheme === "Bearer" ? header : undefined;
  if (!token) return res.status(401).json({ error: "no token" });
  try {
    req.user =
      process.env.JWT_CHECK === "decode" ? jwt.decode(token) : jwt.verify(token, secret);
    if (!req.user || !req.user.sub) throw new Error("no subject");
    next();
  } catch (e) {
    res.status(401).json({ error: "invalid token" });
  }
}

app.post("/api/login", (req, res) => {
  const { username, password } = req.body || {};
  if (!Object.hasOwn(USERS, username) || USERS[username] !== password) {
    return res.status(401).json({ error: "wrong username or password" });
  }
  const token = jwt.sign({ sub: username }, secret, { expiresIn });
  if (inCookie) {
    res.cookie("token", token, { httpOnly: true, sameSite: "lax" });
    return res.json({ ok: true });
  }
  res.json({ access_token: token });
});

app.post("/api/logout", (req, res) => {
  if (inCookie) res.clearCookie("token");
  res.json({ ok: true });
});

app.get("/api/me", authenticate, (req, res) => res.json({ account: `account of ${req.user.sub}` }));

app.get("/api/orders", authenticate, (req, res) => res.json({ orders: [], user: req.user.sub }));

app.listen(Number(process.env.PORT || 3000), "127.0.0.1");
