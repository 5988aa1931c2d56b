#!/usr/bin/env python3
"""A small mini-program backend, written for LoginScope's audit tests with Python's standard library
only: POST /login {"code", "openid"?} exchanges the code at the platform and answers
{"data": {"token": ...}}; GET /me with X-Session answers {"openid": ...}; POST /phone {"code"} with
X-Session asks WeChat for the number behind a phone-number code (its own access_token, then POST
/wxa/business/getuserphonenumber with the session's openid) and answers it masked, {"phone": ...}. --platform picks the
exchange: wechat (code2Session, GET /sns/jscode2session), swan (Baidu, POST form
/oauth/jscode2sessionkey with client_id = appid and sk = secret), douyin (POST JSON
/api/apps/v2/jscode2session), alipay (POST /gateway.do, alipay.system.oauth.token signed RSA2 with
--private-key through the openssl command), uni-weixin (GET
/sns/oauth2/access_token), wechat-app (the multi-terminal app: its own access_token from GET
/cgi-bin/token, kept until it expires, then GET /donut/code2verifyinfo) or univerify (POST /login
{"access_token", "openid"}: POST /univerify/getPhoneNumber, as the team's uniCloud function would; the
reply carries the number masked). Every classic flaw can be switched on with --flaw NAME (repeatable):

  cache-code            remembers code -> session and answers a replayed code from the cache
  leak-session-key      puts the session_key in the login reply
  leak-secret           quotes the code2Session URL (with the AppSecret) in its error replies
  trust-client-openid   takes the openid the client sends over WeChat's
  session-on-error      issues a session even when code2Session answers an error
  no-timeout            waits for code2Session as long as it takes (no timeout of its own)
  leak-phone            puts the full phone number in the reply (univerify's login, /phone)

It prints "listening on PORT" once it accepts connections (--port 0: any free port).
"""
import argparse
import base64
import subprocess
import http.client
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FLAWS = {"cache-code", "leak-session-key", "leak-secret", "trust-client-openid", "session-on-error", "no-timeout", "leak-phone"}
PLATFORMS = ["wechat", "swan", "uni-weixin", "wechat-app", "univerify", "douyin", "alipay"]


def sign_rsa2(private_key_file, content):
    """Alipay's RSA2 (SHA256withRSA) over `content`, base64: with the openssl command, as Python's
    standard library has no RSA."""
    signed = subprocess.run(["openssl", "dgst", "-sha256", "-sign", private_key_file], input=content.encode("utf-8"),
                            capture_output=True, check=True)
    return base64.b64encode(signed.stdout).decode("ascii")


def mask(number):
    return number[:3] + "****" + number[-4:] if len(number) >= 7 else number


