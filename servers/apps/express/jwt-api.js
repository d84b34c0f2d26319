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
// jwt.verify() (the tests' broken variant).
const express = require("express");
const jwt = require("jsonwebtoken");

const USERS = { alice: "alice-password", bob: "bob-password" };
const secret = process.env.JWT_SECRET;
if (!secret) throw new Error("JWT_SECRET is not set");
const expiresIn = process.env.JWT_EXPIRES || "15m";
const app = express();
app.use(express.json());

function authenticate(req, res, next) {
  const [scheme, token] = (req.get("authorization") || "").split(" ");
  if (scheme !== "Bearer" || !token) return res.status(401).json({ error: "no token" });
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
  res.json({ access_token: jwt.sign({ sub: username }, secret, { expiresIn }) });
});

app.post("/api/logout", (req, res) => res.json({ ok: true }));

app.get("/api/me", authenticate, (req, res) => res.json({ account: `account of ${req.user.sub}` }));

app.get("/api/orders", authenticate, (req, res) => res.json({ orders: [], user: req.user.sub }));

app.listen(Number(process.env.PORT || 3000), "127.0.0.1");
