#!/usr/bin/env node
// LoginScope's proof that its simulated Alipay gateway speaks the real protocol: the official
// alipay-sdk, unmodified (version pinned by package-lock.json), exchanges an auth code (or a
// refresh_token) at the gateway it is pointed at, signing its request with the app private key and
// verifying the answer's sign with the platform ("Alipay") public key. Started by
// tests/core/alipay_sdk_test.cpp against a loopback gateway.
//
//   node exchange.js --gateway http://127.0.0.1:PORT/gateway.do --app-id 2021004123456789 \
//        --private-key app_private.txt --alipay-public-key alipay_public.txt --code CODE \
//        [--refresh-token TOKEN instead of --code] [--sign-type RSA2|RSA] [--key-type PKCS8|PKCS1] [--no-verify]
//
// Key files hold a PEM or the bare base64 body Alipay's console shows. --key-type is what the SDK
// calls keyType (its default is PKCS1); it is read from a PEM's header when not given.
//
// Prints one JSON line: {"ok":true,"verified":…,"result":{…the SDK's result…}} or
// {"ok":false,"signFailed":…,"error":…,"message":…}. Exit status: 0 when the gateway granted tokens
// (and, unless --no-verify, the SDK verified their sign), 2 when it answered an error that the SDK
// handed back, 3 when the SDK's signature check failed, 1 for anything else (bad arguments, no answer).
'use strict';

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { AlipaySdk } = require('alipay-sdk');

const METHOD = 'alipay.system.oauth.token';

function readOptions() {
  const { values } = parseArgs({
    options: {
      gateway: { type: 'string' },
      'app-id': { type: 'string' },
      'private-key': { type: 'string' },
      'alipay-public-key': { type: 'string' },
      code: { type: 'string' },
      'refresh-token': { type: 'string' },
      'sign-type': { type: 'string', default: 'RSA2' },
      'key-type': { type: 'string' },
      'no-verify': { type: 'boolean', default: false },
    },
    strict: true,
  });
  for (const name of ['gateway', 'app-id', 'private-key', 'alipay-public-key']) {
    if (!values[name]) throw new Error(`--${name} is required`);
  }
  if (!values.code === !values['refresh-token']) throw new Error('give exactly one of --code and --refresh-token');
  return values;
}

// The SDK's keyType for a private key: from a PEM's header, else what the caller said (else the
// SDK's own default).
function keyTypeOf(text, given) {
  if (given) return given;
  if (text.includes('BEGIN RSA PRIVATE KEY')) return 'PKCS1';
  if (text.includes('BEGIN PRIVATE KEY')) return 'PKCS8';
  return undefined;
}

function makeSdk(o) {
  // Trimmed: the SDK's key formatting keeps a trailing empty line as part of the key.
  const privateKey = fs.readFileSync(o['private-key'], 'ascii').trim();
  return new AlipaySdk({
    appId: o['app-id'],
    privateKey,
    keyType: keyTypeOf(privateKey, o['key-type']),
    alipayPublicKey: fs.readFileSync(o['alipay-public-key'], 'ascii').trim(),
    gateway: o.gateway,
    signType: o['sign-type'],
    timeout: 5000,
  });
}

// Business params of this API are not bizContent: the SDK passes every other key through as a
// request parameter (snake_cased, in the form body).
function businessParams(o) {
  if (o.code) return { grantType: 'authorization_code', code: o.code };
  return { grantType: 'refresh_token', refreshToken: o['refresh-token'] };
}

function print(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

async function main() {
  let o;
  try {
    o = readOptions();
  } catch (err) {
    print({ ok: false, signFailed: false, error: 'usage', message: err.message });
    return 1;
  }
  const verify = !o['no-verify'];
  try {
    const result = await makeSdk(o).exec(METHOD, businessParams(o), { validateSign: verify });
    print({ ok: true, verified: verify, result });
    return result.accessToken ? 0 : 2;
  } catch (err) {
    // The SDK's message quotes the whole verified text (tokens included): only its verdict is shown.
    const signFailed = typeof err.message === 'string' && err.message.startsWith('验签失败');
    print({ ok: false, signFailed, error: err.name, message: signFailed ? '验签失败' : String(err.message) });
    return signFailed ? 3 : 1;
  }
}

main().then((status) => process.exit(status), (err) => {
  print({ ok: false, signFailed: false, error: 'crash', message: String(err && err.message) });
  process.exit(1);
});
