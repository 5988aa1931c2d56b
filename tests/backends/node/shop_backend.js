#!/usr/bin/env node
// A small mini-program backend in Node.js, written for LoginScope's audit tests: the second real
// backend beside tests/backends/shop_backend.py, and equivalent to it in behaviour, with a different
// session transport (a cookie instead of a token in the body).
//
//   POST /login  JSON {"code", "openid"?}  exchanges the code at WeChat's code2Session (through the
//                npm package node-easywechat, unmodified: its MiniApp's getUtils().codeToSession()),
//                answers {"data": {"ok": true}} and sets the session as a cookie: Set-Cookie: sid=...
//   GET  /me     with that cookie answers {"user": {"openid": ...}}
//   POST /profile with that cookie, JSON {"rawData", "signature", "encryptedData", "iv"} (what
//                wx.getUserProfile hands the app): checks the open data against the session_key
//                code2Session returned for that session's login (PLATFORM-FACTS §1.6): signature ===
//                hex sha1(rawData + session_key), encryptedData decrypts (AES-128-CBC, PKCS#7, key and
//                iv base64-decoded) to JSON whose watermark.appid is this backend's appid; answers
//                {"data": {"nickName": ...}}, else 401 {"error": ...}
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
// and the open data's, as developer_server.cpp's flaws of the same names:
//   skip-signature-check  accepts open data whose signature is wrong (it still decrypts it)
//   skip-watermark-check  accepts open data watermarked for another app
//   keep-old-session-keys checks open data against every session_key the user's openid ever had here,
//                         so data made under an older login's session_key passes after a newer login
//
// It prints "listening on PORT" once it accepts connections (--port 0: any free port).
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const { parseArgs } = require('node:util');
const { MiniApp } = require('node-easywechat');

const FLAWS = new Set(['cache-code', 'leak-session-key', 'leak-secret', 'trust-client-openid', 'session-on-error', 'no-timeout',
  'skip-signature-check', 'skip-watermark-check', 'keep-old-session-keys']);
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
    this.oldKeys = new Map();   // the keep-old-session-keys flaw's memory: openid -> Set of session_keys
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
    if (this.flaws.has('keep-old-session-keys')) {
      if (!this.oldKeys.has(openid)) this.oldKeys.set(openid, new Set());
      this.oldKeys.get(openid).add(sessionKey);
    }
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

  // [status, body]: the open data's user when it checks out with the session's session_key (with the
  // keep-old-session-keys flaw: with any the openid ever had). No reply names a key or the reason's
  // details beyond which check failed.
  profile(cookieHeader, body) {
    const s = this.sessions.get(cookie(cookieHeader, 'sid'));
    if (!s) return [401, { error: 'no session' }];
    const fields = ['rawData', 'signature', 'encryptedData', 'iv'];
    if (!fields.every((f) => typeof body[f] === 'string')) return [401, { error: 'rawData, signature, encryptedData and iv must be strings' }];
    const keys = this.flaws.has('keep-old-session-keys') ? [...(this.oldKeys.get(s.openid) || [s.sessionKey])] : [s.sessionKey];
    let refusal = 'open data not made with this session\'s session_key';
    for (const key of keys) {
      const verdict = this.checkOpenData(body, key);
      if (verdict.user) return [200, { data: { nickName: verdict.user.nickName ?? null } }];
      refusal = verdict.error;
    }
    return [401, { error: refusal }];
  }

  // {user} (the decrypted JSON) when open data `d` checks out with `sessionKey`, else {error}.
  checkOpenData(d, sessionKey) {
    const key = base64(sessionKey), iv = base64(d.iv), data = base64(d.encryptedData);
    if (!key || key.length !== 16) return { error: 'no usable session_key for this session' };
    if (!this.flaws.has('skip-signature-check')) {
      const expected = crypto.createHash('sha1').update(d.rawData + sessionKey, 'utf8').digest();
      const given = /^[0-9a-f]{40}$/i.test(d.signature) ? Buffer.from(d.signature, 'hex') : Buffer.alloc(0);
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { error: 'signature mismatch' };
    }
    if (!iv || iv.length !== 16 || !data || data.length === 0 || data.length % 16 !== 0) return { error: 'encryptedData or iv unusable' };
    let user;
    try {
      const decipher = crypto.createDecipheriv('aes-128-cbc', key, iv);  // PKCS#7 padding checked by final()
      user = JSON.parse(Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8'));
    } catch (_) {
      return { error: 'encryptedData does not decrypt to JSON with this session_key' };
    }
    if (user === null || typeof user !== 'object' || Array.isArray(user)) return { error: 'decrypted open data is not a JSON object' };
    const appid = user.watermark && typeof user.watermark === 'object' ? user.watermark.appid : undefined;
    if (!this.flaws.has('skip-watermark-check') && appid !== this.appid) return { error: 'watermark is not this app\'s' };
    return { user };
  }
}

// The bytes of strict base64 `text` (padding optional), or null.
function base64(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return null;
  return Buffer.from(text, 'base64');
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
  if (req.method === 'POST' && (path === '/login' || path === '/profile')) {
    let body;
    try {
      const text = await readBody(req, 64 * 1024);
      body = JSON.parse(text || '{}');
    } catch (_) {
      body = null;
    }
    // /profile refuses anything it cannot verify with 401, a body it cannot read included.
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return reply(res, path === '/profile' ? 401 : 400, { error: 'bad json' });
    if (path === '/profile') return reply(res, ...backend.profile(req.headers.cookie, body));
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
