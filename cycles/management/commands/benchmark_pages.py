"""`manage.py benchmark_pages` (`make bench-pages`): the main pages under load, each beside the bare view.

gunicorn serves the app with the production settings on this database (PostgreSQL: DATABASE_URL), with the demo
data (seeded before) and one large group (2,000 members, five years of records, built on the first run and kept).
A person of each role logs in through the login form, and for each of their pages `wrk` asks as fast as it can
for `--seconds`; the bare view (one query, one template, the same middleware) is measured the same way at the
start and at the end, and each page's requests per second are divided by the bare view's. Then each page is asked
at a steady `--rate` requests a second, for the latency a person feels on a server that is not saturated.

Prints a Markdown table (the README's) and the machine's load while measuring.
"""

import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from cycles.bench.load import Load, LoginFailed, Session, Steady, steady, wrk, wrk_available
from cycles.bench.server import gunicorn
from cycles.bench.world import world_prepare

BARE = "/bench/bare/"


class Command(BaseCommand):
    help = "The main pages under load on gunicorn, each against a bare one-query view on the same server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=int, default=10, help="How long wrk loads each page (10).")
        parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (8).")
        parser.add_argument("--rate", type=float, default=20, help="Requests a second of the steady load (20).")
        parser.add_argument("--steady-seconds", type=int, default=10, help="How long the steady load lasts (10).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
        parser.add_argument("--port", type=int, default=8090)
        parser.add_argument("--members", type=int, default=2000, help="Members of the large group (2,000).")
        parser.add_argument("--years", type=int, default=5, help="Years of records of the large group (5).")
        parser.add_argument("--only", default="", help="Measure only the pages whose name contains this.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not wrk_available():
            raise CommandError("wrk is not installed: apt-get install wrk")
        if connection.vendor != "postgresql":
            self.stderr.write("Note: measured on SQLite; the README's figures are on PostgreSQL (DATABASE_URL).")
        world = world_prepare(members=options["members"], years=options["years"])
        self.stdout.write(
            f"Large group: {world.group} ({world.members} members, {world.answers} inspection answers); "
            f"database: {connection.vendor}"
        )
        port = options["port"]
        base = f"http://127.0.0.1:{port}"
        rows: list[tuple[str, str, Load, Steady]] = []
        bare_loads: list[Load] = []
        with (
            tempfile.TemporaryDirectory() as static_root,
            gunicorn(port=port, workers=options["workers"], static_root=Path(static_root)),
        ):
            sessions = {}
            for role, person in world.people.items():
                session = Session("127.0.0.1", port)
                try:
                    session.log_in(person)
                except LoginFailed as error:
                    raise CommandError(str(error)) from error
                sessions[role] = session
            first = next(iter(sessions.values()))

            def load(path: str, session: Session) -> Load:
                status, location, _body = session.send("GET", path)
                if status != 200:
                    raise CommandError(f"{path} answered {status} {location} before the load")
                return wrk(
                    base + path, session.cookie_header, seconds=options["seconds"], connections=options["connections"]
                )

            bare_loads.append(load(BARE, first))
            for role, pages in world.pages.items():
                for name, path in pages:
                    if options["only"] and options["only"] not in name:
                        continue
                    session = sessions[role]
                    measured = load(path, session)
                    felt = steady(
                        "127.0.0.1",
                        port,
                        path,
                        session.cookie_header,
                        rate=options["rate"],
                        seconds=options["steady_seconds"],
                    )
                    rows.append((str(role).replace("_", " "), name, measured, felt))
            bare_loads.append(load(BARE, first))
        self._print(rows, bare_loads, options)

    def _print(
        self, rows: list[tuple[str, str, Load, Steady]], bare_loads: list[Load], options: dict[str, Any]
    ) -> None:
        bare = statistics.mean(load.per_second for load in bare_loads)
        self.stdout.write(
            f"\nBare view: {', '.join(f'{load.per_second:.0f}' for load in bare_loads)} requests/s "
            f"(start, end; mean {bare:.0f}), p50 {bare_loads[0].p50_ms:.1f} ms\n"
        )
        rate = f"{options['rate']:g}"
        self.stdout.write(
            f"| role | page | requests/s | ratio to bare | p50 | p95 | p50 at {rate}/s | p95 at {rate}/s | errors |"
        )
        self.stdout.write("|---|---|---|---|---|---|---|---|---|")
        for role, name, measured, felt in rows:
            errors = measured.errors + measured.non2xx + felt.failed
            self.stdout.write(
                f"| {role} | {name} | {measured.per_second:.0f} | {measured.per_second / bare:.2f} | "
                f"{measured.p50_ms:.0f} ms | {measured.p95_ms:.0f} ms | {felt.p50_ms:.0f} ms | {felt.p95_ms:.0f} ms | "
                f"{errors} |"
            )
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        self.stdout.write(
            f"\nwrk: {options['connections']} connections for {options['seconds']} s per page; gunicorn "
            f"{options['workers']} workers; load average at the end: {load} on {os.cpu_count()} CPUs"
        )
