"""The page benchmark's client side: logging in through the real login form (and the second factor), the load of
`wrk` (Debian's package) at full speed, and a steady load of a few requests a second for the latency a person
feels when the server is not saturated.

Cookies are kept by hand: the production settings mark them Secure, which a cookie jar would not send over the
plain HTTP of 127.0.0.1.
"""

import http.client
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .world import Person

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# wrk prints this Lua script's JSON line at the end of a run: its own summary has no 95th percentile.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %f, "errors": %d, "non2xx": %d, "p50": %f, "p95": %f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


class LoginFailed(RuntimeError):
    pass


@dataclass
class Load:
    """What a run of wrk measured on one page."""

    requests: int
    seconds: float
    errors: int
    non2xx: int
    p50_ms: float
    p95_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Steady:
    """What a steady load of `rate` requests a second measured on one page."""

    rate: float
    sent: int
    failed: int
    p50_ms: float
    p95_ms: float


class Session:
    """One person's logged-in session on the server at host:port."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def send(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """The status, the Location header and the body of the answer; the cookies it sets are kept."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Cookie": self.cookie_header}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers.get("Location", ""), text

    def _post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        status, _location, page = self.send("GET", path)
        token = CSRF_INPUT.search(page)
        if status != 200 or token is None:
            raise LoginFailed(f"{path} answered {status} without a form")
        status, location, _page = self.send("POST", path, {"csrfmiddlewaretoken": token.group(1), **fields})
        return status, location

    def log_in(self, person: Person) -> None:
        """The login form, then the code of the authenticator app for those whose role needs one."""
        status, location = self._post_form(
            "/accounts/login/", {"username": person.username, "password": person.password}
        )
        if status != 302:
            raise LoginFailed(f"{person.username}: the login form answered {status}")
        if "/two-factor/verify/" not in location:
            # The second factor is asked for by the page after the login, not by the login's answer.
            _status, location, _page = self.send("GET", location)
        if "/two-factor/verify/" in location:
            device = TOTPDevice.objects.get(user__username=person.username, name="benchmark")
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the same 30 seconds may be used again
            code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
            status, location = self._post_form(location, {"code": f"{code:0{device.digits}d}"})
            if status != 302 or "/two-factor/" in location:
                raise LoginFailed(f"{person.username}: the second factor was refused ({status})")


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk(url: str, cookie: str, *, seconds: int, connections: int, threads: int = 2) -> Load:
    """`wrk` at full speed on one URL for `seconds`, as the person whose session cookie this is."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(WRK_SCRIPT)
        finished = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                "-H",
                f"Cookie: {cookie}",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(line for line in finished.stdout.splitlines() if line.startswith('{"requests"'))
    data = json.loads(line)
    return Load(
        requests=data["requests"],
        seconds=data["seconds"],
        errors=data["errors"],
        non2xx=data["non2xx"],
        p50_ms=data["p50"],
        p95_ms=data["p95"],
    )


def steady(host: str, port: int, path: str, cookie: str, *, rate: float, seconds: int) -> Steady:
    """`rate` requests a second, each started on time whatever the others are doing, for `seconds`."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def one() -> None:
        nonlocal failures
        began = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(host, port, timeout=30)
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            connection.close()
            ok = response.status == 200
        except OSError:
            ok = False
        with lock:
            latencies.append((time.perf_counter() - began) * 1000)
            failures += not ok

    total = int(rate * seconds)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(4, int(rate * 2))) as pool:
        for index in range(total):
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one)
    ordered = sorted(latencies)
    return Steady(
        rate=rate,
        sent=total,
        failed=failures,
        p50_ms=ordered[len(ordered) // 2] if ordered else 0.0,
        p95_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0.0,
    )
