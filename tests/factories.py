"""Small helpers that build valid objects with sensible defaults."""

import itertools

from django.contrib.auth import get_user_model

from cities.models import City, Department, Region
from dossiers.citations import save_dossier_revision, save_row_revision
from dossiers.models import Dossier

_numbers = itertools.count(1)
_codes = itertools.count(36**2)  # three base-36 digits: room for 45,000 codes


def _short_code():
    number, digits = next(_codes), ""
    while number:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits.upper()


def make_user(username=None, **fields):
    username = username or f"user{next(_numbers)}"
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    return user


def make_region(name="Hauts-de-France", code=None):
    return Region.objects.create(name=name, code=code or _short_code())


def make_department(name="Nord", code=None, region=None):
    return Department.objects.create(
        name=name, code=code or _short_code(), region=region or make_region()
    )


def make_city(name=None, department=None, population=1000, **fields):
    number = next(_numbers)
    name = name or f"Ville {number}"
    return City.objects.create(
        name=name,
        slug=fields.pop("slug", f"ville-{number}"),
        insee_code=fields.pop("insee_code", f"{number:05d}"),
        department=department or make_department(),
        population=population,
        **fields,
    )


def make_dossier(
    city=None, *, status=Dossier.Status.PUBLISHED, user=None, reason="Création", **fields
):
    fields.setdefault("title", f"Dossier {next(_numbers)}")
    fields.setdefault("summary", "Un résumé.")
    fields.setdefault("body", "Un texte en **markdown**.")
    dossier = Dossier(city=city or make_city(), status=status, **fields)
    save_dossier_revision(dossier, user=user, reason=reason)
    return dossier


def make_source(key=None, *, user=None, reason="Ajout de la source", **fields):
    from sources.models import Source

    number = next(_numbers)
    fields.setdefault("kind", Source.Kind.PRESS)
    fields.setdefault("title", f"Article {number}")
    fields.setdefault("publisher", "Journal test")
    fields.setdefault("published", "2021-08-01")
    fields.setdefault("url", f"https://journal.example/article-{number}")
    source = Source(key=key or f"source-{number}", **fields)
    source.save_revision(user=user, reason=reason)
    return source


def make_actor(name=None, *, kind="company", source=None, user=None, **fields):
    from dossiers.models import Actor

    source = source or make_source()
    actor = Actor(
        name=name or f"Acteur {next(_numbers)}", kind=kind, source_keys=source.key, **fields
    )
    actor.save_revision(user=user, reason="Ajout de l’acteur")
    return actor


def make_row(model, dossier, *, sources=(), user=None, reason="Ajout", **fields):
    """A published row of `dossier`'s sheet, backed by `sources` (a new one by default)."""
    if "source_keys" not in fields:
        fields["source_keys"] = "; ".join(s.key for s in list(sources) or [make_source()])
    row = model(dossier=dossier, **fields)
    save_row_revision(row, user=user, reason=reason)
    return row


def make_funding_line(dossier, *, payer=None, recipient=None, **fields):
    from dossiers.models import FundingLine

    fields.setdefault("instrument", FundingLine.Instrument.MAINTENANCE)
    fields.setdefault("amount", "24000")
    fields.setdefault("start", "2017-02")
    return make_row(
        FundingLine,
        dossier,
        payer=payer or make_actor(),
        recipient=recipient or make_actor(),
        **fields,
    )


def set_protection(record, level, reason=""):
    """Set a record's protection as a moderator's action would, without the log entry."""
    type(record).objects.filter(pk=record.pk).update(protection=level, protection_reason=reason)
    record.protection, record.protection_reason = level, reason


def make_document_request(*, administration=None, dossiers=(), user=None, **fields):
    """A published request for documents, by `user` (its requester), sent a week ago."""
    from datetime import timedelta

    from django.utils import timezone

    from dossiers.models import DocumentRequest

    user = user or make_user()
    dossiers = list(dossiers) or [make_dossier()]
    fields.setdefault("title", f"Demande {next(_numbers)}")
    fields.setdefault("asked", "Les conventions de vidéoprotection.")
    fields.setdefault("sent_on", timezone.localdate() - timedelta(days=7))
    fields.setdefault("channel", DocumentRequest.Channel.EMAIL)
    request = DocumentRequest(
        administration=administration or make_actor(kind="local_authority"),
        dossier_slugs="; ".join(dossier.slug for dossier in dossiers),
        **fields,
    )
    request.save_revision(user=user, reason="Demande envoyée")
    return request
