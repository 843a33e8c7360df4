"""Simultaneous creations that want the same URL slug or source key (issue 14, defect
4): every generated name is allocated race-free, and a key the author chose that
someone else takes meanwhile is a form error, never a 500."""

import pytest
from django.urls import reverse

from dossiers.models import Actor, Dossier
from review import naming
from sources.models import Source
from tests.concurrency import client_for, run_together, statuses
from tests.factories import make_city, make_source
from tests.personas import make_trusted
from tests.test_documents import source_data as documents_source_data

WRITERS = 10


@pytest.fixture
def check_then_pause(monkeypatch):
    """Leave a moment between finding a name free and inserting it, as a busy server
    does, so that every writer finds the same name free."""
    import time

    first_free = naming.first_free

    def slow_first_free(base, taken):
        name = first_free(base, taken)
        time.sleep(0.05)
        return name

    monkeypatch.setattr(naming, "first_free", slow_first_free)


def writers():
    return [client_for(make_trusted(f"redacteur{n}")) for n in range(WRITERS)]


@pytest.mark.django_db(transaction=True)
def test_ten_dossiers_with_one_title_created_at_once_all_get_a_slug(check_then_pause):
    city = make_city(name="Valenciennes", slug="valenciennes", insee_code="59606")
    data = {
        "city": city.insee_code,
        "title": "Valenciennes (59)",
        "summary": "Un résumé.",
        "stage": "",
        "body": "Un texte.",
        "edit_summary": "Création",
    }
    clients = writers()

    responses = run_together(
        [lambda c=client: c.post(reverse("dossiers:create"), data) for client in clients]
    )

    assert statuses(responses) == [302] * WRITERS
    slugs = sorted(Dossier.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == WRITERS
    assert "valenciennes-59" in slugs and "valenciennes-59-10" in slugs
    assert sorted(response["Location"] for response in responses) == sorted(
        reverse("dossiers:detail", args=[slug]) for slug in slugs
    )
    assert all(dossier.history.count() == 1 for dossier in Dossier.objects.all())


@pytest.mark.django_db(transaction=True)
def test_actors_whose_names_make_one_slug_created_at_once_all_get_one(check_then_pause):
    source = make_source("source-acteurs")
    stem = "Société de vidéosurveillance " * 4  # over the 100 characters a slug keeps
    clients = writers()
    calls = [
        lambda c=client, n=n: c.post(
            reverse("actors:create"),
            {
                "name": f"{stem}{n}",
                "kind": "company",
                "city": "",
                "description": "",
                "website": "",
                "source_keys": source.key,
                "edit_summary": "Nouvel acteur",
            },
        )
        for n, client in enumerate(clients)
    ]

    codes = statuses(run_together(calls))

    assert codes == [302] * WRITERS
    assert Actor.objects.values("slug").distinct().count() == WRITERS


def source_data(**fields):
    return documents_source_data(kind="press", publisher="La Voix du Nord", **fields)


@pytest.mark.django_db(transaction=True)
def test_sources_given_the_same_generated_key_at_once_all_get_one(check_then_pause):
    clients = writers()
    calls = [
        lambda c=client, n=n: c.post(
            reverse("sources:create"),
            source_data(title=f"Article {n}", url=f"https://lavoixdunord.example/{n}"),
        )
        for n, client in enumerate(clients)
    ]

    codes = statuses(run_together(calls))

    assert codes == [302] * WRITERS
    keys = set(Source.objects.values_list("key", flat=True))
    assert len(keys) == WRITERS
    assert "la-voix-du-nord-2017-02" in keys


@pytest.mark.django_db(transaction=True)
def test_a_chosen_key_taken_meanwhile_is_a_form_error_with_the_text_kept():
    clients = writers()[:2]
    calls = [
        lambda c=client, n=n: c.post(
            reverse("sources:create"),
            source_data(
                key="convention-huawei",
                title=f"Convention {n}",
                url=f"https://valenciennes.example/{n}",
            ),
        )
        for n, client in enumerate(clients)
    ]

    responses = run_together(calls)

    # The second writer is told by the form's own check (200) if the first had
    # committed when it validated, by the unique constraint (400) if not.
    codes = sorted(statuses(responses))
    assert codes in ([200, 302], [302, 400]), codes
    refused = next(response for response in responses if response.status_code != 302)
    assert "Une autre source porte déjà cette clé" in refused.text
    assert refused.context["form"]["title"].value() in ("Convention 0", "Convention 1")
    assert Source.objects.get().key == "convention-huawei"
