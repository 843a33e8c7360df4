"""/carte/: published dossiers by département, with the dossier list's filters (issue 19)."""

import csv
import gzip
import io
import itertools
import json
import re
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cities.loading import DATA_DIR, load_communes
from cities.maps import (
    INSET_HEIGHT,
    INSET_WIDTH,
    METROPOLITAN_HEIGHT,
    POSITIONS_FILE,
    SMALL_TOLERANCE,
    VIEW_BOX,
    bounds,
    commune_point,
    commune_positions,
    department_shapes,
    format_path,
    parse_path,
    read_shapes,
    ring_area_and_centroid,
    simplified,
)
from cities.models import City, Department
from core.typography import space_french as fr
from dossiers.demo import VALENCIENNES_INSEE, load_demo
from dossiers.maps import LEVEL_BOUNDS, legend, level_of
from dossiers.models import Technology, TechnologyUse
from tests.factories import make_city, make_dossier, make_row, make_source, make_user
from tests.personas import logged_in

SVG = "{http://www.w3.org/2000/svg}"
DRAWN_CODES = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"}
DRAWN_CODES |= {"971", "972", "973", "974", "976"}


def map_svg(html):
    """The map of a page, parsed as XML (which also proves it well formed)."""
    match = re.search(r'<svg class="department-map.*?</svg>', html, re.S)
    assert match, "no map on the page"
    return ElementTree.fromstring(match.group(0))  # noqa: S314 (our own page)


def areas(html):
    """{département code: (level, link, label, count shown)} from the map's links."""
    svg = map_svg(html)
    shown = {text.get("data-code"): text.text for text in svg.iter(f"{SVG}text")}
    found = {}
    for link in svg.iter(f"{SVG}a"):
        if link.get("data-code") is None:
            continue  # a commune's mark
        level = int(link.get("class").removeprefix("level-"))
        found[link.get("data-code")] = (
            level,
            link.get("href"),
            link.find(f"{SVG}title").text,
            shown.get(link.get("data-code")),
        )
    return found


def marks(html):
    """{INSEE code: (link, label, (x, y), radius)} of the communes' marks."""
    found = {}
    for link in map_svg(html).iter(f"{SVG}a"):
        if code := link.get("data-commune"):
            circle = link.find(f"{SVG}circle")
            found[code] = (
                link.get("href"),
                link.find(f"{SVG}title").text,
                (float(circle.get("cx")), float(circle.get("cy"))),
                float(circle.get("r")),
            )
    return found


