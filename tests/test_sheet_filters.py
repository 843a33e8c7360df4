"""Lists that compare: the dossier list and the city list filtered on the sheet."""

import pytest
from django.urls import reverse

from dossiers.citations import save_row_revision
from dossiers.models import ActorRole, Dossier, Event, FundingLine, Technology, TechnologyUse
from tests.factories import (
    make_actor,
    make_city,
    make_department,
    make_dossier,
    make_funding_line,
    make_region,
    make_row,
)

pytestmark = pytest.mark.django_db


def uses(dossier, slug, status=TechnologyUse.Status.DEPLOYED):
    technology = Technology.objects.get(slug=slug)
    return make_row(TechnologyUse, dossier, technology=technology, status=status)


@pytest.fixture
def dossiers():
    north = make_department("Nord", region=make_region("Hauts-de-France"))
    south = make_department("Bouches-du-Rhône", region=make_region("Provence"))
    huawei, city = make_actor("Huawei"), make_actor("Ville")
    made = {
        "valenciennes": make_dossier(make_city("Valenciennes", north), title="Valenciennes",
                                     stage=Dossier.Stage.DEPLOYED),
        "lille": make_dossier(make_city("Lille", north), title="Lille",
                              stage=Dossier.Stage.ANNOUNCED),
        "marseille": make_dossier(make_city("Marseille", south), title="Marseille",
                                  stage=Dossier.Stage.DEPLOYED),
    }  # fmt: skip
    uses(made["valenciennes"], "reconnaissance-faciale", TechnologyUse.Status.PRESENT_UNUSED)
    uses(made["valenciennes"], "lecture-de-plaques")
    uses(made["marseille"], "reconnaissance-faciale")
    uses(made["lille"], "drones", TechnologyUse.Status.ANNOUNCED)
    make_row(ActorRole, made["valenciennes"], actor=huawei, role=ActorRole.Role.SUPPLIER)
    make_funding_line(made["marseille"], payer=city, recipient=huawei,
                      instrument=FundingLine.Instrument.UGAP)  # fmt: skip
    make_funding_line(made["lille"], payer=city, recipient=make_actor("Autre"),
                      instrument=FundingLine.Instrument.SUBSIDY)  # fmt: skip
    make_row(Event, made["valenciennes"], date="2017-02", title="Convention")
    make_row(Event, made["marseille"], date="2019-11-21", title="Délibération")
    return made


def titles(client, query):
    response = client.get(reverse("dossiers:list") + "?" + query)
    assert response.status_code == 200
    return sorted(dossier.title for dossier in response.context["dossier_list"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("technology=reconnaissance-faciale", ["Marseille", "Valenciennes"]),
        ("technology=drones", ["Lille"]),
        ("actor=huawei", ["Marseille", "Valenciennes"]),  # a role, or a payment
        ("instrument=ugap", ["Marseille"]),
        ("instrument=subsidy", ["Lille"]),
        ("stage=deployed", ["Marseille", "Valenciennes"]),
        ("year=2017", ["Valenciennes"]),
        ("year=2019", ["Marseille"]),
        ("year=2020", []),
        ("technology=reconnaissance-faciale&stage=deployed", ["Marseille", "Valenciennes"]),
        ("technology=reconnaissance-faciale&actor=huawei&year=2019", ["Marseille"]),
        ("technology=drones&stage=deployed", []),
        ("", ["Lille", "Marseille", "Valenciennes"]),
    ],
)
def test_dossier_filter_combinations(client, dossiers, query, expected):
    assert titles(client, query) == expected


def test_region_and_technology_together(client, dossiers):
    region = dossiers["valenciennes"].city.department.region
    assert titles(client, f"region={region.pk}&technology=reconnaissance-faciale") == [
        "Valenciennes"
    ]


def test_removed_rows_do_not_count(client, dossiers):
    use = dossiers["lille"].technology_uses.get()
    use.removed = True
    save_row_revision(use, user=None, reason="Retrait")
    assert titles(client, "technology=drones") == []


def test_bad_filter_values_get_a_message_not_an_error(client, dossiers):
    response = client.get(reverse("dossiers:list") + "?year=abc&technology=telepathie")
    assert response.status_code == 200
    assert "Saisissez un nombre" in response.text
    assert list(response.context["dossier_list"]) == []


def test_cities_with_a_dossier_using_a_technology(client, dossiers):
    response = client.get(reverse("cities:list") + "?technology=reconnaissance-faciale")
    names = sorted(city.name for city in response.context["object_list"])
    assert names == ["Marseille", "Valenciennes"]
    drafts = make_dossier(make_city("Douai"), status=Dossier.Status.DRAFT)
    uses(drafts, "reconnaissance-faciale")
    response = client.get(reverse("cities:list") + "?technology=reconnaissance-faciale")
    assert "Douai" not in [city.name for city in response.context["object_list"]]


def test_dossier_cards_show_stage_and_technologies(client, dossiers):
    page = client.get(reverse("dossiers:list") + "?q=valenciennes").text
    assert "Projet déployé" in page
    # The status is written out, not only coloured and in a tooltip (issue 16).
    assert (
        'Reconnaissance faciale <span class="tag-status">(présente, dite inutilisée)</span>' in page
    )
