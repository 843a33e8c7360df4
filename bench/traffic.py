"""Realistic traffic, in `make bench` (issue 21): readers spread over every dossier
while a contributor publishes, through the app servers alone and through the caching
proxy, on the cluster of deploy/cluster.py (PostgreSQL, Redis, two app servers,
Varnish) over the benchmark's dataset.

Each scenario is a wrk run of bench/wrk/paths.lua over a file of addresses; its
throughput is given as a ratio of the static copy of a dossier page served by the
same app server, with the share of answers that came from a cache.
"""

import json
import os
import random
import re
import subprocess
import threading
import time
from pathlib import Path

import requests

from deploy.browsing import form_fields

ROOT = Path(__file__).resolve().parent.parent
WRK = ROOT / "bench" / "wrk"
THREADS, CONNECTIONS = 2, 16
# The name every request gives, through the proxy or to an app server directly.
SITE_HOST = "localhost"
EDITS_PER_SECOND = 1.0
REBUILT_PAGES = 1500

# Budgets (issue 21), as ratios of the static file's throughput.
APP_SERVERS_BUDGET = 0.5  # random reads while publishing, through the app servers alone
PROXY_BUDGET = 0.9  # the same through the proxy
SIGNED_IN_BUDGET = 0.2  # signed-in contributors' dossier pages
ROW_EDIT_REBUILD_BUDGET = 0.05  # a dossier page rebuilt after an edit of one of its rows


