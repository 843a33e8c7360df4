"""Load benchmark of the production configuration: `make bench`.

Builds the synthetic dataset (bench/dataset.py) in a throwaway PostgreSQL cluster
(or BENCH_DATABASE_URL), serves it with gunicorn and the production settings on
loopback, drives each page with wrk, and writes bench/results/latest.{json,md}
and the README's table. Each page's throughput is given as a ratio of the same
dossier page saved as a static file and served by the same gunicorn and
whitenoise, since absolute figures depend on the machine.

    .venv/bin/python bench/run.py [--duration 10] [--small]

Exits 1 when a budget is missed (the report says which).
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
WRK = ROOT / "bench" / "wrk"
README = ROOT / "README.md"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"

THROUGHPUT_CONNECTIONS = 16
LOW_LOAD_P99_BUDGET_MS = 50
BUILD_BUDGET_S = 600
BASELINE_RATIO_BUDGET = 0.5
UNCACHED_REQUESTS = 20  # per address, timed in-process with every cache off
INDEXING_BUDGET_MS = 20
EXPORT_BUDGET_S = 60  # a full open-data export (issue 18)
EXPORT_MEMORY_BUDGET_MB = 200
INDEXING_SAVES = 15
HOST = "127.0.0.1"


@dataclass
class Page:
    key: str
    label: str
    urls: list  # the first is loaded; all are counted for constant queries
    logged_in: bool = False
    latency_budget: bool = False
    queries: list = field(default_factory=list)
    uncached: dict = field(default_factory=dict)
    throughput: dict = field(default_factory=dict)
    low_load: dict = field(default_factory=dict)
    peak_worker_mb: float = 0.0


def main():
    options = parse_arguments()
    RESULTS.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dossiers-bench-"))
    given_url = os.environ.get("BENCH_DATABASE_URL")
    with nullcontext(given_url) if given_url else throwaway_postgres() as database_url:
        os.environ.update(production_environment(database_url, work))
        report = run(options, work)
    shutil.rmtree(work, ignore_errors=True)
    write_report(report)
    failed = [budget for budget in report["budgets"] if not budget["held"]]
    for budget in report["budgets"]:
        print(f"{'OK  ' if budget['held'] else 'FAIL'} {budget['name']}: {budget['measured']}")
    sys.exit(1 if failed else 0)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--small", action="store_true", help="a small dataset, to try the bench")
    return parser.parse_args()


@contextmanager
def throwaway_postgres():
    from bench.postgres import ThrowawayPostgres

    with ThrowawayPostgres() as cluster:
        yield cluster.url


def production_environment(database_url, work):
    """The production settings, as a deployment behind a TLS load balancer sets them."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},testserver",
        "DJANGO_BEHIND_TLS_PROXY": "true",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_DOCUMENTS_ROOT": str(work / "documents"),
        "DJANGO_LOG_LEVEL": "WARNING",
        # The bench measures serving; the API's throttling would answer its load 429.
        "API_ANONYMOUS_RATE": "off",
    }


def run(options, work):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.attack import READER_P95_RATIO_BUDGET
    from bench.dataset import Scale, build

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    scale = small_scale() if options.small else Scale()
    print(f"Building the dataset on {connection.vendor}...", flush=True)
    start = time.perf_counter()
    dataset = build(scale)
    build_seconds = time.perf_counter() - start
    print(f"  built in {build_seconds:.0f} s: {dataset.timings}", flush=True)
    call_command("collectstatic", verbosity=0, interactive=False)

    pages = bench_pages(dataset)
    count_queries(pages, dataset)
    indexing = indexing_cost()
    exporting = export_cost(work)
    baseline_path = save_baseline(pages[1])
    with gunicorn() as server:
        baseline = Page("baseline", "Page de dossier statique (référence)", [baseline_path])
        for page in [baseline, *pages]:
            load(server, page, options.duration, dataset)
        malformed = send_malformed(server, dataset, options.duration)
        attack = attack_scenario(server, dataset, baseline.urls[0], options.duration, work)
        workers = server.workers_peak_mb()
    traffic, traffic_budgets = real_traffic(options, work, dataset, baseline_path)
    growth, linear = page_growth()
    report = make_report(
        options, scale, dataset, build_seconds, baseline, pages, malformed, workers, connection
    )
    report["traffic"] = traffic
    report["growth"] = {"points": growth, "linear": linear}
    for name, held, measured in traffic_budgets:
        report["budgets"].append(budget(name, held, measured))
    report["budgets"].append(
        budget(
            "la construction d’une page de dossier croît au plus linéairement "
            "(texte, lignes, citations)",
            all(linear.values()),
            ", ".join(
                f"{what} {'/'.join(f'{size}→{ms} ms' for size, ms in points)}"
                for what, points in growth.items()
            ),
        )
    )
    report["attack"] = attack
    report["indexing"] = indexing
    report["export"] = exporting
    report["budgets"].append(
        budget(
            f"export complet des données ouvertes en moins de {EXPORT_BUDGET_S} s",
            exporting["seconds"] < EXPORT_BUDGET_S,
            f"{exporting['seconds']} s",
        )
    )
    report["budgets"].append(
        budget(
            f"processus d’export sous {EXPORT_MEMORY_BUDGET_MB} Mo au plus haut",
            exporting["peak_mb"] < EXPORT_MEMORY_BUDGET_MB,
            f"{exporting['peak_mb']} Mo",
        )
    )
    report["budgets"].append(
        budget(
            f"indexer un dossier publié ajoute moins de {INDEXING_BUDGET_MS} ms à sa sauvegarde",
            indexing["cost_ms"] < INDEXING_BUDGET_MS,
            f"{indexing['cost_ms']} ms ({indexing['without_ms']} → {indexing['with_ms']} ms)",
        )
    )
    report["budgets"].append(
        budget(
            f"p95 d’un lecteur sous l’attaque des aperçus ≤ {READER_P95_RATIO_BUDGET:g} × "
            "la normale",
            attack["ratio"] <= READER_P95_RATIO_BUDGET,
            f"{attack['normal']['p95_ms']} → {attack['attacked']['p95_ms']} ms "
            f"({attack['ratio']:.2f} ×)",
        )
    )
    return report


