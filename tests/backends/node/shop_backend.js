#!/usr/bin/env node
// A small mini-program backend in Node.js, written for LoginScope's audit tests: the second real
// backend beside tests/backends/shop_backend.py, and equivalent to it in behaviour, with a different
// session transport (a cookie instead of a token in the body).
//
//   POST /login  JSON {"code", "openid"?}  exchanges the code at WeChat's code2Session (through the
//                npm package node-easywechat, unmodified: its MiniApp's getUtils().codeToSession()),
//                answers {"data": {"ok": true}} and sets the session as a cookie: Set-Cookie: sid=...
//   GET  /me     with that cookie answers {"user": {"openid": ...}}
//
// The SDK is pointed at LoginScope's platform through its documented `http` option (an axios request
// config: baseURL, timeout), as a team would point it at a test double: no patching of its internals.
// package.json pins node-socialite (a dependency of node-easywechat) at 1.4.1, the version published
// with node-easywechat 3.6.2: the later 1.5.3 ships without its dist/ folder, which node-easywechat
// requires on load.
//
// Every classic flaw can be switched on with --flaw NAME (repeatable), with shop_backend.py's names:
//   cache-code            remembers code -> session and answers a replayed code from the cache
//   leak-session-key      puts the session_key in the login reply
//   leak-secret           quotes the code2Session URL (with the AppSecret) in its error replies
//   trust-client-openid   takes the openid the client sends over WeChat's
//   session-on-error      issues a session even when code2Session answers an error
//   no-timeout            waits for code2Session as long as it takes (no timeout of its own)
//
// It prints "listening on PORT" once it accepts connections (--port 0: any free port).
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const { parseArgs } = require('node:util');
const { MiniApp } = require('node-easywechat');

const FLAWS = new Set(['cache-code', 'leak-session-key', 'leak-secret', 'trust-client-openid', 'session-on-error', 'no-timeout']);
const USAGE = 'usage: shop_backend.js --api-base URL --appid APPID --secret SECRET [--port N] [--flaw NAME]...\n' +
  '  flaws: ' + [...FLAWS].sort().join(', ');

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'api-base': { type: 'string' },
        appid: { type: 'string' },
        secret: { type: 'string' },
        flaw: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    fail(e.message);
  }
  if (parsed.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  for (const name of ['api-base', 'appid', 'secret'])
    if (!parsed[name]) fail('--' + name + ' is required');
  for (const f of parsed.flaw)
    if (!FLAWS.has(f)) fail('unknown flaw: ' + f);
  const port = Number(parsed.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port: not a port: ' + parsed.port);
  return { port, apiBase: parsed['api-base'].replace(/\/+$/, ''), appid: parsed.appid, secret: parsed.secret, flaws: new Set(parsed.flaw) };
}

function fail(message) {
  process.stderr.write('shop_backend.js: ' + message + '\n' + USAGE + '\n');
  process.exit(2);
}

class Backend {
  constructor({ apiBase, appid, secret, flaws }) {
    this.apiBase = apiBase;
    this.appid = appid;
    this.secret = secret;
    this.flaws = flaws;
    this.sessions = new Map();  // sid -> {openid, sessionKey}
    this.byCode = new Map();    // the cache-code flaw's memory: code -> sid
    this.wechat = new MiniApp({
      app_id: appid,
      secret,
      http: {
        baseURL: apiBase + '/',
        timeout: flaws.has('no-timeout') ? 0 : 1500,  // axios: 0 is no timeout
        proxy: false,  // loopback: never through an HTTP(S)_PROXY of the environment
        httpAgent: new http.Agent({ keepAlive: false }),
      },
    });
  }

  // The code2Session URL as the SDK sends it; only the leak-secret flaw ever shows it.
  exchangeUrl(code) {
    const query = new URLSearchParams({ appid: this.appid, secret: this.secret, js_code: code, grant_type: 'authorization_code' });
    return this.apiBase + '/sns/jscode2session?' + query;
  }

  // {openid, session_key} from WeChat, or {errcode, errmsg}: the SDK throws for an answer without an
  // openid (an errcode, an empty or malformed body) and for the transport's trouble (timeout, reset).
  async code2session(code) {
    try {
      return await this.wechat.getUtils().codeToSession(code);
    } catch (e) {
      const answer = /^code2Session error: (.*)$/s.exec(e.message || '');
      let errcode = -2;
      if (answer) {
        try { errcode = JSON.parse(answer[1]).errcode ?? -2; } catch (_) { /* not JSON: keep -2 */ }
      }
      return { errcode, errmsg: 'code2Session failed: ' + (e.code || e.message) };
    }
  }

  newSession(openid, sessionKey) {
    const sid = crypto.randomBytes(16).toString('hex');
    this.sessions.set(sid, { openid, sessionKey });
    return sid;
  }

  // [status, body, sid or null]
  async login(body) {
    const code = typeof body.code === 'string' ? body.code : '';
    if (this.flaws.has('cache-code') && this.byCode.has(code)) return [200, { data: { ok: true } }, this.byCode.get(code)];
    const answer = await this.code2session(code);
    if (answer.errcode && !this.flaws.has('session-on-error')) {
      const error = { error: 'login failed', errcode: answer.errcode };
      if (this.flaws.has('leak-secret')) error.detail = 'GET ' + this.exchangeUrl(code) + ' failed';
      return [401, error, null];
    }
    let openid = answer.openid || '';
    if (this.flaws.has('trust-client-openid') && typeof body.openid === 'string' && body.openid) openid = body.openid;
    const sid = this.newSession(openid, answer.session_key || '');
    this.byCode.set(code, sid);
    const data = { ok: true };
    if (this.flaws.has('leak-session-key')) data.session_key = answer.session_key || '';
    return [200, { data }, sid];
  }

  me(cookieHeader) {
    const s = this.sessions.get(cookie(cookieHeader, 'sid'));
    return s ? [200, { user: { openid: s.openid } }] : [401, { error: 'no session' }];
  }
}

// The value of cookie `name` in a Cookie header ("" when absent).
function cookie(header, name) {
  for (const part of (header || '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return '';
}

function reply(res, status, body, sid) {
  const data = JSON.stringify(body);
  const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) };
  if (sid) headers['Set-Cookie'] = 'sid=' + sid + '; Path=/; HttpOnly; SameSite=Lax';
  res.writeHead(status, headers);
  res.end(data);
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handle(backend, req, res) {
  const path = new URL(req.url, 'http://backend').pathname;
  if (req.method === 'POST' && path === '/login') {
    let body;
    try {
      const text = await readBody(req, 64 * 1024);
      body = JSON.parse(text || '{}');
    } catch (_) {
      return reply(res, 400, { error: 'bad json' });
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return reply(res, 400, { error: 'bad json' });
    return reply(res, ...(await backend.login(body)));
  }
  if (req.method === 'GET' && path === '/me') return reply(res, ...backend.me(req.headers.cookie));
  reply(res, 404, { error: 'not found' });
}

function main() {
  const o = options();
  const backend = new Backend(o);
  const server = http.createServer((req, res) => {
    handle(backend, req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.on('error', (e) => fail('cannot listen on 127.0.0.1:' + o.port + ': ' + e.message));
  server.listen(o.port, '127.0.0.1', () => process.stdout.write('listening on ' + server.address().port + '\n'));
  process.on('SIGTERM', () => process.exit(0));
}

main();
