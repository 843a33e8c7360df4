"""Measure the review workflow's budgets and print the figures.

    .venv/bin/python bench/review_budgets.py   (or: make bench-review)

Builds a scratch database (a temporary SQLite file, or DATABASE_URL if set) with a
dossier of 10,000 revisions and 2,000 pending changes, then times in-process
requests to the history pages, the review queue and a change page, and a
word-level diff of two 100 KB bodies in three shapes.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SCRATCH = Path(tempfile.mkdtemp(prefix="dossiers-bench-")) / "bench.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

REVISIONS = 10_000
PENDING = 2_000
DIFF_BUDGET_MS = 300
WORDS = [
    "caméra",
    "vidéoprotection",
    "convention",
    "mairie",
    "maintenance",
    "analyse",
    "flux",
    "opérateur",
]


def text_of(size, seed):
    rng = random.Random(seed)
    paragraphs, length = [], 0
    while length < size:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))) + "."
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def timed(call, runs):
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    return statistics.median(durations), durations[min(len(durations) - 1, int(runs * 0.99))]


def build():
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from cities.loading import load_communes
    from dossiers.citations import save_dossier_revision
    from dossiers.demo import VALENCIENNES_INSEE
    from dossiers.models import Dossier
    from review.models import ChangeRequest
    from review.roles import MODERATORS_GROUP
    from tests.factories import make_user

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    load_communes(only={VALENCIENNES_INSEE})
    city = Dossier._meta.get_field("city").related_model.objects.get()
    authors = [make_user(f"auteur{n}") for n in range(50)]
    moderator = make_user("moderatrice")
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))

    start = time.perf_counter()
    dossier = Dossier(city=city, title="Dix mille révisions", summary="Banc d’essai.")
    dossier.body = text_of(5_000, 0)
    dossier.status = Dossier.Status.PUBLISHED
    save_dossier_revision(dossier, user=authors[0], reason="Création")
    historical = Dossier.history.model
    first = dossier.history.get()
    base_date = timezone.now() - timezone.timedelta(days=400)
    rows = []
    for number in range(2, REVISIONS + 1):
        row = historical(
            **{
                field.attname: getattr(first, field.attname)
                for field in historical._meta.fields
                if field.attname not in ("history_id",)
            }
        )
        row.version = number
        row.body = text_of(5_000, number % 50)
        row.history_date = base_date + timezone.timedelta(minutes=number)
        row.history_user_id = authors[number % len(authors)].pk
        row.history_change_reason = f"Modification n° {number}"
        row.history_type = "~"
        rows.append(row)
    historical.objects.bulk_create(rows, batch_size=1_000)
    Dossier.objects.filter(pk=dossier.pk).update(version=REVISIONS)
    dossier.refresh_from_db()

    content_type = ContentType.objects.get_for_model(Dossier)
    proposal = {
        "city": city.insee_code,
        "title": dossier.title,
        "summary": dossier.summary,
        "body": dossier.body + " Ajout.",
    }
    ChangeRequest.objects.bulk_create(
        ChangeRequest(
            content_type=content_type,
            object_id=dossier.pk,
            base_version=REVISIONS - (n % 3),
            proposed=proposal,
            author=authors[n % len(authors)],
            summary=f"Proposition {n}",
            size_delta=7,
        )
        for n in range(PENDING)
    )
    print(f"dataset built in {time.perf_counter() - start:.1f} s")
    return dossier, moderator, ChangeRequest.objects.order_by("id").first()


def measure_pages(dossier, moderator, change):
    client = Client(HTTP_HOST="localhost")
    client.force_login(moderator)
    history = reverse("dossiers:history", args=[dossier.slug])
    last_page = REVISIONS // 50
    pages = {
        "history, first page": history,
        f"history, page {last_page}": f"{history}?page={last_page}",
        "review queue (2,000 pending)": reverse("review:queue"),
        "change page (outdated proposal)": change.get_absolute_url(),
    }
    print(f"\n{'page':<34} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8}")
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)
        p50, p99 = timed(lambda url=url: client.get(url), 50)
        print(f"{name:<34} {p50:>8.1f} {p99:>8.1f} {query_count:>8}")


def measure_diffs():
    from review.diff import diff_text

    base = text_of(100_000, 1)
    words = base.split(" ")
    scattered = list(words)
    for index in range(0, len(words), 40):
        scattered[index] = scattered[index].upper()
    shapes = {
        "one sentence changed": base.replace(words[500], "TOTALEMENT", 1),
        "a word in forty changed": " ".join(scattered),
        "entirely different text": text_of(100_000, 2),
    }
    print(f"\n{'word-level diff of two 100 KB bodies':<40} {'p50 ms':>8} {'max ms':>8}")
    worst = 0.0
    for name, other in shapes.items():
        durations = sorted(timed_once(diff_text, base, other) for _ in range(5))
        worst = max(worst, durations[-1])
        print(f"{name:<40} {statistics.median(durations):>8.1f} {durations[-1]:>8.1f}")
    verdict = "within" if worst < DIFF_BUDGET_MS else "OVER"
    print(f"slowest diff: {worst:.0f} ms, {verdict} the {DIFF_BUDGET_MS} ms budget")
    return worst < DIFF_BUDGET_MS


def timed_once(function, *args):
    start = time.perf_counter()
    function(*args)
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    # One persistent connection, as app servers keep with CONN_MAX_AGE.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    measure_pages(*build())
    sys.exit(0 if measure_diffs() else 1)
