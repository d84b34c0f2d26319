// Session cookie values as Node's session libraries set them, for core/tests/cookie_values.rs:
// express-session 1.x (signed id, URL-encoded), @fastify/session 11 (signed id),
// cookie-session 2 (the session in the cookie) and jsonwebtoken 9 (a JWT in a cookie).
// Each line: FRAMEWORK KIND ID VALUE (ID is "-" when the value holds no server-side id).
// Run by ../generate.sh with NODE_PATH pointing at the installed packages.
const http = require("http");
const express = require("express");
const session = require("express-session");
const cookieSession = require("cookie-session");
const jwt = require("jsonwebtoken");
const fastify = require("fastify");

function setCookie(res, name) {
  const all = [].concat(res.headers["set-cookie"] || []);
  const h = all.find((c) => c.startsWith(name + "="));
  return h.slice(name.length + 1).split(";")[0];
}

function get(port, path) {
  return new Promise((resolve) => {
    http.get({ host: "127.0.0.1", port, path }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ res, body }));
    });
  });
}

async function expressSession() {
  const app = express();
  app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: true }));
  app.get("/", (req, res) => res.send(req.sessionID));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.on("listening", r));
  for (let i = 0; i < 3; i++) {
    const { res, body } = await get(server.address().port, "/");
    console.log("express-session signed-id", body, setCookie(res, "connect.sid"));
  }
  server.close();
}

async function cookieSessionValues() {
  const app = express();
  app.use(cookieSession({ name: "session", keys: ["key1"] }));
  app.get("/", (req, res) => {
    req.session.user = "alice";
    req.session.views = 1;
    res.send("ok");
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.on("listening", r));
  const { res } = await get(server.address().port, "/");
  console.log("cookie-session client-side - " + setCookie(res, "session"));
  server.close();
}

async function fastifySession() {
  const app = fastify();
  app.register(require("@fastify/cookie"));
  app.register(require("@fastify/session"), {
    secret: "a secret with minimum length of 32 characters",
    cookie: { secure: false },
    saveUninitialized: true,
  });
  app.get("/", async (req) => {
    req.session.set("visits", 1);
    return req.session.sessionId;
  });
  await app.ready();
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ method: "GET", url: "/" });
    const cookie = [].concat(res.headers["set-cookie"]).find((c) => c.startsWith("sessionId="));
    console.log("fastify-session signed-id", res.body, cookie.slice(10).split(";")[0]);
  }
  await app.close();
}

(async () => {
  await expressSession();
  await fastifySession();
  await cookieSessionValues();
  const token = jwt.sign({ sub: "alice", role: "user" }, "secret", { expiresIn: 3600 });
  console.log("jsonwebtoken jwt - " + token);
})();
