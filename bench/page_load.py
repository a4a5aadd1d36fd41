"""Load: how many page requests a second two web workers hold for a director.

    apt-get install -y wrk && pip install gunicorn      # the load tool and the server
    python bench/page_load.py --home /tmp/bench/large-sqlite [--seconds 30] [--targets]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python bench/page_load.py

Starts Patron under gunicorn with `--workers` sync workers on loopback (as a production
server runs it), signs in the director whose people own closest to half the company's
deals, and drives a mixed set of their pages with wrk — the home page, the accounts and
deals lists (plain, searched, sorted), five account pages and five deal pages, in turn
— for `--seconds`, with `--connections` open connections. Prints requests/s, the
latency percentiles and the number of failed responses. The **baseline, measured in
the same run** with the same server, is the sign-in page (no query): the ratio says
how much of the server's capacity the pages keep. `--targets` fails the run unless the
mix holds ≥ 100 requests/s with p99 ≤ 500 ms and no failed response.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_RATE = 100.0
TARGET_P99_MS = 500.0
LUA = """
local urls = {}
for line in io.lines("%(urls)s") do urls[#urls + 1] = line end
local i = 0
request = function()
  i = (i %% #urls) + 1
  return wrk.format("GET", urls[i], {["Cookie"] = "sessionid=%(session)s"})
end
"""


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="PATRON_HOME of the generated company")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--targets", action="store_true", help="fail below the targets")
    return parser.parse_args()


def _director() -> Any:
    from django.db.models import Count

    from patron.org.choices import Role
    from patron.org.models import User
    from patron.pipeline.models import Opportunity, OpportunityAccess

    deals = Opportunity.objects.count()
    managers = list(User.objects.filter(role=Role.SALES_MANAGER, is_active=True))
    reach = dict(
        OpportunityAccess.objects.filter(viewer__in=managers)
        .values_list("viewer")
        .annotate(n=Count("pk"))
    )
    return min(managers, key=lambda user: (abs(reach.get(user.pk, 0) - deals / 2), user.pk))


def _session_for(user: Any) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def _mix(user: Any) -> list[str]:
    from patron.accounts.models import Account
    from patron.pipeline.models import Opportunity

    accounts = Account.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)[:5]
    deals = Opportunity.objects.visible_to(user).order_by("-pk").values_list("pk", flat=True)[:5]
    return [
        "/",
        "/accounts/",
        "/accounts/?q=th",
        "/opportunities/",
        "/opportunities/?sort=-amount",
        *(f"/accounts/{pk}/" for pk in accounts),
        *(f"/opportunities/{pk}/" for pk in deals),
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before serving")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start serving")


def _wrk(url: str, seconds: int, connections: int, script: str | None = None) -> dict[str, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", script]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    found: dict[str, float] = {}
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    found["rate"] = float(rate.group(1)) if rate else 0.0
    for percent in ("50", "99"):
        match = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", output)
        if match:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
            found[f"p{percent}"] = float(match.group(1)) * scale
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)", output)
    found["failed"] = float(failed.group(1)) if failed else 0.0
    if errors:
        found["failed"] += sum(float(errors.group(index)) for index in range(1, 5))
    return found


def main() -> None:
    arguments = _arguments()
    if arguments.home:
        os.environ["PATRON_HOME"] = str(arguments.home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patron.settings")
    import django

    django.setup()
    from django.db import connection

    director = _director()
    session = _session_for(director)
    urls = _mix(director)
    connection.close()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "patron.wsgi",
            f"--workers={arguments.workers}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        env=os.environ.copy(),
    )
    try:
        _wait_until_serving(port, server)
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as folder:
            url_file = Path(folder) / "urls.txt"
            url_file.write_text("\n".join(urls) + "\n")
            script = Path(folder) / "mix.lua"
            script.write_text(LUA % {"urls": url_file, "session": session})
            _wrk(base + "/login/", 3, arguments.connections)  # warm every worker
            _wrk(base, 3, arguments.connections, str(script))
            baseline = _wrk(base + "/login/", arguments.seconds, arguments.connections)
            mix = _wrk(base, arguments.seconds, arguments.connections, str(script))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"database: {connection.vendor}; {arguments.workers} workers, "
        f"{arguments.connections} connections, {arguments.seconds} s each; "
        f"director {director.username}, {len(urls)} pages in turn"
    )
    for name, figures in (("sign-in page (baseline)", baseline), ("director's mixed pages", mix)):
        print(
            f"{name:25s} {figures['rate']:8.1f} req/s  p50 {figures.get('p50', 0):6.1f} ms  "
            f"p99 {figures.get('p99', 0):6.1f} ms  failed {figures['failed']:.0f}"
        )
    print(f"ratio: the mix holds {mix['rate'] / baseline['rate']:.2f}× the baseline's rate")
    if arguments.targets:
        misses = []
        if mix["rate"] < TARGET_RATE:
            misses.append(f"{mix['rate']:.1f} req/s < {TARGET_RATE:.0f}")
        if mix.get("p99", 0) > TARGET_P99_MS:
            misses.append(f"p99 {mix['p99']:.0f} ms > {TARGET_P99_MS:.0f}")
        if mix["failed"]:
            misses.append(f"{mix['failed']:.0f} failed responses")
        if misses:
            raise SystemExit("FAIL " + "; ".join(misses))


if __name__ == "__main__":
    main()