class Backend:
    def __init__(self, api_base, appid, secret, flaws, platform="wechat", private_key=None):
        self.api_base, self.appid, self.secret, self.flaws = api_base.rstrip("/"), appid, secret, flaws
        self.private_key = private_key  # alipay: the app private key's PEM file (it signs; no secret is sent)
        self.platform = platform
        self.sessions = {}  # token -> {"openid", "session_key"}
        self.by_code = {}  # the cache-code flaw's memory
        self.access_token = ("", 0.0)  # wechat-app: the app's own access_token and when it dies
        self.lock = threading.Lock()

    def exchange_request(self, code, body):
        """The platform's exchange for `code`: (url, data to POST or None, content type)."""
        if self.platform == "univerify":
            data = {"appid": self.appid, "provider": "univerify", "access_token": code, "openid": body.get("openid") or ""}
            return self.api_base + "/univerify/getPhoneNumber", json.dumps(data).encode("utf-8"), "application/json"
        if self.platform == "wechat-app":
            query = urllib.parse.urlencode({"access_token": self.app_access_token(), "code": code, "appid": self.appid,
                                            "appsecret": self.secret, "grant_type": "authorization_code"})
            return self.api_base + "/donut/code2verifyinfo?" + query, None, None
        if self.platform == "swan":
            form = urllib.parse.urlencode({"code": code, "client_id": self.appid, "sk": self.secret})
            return self.api_base + "/oauth/jscode2sessionkey?" + form, form.encode("utf-8"), "application/x-www-form-urlencoded"
        if self.platform == "alipay":  # alipay.system.oauth.token: system params signed RSA2 in the query
            params = {"app_id": self.appid, "method": "alipay.system.oauth.token", "charset": "utf-8", "sign_type": "RSA2",
                      "timestamp": time.strftime("%Y-%m-%d %H:%M:%S"), "version": "1.0",
                      "grant_type": "authorization_code", "code": code}
            content = "&".join(k + "=" + params[k] for k in sorted(params) if params[k])
            system = {k: params[k] for k in ("app_id", "method", "charset", "sign_type", "timestamp", "version")}
            system["sign"] = sign_rsa2(self.private_key, content)
            form = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code})
            return (self.api_base + "/gateway.do?" + urllib.parse.urlencode(system), form.encode("utf-8"),
                    "application/x-www-form-urlencoded;charset=utf-8")
        if self.platform == "douyin":  # jscode2session v2: POST JSON
            data = {"appid": self.appid, "secret": self.secret, "code": code}
            return self.api_base + "/api/apps/v2/jscode2session", json.dumps(data).encode("utf-8"), "application/json"
        if self.platform == "uni-weixin":
            query = urllib.parse.urlencode({"appid": self.appid, "secret": self.secret, "code": code,
                                            "grant_type": "authorization_code"})
            return self.api_base + "/sns/oauth2/access_token?" + query, None, None
        query = urllib.parse.urlencode({"appid": self.appid, "secret": self.secret, "js_code": code,
                                        "grant_type": "authorization_code"})
        return self.api_base + "/sns/jscode2session?" + query, None, None

    def get_json(self, url, data=None, content_type=None):
        timeout = None if "no-timeout" in self.flaws else 1.5
        request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type} if content_type else {})
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return json.loads(reply.read().decode("utf-8"))

    def app_access_token(self):
        """wechat-app: the multi-terminal app's own access_token, fetched once and kept until it dies."""
        with self.lock:
            token, dies = self.access_token
        if token and time.time() < dies:
            return token
        query = urllib.parse.urlencode({"grant_type": "client_credential", "appid": self.appid, "secret": self.secret})
        try:
            answer = self.get_json(self.api_base + "/cgi-bin/token?" + query)
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError):
            return ""
        token = answer.get("access_token") or ""
        with self.lock:
            self.access_token = (token, time.time() + int(answer.get("expires_in") or 0) - 60)
        return token

    def forget_access_token(self):
        """WeChat may invalidate an access_token early (40001): fetch a new one, as its docs advise."""
        with self.lock:
            self.access_token = ("", 0.0)

    def code2session(self, code, body, retried=False):
        """The platform's answer as {openid, session_key, phone} or {errcode}; and the URL for the leak-secret flaw."""
        url, data, content_type = self.exchange_request(code, body)  # a form is shown as the URL's query
        try:
            keep_query = data is None or self.platform == "alipay"  # Alipay's system params stay in the query
            answer = self.get_json(url if keep_query else url.split("?")[0], data, content_type)
            if self.platform == "wechat-app" and answer.get("errcode") == 40001 and not retried:
                self.forget_access_token()
                return self.code2session(code, body, True)
        except urllib.error.HTTPError as e:  # Baidu answers its OAuth errors with HTTP 400
            return {"errcode": e.code, "errmsg": "HTTP %d" % e.code}, url
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
            return {"errcode": -2, "errmsg": "transport: %s" % type(e).__name__}, url
        if "error" in answer:
            answer["errcode"] = answer["error"]
        if self.platform == "alipay":  # {alipay_system_oauth_token_response | error_response, sign}
            if "error_response" in answer:
                return {"errcode": answer["error_response"].get("sub_code") or answer["error_response"].get("code")}, url
            ok = answer.get("alipay_system_oauth_token_response") or {}
            return {"openid": ok.get("user_id") or ok.get("open_id") or ""}, url
        if self.platform == "douyin":  # {err_no, err_tips, data: {openid, session_key, unionid}}
            if answer.get("err_no"):
                return {"errcode": answer["err_no"]}, url
            data = answer.get("data") or {}
            return {"openid": data.get("openid") or "", "session_key": data.get("session_key") or ""}, url
        if self.platform == "univerify":  # {code: 0, success, phoneNumber}; the openid is vouched by the token
            if answer.get("code") != 0 or not answer.get("phoneNumber"):
                return {"errcode": answer.get("code") or -3}, url
            return {"openid": body.get("openid") or "", "phone": answer["phoneNumber"]}, url
        if self.platform == "wechat-app" and not answer.get("errcode"):
            info = (answer.get("user_info") or {}).get("openapp_info") or {}
            return {"openid": info.get("openid") or ""}, url
        return answer, url

    def login(self, body):
        code = body.get("access_token" if self.platform == "univerify" else "code") or ""
        claimed = body.get("claimed_openid" if self.platform == "univerify" else "openid")
        with self.lock:
            if "cache-code" in self.flaws and code in self.by_code:
                return 200, {"data": {"token": self.by_code[code]}}
        answer, url = self.code2session(code, body)
        if answer.get("errcode") and "session-on-error" not in self.flaws:
            error = {"error": "login failed", "errcode": answer.get("errcode")}
            if "leak-secret" in self.flaws:
                error["detail"] = "GET " + url + " failed"
            return 401, error
        openid = answer.get("openid") or ""
        if "trust-client-openid" in self.flaws and claimed:
            openid = claimed
        token = secrets.token_hex(16)
        with self.lock:
            self.sessions[token] = {"openid": openid, "session_key": answer.get("session_key", "")}
            self.by_code[code] = token
        data = {"token": token}
        if "leak-session-key" in self.flaws:
            data["session_key"] = answer.get("session_key", "")
        if answer.get("phone"):
            data["phone"] = answer["phone"] if "leak-phone" in self.flaws else mask(answer["phone"])
        return 200, {"data": data}

    def phone(self, token, body):
        code = body.get("code") or ""
        with self.lock:
            s = self.sessions.get(token)
            cached = self.by_code.get(("phone", code)) if "cache-code" in self.flaws else None
        if not s:
            return 401, {"error": "no session"}
        number = cached
        if not number:
            url = self.api_base + "/wxa/business/getuserphonenumber?" + urllib.parse.urlencode({"access_token": self.app_access_token()})
            request = json.dumps({"code": code, "openid": s["openid"]}).encode("utf-8")
            try:
                answer = self.get_json(url, request, "application/json")
                if answer.get("errcode") == 40001:  # an access_token WeChat no longer knows: once more with a new one
                    self.forget_access_token()
                    url = self.api_base + "/wxa/business/getuserphonenumber?" + urllib.parse.urlencode({"access_token": self.app_access_token()})
                    answer = self.get_json(url, request, "application/json")
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
                return 502, {"error": "phone failed", "detail": type(e).__name__}
            if answer.get("errcode"):
                return 400, {"error": "phone failed", "errcode": answer.get("errcode")}
            number = (answer.get("phone_info") or {}).get("phoneNumber") or ""
            with self.lock:
                self.by_code[("phone", code)] = number
        return 200, {"phone": number if "leak-phone" in self.flaws else mask(number)}

    def me(self, token):
        with self.lock:
            s = self.sessions.get(token)
        return (200, {"openid": s["openid"]}) if s else (401, {"error": "no session"})