def real_traffic(options, work, dataset, static_path):
    """Readers over every dossier while a contributor publishes, on the cluster of
    deploy/cluster.py (bench/traffic.py)."""
    from bench.traffic import run_scenarios
    from deploy.cluster import Cluster
    from dossiers.models import Dossier

    slugs = list(Dossier.objects.public().values_list("slug", flat=True))
    sample = slugs[:: max(1, len(slugs) // 200)]
    signed_in = [f"/dossiers/{slug}/" for slug in sample]
    signed_in += [f"/dossiers/{slug}/historique/" for slug in sample[:50]]
    signed_in += ["/dossiers/", "/sources/", "/acteurs/", "/communes/", "/demandes/"]
    settings = {
        key: os.environ[key]
        # The same secret as this process: the sessions it opens hold on the cluster.
        for key in (
            "DJANGO_SECRET_KEY",
            "DJANGO_STATIC_ROOT",
            "DJANGO_DOCUMENTS_ROOT",
            "API_ANONYMOUS_RATE",
        )
    }
    # One edit a second, for as long as the bench runs: no edit is throttled.
    settings.update(
        RATE_LIMIT_EDITS_PER_HOUR="1000000",
        RATE_LIMIT_EDITS_PER_HALF_MINUTE="1000000",
        DJANGO_LOG_LEVEL="WARNING",
    )
    print("Starting the cluster (Redis, two app servers, Varnish)...", flush=True)
    with Cluster(
        work / "cluster",
        database_url=os.environ["DATABASE_URL"],
        prepare=False,
        settings=settings,
        memory_mb=2048,
    ) as cluster:
        return run_scenarios(
            cluster,
            folder=work,
            slugs=slugs,
            static_path=static_path,
            cookie=moderator_cookie(dataset),
            signed_in_paths=signed_in,
            seconds=options.duration,
        )


def page_growth():
    from bench.growth import measure

    print("Timing dossier pages of growing size...", flush=True)
    return measure()


def attack_scenario(server, dataset, static_url, seconds, work):
    """The preview attack, its reader reading dossier pages it has not read before.

    Each is built for the reader: signed-in pages are kept for their session, and one
    page read again and again would be answered from the cache in a millisecond,
    which any flood at all, even of a static file, doubles. The attack's threat is to
    the work the server does for its readers: that is what the reader asks for."""
    from bench.attack import ATTACKERS, preview_attack
    from dossiers.models import Dossier

    slugs = list(Dossier.objects.public().order_by("id").values_list("slug", flat=True))
    # Three runs (alone, attacked, control), each on dossiers of its own.
    shares = iter([slugs[start::3] for start in range(3)])
    print(f"Reading dossier pages while {ATTACKERS} clients flood the preview...", flush=True)

    def measure(env):
        paths = work / "attack-reader.txt"
        paths.write_text("".join(f"/dossiers/{slug}/\n" for slug in next(shares)))
        env = {**env, "BENCH_PATHS": str(paths), "BENCH_ORDER": "once", "BENCH_THREADS": "1"}
        return summarise(
            wrk(server, "", threads=1, connections=1, seconds=seconds, script="paths.lua", env=env)
        )

    return preview_attack(
        server,
        dataset,
        seconds,
        reader_cookie=moderator_cookie(dataset),
        static_url=static_url,
        measure=measure,
    )


def small_scale():
    from bench.dataset import Scale

    return Scale(dossiers=60, sources=600, pending_changes=120, deep_revisions=500, actors=40)


# The pages


def bench_pages(dataset):
    from django.urls import reverse

    from dossiers.models import Dossier
    from review.models import ChangeRequest

    dossiers = list(Dossier.objects.with_city().order_by("id")[:4])
    deep = dataset.deep_dossier
    history = reverse("dossiers:history", args=[deep.slug])
    revisions = list(deep.history.order_by("-history_id").values_list("history_id", flat=True)[:4])
    compare = reverse("dossiers:compare", args=[deep.slug])
    return [
        Page("home", "Accueil", ["/"]),
        Page(
            "dossier",
            "Page d’un dossier",
            [dossier.get_absolute_url() for dossier in dossiers[1:4]],
        ),
        Page(
            "dossier_list",
            "Liste filtrée des dossiers",
            [
                f"/dossiers/?region={dossier.city.department.region_id}"
                f"&technology={dossier.technology_uses.first().technology.slug}"
                f"&stage={dossier.stage}"
                for dossier in dossiers[1:4]
            ],
        ),
        Page(
            "map",
            "Carte des dossiers, filtrée",
            [
                f"/carte/?technology={dossier.technology_uses.first().technology.slug}"
                f"&status=deployed&stage={dossier.stage}"
                for dossier in dossiers[1:4]
            ],
        ),
        Page(
            "city_search",
            "Recherche de communes",
            ["/communes/?q=saint", "/communes/?q=lyon", "/communes/?q=val-d"],
            latency_budget=True,
        ),
        Page(
            "history",
            f"Historique ({grouped(deep.version)} révisions)",
            [history, f"{history}?page=2", reverse("dossiers:history", args=[dossiers[1].slug])],
            latency_budget=True,
        ),
        Page(
            "diff",
            "Comparaison de deux révisions",
            [
                f"{compare}?de={revisions[1]}&a={revisions[0]}",
                f"{compare}?de={revisions[3]}&a={revisions[2]}",
            ],
        ),
        Page(
            "review_queue",
            f"File de relecture ({grouped(ChangeRequest.objects.pending().count())} propositions)",
            ["/moderation/", "/moderation/?page=2", "/moderation/?page=3"],
            logged_in=True,
        ),
        Page(
            "source_list", "Liste des sources", ["/sources/", "/sources/?page=2", "/sources/?q=a"]
        ),
        # Full-text search: words as common in this corpus as any (each is in a large
        # share of the 200,000 entries), so the window of candidates is always full.
        Page(
            "search_one_word",
            "Recherche plein texte, un mot",
            ["/recherche/?q=cam%C3%A9ra", "/recherche/?q=subvention", "/recherche/?q=capteur"],
            latency_budget=True,
        ),
        Page(
            "search_three_words",
            "Recherche plein texte, trois mots",
            [
                "/recherche/?q=maintenance+flux+supervision",
                "/recherche/?q=convention+mairie+analyse",
                "/recherche/?q=pr%C3%A9fecture+march%C3%A9+op%C3%A9rateur",
            ],
            latency_budget=True,
        ),
        Page(
            "search_phrase",
            "Recherche plein texte, une expression",
            [
                "/recherche/?q=%22centre+de+supervision%22",
                "/recherche/?q=%22conseil+municipal%22",
                "/recherche/?q=%22analyse+flux%22",
            ],
            latency_budget=True,
        ),
        Page(
            "recent_changes",
            "Modifications récentes",
            # The same changes under three filters: a page's query count depends on
            # how many kinds of record it shows (two per kind), never on the history.
            [
                "/modifications/",
                "/modifications/?until=2100-01-01",
                "/modifications/?since=2000-01-01",
            ],
            latency_budget=True,
        ),
        # The read-only API (issue 18): a filtered list, rows of a sheet's table by
        # their foreign keys, and a dossier with its whole sheet.
        Page(
            "api_list",
            "API : liste filtrée des dossiers",
            [
                f"/api/dossiers/?region={dossier.city.department.region_id}"
                f"&technology={dossier.technology_uses.first().technology.slug}"
                f"&stage={dossier.stage}"
                for dossier in dossiers[1:4]
            ],
            latency_budget=True,
        ),
        Page(
            "api_rows",
            "API : lignes de financement",
            [
                "/api/funding_lines/",
                f"/api/funding_lines/?dossier={dossiers[1].pk}",
                f"/api/funding_lines/?page_size=500&dossier={deep.pk}",
            ],
            latency_budget=True,
        ),
        Page(
            "api_detail",
            "API : un dossier et sa fiche",
            [f"/api/dossiers/{dossier.pk}/" for dossier in (deep, *dossiers[1:3])],
            latency_budget=True,
        ),
        Page(
            "feed",
            "Flux Atom des modifications",
            [
                "/modifications/atom/",
                "/modifications/atom/?until=2100-01-01",
                "/modifications/atom/?since=2000-01-01",
            ],
            latency_budget=True,
        ),
    ]


def indexing_cost():
    """What indexing a dossier for full-text search adds to publishing an edit of it:
    the median time of the same saves with the index's signal connected, then not
    (in-process, on the database of the benchmark)."""
    from django.db.models.signals import post_save

    from dossiers.citations import save_dossier_revision
    from dossiers.models import Dossier
    from search import indexing

    dossier = Dossier.objects.public().with_city().order_by("id")[10]
    uid = f"search-index-{Dossier._meta.label}"

    def median_save_ms():
        durations = []
        for number in range(INDEXING_SAVES):
            dossier.summary = f"{dossier.summary[:500]} {number}"
            start = time.perf_counter()
            save_dossier_revision(dossier, user=None, reason="Banc d’essai")
            durations.append((time.perf_counter() - start) * 1000)
        return statistics.median(durations)

    median_save_ms()  # warm-up: caches of renderings, of the plans
    with_index = median_save_ms()
    post_save.disconnect(indexing.on_save, sender=Dossier, dispatch_uid=uid)
    try:
        without_index = median_save_ms()
    finally:
        post_save.connect(indexing.on_save, sender=Dossier, dispatch_uid=uid)
    return {
        "saves": INDEXING_SAVES,
        "with_ms": round(with_index, 1),
        "without_ms": round(without_index, 1),
        "cost_ms": round(with_index - without_index, 1),
    }


def export_cost(work):
    """A full open-data export (`manage.py export_data`) in a process of its own: its
    duration, and that process's own peak resident memory (bench/peak_memory.py)."""
    peak_file = work / "export-peak-kb"
    start = time.perf_counter()
    process = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "peak_memory.py"),
            str(peak_file),
            "export_data",
            "--to",
            str(work / "opendata"),
        ],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    seconds = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"export_data failed with status {process.returncode}")
    package = json.loads((work / "opendata" / "current" / "datapackage.json").read_text())
    return {
        "seconds": round(seconds, 1),
        "peak_mb": round(int(peak_file.read_text()) / 1024, 1),
        "files": len(package["resources"]),
    }


