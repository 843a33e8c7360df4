"""A synthetic France-wide dataset for the load benchmark (`make bench`).

Records are written in bulk, each with the history rows its own saves would have
left, so pages read them exactly as they read contributed ones. Dossier bodies go
through the real markdown pipeline; every other text is short generated prose.
"""

import hashlib
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from cities.loading import load_communes
from cities.models import City
from cities.text import fold
from dossiers import markup
from dossiers.models import (
    Actor,
    Citation,
    Dossier,
    Event,
    Figure,
    FundingLine,
    Technology,
    TechnologyUse,
)
from review.models import ChangeRequest
from review.roles import MODERATORS_GROUP
from sources.dates import chronological_key
from sources.models import Document, Source

BATCH = 2_000
WORDS = [
    "caméra",
    "vidéoprotection",
    "convention",
    "mairie",
    "maintenance",
    "analyse",
    "flux",
    "opérateur",
    "préfecture",
    "marché",
    "délibération",
    "conseil",
    "municipal",
    "centre",
    "de",
    "supervision",
    "urbain",
    "subvention",
    "capteur",
    "algorithme",
    "reconnaissance",
    "lecture",
    "de",
    "plaques",
    "association",
    "recours",
    "tribunal",
    "données",
    "conservation",
    "images",
    "quartier",
    "gare",
    "parc",
    "écoles",
    "police",
    "municipale",
    "CNIL",
]
SECTIONS = ("Contexte", "Le dispositif", "Le financement", "Les contestations", "Les chiffres")
MODERATOR_NAME = "moderatrice-banc"
MODERATOR_PASSWORD = "banc-d-essai-moderatrice"


@dataclass(frozen=True)
class Scale:
    dossiers: int = 5_000
    revisions: int = 20
    sources: int = 50_000
    citations: int = 20
    funding_lines: int = 10
    figures: int = 5
    events: int = 10
    pending_changes: int = 2_000
    deep_revisions: int = 10_000
    actors: int = 400
    authors: int = 200
    body_chars: int = 5_000
    document_paragraphs: int = 3


@dataclass
class Dataset:
    """What the benchmark needs to address pages, and how long each step took."""

    deep_dossier: Dossier = None
    moderator: object = None
    search_entries: int = 0
    timings: dict = field(default_factory=dict)