def handler_for(backend, delay_ms=0):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def reply(self, status, body):
            if delay_ms:  # the benchmark's backend that takes its time over every answer
                time.sleep(delay_ms / 1000.0)
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length).decode("utf-8") or "{}")
            except ValueError:
                return self.reply(400, {"error": "bad json"})
            if self.path == "/login" and isinstance(body, dict):
                return self.reply(*backend.login(body))
            if self.path == "/phone" and isinstance(body, dict):
                return self.reply(*backend.phone(self.headers.get("X-Session") or "", body))
            self.reply(404, {"error": "not found"})

        def do_GET(self):
            if self.path == "/me":
                return self.reply(*backend.me(self.headers.get("X-Session") or ""))
            self.reply(404, {"error": "not found"})

        def log_message(self, *args):
            pass

    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--api-base", required=True, help="WeChat's API base, e.g. http://127.0.0.1:PORT")
    p.add_argument("--appid", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--flaw", action="append", default=[], choices=sorted(FLAWS))
    p.add_argument("--platform", default="wechat", choices=PLATFORMS)
    p.add_argument("--delay-ms", type=int, default=0, help="answer every request this much later")
    p.add_argument("--private-key", help="alipay: the app private key's PEM file, which signs the gateway requests")
    a = p.parse_args()
    backend = Backend(a.api_base, a.appid, a.secret, set(a.flaw), a.platform, a.private_key)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), handler_for(backend, a.delay_ms))
    server.daemon_threads = True
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