def client_for(page, dataset):
    from django.test import Client

    from bench.dataset import MODERATOR_PASSWORD

    client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    if page.logged_in:
        assert client.login(username=dataset.moderator.username, password=MODERATOR_PASSWORD)
    return client


def count_queries(pages, dataset):
    """Queries of each address when the page is built (the page cache off), after one
    request has warmed the other caches; and how long building it takes in-process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from core.page_cache import forget_generation

    with override_settings(PAGE_CACHE_SECONDS=0):
        for page in pages:
            client = client_for(page, dataset)
            durations = []
            for url in page.urls:
                client.get(url)
                # A page that reads the content generation (the API's validators) reads
                # it at most once a second: counted each time, as a reader after a
                # change pays it, not only when the count happens to cross a second.
                forget_generation()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
                page.queries.append(len(queries))
                for _ in range(UNCACHED_REQUESTS):
                    start = time.perf_counter()
                    client.get(url)
                    durations.append((time.perf_counter() - start) * 1000)
            page.uncached = {
                "p50_ms": round(statistics.median(durations), 1),
                "p95_ms": round(statistics.quantiles(durations, n=20)[-1], 1),
            }


def save_baseline(dossier_page):
    """The dossier page's HTML as a static file, served by whitenoise: the reference."""
    from django.conf import settings

    client = client_for(dossier_page, None)
    html = client.get(dossier_page.urls[0]).content
    path = Path(settings.STATIC_ROOT) / "bench" / "dossier.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(html)
    return f"{settings.STATIC_URL.rstrip('/')}/bench/dossier.html".replace("//", "/")