def inside(point, rings):
    """Whether a point lies inside a shape (even-odd rule)."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
                crossings += 1
    return crossings % 2 == 1


def table_rows(html):
    body = re.search(r'<table class="data-table map-table">.*?</table>', html, re.S)
    if body is None:
        return {}
    rows = re.findall(
        r'<th scope="row"><a href="([^"]+)">([^<]+)<span[^>]*>([^<]+)</span></a>.*?'
        r'<td class="num">([^<]+)</td>',
        body.group(0),
        re.S,
    )
    return {code + name: (href.replace("&amp;", "&"), count) for href, code, name, count in rows}


def page(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# The geometry shipped in cities/data/map/


def test_every_departement_of_the_gazetteer_is_drawn_inside_the_frame():
    shapes = department_shapes()
    assert {shape.code for shape in shapes} == DRAWN_CODES
    with open(DATA_DIR / "departments.csv", encoding="utf-8") as rows:
        gazetteer = {row["code"] for row in csv.DictReader(rows)}
    assert gazetteer >= DRAWN_CODES
    # The overseas collectivities (975, 977 …) are not départements: the table lists them.
    assert {code for code in gazetteer - DRAWN_CODES} == {
        "975", "977", "978", "984", "986", "987", "988", "989"
    }  # fmt: skip
    left, top, width, height = VIEW_BOX
    for shape in shapes:
        west, north, east, south = bounds(parse_path(shape.path))
        assert left <= west < east <= width and top <= north < south <= height, shape.code
        assert west <= shape.label_x <= east and north <= shape.label_y <= south, shape.code
        if shape.inset:
            x, y, box_width, box_height = shape.inset
            # Inside its own box, under the metropolitan map.
            assert x <= west and east <= x + box_width, shape.code
            assert y <= north and south <= y + box_height, shape.code
            assert y > METROPOLITAN_HEIGHT
    boxes = sorted(shape.inset for shape in shapes if shape.inset)
    assert all(a[0] + a[2] < b[0] for a, b in itertools.pairwise(boxes))


def test_the_small_map_draws_lighter_outlines_that_keep_each_departements_place():
    shapes = department_shapes()
    assert sum(len(shape.small_path) for shape in shapes) < 0.4 * sum(
        len(shape.path) for shape in shapes
    )

    def main_piece(path):
        return bounds([max(parse_path(path), key=lambda ring: ring_area_and_centroid(ring)[0])])

    for shape in shapes:
        full, small = main_piece(shape.path), main_piece(shape.small_path)
        # Points are only left out, each within the tolerance of the line that replaces
        # it: the main outline keeps its place and size (islets of a few points may go).
        assert all(abs(a - b) <= SMALL_TOLERANCE + 0.1 for a, b in zip(full, small, strict=True)), (
            shape.code
        )
    square = [(0, 0), (5, 0.2), (10, 0), (10, 10), (0, 10)]
    assert simplified(square, 1) == [(0, 0), (10, 0), (10, 10), (0, 10)]
    assert simplified(square, 0.1) == square


def test_path_data_reads_relative_absolute_and_implicit_linetos_and_is_written_compactly():
    rings = parse_path("m 10,10 5,0 0,5 z m 1,1 2,0 0,2 z M 50 50 L 60 50 60 60 Z")
    assert rings == [
        [(10, 10), (15, 10), (15, 15)],
        [(11, 11), (13, 11), (13, 13)],  # after z, relative to the previous start
        [(50, 50), (60, 50), (60, 60)],
    ]
    assert format_path([[(10.04, 10), (15.5, 10), (15.5, 10.01), (15.5, 4.7)]]) == (
        "M10 10l5.5 0 0-5.3z"
    )
    # Rounded before differences: no drift along a long ring.
    ring = [(0.04 * step, 0.0) for step in range(1000)] + [(40, 40)]
    assert parse_path(format_path([ring]))[0][-1] == pytest.approx((40, 40), abs=1e-9)
    with pytest.raises(ValueError):
        parse_path("m 1,1 c 1,1 2,2 3,3 z")


def test_the_overseas_insets_are_rebuilt_from_natural_earth(tmp_path):
    # A tiny world-atlas file: France's islands in each box, one island elsewhere.
    def square(lon, lat, side=0.1):
        return [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side]]

    places = [(-61.5, 16.0), (-61.0, 14.6), (-53.0, 4.0), (55.5, -21.0), (45.1, -12.8)]
    arcs, polygons = [], []
    for lon, lat in [*places, (2.3, 48.8)]:
        points = square(lon, lat)
        arcs.append([*points, points[0]])
        polygons.append([[len(arcs) - 1]])
    topology = {
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "objects": {
            "countries": {"geometries": [{"properties": {"name": "France"}, "arcs": polygons}]}
        },
        # Delta-encoded, as TopoJSON stores arcs.
        "arcs": [
            [arc[0]] + [[b[0] - a[0], b[1] - a[1]] for a, b in itertools.pairwise(arc)]
            for arc in arcs
        ],
    }
    source, output = tmp_path / "countries.json", tmp_path / "overseas.svg"
    source.write_text(json.dumps(topology))
    report = io.StringIO()
    call_command("build_overseas_map", str(source), output=output, stdout=report)
    assert "976 Mayotte: 1 piece(s)" in report.getvalue()
    shapes = read_shapes(output)
    assert set(shapes) == {"971", "972", "973", "974", "976"}
    assert shapes["974"][0] == "La Réunion"
    for _name, rings in shapes.values():
        west, north, east, south = bounds(rings)
        assert 0 <= west < east <= INSET_WIDTH and 0 <= north < south <= INSET_HEIGHT
        # Fitted: the island fills its box's height, less the margins.
        assert south - north > INSET_HEIGHT - 10
    # Without Mayotte's land, nothing is written and the command says why.
    topology["objects"]["countries"]["geometries"][0]["arcs"].pop(4)
    source.write_text(json.dumps(topology))
    before = output.read_text()
    with pytest.raises(CommandError, match="No land of Mayotte"):
        call_command("build_overseas_map", str(source), output=output, stdout=report)
    assert output.read_text() == before


def test_shipped_commune_positions_fall_inside_their_own_departement():
    with gzip.open(DATA_DIR / "communes.csv.gz", "rt", encoding="utf-8") as rows:
        department_of = {row["insee_code"]: row["department"] for row in csv.DictReader(rows)}
    shapes = {shape.code: parse_path(shape.path) for shape in department_shapes()}
    placed = inside_own = 0
    for code in commune_positions():
        point = commune_point(code, department_of[code])
        if point is None:
            continue
        placed += 1
        inside_own += inside(point, shapes[department_of[code]])
    assert placed > 8000
    # The projection matches the drawing: hardly any commune strays across a border.
    assert inside_own / placed > 0.98
    assert inside(commune_point("59606", "59"), shapes["59"])  # Valenciennes
    assert commune_point("98818", "988") is None  # Nouméa: its collectivity is not drawn


def test_commune_positions_are_rebuilt_from_geonames_places(tmp_path):
    places = [
        {"name": "Valenciennes", "lat": "50.35909", "lng": "3.52506", "country": "FR",
         "admin2": "59"},
        # Two places of the same name in one département: neither is trusted.
        {"name": "Saint-Saulve", "lat": "50.37", "lng": "3.55", "country": "FR", "admin2": "59"},
        {"name": "Saint Saulve", "lat": "50.38", "lng": "3.56", "country": "FR", "admin2": "59"},
        # Mayotte's places carry no département code.
        {"name": "Mamoudzou", "lat": "-12.78", "lng": "45.23", "country": "YT", "admin2": ""},
        {"name": "Valenciennes", "lat": "1", "lng": "1", "country": "BE", "admin2": "59"},
    ]  # fmt: skip
    communes = tmp_path / "communes.csv.gz"
    with gzip.open(communes, "wt", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["insee_code", "name", "department"])
        writer.writerows(
            [["59606", "Valenciennes", "59"], ["59544", "Saint-Saulve", "59"],
             ["97611", "Mamoudzou", "976"], ["62001", "Valenciennes", "62"]]
        )  # fmt: skip
    source, output = tmp_path / "cities.json", tmp_path / "positions.csv"
    source.write_text(json.dumps(places))
    report = io.StringIO()
    call_command(
        "build_commune_positions", str(source), communes=communes, output=output, stdout=report
    )
    assert "2 of 4 communes placed." in report.getvalue()
    assert output.read_text().splitlines() == [
        "insee_code,longitude,latitude",
        "59606,3.52506,50.35909",
        "97611,45.23000,-12.78000",
    ]
    assert POSITIONS_FILE.exists()


# The page


@pytest.mark.django_db
def test_nord_is_shaded_by_the_valenciennes_dossier_and_leads_to_its_list(valenciennes_demo):
    html = page(reverse("map"))
    drawn = areas(html)
    assert len(drawn) == len(DRAWN_CODES)
    nord = Department.objects.get(code="59")
    assert drawn["59"] == (
        1,
        f"/dossiers/?department={nord.pk}",
        fr("Nord : 1 dossier publié"),
        "1",
    )
    assert {level for code, (level, *_rest) in drawn.items() if code != "59"} == {0}
    assert drawn["973"][2] == fr("Guyane : 0 dossier publié")
    assert table_rows(html) == {
        "59 — Nord": (f"/dossiers/?department={nord.pk}", "1")
    }  # fmt: skip
    assert valenciennes_demo.get_absolute_url() in page(drawn["59"][1])


@pytest.mark.django_db
def test_the_list_filters_apply_with_the_same_parameters_and_links_keep_them(valenciennes_demo):
    nord = Department.objects.get(code="59")
    use = TechnologyUse.objects.filter(dossier=valenciennes_demo).order_by("pk").first()
    kept = f"technology={use.technology.slug}&status={use.status}&stage={valenciennes_demo.stage}"
    drawn = areas(page(f"{reverse('map')}?{kept}&department={nord.pk}&page="))
    # The département in the address is replaced by each area's own; the rest kept.
    assert drawn["59"][:2] == (1, f"/dossiers/?{kept}&department={nord.pk}")
    assert valenciennes_demo.get_absolute_url() in page(drawn["59"][1])
    # A filter the dossier does not meet leaves Nord blank, and its link says so too.
    other = Technology.objects.exclude(uses__dossier=valenciennes_demo).order_by("pk").first()
    for query in (
        f"technology={other.slug}",
        "status=abandoned",
        f"technology={use.technology.slug}&status=abandoned",
        "instrument=ugap",
    ):
        html = page(f"{reverse('map')}?{query}")
        assert areas(html)["59"][0] == 0, query
        assert table_rows(html) == {}
        assert fr("Aucun dossier ne correspond à ces critères.") in html
        assert valenciennes_demo.get_absolute_url() not in page(areas(html)["59"][1]), query


@pytest.mark.django_db
def test_the_status_filter_asks_the_same_technology_when_one_is_chosen():
    video, faces = Technology.objects.order_by("pk")[:2]
    dossier = make_dossier(title="Deux technologies")
    source = make_source()
    make_row(TechnologyUse, dossier, sources=[source], technology=video, status="deployed")
    make_row(TechnologyUse, dossier, sources=[source], technology=faces, status="abandoned")
    found = {
        query: "Deux technologies" in page(f"{reverse('dossiers:list')}?{query}")
        for query in (
            "status=deployed",
            "status=abandoned",
            "status=announced",
            f"technology={video.slug}&status=deployed",
            f"technology={video.slug}&status=abandoned",
            f"technology={faces.slug}&status=abandoned",
        )
    }
    assert found == {
        "status=deployed": True,
        "status=abandoned": True,
        "status=announced": False,
        f"technology={video.slug}&status=deployed": True,
        f"technology={video.slug}&status=abandoned": False,
        f"technology={faces.slug}&status=abandoned": True,
    }


@pytest.mark.django_db
def test_counts_shades_and_the_table_agree_for_every_departement(valenciennes_demo):
    made = {"13": 3, "33": 7, "75": 12, "988": 1}
    for code, count in made.items():
        city = make_city(department=Department.objects.get(code=code))
        for _ in range(count):
            make_dossier(city=city)
    make_dossier(city=make_city(department=Department.objects.get(code="33")), status="draft")
    html = page(reverse("map"))
    drawn = areas(html)
    assert drawn["13"][0] == level_of(3) == 2
    assert drawn["33"][0] == level_of(7) == 3, "the draft is not counted"
    assert drawn["75"][0] == level_of(12) == 4
    # Paris is too small for its count to be written in it: the link's name says it.
    assert drawn["75"][2:] == (fr("Paris : 12 dossiers publiés"), None)
    assert drawn["33"][3] == "7"
    rows = table_rows(html)
    assert {name: count for name, (_href, count) in rows.items()} == {
        "13 — Bouches-du-Rhône": "3",
        "33 — Gironde": "7",
        "59 — Nord": "1",
        "75 — Paris": "12",
        "988 — Nouvelle-Calédonie": "1",
    }
    assert "(hors carte)" in html, "New Caledonia is listed though not drawn"
    assert fr("24 dossiers publiés, dans 5 départements") in html
    # Each row leads where its area leads.
    for name, (href, _count) in rows.items():
        area = drawn.get(name.split(" — ")[0])
        assert area is None or area[1] == href


def test_shades_come_from_fixed_classes_with_a_legend_for_each():
    assert [level_of(count) for count in (0, 1, 2, 4, 5, 9, 10, 24, 25, 1000)] == [
        0, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]  # fmt: skip
    labels = [str(label) for _level, label in legend()]
    assert labels == [
        "aucun dossier",
        "1 dossier",
        "2 à 4 dossiers",
        "5 à 9 dossiers",
        "10 à 24 dossiers",
        "25 dossiers ou plus",
    ]
    assert len(labels) == len(LEVEL_BOUNDS) + 1


@pytest.mark.django_db
def test_a_filter_that_is_not_valid_answers_with_a_message_and_keeps_the_choice(
    valenciennes_demo,
):
    response = Client().get(reverse("map"), {"technology": "nulle-part", "status": "deployed"})
    assert response.status_code == 200
    html = response.content.decode()
    assert fr("Certains critères ne sont pas valides") in html
    assert '<option value="deployed" selected>' in html
    assert areas(html)["59"][0] == 0


@pytest.mark.django_db
def test_the_map_costs_the_same_queries_whatever_the_number_of_dossiers(valenciennes_demo):
    def count(client):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("map"), {"stage": ""}).status_code == 200
        return len(queries)

    client = Client()
    few = count(client)
    for code in ("01", "2A", "971", "59", "988"):
        for _ in range(3):
            make_dossier(city=make_city(department=Department.objects.get(code=code)))
    assert count(client) == few
    # The filter form's choices (regions, départements, technologies, actors), the
    # counts and the départements.
    assert few <= 6


@pytest.fixture
def committed_demo(db, settings, django_capture_on_commit_callbacks):
    """The demo, committed as far as the page cache knows (a generation drawn by an
    open transaction is never remembered), with pages kept."""
    settings.PAGE_CACHE_SECONDS = 600
    with django_capture_on_commit_callbacks(execute=True):
        load_communes(only={VALENCIENNES_INSEE})
        return load_demo()


def test_readers_are_served_the_kept_map_until_a_dossier_is_published(
    committed_demo, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("map")
    first = page(url)
    with django_assert_num_queries(0):
        assert page(url) == first
    # A signed-in reader shares the map: the session, the user and the header's two
    # permission lookups; no count, no département read.
    reader = logged_in(Client(), make_user("camille"))
    page(url, reader)
    with django_assert_num_queries(4):
        mine = page(url, reader)
    assert areas(mine)["59"][:3] == areas(first)["59"][:3]
    assert areas(mine)["59"][2] == fr("Nord : 1 dossier publié")
    gironde = Department.objects.get(code="33")
    with django_capture_on_commit_callbacks(execute=True):
        make_dossier(city=make_city(department=gironde))
    for html in (page(url), page(url, reader)):
        assert areas(html)["33"][0] == 1


@pytest.mark.django_db
def test_the_home_page_shows_a_small_map_leading_to_the_full_one(valenciennes_demo):
    html = page(reverse("home"))
    link = re.search(r'<a class="home-map" href="([^"]+)">(.*?)</a>', html, re.S)
    assert link and link.group(1) == reverse("map")
    svg = map_svg(link.group(2))
    assert svg.get("aria-hidden") == "true", "the link's text names it, not 101 areas"
    shaded = [path for path in svg.iter(f"{SVG}path") if path.get("class") == "level-1"]
    assert {path.get("d") for path in svg.iter(f"{SVG}path")} == {
        shape.small_path for shape in department_shapes()
    }
    assert len(shaded) == 1 and len(list(svg.iter(f"{SVG}path"))) == len(DRAWN_CODES)
    assert list(svg.iter(f"{SVG}a")) == []


@pytest.mark.django_db
def test_the_map_speaks_english_under_en(valenciennes_demo):
    html = page("/en/carte/")
    nord = Department.objects.get(code="59")
    assert areas(html)["59"][:3] == (
        1,
        f"/en/dossiers/?department={nord.pk}",
        "Nord: 1 published dossier",
    )
    assert "Map of dossiers" in html and "no dossier" in html and "Dossiers by department" in html
    # Two filters both « Tous les états » in French, each its own words in English.
    status = re.search(r'<select name="status".*?</select>', html, re.S).group(0)
    stage = re.search(r'<select name="stage".*?</select>', html, re.S).group(0)
    assert '<option value="" selected>All statuses</option>' in status
    assert '<option value="" selected>All stages</option>' in stage


@pytest.mark.django_db
def test_a_documented_commune_has_a_mark_leading_to_its_dossiers(valenciennes_demo):
    nord = Department.objects.get(code="59")
    html = page(f"{reverse('map')}?commune=59606&stage={valenciennes_demo.stage}")
    (code, (href, label, point, radius)), *others = marks(html).items()
    assert others == [] and code == "59606"
    # The commune in the map's own address is replaced by the mark's; filters kept.
    assert href == f"/dossiers/?stage={valenciennes_demo.stage}&commune=59606"
    assert label == fr("Valenciennes : 1 dossier publié")
    nord_shape = next(shape for shape in department_shapes() if shape.code == "59")
    assert inside(point, parse_path(nord_shape.path)) and radius == 3.5
    assert valenciennes_demo.get_absolute_url() in page(href)
    # A commune without a known position counts in its département, and the page says so.
    make_dossier(city=make_city("Hameau sans position", nord, insee_code="59999"))
    html = page(reverse("map"))
    assert list(marks(html)) == ["59606"]
    assert areas(html)["59"][0] == level_of(2)
    assert fr("1 commune documentée n’a pas de position connue") in html


@pytest.mark.django_db
def test_arrondissements_count_in_their_communes_mark_and_list():
    load_communes(only={"13201", "13202"})
    marseille = City.objects.get(insee_code="13055")
    first, second = City.objects.filter(parent=marseille).order_by("insee_code")
    for city in (first, second, second, marseille):
        make_dossier(city=city, title=f"Dossier de {city.name}")
    found = marks(page(reverse("map")))
    assert list(found) == ["13055"]
    href, label, _point, radius = found["13055"]
    assert label == fr("Marseille : 4 dossiers publiés") and radius == 7.0
    listed = page(href)
    assert fr("4 dossiers trouvés") in listed
    assert fr("1 dossier trouvé") in page(f"{reverse('dossiers:list')}?commune=13201")
    assert fr("0 dossier trouvé") in page(f"{reverse('dossiers:list')}?commune=1320")


@pytest.mark.django_db
def test_larger_marks_are_drawn_first_so_smaller_ones_stay_within_reach(valenciennes_demo):
    load_communes(only={"59350", "59178"})  # Lille, Douai
    lille, douai = City.objects.get(insee_code="59350"), City.objects.get(insee_code="59178")
    for city in (lille, lille, lille, douai):
        make_dossier(city=city)
    found = marks(page(reverse("map")))
    assert list(found) == ["59350", "59178", "59606"]
    assert [mark[3] for mark in found.values()] == [6.1, 3.5, 3.5]


@pytest.mark.django_db
def test_past_the_limit_the_map_asks_for_narrower_filters_instead_of_marks(
    valenciennes_demo, monkeypatch
):
    load_communes(only={"59350", "59178"})  # Lille, Douai
    for code in ("59350", "59178"):
        make_dossier(city=City.objects.get(insee_code=code))
    monkeypatch.setattr("dossiers.maps.MAX_MARKS", 2)
    html = page(reverse("map"))
    assert marks(html) == {}
    assert fr("Plus de 2 communes répondent à ces critères") in html
    assert areas(html)["59"][0] == level_of(3), "the shades still count every dossier"
    # Narrowed down (here to one commune), the marks come back.
    html = page(f"{reverse('map')}?commune=59350")
    assert list(marks(html)) == ["59350"]
    assert "Plus de 2 communes" not in html


def test_the_home_pages_map_is_kept_until_content_changes(
    committed_demo, django_assert_num_queries, django_capture_on_commit_callbacks
):
    reader = logged_in(Client(), make_user("camille"))
    first = page(reverse("home"), reader)
    # Session, user, two permission lookups, the latest dossiers and the two counts:
    # not the map's counts nor its départements.
    with django_assert_num_queries(7):
        assert map_svg(page(reverse("home"), reader)).get("viewBox") == map_svg(first).get(
            "viewBox"
        )
    gironde = Department.objects.get(code="33")
    with django_capture_on_commit_callbacks(execute=True):
        make_dossier(city=make_city(department=gironde))
    shaded = map_svg(page(reverse("home"), reader)).iter(f"{SVG}path")
    assert sum(path.get("class") == "level-1" for path in shaded) == 2