def wrk(base, paths_file, *, order, seconds, cookie=None, threads=THREADS):
    command = [
        "wrk", f"-t{threads}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(WRK / "paths.lua"), base,
    ]  # fmt: skip
    env = {
        **os.environ,
        "BENCH_PATHS": str(paths_file),
        "BENCH_ORDER": order,
        "BENCH_THREADS": str(threads),
        "BENCH_COOKIE": cookie or "",
        "BENCH_WRK_DIR": str(WRK),
        "BENCH_HOST": SITE_HOST,
    }
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def summary(figures, static_rps=None, *, once=False):
    """A wrk run's figures. Read `once` (each address once), the threads stop before
    the run's end: the throughput is then the connections over the mean latency
    (Little's law), every connection being busy until its share is done."""
    seconds = figures["duration_us"] / 1e6
    cache = figures["cache"]
    answers = max(cache["answers"], 1)
    rps = figures["requests"] / seconds
    if once:
        rps = CONNECTIONS / (figures["latency_us"]["mean"] / 1e6)
    return {
        "rps": round(rps, 1),
        "ratio": round(rps / static_rps, 3) if static_rps else None,
        "p50_ms": round(figures["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(figures["latency_us"]["p99"] / 1000, 2),
        "errors": sum(figures["errors"].values()),
        "proxy_hit_rate": round(cache["proxy_hits"] / answers, 3),
        "app_hit_rate": round(cache["app_hits"] / answers, 3),
        "hit_rate": round((cache["proxy_hits"] + cache["app_hits"]) / answers, 3),
        "stale": cache["stale"],
    }


class Publisher(threading.Thread):
    """A trusted contributor publishing one edit a second through the real edit form
    (its summary changes), each time of a dossier taken at random."""

    def __init__(self, base, cookie, slugs):
        super().__init__(daemon=True)
        self.base, self.slugs = base, slugs
        # Plain HTTP to the app server: said to come through TLS (X-Forwarded-Proto,
        # which gunicorn trusts from loopback), a form would also need a Referer.
        self.session = requests.Session()
        name, value = cookie.split("=", 1)
        self.session.cookies.set(name, value)
        self.stop = threading.Event()
        self.published, self.failed = 0, []

    def run(self):
        while not self.stop.is_set():
            started = time.monotonic()
            slug = random.choice(self.slugs)
            url = f"{self.base}/dossiers/{slug}/modifier/"
            try:
                fields = form_fields(self.session.get(url, timeout=30).text)
                fields["summary"] = f"{fields.get('summary', '').rstrip('.')[:400]}."
                fields["summary"] = re.sub(r"( \(relu \d+\))?\.$", "", fields["summary"])
                fields["summary"] += f" (relu {self.published})."
                fields["edit_summary"] = "Relecture"
                answer = self.session.post(url, data=fields, allow_redirects=False, timeout=30)
                if answer.status_code == 302:
                    self.published += 1
                else:
                    self.failed.append(answer.status_code)
            except requests.RequestException as error:
                self.failed.append(str(error))
            self.stop.wait(max(0.0, 1 / EDITS_PER_SECOND - (time.monotonic() - started)))


def with_csrf_cookie(base, cookie):
    """`cookie` (a session's) with the CSRF cookie a browser keeps from its first
    page: without it, every page would hand out a new one, and none could be kept."""
    answer = requests.get(
        base + "/", headers={"Cookie": cookie, "X-Forwarded-Proto": "https"}, timeout=30
    )
    token = answer.cookies.get("csrftoken")
    return f"{cookie}; csrftoken={token}" if token else cookie


def write_paths(folder, name, paths):
    path = Path(folder) / f"{name}.txt"
    path.write_text("\n".join(paths) + "\n")
    return path


def run_scenarios(cluster, *, folder, slugs, static_path, cookie, signed_in_paths, seconds):
    """Every traffic scenario on `cluster`; returns (rows, budgets)."""
    app, proxy = cluster.app_servers[0], cluster.proxy
    shuffled = random.Random(21).sample(slugs, len(slugs))
    dossiers = write_paths(folder, "dossiers", [f"/dossiers/{slug}/" for slug in shuffled])
    static = write_paths(folder, "static", [static_path])
    rows = {}

    def run(key, label, base, paths, order, *, publishing=False, cookie_=None, duration=None):
        print(f"  {label}...", flush=True)
        publisher = None
        if publishing:
            publisher = Publisher(app, cookie, slugs)
            publisher.start()
        try:
            figures = wrk(base, paths, order=order, seconds=duration or seconds, cookie=cookie_)
        finally:
            if publisher is not None:
                publisher.stop.set()
                publisher.join()
        row = summary(figures, rows.get("static", {}).get("rps"), once=order == "once")
        row["label"] = label
        if publisher is not None:
            row["published"] = publisher.published
            row["publish_errors"] = len(publisher.failed)
        rows[key] = row
        return row

    run("static", "fichier statique (page de dossier enregistrée), par un serveur d’app", app,
        static, "uniform")  # fmt: skip
    # Every page built once, through the proxy: the cold build, as the first readers
    # of each dossier pay it.
    # Long enough for every dossier (about 25 builds a second on two cores): every
    # later scenario starts from a warm cache, as a site that has run a while.
    run("cold", "dossiers jamais lus (construction complète), par le proxy", proxy, dossiers,
        "once", duration=max(seconds, len(slugs) // 12))  # fmt: skip
    for base, where in ((app, "serveurs d’app seuls"), (proxy, "proxy")):
        tag = "app" if base == app else "proxy"
        for order, how in (("uniform", "uniforme sur 5 000"), ("skewed", "80 % sur 10 %")):
            run(f"{tag}-{order}", f"dossiers au hasard ({how}), {where}", base, dossiers, order)
            run(f"{tag}-{order}-writes", f"dossiers au hasard ({how}) + 1 publication/s, {where}",
                base, dossiers, order, publishing=True)  # fmt: skip
    browser_cookie = with_csrf_cookie(app, cookie)
    signed_in = write_paths(folder, "signed-in", signed_in_paths)
    signed_in_dossiers = write_paths(folder, "signed-in-dossiers", [
        path for path in signed_in_paths if path.count("/") == 3 and path.startswith("/dossiers/")
    ])  # fmt: skip
    run("signed-in", "contributeurs connectés : dossiers, listes, historiques", proxy, signed_in,
        "uniform", cookie_=browser_cookie)  # fmt: skip
    run("signed-in-dossiers", "contributeurs connectés : pages de dossier", proxy,
        signed_in_dossiers, "uniform", cookie_=browser_cookie)  # fmt: skip
    # The pages the cold pass built last: a kept page is not kept longer for being
    # read, and those it built first may have outlived PAGE_CACHE_SECONDS by the time
    # their rows are edited (the day's run on 5fa763d..: every page of the scenario
    # built whole, at the cold pass's pace). Read once more just before their edits.
    edited = shuffled[-REBUILT_PAGES:]
    rebuilt = write_paths(folder, "rebuilt", [f"/dossiers/{slug}/" for slug in edited])
    wrk(app, rebuilt, order="once", seconds=max(seconds, 120))
    edit_one_row_each(cluster, edited)
    run("row-edit", "dossier reconstruit après la modification d’une de ses lignes", app,
        rebuilt, "once", duration=max(seconds, 60))  # fmt: skip
    budgets = [
        ("lectures au hasard + 1 publication/s, serveurs d’app seuls ≥ "
         f"{APP_SERVERS_BUDGET:g} du statique",
         min(rows["app-uniform-writes"]["ratio"], rows["app-skewed-writes"]["ratio"]),
         APP_SERVERS_BUDGET),
        (f"lectures au hasard + 1 publication/s, par le proxy ≥ {PROXY_BUDGET:g} du statique",
         min(rows["proxy-uniform-writes"]["ratio"], rows["proxy-skewed-writes"]["ratio"]),
         PROXY_BUDGET),
        (f"pages de dossier, contributeurs connectés ≥ {SIGNED_IN_BUDGET:g} du statique",
         rows["signed-in-dossiers"]["ratio"], SIGNED_IN_BUDGET),
        ("dossier reconstruit après la modification d’une ligne ≥ "
         f"{ROW_EDIT_REBUILD_BUDGET:g} du statique",
         rows["row-edit"]["ratio"], ROW_EDIT_REBUILD_BUDGET),
    ]  # fmt: skip
    errors = sum(row["errors"] + row.get("publish_errors", 0) for row in rows.values())
    checks = [(name, measured >= bar, f"{measured:.3f}") for name, measured, bar in budgets]
    checks.append(("trafic réel : zéro erreur", errors == 0, f"{errors} erreur(s)"))
    return rows, checks


def edit_one_row_each(cluster, slugs):
    """Change one row of each dossier (a figure's note, or any row's sources order),
    as a committed save that invalidates its section (core.cache_tags)."""
    script = (
        "import json, sys\n"
        "from dossiers.models import Dossier\n"
        "from dossiers.citations import save_row_revision\n"
        f"slugs = json.loads({json.dumps(json.dumps(slugs))})\n"
        "for dossier in Dossier.objects.filter(slug__in=slugs):\n"
        "    row = (dossier.figures.current().first() or dossier.events.current().first()\n"
        "           or dossier.funding_lines.current().first())\n"
        "    if row is None:\n"
        "        continue\n"
        "    row.source_keys = row.source_keys\n"
        "    save_row_revision(row, user=None, reason='Relecture de la ligne')\n"
    )
    cluster.manage("shell", "-c", script)
