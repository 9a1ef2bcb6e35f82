"""A load test with the standard library: N simulated users browse and post updates against a running Koers.

Each user logs in, then loops: dashboard, jaarplan tree, one of its activities, an indicator page, and every
fifth round posts a progress update. Latencies of every request are collected; afterwards the caller checks
that every update that got a redirect (success) is in the database.

All users log in first and wait for each other (``ready``): password hashing is deliberately slow, and fifty
logins at once would otherwise be measured as slow pages. The clock (``Result.deadline``) starts when everyone is
in, as in a load test with a ramp-up that is not counted.
"""

import http.cookiejar
import random
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

from koers_dev.performance.scale import foreign_markers

_CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Result:
    latencies: dict = field(default_factory=dict)  # page kind -> list of seconds
    errors: list = field(default_factory=list)
    posted: list = field(default_factory=list)  # (activity_id, marker)
    requests: int = 0
    deadline: float = 0.0  # time.monotonic() at which users stop; set when every user has logged in
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind, seconds, ok, detail=""):
        with self.lock:
            self.requests += 1
            self.latencies.setdefault(kind, []).append(seconds)
            if not ok:
                self.errors.append(f"{kind}: {detail}")


class Client:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        cookies = urllib.request.HTTPCookieProcessor(self.jar)
        self.opener = urllib.request.build_opener(cookies, _NoRedirect)

    def _csrf_cookie(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path, data=None, timeout=30):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            req.add_header("Referer", self.base + path)
            req.add_header("X-CSRFToken", self._csrf_cookie())
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=timeout) as response:
                content = response.read().decode("utf-8", "replace")
                status = response.status
        except urllib.error.HTTPError as exc:
            content, status = exc.read().decode("utf-8", "replace"), exc.code
        return status, content, time.perf_counter() - start

    def login(self, username, password, timeout=30):
        status, page, _ = self.request("/account/inloggen/", timeout=timeout)
        token = _CSRF_RE.search(page).group(1)
        status, _page, _t = self.request(
            "/account/inloggen/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
            timeout=timeout,
        )
        return status == 302


def simulate_user(
    base,
    username,
    password,
    plan_urls,
    activity_ids,
    indicator_ids,
    ready,
    result,
    tertiaal,
    think=0.0,
    rounds=None,
    *,
    own_marker=None,
    post_updates=True,
    exponential=False,
    client=None,
):
    """One user: dashboard, plan, an activity and an indicator, an update every fifth round.

    ``ready`` is a :class:`threading.Barrier` shared with the other users and the caller, whose action sets
    ``result.deadline``. ``think`` is the mean reading time between two pages in seconds (uniform between
    half and one and a half times it, or exponential with that mean when ``exponential``); 0 clicks on without
    pause. ``rounds`` runs exactly that many rounds and ignores the deadline (for tests, which must not depend on
    how fast the machine is). With ``own_marker`` (the scale-out test) every response that shows the marker of
    another SWV is an error; ``post_updates=False`` for a role that only reads (toezicht). ``client``: a
    :class:`Client` that has logged in already (the scale-out test logs everyone in once, before its steps).
    """
    logged_in = client is not None
    client = client or Client(base)

    def check(kind, path, status, content, seconds):
        ok, detail = status == 200, f"{path} gaf {status}"
        if own_marker is not None:
            leaked = foreign_markers(content, own_marker)
            if leaked:
                ok, detail = False, f"{path} toont gegevens van een ander SWV ({', '.join(sorted(leaked))})"
        result.record(kind, seconds, ok, detail)

    def pause():
        if think:
            time.sleep(rng.expovariate(1 / think) if exponential else rng.uniform(0.5 * think, 1.5 * think))

    try:
        logged_in = logged_in or client.login(username, password)
    except OSError as exc:
        logged_in = False
        result.record("login", 0, False, f"login van {username}: {exc}")
    ready.wait()
    if not logged_in:
        result.record("login", 0, False, f"login van {username} mislukt")
        return
    rng = random.Random(username)
    if think:
        time.sleep(rng.uniform(0, think))  # users do not all click at the same moment
    deadline = result.deadline
    round_no = 0
    # the scale-out test: users are at different points of their fifth round (one update in any five rounds)
    update_offset = rng.randrange(5) if own_marker is not None else 0

    def go_on():
        return round_no < rounds if rounds else time.monotonic() < deadline

    while go_on():
        round_no += 1
        pages = [("dashboard", "/"), ("plan", rng.choice(plan_urls))]
        activity = rng.choice(activity_ids)
        pages.append(("activiteit", f"/plannen/activiteit/{activity}/"))
        if indicator_ids:
            pages.append(("indicator", f"/monitoring/indicator/{rng.choice(indicator_ids)}/"))
        for kind, path in pages:
            try:
                status, content, seconds = client.request(path)
            except OSError as exc:  # a timeout or a refused connection is an error of this request, not the end
                result.record(kind, 30.0, False, f"{path}: {exc}")
                pause()
                continue
            check(kind, path, status, content, seconds)
            pause()
            if not rounds and time.monotonic() >= deadline:
                return
        if post_updates and (round_no + update_offset) % 5 == 0:
            marker = f"loadtest {username} ronde {round_no} {uuid.uuid4().hex[:8]}"
            try:
                status, page, _t = client.request(f"/plannen/activiteit/{activity}/")
            except OSError as exc:
                result.record("update", 30.0, False, f"formulier van activiteit {activity}: {exc}")
                continue
            match = _CSRF_RE.search(page)
            if not match:
                result.record("update", 0, False, f"geen formulier op activiteit {activity}")
                continue
            data = {
                "csrfmiddlewaretoken": match.group(1),
                "tertiaal": tertiaal,
                "status": "loopt",
                "happened": marker,
            }
            try:
                status, content, seconds = client.request(f"/plannen/activiteit/{activity}/", data)
            except OSError as exc:
                result.record("update", 30.0, False, f"update op {activity}: {exc}")
                continue
            ok = status == 302
            result.record("update", seconds, ok, f"update op {activity} gaf {status}")
            if own_marker is not None and foreign_markers(content, own_marker):
                result.record("update", 0, False, f"update op {activity}: antwoord toont een ander SWV")
            if ok:
                with result.lock:
                    result.posted.append((activity, marker))


def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary_rows(result):
    rows = []
    everything = [v for values in result.latencies.values() for v in values]
    for kind, values in [*sorted(result.latencies.items()), ("alles", everything)]:
        rows.append(
            (
                kind,
                len(values),
                1000 * percentile(values, 50),
                1000 * percentile(values, 95),
                1000 * percentile(values, 99),
                1000 * (statistics.mean(values) if values else 0),
            )
        )
    return rows