class Builder:
    def __init__(self, scale, seed=2026):
        self.scale = scale
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.dataset = Dataset()

    def build(self):
        for step in (
            self.communes,
            self.people,
            self.sources,
            self.actors,
            self.dossiers,
            self.sheets,
            self.deep_history,
            self.pending_changes,
            self.search_index,
        ):
            start = time.perf_counter()
            with transaction.atomic():
                step()
            self.dataset.timings[step.__name__] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        refresh_planner_statistics()
        self.dataset.timings["vacuum_analyze"] = round(time.perf_counter() - start, 1)
        return self.dataset

    # Steps

    def search_index(self):
        """The full-text index, as `manage.py rebuild_search_index` makes it (records
        written in bulk send no signal to index them one by one)."""
        from search.indexing import rebuild

        self.dataset.search_entries = rebuild()

    def communes(self):
        load_communes()

    def people(self):
        from accounts.models import User

        users = [
            User(username=f"contributeur-{number:04d}", password="!")
            for number in range(self.scale.authors)
        ]
        self.authors = User.objects.bulk_create(users, batch_size=BATCH)
        moderator = User.objects.create_user(MODERATOR_NAME, password=MODERATOR_PASSWORD)
        moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        self.dataset.moderator = moderator

    def sources(self):
        kinds = [choice for choice, _label in Source.Kind.choices]
        records, documents = [], []
        for number in range(self.scale.sources):
            # Each source has a document whose text full-text search reads (a few
            # paragraphs, as a deliberation or a convention's extracted text).
            text = "\n\n".join(
                " ".join(self.sentence(10, 20) for _ in range(4))
                for _ in range(self.scale.document_paragraphs)
            )
            document = Document(
                sha256=hashlib.sha256(f"bench-document-{number}".encode()).hexdigest(),
                size=len(text) * 3,
                page_count=1 + number % 5,
                text=text,
                search_text=fold(text),
                original_name=f"document-{number}.pdf",
            )
            documents.append(document)
            title = f"{self.sentence(6, 12)} ({number})"
            publisher = f"Éditeur {number % 700}"
            records.append(
                Source(
                    key=source_key(number),
                    kind=kinds[number % len(kinds)],
                    title=title[:300],
                    publisher=publisher,
                    published=f"{2010 + number % 16}-{1 + number % 12:02d}",
                    url=f"https://exemple.org/documents/{number}",
                    notes=self.sentence(10, 30),
                    search_text=fold(f"{source_key(number)} {title} {publisher}"),
                    document=document,
                    version=1,
                )
            )
        Document.objects.bulk_create(documents, batch_size=BATCH)
        self.source_records = with_history(Source, records, self.authors[0], self.now)

    def actors(self):
        kinds = [choice for choice, _label in Actor.Kind.choices]
        records = []
        for number in range(self.scale.actors):
            name = f"Acteur {number:03d} {self.rng.choice(WORDS)}"
            records.append(
                Actor(
                    name=name,
                    slug=f"acteur-{number:03d}",
                    search_name=fold(name),
                    kind=kinds[number % len(kinds)],
                    description=self.sentence(8, 20),
                    source_keys=source_key(number),
                    version=1,
                )
            )
        self.actor_records = with_history(Actor, records, self.authors[0], self.now)

    def dossiers(self):
        by_size = F("population").desc(nulls_last=True)
        cities = City.objects.filter(kind=City.Kind.COMMUNE).order_by(by_size, "id")
        cities = list(cities[: self.scale.dossiers])
        stages = [choice for choice, _label in Dossier.Stage.choices]
        records, revisions = [], []
        for number, city in enumerate(cities):
            keys = self.cited_keys(number)
            paragraphs = self.paragraphs(city.name, keys)
            body = "\n\n".join(paragraphs)
            html, _keys = markup.to_html(body)
            published_at = self.now - timedelta(days=number % 900, minutes=number)
            dossier = Dossier(
                city=city,
                title=f"Vidéosurveillance à {city.name}",
                slug=f"{city.slug}-videosurveillance",
                summary=self.sentence(25, 45)[:600],
                body=body,
                body_html=html,
                outline=markup.outline(html),
                stage=stages[number % len(stages)],
                status=Dossier.Status.PUBLISHED,
                published_at=published_at,
                version=self.scale.revisions,
            )
            dossier.search_title = fold(dossier.title)
            records.append(dossier)
            revisions.append(paragraphs)
        Dossier.objects.bulk_create(records, batch_size=500)
        self.dossier_list = records
        self.dossier_paragraphs = revisions
        history = []
        # The first dossier's history is written by deep_history().
        for dossier, paragraphs in zip(records[1:], revisions[1:], strict=True):
            history.extend(self.revisions_of(dossier, paragraphs, self.scale.revisions))
            if len(history) >= BATCH:
                Dossier.history.model.objects.bulk_create(history)
                history = []
        Dossier.history.model.objects.bulk_create(history)
        Citation.objects.bulk_create(
            (
                Citation(
                    dossier=dossier, source_id=self.source_records[index].pk, position=position
                )
                for number, dossier in enumerate(records)
                for position, index in enumerate(self.cited_indexes(number), start=1)
            ),
            batch_size=BATCH,
        )

    def sheets(self):
        instruments = [choice for choice, _label in FundingLine.Instrument.choices]
        metrics = [choice for choice, _label in Figure.Metric.choices]
        technologies = list(Technology.objects.order_by("position"))
        funding, figures, events, uses = [], [], [], []
        for number, dossier in enumerate(self.dossier_list):
            keys = self.cited_keys(number)
            for line in range(self.scale.funding_lines):
                payer, recipient = self.rng.sample(self.actor_records, 2)
                funding.append(
                    FundingLine(
                        dossier=dossier,
                        payer=payer,
                        recipient=recipient,
                        instrument=instruments[(number + line) % len(instruments)],
                        amount=Decimal(self.rng.randrange(1_000, 3_000_000)),
                        tax_basis=FundingLine.TaxBasis.EXCLUDING,
                        start=f"{2012 + line}-{1 + number % 12:02d}",
                        description=self.sentence(6, 18),
                        source_keys=keys[line % len(keys)],
                        version=1,
                    )
                )
            for figure in range(self.scale.figures):
                figures.append(
                    Figure(
                        dossier=dossier,
                        metric=metrics[figure % 2],
                        value=Decimal(self.rng.randrange(5, 900)),
                        as_of=str(2014 + figure),
                        scope=self.sentence(3, 8)[:300],
                        source_keys=keys[-1 - figure % len(keys)],
                        version=1,
                    )
                )
            for event in range(self.scale.events):
                date = f"{2010 + event}-{1 + (number + event) % 12:02d}"
                events.append(
                    Event(
                        dossier=dossier,
                        date=date,
                        # bulk_create skips Event.save(), which derives the timeline order.
                        sort_key=chronological_key(date),
                        title=self.sentence(4, 10)[:200],
                        description=self.sentence(10, 25),
                        source_keys=keys[event % len(keys)],
                        version=1,
                    )
                )
            for technology in self.rng.sample(technologies, 3):
                uses.append(
                    TechnologyUse(
                        dossier=dossier,
                        technology=technology,
                        status=TechnologyUse.Status.DEPLOYED,
                        source_keys=keys[0],
                        version=1,
                    )
                )
        author = self.authors[1]
        for model, records in (
            (FundingLine, funding),
            (Figure, figures),
            (Event, events),
            (TechnologyUse, uses),
        ):
            with_history(model, records, author, self.now)

    def deep_history(self):
        """One dossier, the first (largest commune), has 10,000 revisions."""
        dossier = self.dossier_list[0]
        rows = self.revisions_of(dossier, self.dossier_paragraphs[0], self.scale.deep_revisions)
        Dossier.history.model.objects.bulk_create(rows, batch_size=BATCH)
        Dossier.objects.filter(pk=dossier.pk).update(version=self.scale.deep_revisions)
        dossier.refresh_from_db()
        self.dataset.deep_dossier = dossier

    def revisions_of(self, dossier, paragraphs, count):
        """`count` history rows, a minute apart, ending with the dossier as it is.

        The text grows over the first revisions; later ones each edit its last line.
        """
        rows = []
        for version in range(1, count + 1):
            if version < self.scale.revisions:
                body = body_at(paragraphs, version, self.scale.revisions)
            elif version < count:
                body = f"{dossier.body}\n\nAjout de la révision {version}."
            else:
                body = dossier.body
            rows.append(
                historical(
                    dossier,
                    self.authors[(dossier.pk + version) % len(self.authors)],
                    dossier.published_at - timedelta(minutes=count - version),
                    version=version,
                    body=body,
                    history_type="+" if version == 1 else "~",
                    history_change_reason=f"Révision {version}",
                )
            )
        return rows

    def pending_changes(self):
        content_type = ContentType.objects.get_for_model(Dossier)
        requests = []
        for number in range(self.scale.pending_changes):
            dossier = self.dossier_list[number % len(self.dossier_list)]
            requests.append(
                ChangeRequest(
                    content_type=content_type,
                    object_id=dossier.pk,
                    base_version=dossier.version,
                    proposed={
                        "city": dossier.city.insee_code,
                        "title": dossier.title,
                        "summary": dossier.summary,
                        "body": dossier.body + "\n\nUn paragraphe proposé.",
                        "stage": dossier.stage,
                    },
                    label=dossier.title,
                    author=self.authors[number % len(self.authors)],
                    summary=f"Proposition {number}",
                    size_delta=24,
                )
            )
        ChangeRequest.objects.bulk_create(requests, batch_size=BATCH)

    # Generated text

    def sentence(self, shortest, longest):
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(shortest, longest))]
        return " ".join(words).capitalize() + "."

    def paragraphs(self, city_name, keys):
        """About `body_chars` of markdown in sections, citing every key once."""
        per_paragraph = max(1, self.scale.body_chars // (len(keys) or 1))
        paragraphs = []
        for index, key in enumerate(keys):
            if index % 4 == 0:
                paragraphs.append(f"## {SECTIONS[(index // 4) % len(SECTIONS)]}")
            text = f"À {city_name}, " + self.sentence(8, 20)
            while len(text) < per_paragraph - 40:
                text += " " + self.sentence(8, 20)
            paragraphs.append(f"{text} [@{key}]")
        return paragraphs

    def cited_indexes(self, number):
        """The sources dossier `number` cites: neighbours share some."""
        first = (number * self.scale.citations // 2) % max(1, self.scale.sources)
        return [(first + offset) % self.scale.sources for offset in range(self.scale.citations)]

    def cited_keys(self, number):
        return [source_key(index) for index in self.cited_indexes(number)]


def source_key(number):
    return f"source-{number:05d}"


def body_at(paragraphs, version, last_version):
    """The body as it stood at `version`: each revision adds to the text."""
    shown = max(1, len(paragraphs) * version // last_version)
    return "\n\n".join(paragraphs[:shown])


def refresh_planner_statistics():
    """What autovacuum does some time after a bulk load (and what an administrator runs
    after restoring a dump): without it PostgreSQL plans with empty-table statistics;
    the 10,000-revision history took 300 ms instead of 5."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def historical(record, user, date, **values):
    """A history row of `record` as simple-history saves it, with `values` changed."""
    model = type(record).history.model
    row = model(
        **{
            field.attname: getattr(record, field.attname)
            for field in model._meta.fields
            if hasattr(record, field.attname) and field.attname != "history_id"
        }
    )
    row.history_date, row.history_user_id = date, user.pk
    row.history_type, row.history_change_reason = "+", "Création"
    for name, value in values.items():
        setattr(row, name, value)
    return row


def with_history(model, records, user, date):
    """Create `records` and the one history row each creation leaves, a second apart
    and ending at `date` (as records created one by one, never all at one instant)."""
    model.objects.bulk_create(records, batch_size=BATCH)
    count = len(records)
    model.history.model.objects.bulk_create(
        (
            historical(record, user, date - timedelta(seconds=count - number))
            for number, record in enumerate(records)
        ),
        batch_size=BATCH,
    )
    return records


def build(scale=None):
    return Builder(scale or Scale()).build()