def moderator_cookie(dataset):
    page = Page("", "", [], logged_in=True)
    client = client_for(page, dataset)
    return f"sessionid={client.cookies['sessionid'].value}"


# Serving and loading


class Server:
    def __init__(self, process, port):
        self.process, self.port = process, port
        self.peaks = {}

    @property
    def base(self):
        return f"http://{HOST}:{self.port}"

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def sample_memory(self, stop, peak):
        """Highest resident memory of any worker, sampled while a run lasts."""
        while not stop.is_set():
            for pid in self.worker_pids():
                status = read_status(pid)
                peak[0] = max(peak[0], status.get("VmRSS", 0))
                self.peaks[pid] = max(self.peaks.get(pid, 0), status.get("VmHWM", 0))
            stop.wait(0.2)

    def workers_peak_mb(self):
        return round(max(self.peaks.values(), default=0) / 1024, 1)


def read_status(pid):
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return {
        name: int(value.split()[0])
        for name, value in re.findall(r"^(Vm\w+):\s+(.+)$", text, re.MULTILINE)
    }


@contextmanager
def gunicorn():
    # The child keeps its own copy of the log's descriptor once started.
    with socket_port() as port, open(RESULTS / "gunicorn.log", "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "config/gunicorn.conf.py",
                "--bind",
                f"{HOST}:{port}",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    server = Server(process, port)
    try:
        wait_until_serving(server)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def socket_port():
    import socket

    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    yield port


def wait_until_serving(server):
    deadline = time.monotonic() + 60
    while True:
        try:
            request = urllib.request.Request(
                server.base + "/", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline or server.process.poll() is not None:
                raise SystemExit("gunicorn did not start: see bench/results/gunicorn.log") from None
            time.sleep(0.3)


def wrk(server, url, *, threads, connections, seconds, script="report.lua", env=None):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(WRK / script),
        server.base + url,
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BENCH_WRK_DIR": str(WRK), **(env or {})},
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def load(server, page, seconds, dataset):
    """Throughput as readers get it (anonymous readers are served from the page cache),
    then latency at low load as a signed-in user, whose pages are built around the
    cached shared fragments of lists and histories."""
    signed_in = {"BENCH_COOKIE": moderator_cookie(dataset)}
    env = signed_in if page.logged_in else {}
    url = page.urls[0]
    print(f"Loading {page.key} ({url})...", flush=True)
    # Warm-up, as each kind of client measured below: every worker fills its caches.
    wrk(server, url, threads=2, connections=4, seconds=2, env=env)
    if page.key != "baseline" and not page.logged_in:
        wrk(server, url, threads=2, connections=4, seconds=2, env=signed_in)
    stop, peak = threading.Event(), [0]
    sampler = threading.Thread(target=server.sample_memory, args=(stop, peak))
    sampler.start()
    try:
        page.throughput = summarise(
            wrk(
                server, url, threads=2, connections=THROUGHPUT_CONNECTIONS, seconds=seconds, env=env
            )
        )
        low_load_env = {} if page.key == "baseline" else signed_in
        page.low_load = summarise(
            wrk(server, url, threads=1, connections=1, seconds=seconds, env=low_load_env)
        )
    finally:
        stop.set()
        sampler.join()
    page.peak_worker_mb = round(peak[0] / 1024, 1)


def summarise(figures):
    seconds = figures["duration_us"] / 1e6
    errors = figures["errors"]
    return {
        "requests": figures["requests"],
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["latency_us"]["p50"] / 1000, 2),
        "p95_ms": round(figures["latency_us"]["p95"] / 1000, 2),
        "p99_ms": round(figures["latency_us"]["p99"] / 1000, 2),
        "errors": sum(errors.values()),
        "error_detail": errors,
        "mb_per_s": round(figures["bytes"] / seconds / 1e6, 1),
    }


def malformed_requests(dataset):
    deep = dataset.deep_dossier.slug
    long_query = "x" * 3_000
    longer_than_a_request_line = "x" * 6_000
    return [
        ("GET", "/dossiers/?page=abc"),
        ("GET", "/dossiers/?page=0"),
        ("GET", "/dossiers/?page=999999"),
        ("GET", "/sources/?page=-3"),
        ("GET", f"/dossiers/{deep}/historique/?page=99999"),
        ("GET", f"/dossiers/{deep}/historique/999999999/"),
        ("GET", f"/dossiers/{deep}/historique/comparer/?de=abc&a=1"),
        ("GET", "/dossiers/dossier-qui-n-existe-pas/"),
        ("GET", "/communes/commune-inconnue/"),
        ("GET", "/sources/source-inconnue/"),
        ("GET", "/acteurs/acteur-inconnu/"),
        ("GET", "/dossiers/%FF%FE/"),
        ("GET", "/static/../config/settings.py"),
        ("GET", f"/communes/?q={long_query}"),
        ("GET", f"/dossiers/?q={longer_than_a_request_line}"),
        ("POST", "/"),
        ("PUT", "/dossiers/"),
        ("DELETE", "/sources/"),
        ("PATCH", f"/dossiers/{deep}/"),
        ("GET", "/", "Host: ailleurs.example"),
        ("GET", "/api/dossiers/?cursor=cD1hYmM%3D"),  # a cursor at position « abc »
        ("GET", "/api/dossiers/99999999999999999999999/"),
        ("GET", "/api/funding_lines/?dossier=-1&page_size=100000"),
        ("GET", "/api/changes/?page=999999"),
        ("POST", "/api/dossiers/"),
    ]


def send_malformed(server, dataset, seconds):
    requests = malformed_requests(dataset)
    listing = RESULTS / "malformed-requests.txt"
    listing.write_text("".join(" ".join(request) + "\n" for request in requests))
    print("Sending malformed requests...", flush=True)
    figures = wrk(
        server,
        "/",
        threads=2,
        connections=2,
        seconds=seconds,
        script="malformed.lua",
        env={"BENCH_MALFORMED": str(listing)},
    )
    listing.unlink()
    answers = {}
    for key, count in figures["answers"].items():
        index, status = (int(part) for part in key.split())
        method, path = requests[index - 1][:2]
        label = f"{method} {path if len(path) < 70 else path[:60] + '…'}"
        answers.setdefault(label, {})[str(status)] = (
            answers.setdefault(label, {}).get(str(status), 0) + count
        )
    statuses = [int(status) for by_status in answers.values() for status in by_status]
    counts = [count for by_status in answers.values() for count in by_status.values()]
    return {
        "requests": figures["requests"],
        "kinds": len(requests),
        "answers": answers,
        "client_errors": sum(
            count for status, count in zip(statuses, counts, strict=True) if 400 <= status < 500
        ),
        "server_errors": sum(
            count for status, count in zip(statuses, counts, strict=True) if status >= 500
        ),
        "other": sum(count for status, count in zip(statuses, counts, strict=True) if status < 400),
        "socket_errors": figures["errors"],
    }


# The report


def machine():
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = found.group(1) if found else platform.processor() or "unknown"
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory.group(1)) / 1024**2, 1) if memory else None,
        "system": platform.platform(),
        "python": platform.python_version(),
    }


