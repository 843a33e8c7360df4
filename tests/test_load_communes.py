import csv
import gzip

import pytest
from django.core.management import call_command

from cities.loading import DATA_DIR, load_communes
from cities.models import City, Department, Region

# The 2026 millésime: 34,969 current communes and the 45 municipal
# arrondissements of Paris (20), Lyon (9) and Marseille (16).
COMMUNES_2026 = 34_969 + 45


def shipped_rows():
    with gzip.open(DATA_DIR / "communes.csv.gz", "rt", encoding="utf-8") as source:
        return list(csv.DictReader(source))


def city_snapshot():
    return list(
        City.objects.order_by("insee_code").values_list(
            "id", "insee_code", "name", "slug", "search_name", "department_id",
            "parent_id", "population", "postal_codes", "kind",
        )
    )  # fmt: skip


@pytest.fixture
def loaded(db):
    return load_communes()


def test_the_shipped_file_holds_every_commune_once():
    rows = shipped_rows()
    codes = [row["insee_code"] for row in rows]
    assert len(rows) == COMMUNES_2026
    assert len(set(codes)) == len(codes)
    assert len({row["slug"] for row in rows}) == len(rows)


def test_it_loads_every_commune_region_and_department(loaded):
    assert City.objects.count() == COMMUNES_2026
    assert Region.objects.count() == 26
    assert Department.objects.count() == 109
    assert loaded.cities.created == COMMUNES_2026


def test_valenciennes_is_loaded_with_its_official_figures(loaded):
    city = City.objects.with_location().get(insee_code="59606")
    assert city.name == "Valenciennes"
    assert city.slug == "valenciennes"
    assert city.population == 43_468
    assert city.postal_code_list == ["59300"]
    assert city.department.code == "59"
    assert city.department.name == "Nord"
    assert city.region.name == "Hauts-de-France"


def test_arrondissements_point_to_their_commune(loaded):
    marseille_first = City.objects.get(insee_code="13201")
    assert marseille_first.kind == City.Kind.ARRONDISSEMENT
    assert marseille_first.parent.insee_code == "13055"
    assert City.objects.get(insee_code="75056").arrondissements.count() == 20
    assert City.objects.get(insee_code="69123").arrondissements.count() == 9


def test_homonyms_get_distinct_readable_slugs(loaded):
    slugs = set(City.objects.filter(name="Sainte-Colombe").values_list("slug", flat=True))
    assert len(slugs) == City.objects.filter(name="Sainte-Colombe").count() > 1
    assert all(slug.startswith("sainte-colombe-") for slug in slugs)


def test_a_second_load_changes_nothing(loaded):
    before = city_snapshot()
    report = load_communes()
    assert not report.changed_anything
    assert report.cities.unchanged == COMMUNES_2026
    assert city_snapshot() == before
    assert City.objects.count() == COMMUNES_2026


def test_a_reload_repairs_changed_rows_without_duplicating(loaded):
    valenciennes = City.objects.get(insee_code="59606")
    valenciennes.population = 1
    valenciennes.save()
    Department.objects.filter(code="59").update(name="Nord modifié")

    report = load_communes()

    assert report.cities.updated == 1
    assert report.departments.updated == 1
    assert City.objects.get(insee_code="59606").population == 43_468
    assert Department.objects.get(code="59").name == "Nord"
    assert City.objects.count() == COMMUNES_2026


def test_the_command_reports_what_it_did(loaded, capsys):
    call_command("load_communes")
    output = capsys.readouterr().out
    assert "Communes\u00a0: 0 créée, 0 mise à jour, 35\u202f014 inchangées." in output
    assert "Départements\u00a0: 0 créé, 0 mis à jour, 109 inchangés." in output


def test_loading_a_subset_brings_the_parent_commune(db):
    load_communes(only={"75101"})
    assert set(City.objects.values_list("insee_code", flat=True)) == {"75101", "75056"}
    assert City.objects.get(insee_code="75101").parent.insee_code == "75056"
