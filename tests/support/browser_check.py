#!/usr/bin/python3
"""Opens pages in headless Chromium over the DevTools protocol and reports what happened.

Test support for the HTML report (tests/reports/browser_test.cpp), also usable by hand to refresh the
screenshots in docs/. Standard library only: a minimal WebSocket client (RFC 6455) speaks CDP.

    browser_check.py CONFIG.json      # prints one JSON object on stdout

CONFIG: {"chromium": "/usr/bin/chromium", "width": 1280, "height": 900,
         "pages": [{"url": "file:///…/report.html", "screenshot": "/tmp/x.png",
                    "eval": {"name": "JS expression", …}}]}
Result: {"pages": [{"url", "loaded", "dialogs": [...], "console": [...], "exceptions": [...],
                    "log": [...], "requests": [...], "eval": {"name": value}}]}
Every page is loaded in a fresh tab; the screenshot is taken before the expressions run (they may
click and filter). Dialogs are recorded and dismissed, so an alert() cannot hang the check.
"""

import base64
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time


class WebSocket:
    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, _, path = url[5:].partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("websocket handshake: connection closed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError("websocket handshake refused: " + head.decode(errors="replace"))

    def _recv_exact(self, n):
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise RuntimeError("websocket closed")
            buf += chunk
        return bytes(buf)

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 1 << 16:
            head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def send(self, text):
        self._send_frame(0x1, text.encode())

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._recv_exact(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._recv_exact(8))[0]
            mask = self._recv_exact(4) if b1 & 0x80 else None
            data = self._recv_exact(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if opcode == 0x9:
                self._send_frame(0xA, data)
                continue
            if opcode == 0x8:
                raise RuntimeError("websocket closed by the browser")
            if opcode in (0x0, 0x1, 0x2):
                message += data
                if b0 & 0x80:
                    return message.decode()


class Browser:
    def __init__(self, chromium, width, height):
        self.profile = tempfile.mkdtemp(prefix="pantau-chromium-")
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--hide-scrollbars", f"--window-size={width},{height}",
                f"--user-data-dir={self.profile}", "--remote-debugging-port=0", "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, start_new_session=True)
        url = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stderr.readline().decode(errors="replace")
            if not line:
                break
            if "DevTools listening on " in line:
                url = line.split("DevTools listening on ", 1)[1].strip()
                break
        if url is None:
            self.close()
            raise RuntimeError("chromium did not start its DevTools endpoint")
        self.ws = WebSocket(url)
        self.next_id = 0
        self.events = []

    def call(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.on_event(reply)
        raise RuntimeError(f"{method}: no reply")

    def on_event(self, ev):
        self.events.append(ev)
        if ev.get("method") == "Page.javascriptDialogOpening":
            # Dismiss at once (recorded above): an open dialog would block the page.
            self.next_id += 1
            self.ws.send(json.dumps({"id": self.next_id, "method": "Page.handleJavaScriptDialog",
                                     "params": {"accept": False}, "sessionId": ev.get("sessionId")}))

    def pump(self, seconds, until=None):
        end = time.time() + seconds
        self.ws.sock.settimeout(0.2)
        try:
            while time.time() < end:
                try:
                    ev = json.loads(self.ws.recv())
                except (socket.timeout, TimeoutError):
                    continue
                if "method" in ev:
                    self.on_event(ev)
                    if until and until(ev):
                        return True
        finally:
            self.ws.sock.settimeout(30)
        return False

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


def check_page(browser, page, width, height):
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
        browser.call(method, session=session)
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
    browser.events = []
    browser.call("Page.navigate", {"url": page["url"]}, session=session)
    loaded = any(e.get("method") == "Page.loadEventFired" for e in browser.events) or browser.pump(
        20, lambda e: e.get("method") == "Page.loadEventFired")
    browser.pump(0.7)  # late console messages, CSP reports, requests

    result = {"url": page["url"], "loaded": loaded, "eval": {}}
    if page.get("screenshot"):
        metrics = browser.call("Page.getLayoutMetrics", session=session)
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": width, "height": min(int(size["height"]) + 1, 2600), "scale": 1}
        shot = browser.call("Page.captureScreenshot",
                            {"format": "png", "clip": clip, "captureBeyondViewport": True}, session=session)
        with open(page["screenshot"], "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    for name, expr in page.get("eval", {}).items():
        r = browser.call("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=session)
        result["eval"][name] = r.get("result", {}).get("value", r.get("exceptionDetails", {}).get("text"))
    browser.pump(0.3)

    events = [e for e in browser.events if e.get("sessionId") == session]
    result["dialogs"] = [e["params"].get("message", "") for e in events
                         if e["method"] == "Page.javascriptDialogOpening"]
    result["console"] = [{"type": e["params"]["type"],
                          "text": " ".join(str(a.get("value", a.get("description", ""))) for a in e["params"]["args"])}
                         for e in events if e["method"] == "Runtime.consoleAPICalled"]
    result["exceptions"] = [e["params"]["exceptionDetails"].get("text", "") +
                            " " + str(e["params"]["exceptionDetails"].get("exception", {}).get("description", ""))
                            for e in events if e["method"] == "Runtime.exceptionThrown"]
    result["log"] = [{"level": e["params"]["entry"]["level"], "source": e["params"]["entry"].get("source"),
                      "text": e["params"]["entry"]["text"]}
                     for e in events if e["method"] == "Log.entryAdded"]
    result["requests"] = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    browser.call("Target.closeTarget", {"targetId": target})
    return result


def main():
    with open(sys.argv[1]) as f:
        config = json.load(f)
    width, height = config.get("width", 1280), config.get("height", 900)
    browser = Browser(config.get("chromium", "/usr/bin/chromium"), width, height)
    try:
        pages = [check_page(browser, p, width, height) for p in config["pages"]]
    finally:
        browser.close()
    json.dump({"pages": pages}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
