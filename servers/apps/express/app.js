// An Express 4 application with express-session wired as its README shows it (the "user
// login" example: regenerate at login, `user = null` + save + regenerate at logout), behind
// Secure cookies (`cookie.secure` with `trust proxy`: the cookie is only set on requests that
// arrived over HTTPS, which the app learns from X-Forwarded-Proto), and CSRF protection by
// csrf-sync (the synchronizer token pattern: a token in the session, sent back in the form's
// hidden `_csrf` field).
//
// Routes: GET / (home), GET /login (the form), POST /login (username, password, _csrf),
// POST /logout (_csrf), GET /account (with the logout form) and /account/settings (a redirect
// to /login unless logged in), GET /slow?ms=N.
//
// Environment: PORT; IDLE_MS (cookie.maxAge with `rolling`: an idle timeout; default none);
// TLS_CERT and TLS_KEY (PEM files): serve HTTPS itself instead of plain HTTP behind a proxy.
const express = require("express");
const session = require("express-session");
const { csrfSync } = require("csrf-sync");

const USERS = { alice: "alice-password", bob: "bob-password" };
const app = express();
app.set("trust proxy", 1);
app.use(express.urlencoded({ extended: false }));
const idle = process.env.IDLE_MS ? Number(process.env.IDLE_MS) : undefined;
app.use(
  session({
    secret: "sessionlab test only, not a secret",
    resave: false,
    saveUninitialized: false,
    rolling: idle !== undefined,
    cookie: { secure: true, httpOnly: true, maxAge: idle },
  }),
);
const { generateToken, csrfSynchronisedProtection } = csrfSync({
  getTokenFromRequest: (req) => req.body["_csrf"],
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function isAuthenticated(req, res, next) {
  if (req.session.user) next();
  else res.redirect("/login");
}

app.get("/", (req, res) => res.send("shop home\n"));

app.get("/login", (req, res) => {
  res.send(`<!doctype html><title>Sign in</title>
<form method="post" action="/login">
  <input type="hidden" name="_csrf" value="${escape(generateToken(req))}">
  <input name="username"> <input name="password" type="password">
  <button>Sign in</button>
</form>`);
});

app.post("/login", csrfSynchronisedProtection, (req, res, next) => {
  const user = req.body.username;
  if (!Object.hasOwn(USERS, user) || USERS[user] !== req.body.password) {
    return res.status(401).send("wrong username or password\n");
  }
  req.session.regenerate((err) => {
    if (err) return next(err);
    req.session.user = user;
    req.session.save((err) => {
      if (err) return next(err);
      res.redirect(303, "/account");
    });
  });
});

app.post("/logout", csrfSynchronisedProtection, (req, res, next) => {
  req.session.user = null;
  req.session.save((err) => {
    if (err) return next(err);
    req.session.regenerate((err) => {
      if (err) return next(err);
      res.redirect(303, "/");
    });
  });
});

app.get("/account", isAuthenticated, (req, res) => {
  res.send(`<!doctype html><p>account of ${escape(req.session.user)}</p>
<form method="post" action="/logout">
  <input type="hidden" name="_csrf" value="${escape(generateToken(req))}">
  <button>Sign out</button>
</form>`);
});

app.get("/account/settings", isAuthenticated, (req, res) => {
  res.send(`settings of ${escape(req.session.user)}\n`);
});

// Reads the session, works for ?ms= milliseconds, writes the session.
app.get("/slow", isAuthenticated, (req, res) => {
  const ms = Math.min(Number(req.query.ms) || 500, 5000);
  setTimeout(() => {
    req.session.lastSlow = Date.now();
    res.send(`slow page of ${escape(req.session.user)}\n`);
  }, ms);
});

// CSRF failures: a 403, as csrf-sync's error says.
app.use((err, req, res, next) => {
  if (err && err.code === "EBADCSRFTOKEN") return res.status(403).send("invalid csrf token\n");
  next(err);
});

const port = Number(process.env.PORT || 3000);
if (process.env.TLS_CERT) {
  const fs = require("fs");
  const tls = { cert: fs.readFileSync(process.env.TLS_CERT), key: fs.readFileSync(process.env.TLS_KEY) };
  require("https").createServer(tls, app).listen(port, "127.0.0.1");
} else {
  app.listen(port, "127.0.0.1");
}
