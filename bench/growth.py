"""How a dossier page's build grows with the dossier (issue 21): its text (5 to 150 KB),
its sheet (1 to 200 rows) and its citations (10 to 100), each varied alone. Timed
in-process with every cache off, as the first reader after a change pays it; the
build must grow no faster than linearly."""

import statistics
import time

REPEATS = 7
# (what varies, the three sizes, the unit shown)
STEPS = {
    "body_kb": (5, 50, 150),
    "rows": (1, 50, 200),
    "citations": (10, 50, 100),
}
DEFAULTS = {"body_kb": 5, "rows": 10, "citations": 10}
# The cost of the last step per unit of size may exceed the first step's by this much
# (measurement noise), and no more: beyond it, the build grows faster than linearly.
LINEAR_SLACK = 1.5
# How much the median build time of a page varies from one measurement to the next.
FLAT_NOISE = 0.1


def make_dossier(number, body_kb, rows, citations):
    from dossiers.citations import save_dossier_revision, save_row_revision
    from dossiers.models import Dossier, Event
    from sources.models import Source

    sources = []
    for index in range(citations):
        source = Source(
            key=f"croissance-{number}-{index}",
            kind="press",
            title=f"Article {index} sur la vidéosurveillance",
            publisher="Journal",
            published="2021",
            language="fr",
        )
        source.save_revision(user=None, reason="Source")
        sources.append(source)
    paragraph = "La commune étend son réseau de caméras, selon la délibération. " * 16
    paragraphs, size = [], 0
    index = 0
    while size < body_kb * 1000:
        key = sources[index % len(sources)].key
        text = f"## Partie {index}\n\n{paragraph}[@{key}]\n"
        paragraphs.append(text)
        size += len(text.encode())
        index += 1
    city = Dossier.objects.first().city
    dossier = Dossier(
        city=city,
        title=f"Dossier de croissance {number}",
        summary="Un dossier pour mesurer.",
        body="\n".join(paragraphs),
        status=Dossier.Status.PUBLISHED,
    )
    save_dossier_revision(dossier, user=None, reason="Mesure")
    for index in range(rows):
        row = Event(
            dossier=dossier,
            date=f"{2000 + index % 25}",
            title=f"Événement {index}",
            source_keys=sources[index % len(sources)].key,
        )
        save_row_revision(row, user=None, reason="Ligne")
    return dossier.get_absolute_url()


def build_ms(client, url):
    from django.test import override_settings

    timings = []
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(url)
        for _ in range(REPEATS):
            started = time.process_time()
            response = client.get(url)
            timings.append((time.process_time() - started) * 1000)
            assert response.status_code == 200
    return round(statistics.median(timings), 2)


def measure():
    """{what: [(size, ms), ...]} and whether each grows no faster than linearly."""
    from django.test import Client

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    results, linear = {}, {}
    number = 0
    for what, sizes in STEPS.items():
        points = []
        for size in sizes:
            number += 1
            url = make_dossier(number, **{**DEFAULTS, what: size})
            points.append((size, build_ms(client, url)))
        results[what] = points
        (s0, t0), (s1, t1), (s2, t2) = points
        # The last step may grow at the first's pace (with its slack), plus the
        # noise of a build that does not grow at all (the text, stored as HTML):
        # measured flat, its first step may come out negative.
        first = max(t1 - t0, 0) / (s1 - s0)
        linear[what] = t2 <= t1 + first * LINEAR_SLACK * (s2 - s1) + FLAT_NOISE * t1
    return results, linear