def make_report(options, scale, dataset, build_seconds, baseline, pages, malformed, workers, db):
    import django

    baseline_rps = baseline.throughput["rps"]
    page_rows = []
    for page in [baseline, *pages]:
        page_rows.append(
            {
                "key": page.key,
                "label": page.label,
                "url": page.urls[0],
                "ratio_to_baseline": round(page.throughput["rps"] / baseline_rps, 2),
                "queries": page.queries,
                "uncached": page.uncached,
                "throughput": page.throughput,
                "low_load": page.low_load,
                "peak_worker_mb": page.peak_worker_mb,
            }
        )
    by_key = {row["key"]: row for row in page_rows}
    errors = sum(row["throughput"]["errors"] + row["low_load"]["errors"] for row in page_rows)
    budgets = [
        budget(
            "zéro erreur sur les pages",
            errors == 0,
            f"{errors} erreur(s)",
        ),
        budget(
            "requêtes malformées : toutes en 4xx, aucune en 5xx",
            malformed["server_errors"] == 0 and malformed["other"] == 0,
            f"{malformed['client_errors']} en 4xx, {malformed['server_errors']} en 5xx, "
            f"{malformed['other']} autres",
        ),
        budget(
            "page de dossier ≥ ½ du débit de la référence statique",
            by_key["dossier"]["ratio_to_baseline"] >= BASELINE_RATIO_BUDGET,
            f"{by_key['dossier']['ratio_to_baseline']:.2f}",
        ),
        budget(
            "nombre de requêtes SQL constant sur chaque page",
            all(len(set(page.queries)) == 1 for page in pages),
            ", ".join(f"{page.key} {'/'.join(map(str, page.queries))}" for page in pages),
        ),
        *(
            budget(
                f"{page.label} : p99 < {LOW_LOAD_P99_BUDGET_MS} ms à faible charge",
                page.low_load["p99_ms"] < LOW_LOAD_P99_BUDGET_MS,
                # What the page costs when nothing is cached (a search nobody made
                # before, the first reader after a change), stated beside it.
                f"{page.low_load['p99_ms']} ms (sans aucun cache : p50 "
                f"{page.uncached['p50_ms']} ms, p95 {page.uncached['p95_ms']} ms)",
            )
            for page in pages
            if page.latency_budget
        ),
        budget(
            f"jeu de données construit en moins de {BUILD_BUDGET_S // 60} minutes",
            build_seconds < BUILD_BUDGET_S,
            f"{build_seconds:.0f} s",
        ),
    ]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "software": {
            "django": django.get_version(),
            "database": database_version(db),
            "wrk": wrk_version(),
        },
        "setup": {
            "duration_s": options.duration,
            "throughput_connections": THROUGHPUT_CONNECTIONS,
            "low_load_connections": 1,
            "gunicorn": gunicorn_settings(),
            "small": options.small,
        },
        "dataset": {
            "scale": asdict(scale),
            "build_seconds": round(build_seconds),
            "steps_seconds": dataset.timings,
            "search_entries": dataset.search_entries,
            "counts": dataset_counts(),
        },
        "pages": page_rows,
        "malformed": malformed,
        "worker_peak_mb": workers,
        "budgets": budgets,
    }


