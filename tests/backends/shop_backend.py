#!/usr/bin/env python3
"""A small mini-program backend, written for LoginScope's audit tests with Python's standard library
only: POST /login {"code", "openid"?} exchanges the code at the platform and answers
{"data": {"token": ...}}; GET /me with X-Session answers {"openid": ...}. --platform picks the
exchange: wechat (code2Session, GET /sns/jscode2session), swan (Baidu, POST form
/oauth/jscode2sessionkey with client_id = appid and sk = secret) or uni-weixin (GET
/sns/oauth2/access_token). Every classic flaw can be switched on with --flaw NAME (repeatable):

  cache-code            remembers code -> session and answers a replayed code from the cache
  leak-session-key      puts the session_key in the login reply
  leak-secret           quotes the code2Session URL (with the AppSecret) in its error replies
  trust-client-openid   takes the openid the client sends over WeChat's
  session-on-error      issues a session even when code2Session answers an error
  no-timeout            waits for code2Session as long as it takes (no timeout of its own)

It prints "listening on PORT" once it accepts connections (--port 0: any free port).
"""
import argparse
import http.client
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FLAWS = {"cache-code", "leak-session-key", "leak-secret", "trust-client-openid", "session-on-error", "no-timeout"}


class Backend:
    def __init__(self, api_base, appid, secret, flaws, platform="wechat"):
        self.api_base, self.appid, self.secret, self.flaws = api_base.rstrip("/"), appid, secret, flaws
        self.platform = platform
        self.sessions = {}  # token -> {"openid", "session_key"}
        self.by_code = {}  # the cache-code flaw's memory
        self.lock = threading.Lock()

    def exchange_request(self, code):
        """The platform's exchange for `code`: (url, form body or None)."""
        if self.platform == "swan":
            form = urllib.parse.urlencode({"code": code, "client_id": self.appid, "sk": self.secret})
            return self.api_base + "/oauth/jscode2sessionkey?" + form, form.encode("utf-8")
        if self.platform == "uni-weixin":
            query = urllib.parse.urlencode({"appid": self.appid, "secret": self.secret, "code": code,
                                            "grant_type": "authorization_code"})
            return self.api_base + "/sns/oauth2/access_token?" + query, None
        query = urllib.parse.urlencode({"appid": self.appid, "secret": self.secret, "js_code": code,
                                        "grant_type": "authorization_code"})
        return self.api_base + "/sns/jscode2session?" + query, None

    def code2session(self, code):
        url, form = self.exchange_request(code)  # url: what the leak-secret flaw quotes (a form shown as its query)
        timeout = None if "no-timeout" in self.flaws else 1.5
        try:
            request = urllib.request.Request(url.split("?")[0] if form is not None else url, data=form)
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                answer = json.loads(reply.read().decode("utf-8"))
        except urllib.error.HTTPError as e:  # Baidu answers its OAuth errors with HTTP 400
            return {"errcode": e.code, "errmsg": "HTTP %d" % e.code}, url
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
            return {"errcode": -2, "errmsg": "transport: %s" % type(e).__name__}, url
        if "error" in answer:
            answer["errcode"] = answer["error"]
        return answer, url

    def login(self, body):
        code = body.get("code") or ""
        with self.lock:
            if "cache-code" in self.flaws and code in self.by_code:
                return 200, {"data": {"token": self.by_code[code]}}
        answer, url = self.code2session(code)
        if answer.get("errcode") and "session-on-error" not in self.flaws:
            error = {"error": "login failed", "errcode": answer.get("errcode")}
            if "leak-secret" in self.flaws:
                error["detail"] = "GET " + url + " failed"
            return 401, error
        openid = answer.get("openid") or ""
        if "trust-client-openid" in self.flaws and body.get("openid"):
            openid = body["openid"]
        token = secrets.token_hex(16)
        with self.lock:
            self.sessions[token] = {"openid": openid, "session_key": answer.get("session_key", "")}
            self.by_code[code] = token
        data = {"token": token}
        if "leak-session-key" in self.flaws:
            data["session_key"] = answer.get("session_key", "")
        return 200, {"data": data}

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
    p.add_argument("--platform", default="wechat", choices=["wechat", "swan", "uni-weixin"])
    p.add_argument("--delay-ms", type=int, default=0, help="answer every request this much later")
    a = p.parse_args()
    backend = Backend(a.api_base, a.appid, a.secret, set(a.flaw), a.platform)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), handler_for(backend, a.delay_ms))
    server.daemon_threads = True
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
