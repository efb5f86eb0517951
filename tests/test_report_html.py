"""report.html in a real browser: headless Chromium (Debian's ``chromium``) opens the page from
disk; every figure must load with a non-zero size, the page must log no error and request
nothing but the page itself and its data: URIs, and it must render without JavaScript. The
contents list follows the paper, eq. (17) links to the Theorem 2 claims, formulas are native
MathML, and nothing overflows the window at 390 px or on a wide screen.

Chromium is driven through the Chrome DevTools Protocol over ``--remote-debugging-pipe``
(JSON messages separated by NUL bytes on file descriptors 3 and 4), so no Python package
and no browser download is needed. Skips with the reason where Chromium is absent.

Run as a script to render a report to PNG:
``python tests/test_report_html.py report/report.html out.png [width [top]]`` (at most 8000 px
from ``top``).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
    "--disable-extensions", "--mute-audio", "--disable-dev-shm-usage", "--remote-debugging-pipe",
)

#: end to end (a real browser): `pytest -m integration`
pytestmark = pytest.mark.integration


def find_chromium() -> str | None:
    for cand in CHROMIUM_CANDIDATES:
        path = shutil.which(cand) if not os.path.isabs(cand) else (cand if os.access(cand, os.X_OK) else None)
        if path:
            return path
    return None


class CDPError(RuntimeError):
    pass


class Chromium:
    """A headless Chromium driven over the DevTools pipe (fd 3: to the browser, fd 4: from it)."""

    def __init__(self, executable: str, *, javascript: bool = True, timeout: float = 60.0):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="mixcheck-chromium-")
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        # Move the child's ends above fd 10 so that dup2 onto 3 and 4 cannot clobber them.
        child_in = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_r)
        os.close(from_w)

        def _pipes():  # runs in the child between fork and exec
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        args = [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"]
        if not javascript:
            args.insert(-1, "--blink-settings=scriptEnabled=false")
        self.proc = subprocess.Popen(args, preexec_fn=_pipes, close_fds=False, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(child_in)
        os.close(child_out)
        self.w, self.r = to_w, from_r
        self.buf = b""
        self.next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    # -- protocol -------------------------------------------------------------------------
    def _send(self, msg: dict) -> None:
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self.w, data)
            data = data[n:]

    def _recv(self, deadline: float) -> dict:
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CDPError("timed out waiting for Chromium")
            ready, _, _ = select.select([self.r], [], [], left)
            if ready:
                chunk = os.read(self.r, 1 << 20)
                if not chunk:
                    raise CDPError("Chromium closed the DevTools pipe")
                self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, *, session: bool | None = None) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session is None:
            session = hasattr(self, "session")
        if session:
            msg["sessionId"] = self.session
        self._send(msg)
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._recv(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, timeout: float | None = None) -> dict:
        for ev in self.events:
            if ev["method"] == method:
                return ev
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            ev = self._recv(deadline)
            if "method" in ev:
                self.events.append(ev)
                if ev["method"] == method:
                    return ev

    # -- page -----------------------------------------------------------------------------
    def open(self, url: str, width: int = 1280) -> None:
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        self.events.clear()
        self.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        res = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in res:
            raise CDPError(f"evaluate failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    def errors(self) -> list[str]:
        out = []
        for ev in self.events:
            m, p = ev["method"], ev.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(f"exception: {p.get('exceptionDetails', {}).get('text')}")
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(f"console.{p.get('type')}: {p.get('args')}")
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
            elif m == "Network.loadingFailed":
                out.append(f"network: {p.get('errorText')} for request {p.get('requestId')}")
        return out

    def requested_urls(self) -> list[str]:
        return [ev["params"]["request"]["url"] for ev in self.events if ev["method"] == "Network.requestWillBeSent"]

    def page_height(self) -> int:
        metrics = self.call("Page.getLayoutMetrics")
        return int(metrics.get("cssContentSize", metrics.get("contentSize"))["height"])

    def screenshot(self, path: str | Path, width: int = 1280, top: int = 0, height: int | None = None) -> None:
        """A PNG of the page from ``top`` (CSS pixels), ``height`` tall (default: to the end,
        at most 8000 px: Chromium refuses larger captures)."""
        height = min(height or self.page_height() - top, 8000)
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        shot = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {"x": 0, "y": top, "width": width, "height": height, "scale": 1}})
        Path(path).write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.call("Browser.close", session=False)
        except (CDPError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.w, self.r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Chromium (Debian package `chromium`; .ci/run installs it with apt-get where missing)",
)

IMAGES_JS = """JSON.stringify(Array.from(document.images).map(function (i) {
  var r = i.getBoundingClientRect();
  return {alt: i.alt, complete: i.complete, natural: [i.naturalWidth, i.naturalHeight], shown: [r.width, r.height],
          scheme: i.src.split(':')[0]};
}))"""


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, claim_runs):
    """A report with every figure that can be drawn here, on the test claims of test_report.py;
    the figures' numbers come from the session's runs of the claims they illustrate."""
    from mixcheck.claims import CLAIMS
    from mixcheck.report.build import build_report, write_report
    from mixcheck.report.figures import make_figures
    from mixcheck.report.figures_complexity import FIG2_CLAIM
    from mixcheck.report.figures_lambda import THM4_CLAIM

    from test_report import ENV, SAMPLE_CLAIMS

    out = tmp_path_factory.mktemp("report")
    ids = [c["id"] for c in SAMPLE_CLAIMS] + ["thm4/surrogate", "fig2/trend"]
    results = [claim_runs.result(c, profile="ci") for c in CLAIMS if c.id in (FIG2_CLAIM, THM4_CLAIM)]
    figures = make_figures(out, seed=0, profile="ci", claim_ids=ids, results=results)
    sympy_claim = json.loads(json.dumps(SAMPLE_CLAIMS[0]))  # steps in SymPy's text, as the proofs give them
    sympy_claim.update(id="sec6.beta-moments/sympy", evidence={"summary": "derived", "derivation": {
        "id": "beta.var", "title": "Var(λ)", "result_text": "1/(8*alpha + 4)", "steps": [
            {"name": "moments", "lhs": "(alpha + 1)/(2*(2*alpha + 1)) - 1/4", "rhs": "1/(8*alpha + 4)", "holds": True},
            {"name": "hessian", "lhs": "Derivative(-log(-theta), (theta, 2))", "rhs": "theta**(-2)", "holds": False,
             "residual": "theta**(-2) - 1", "expected_to_fail": True, "reason": "as recorded"}]}})
    claims = SAMPLE_CLAIMS + [
        sympy_claim,
        dict(SAMPLE_CLAIMS[2], id="fig2/trend", paper_ref="Fig. 2"),
        dict(SAMPLE_CLAIMS[0], id="thm4/surrogate", paper_ref="Theorem 4"),
    ]
    report = build_report(claims, profile="ci", seed=0, figures=figures, environment=dict(ENV))
    write_report(report, out)
    return out


@needs_chromium
def test_report_html_loads_in_chromium(report_dir):
    report = json.loads((report_dir / "report.json").read_text())
    drawn = [f for f in report["figures"] if f["status"] == "ok"]
    assert len(drawn) >= 4
    url = (report_dir / "report.html").resolve().as_uri()
    with Chromium(CHROMIUM) as browser:
        browser.open(url)
        images = json.loads(browser.evaluate(IMAGES_JS))
        title = browser.evaluate("document.title")
        rows = browser.evaluate("document.querySelectorAll('table.summary:not(.statements) td.id').length")
        errors = browser.errors()
        urls = browser.requested_urls()
    assert "mixcheck validation report" in title
    assert rows == len(report["claims"])
    assert len(images) == len(drawn), images
    for img in images:
        assert img["complete"] and img["natural"][0] > 0 and img["natural"][1] > 0, img
        assert img["shown"][0] > 100 and img["shown"][1] > 50, img
        assert img["scheme"] == "data", img
    assert errors == []
    assert all(u == url or u.startswith(("data:", "about:")) for u in urls), urls


@needs_chromium
def test_report_html_reads_without_javascript(report_dir):
    url = (report_dir / "report.html").resolve().as_uri()
    with Chromium(CHROMIUM, javascript=False) as browser:
        browser.open(url)
        # With scripts disabled, Runtime.evaluate still runs (DevTools), the page's own scripts would not.
        images = json.loads(browser.evaluate(IMAGES_JS))
        text = browser.evaluate("document.body.innerText")
        errors = browser.errors()
    assert all(i["natural"][0] > 0 for i in images) and images
    assert "Summary" in text and "thm2/as-printed" in text and "refuted" in text
    assert errors == []


NAVIGATION_JS = """JSON.stringify((function () {
  var nav = document.querySelector('nav#contents');
  var sections = Array.from(nav.querySelectorAll('ol.toc > li > a')).map(function (a) { return a.textContent; });
  var eq = document.querySelector('tr#ref-eq-17 a[href="#family-thm2"]');
  var target = document.getElementById('family-thm2');
  location.hash = '#family-thm2';
  var top = target ? Math.round(target.getBoundingClientRect().top) : null;
  return {sections: sections, eq17: !!eq, target: !!target, top: top, scrollY: window.scrollY,
          back: document.querySelectorAll('a[href="#contents"]').length};
})())"""

MATHML_JS = """JSON.stringify((function () {
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  var maths = Array.from(document.querySelectorAll('math'));
  return {count: maths.length,
          native: maths.length > 0 && typeof MathMLElement !== 'undefined' && maths[0] instanceof MathMLElement,
          sized: maths.filter(function (m) { var r = m.getBoundingClientRect(); return r.width > 5 && r.height > 5; }).length,
          fractions: document.querySelectorAll('math mfrac').length,
          titled: maths.filter(function (m) { return (m.getAttribute('title') || '').indexOf('alpha') >= 0; }).length};
})())"""

OVERFLOW_JS = """JSON.stringify((function () {
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  var wide = Array.from(document.querySelectorAll('body *')).filter(function (e) {
    return e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll');
  }).slice(0, 5).map(function (e) { return e.tagName + '.' + e.className; });
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: wide};
})())"""


@needs_chromium
def test_contents_equation_links_and_mathml_in_chromium(report_dir):
    url = (report_dir / "report.html").resolve().as_uri()
    with Chromium(CHROMIUM) as browser:
        browser.open(url)
        nav = json.loads(browser.evaluate(NAVIGATION_JS))
        math = json.loads(browser.evaluate(MATHML_JS))
        errors = browser.errors()
    assert nav["sections"][:2] == ["Statements: one verdict each", "Summary"] and nav["sections"][2].startswith("Section 1")
    paper = [t for t in nav["sections"] if t.startswith("Section")]
    assert paper == sorted(paper, key=lambda t: int(t.split()[1])), paper
    assert nav["eq17"] and nav["target"] and nav["scrollY"] > 0 and abs(nav["top"]) <= 2, nav
    assert nav["back"] >= 4
    assert math["native"] and math["count"] >= 3 and math["sized"] == math["count"], math
    assert math["fractions"] >= 1 and math["titled"] >= 1, math
    assert errors == []


@needs_chromium
@pytest.mark.parametrize("width", [390, 1600])
def test_no_horizontal_overflow_from_390_px_to_wide(report_dir, tmp_path, width):
    """Every block fits the window (wide tables and formulas scroll inside their own box), with
    every folded block open; the screenshot is as wide as the window."""
    url = (report_dir / "report.html").resolve().as_uri()
    with Chromium(CHROMIUM) as browser:
        browser.open(url, width=width)
        res = json.loads(browser.evaluate(OVERFLOW_JS))
        browser.screenshot(tmp_path / "page.png", width=width, height=2000)
    assert res["innerWidth"] == width
    assert res["scrollWidth"] <= res["innerWidth"] and res["wide"] == [], res
    png = (tmp_path / "page.png").read_bytes()
    assert int.from_bytes(png[16:20], "big") == width  # PNG header: the width of the capture


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    width = int(argv[2]) if len(argv) > 2 else 1280
    top = int(argv[3]) if len(argv) > 3 else 0
    exe = find_chromium()
    if exe is None:
        print("no Chromium found", file=sys.stderr)
        return 1
    with Chromium(exe) as browser:
        browser.open(Path(argv[0]).resolve().as_uri(), width=width)
        browser.screenshot(argv[1], width=width, top=top)
        print("errors:", browser.errors())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