def gunicorn_settings():
    import runpy

    values = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    return f"{values['workers']} workers {values['worker_class']} × {values['threads']} threads"


def wrk_version():
    banner = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    found = re.search(r"wrk (?:debian/)?([\d.]+)", banner)
    return f"wrk {found.group(1)}" if found else "wrk"


def grouped(number):
    """12 345, with the narrow no-break space French puts between thousands."""
    return f"{number:,}".replace(",", "\u202f")


def budget(name, held, measured):
    return {"name": name, "held": bool(held), "measured": measured}


def database_version(db):
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("select sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def dataset_counts():
    from cities.models import City
    from dossiers.models import Citation, Dossier, Event, Figure, FundingLine
    from review.models import ChangeRequest
    from sources.models import Source

    return {
        "communes": City.objects.count(),
        "dossiers": Dossier.objects.count(),
        "dossier_revisions": Dossier.history.count(),
        "sources": Source.objects.count(),
        "citations": Citation.objects.count(),
        "funding_lines": FundingLine.objects.count(),
        "figures": Figure.objects.count(),
        "events": Event.objects.count(),
        "pending_changes": ChangeRequest.objects.pending().count(),
    }


def markdown(report):
    rows = [
        "| page | débit (req/s) | ratio / référence | p50 (ms) | p99 (ms) "
        "| p50 / p99 à faible charge, connecté (ms) | p50 / p95 sans aucun cache (ms) "
        "| erreurs | requêtes SQL | mémoire max d’un worker (Mo) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in report["pages"]:
        throughput, low, uncached = row["throughput"], row["low_load"], row["uncached"]
        queries = "/".join(map(str, row["queries"])) or "—"
        built = f"{uncached['p50_ms']:.1f} / {uncached['p95_ms']:.1f}" if uncached else "—"
        rows.append(
            f"| {row['label']} | {throughput['rps']:.0f} | {row['ratio_to_baseline']:.2f} "
            f"| {throughput['p50_ms']:.1f} | {throughput['p99_ms']:.1f} "
            f"| {low['p50_ms']:.1f} / {low['p99_ms']:.1f} | {built} "
            f"| {throughput['errors'] + low['errors']} | {queries} | {row['peak_worker_mb']:.0f} |"
        )
    machine_, setup, counts = report["machine"], report["setup"], report["dataset"]["counts"]
    malformed = report["malformed"]
    lines = [
        f"Mesuré le {report['date']} sur {machine_['cpu']} ({machine_['cores']} cœurs, "
        f"{machine_['memory_gb']} Go), {report['software']['database']}, "
        f"Django {report['software']['django']}, {report['software']['wrk']}.",
        "",
        f"Gunicorn : {setup['gunicorn']}. Débit : wrk, {setup['throughput_connections']} "
        f"connexions pendant {setup['duration_s']} s ; faible charge : 1 connexion, "
        f"{setup['duration_s']} s, connecté (les pages entières ne sont gardées que pour "
        f"les anonymes ; listes et historiques gardent leur partie commune). Sans aucun "
        f"cache : {UNCACHED_REQUESTS} requêtes par adresse, dans le processus.",
        "",
        f"Données : {grouped(counts['communes'])} communes, {grouped(counts['dossiers'])} "
        f"dossiers, {grouped(counts['dossier_revisions'])} révisions, "
        f"{grouped(counts['sources'])} sources, {grouped(counts['citations'])} citations, "
        f"{grouped(counts['funding_lines'])} lignes de financement, "
        f"{grouped(counts['figures'])} chiffres, {grouped(counts['events'])} événements, "
        f"{grouped(counts['pending_changes'])} propositions en attente ; construites en "
        f"{report['dataset']['build_seconds']} s.",
        "",
        *rows,
        "",
        f"Requêtes malformées ({malformed['kinds']} sortes, {grouped(malformed['requests'])} "
        f"envoyées) : {grouped(malformed['client_errors'])} réponses 4xx, "
        f"{malformed['server_errors']} en 5xx, {malformed['other']} autres.",
        "",
        *traffic_lines(report.get("traffic")),
        *growth_lines(report.get("growth")),
        *attack_lines(report.get("attack")),
        *indexing_lines(report.get("indexing"), report["dataset"]),
        *export_lines(report.get("export")),
        "| budget | mesure | tenu |",
        "|---|---|---|",
        *(
            f"| {item['name']} | {item['measured']} | {'oui' if item['held'] else '**non**'} |"
            for item in report["budgets"]
        ),
    ]
    return "\n".join(lines) + "\n"


def traffic_lines(traffic):
    """The real-traffic table (bench/traffic.py)."""
    if not traffic:
        return []
    lines = [
        "Trafic réel, sur la grappe de `make cluster` (PostgreSQL, Redis, deux serveurs "
        "d’app de deux workers, Varnish) : ratios au fichier statique servi par un serveur "
        "d’app, parts des réponses venues d’un cache (proxy, puis cache de pages).",
        "",
        "| trafic | débit (req/s) | ratio / statique | p50 / p99 (ms) | succès proxy "
        "| succès cache de pages | publications | erreurs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in traffic.values():
        ratio = f"{row['ratio']:.3f}" if row["ratio"] is not None else "1"
        lines.append(
            f"| {row['label']} | {row['rps']:.0f} | {ratio} "
            f"| {row['p50_ms']:.1f} / {row['p99_ms']:.1f} | {row['proxy_hit_rate']:.2f} "
            f"| {row['app_hit_rate']:.2f} | {row.get('published', '—')} "
            f"| {row['errors'] + row.get('publish_errors', 0)} |"
        )
    return [*lines, ""]


def growth_lines(growth):
    if not growth:
        return []
    names = {"body_kb": "texte (Ko)", "rows": "lignes de la fiche", "citations": "citations"}
    lines = [
        "Construction d’une page de dossier sans aucun cache, selon sa taille (médiane, "
        "dans le processus) :",
        "",
        "| ce qui varie | tailles → ms | au plus linéaire |",
        "|---|---|---|",
    ]
    for what, points in growth["points"].items():
        steps = ", ".join(f"{size} → {ms} ms" for size, ms in points)
        lines.append(f"| {names[what]} | {steps} | {'oui' if growth['linear'][what] else 'non'} |")
    return [*lines, ""]


def indexing_lines(indexing, dataset):
    if not indexing:
        return []
    return [
        f"Index plein texte : {grouped(dataset.get('search_entries', 0))} entrées. Publier "
        f"une modification d’un dossier : {indexing['without_ms']} ms sans l’indexer, "
        f"{indexing['with_ms']} ms en l’indexant (médianes de {indexing['saves']} "
        "sauvegardes, dans le processus).",
        "",
    ]


def export_lines(exporting):
    if not exporting:
        return []
    return [
        f"Données ouvertes : export complet ({exporting['files']} fichiers, CSV et JSON) "
        f"en {exporting['seconds']} s, {exporting['peak_mb']} Mo de mémoire au plus haut "
        "(`manage.py export_data`, dans son propre processus).",
        "",
    ]


def attack_lines(attack):
    if not attack:
        return []
    answers = ", ".join(f"{count} × {status}" for status, count in attack["answers"].items())
    return [
        f"Attaque des aperçus ({attack['attackers']} clients connectés envoient en boucle "
        f"{grouped(attack['body_chars'])} « [ » à l’aperçu ; réponses : {answers}) : p95 "
        f"d’un lecteur de pages de dossier qu’il n’a pas encore lues (construites pour lui) "
        f"{attack['normal']['p95_ms']} ms sans attaque, "
        f"{attack['attacked']['p95_ms']} ms pendant ({attack['ratio']:.2f} ×). Témoin : les "
        f"mêmes clients demandant en boucle un fichier statique portent ce p95 à "
        f"{attack['control']['p95_ms']} ms ({attack['control_ratio']:.2f} ×).",
        "",
    ]


def write_report(report):
    """latest.{json,md} and the README's table; a --small run writes small.{json,md} only."""
    name = "small" if report["setup"]["small"] else "latest"
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    table = markdown(report)
    (RESULTS / f"{name}.md").write_text(table)
    print(table)
    if report["setup"]["small"]:
        return
    readme = README.read_text()
    if README_START in readme and README_END in readme:
        before, rest = readme.split(README_START, 1)
        after = rest.split(README_END, 1)[1]
        README.write_text(f"{before}{README_START}\n{table}{README_END}{after}")


if __name__ == "__main__":
    main()
