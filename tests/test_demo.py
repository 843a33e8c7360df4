import pytest
from django.core.management import call_command
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.demo import DEMO_SLUG, REVISIONS, load_demo
from dossiers.models import Dossier
from tests.html_checks import assert_inert

pytestmark = pytest.mark.django_db


def test_the_demo_dossier_is_published_with_its_history(valenciennes_demo):
    dossier = Dossier.objects.public().get(slug=DEMO_SLUG)
    assert dossier.city.insee_code == "59606"
    revisions = list(dossier.public_revisions())
    assert len(revisions) == len(REVISIONS) >= 3
    assert [r.history_change_reason for r in reversed(revisions)] == [r.reason for r in REVISIONS]
    assert {r.history_user.username for r in revisions} == {"equipe-demo"}


def test_the_demo_states_the_key_facts(valenciennes_demo):
    html = Dossier.objects.get(slug=DEMO_SLUG).body_html
    for fact in ("24\u202f000\u00a0euros", "12 mai 2021", "217", "361", "450 flux vidéo", "Huawei"):
        assert fact in html, fact
    assert_inert(html)


def test_the_demo_loader_is_idempotent(valenciennes_demo):
    assert load_demo() is None
    call_command("load_demo")
    assert Dossier.objects.count() == 1
    assert Dossier.objects.get().history.count() == len(REVISIONS)


def test_the_demo_loader_explains_a_missing_commune(db):
    with pytest.raises(Exception, match="load_communes"):
        call_command("load_demo")


def test_the_first_revision_predates_the_cnil_warning(client, valenciennes_demo):
    first = valenciennes_demo.history.order_by("history_date").first()
    url = reverse("dossiers:revision", args=[DEMO_SLUG, first.history_id])
    page = client.get(url).content.decode()
    assert "24\u202f000\u00a0euros" in page
    assert "avertissement" not in page.lower().split("<article")[1]


def test_the_demo_has_the_structured_sheet(client, valenciennes_demo):
    dossier = Dossier.objects.get(slug=DEMO_SLUG)
    assert dossier.stage == Dossier.Stage.DEPLOYED
    cameras = dossier.figures.filter(metric="cameras").order_by("value")
    assert [int(figure.value) for figure in cameras] == [160, 217, 230, 240, 270, 323, 361]
    assert dossier.figures.get(metric="video_streams").value == 450
    maintenance = dossier.funding_lines.get(instrument="maintenance")
    assert (maintenance.payer.name, maintenance.recipient.name) == (
        "Ville de Valenciennes",
        "Huawei",
    )
    assert maintenance.amount == 24000
    assert dossier.events.filter(date="2021-05-12").exists()
    assert {role.actor.name for role in dossier.actor_roles.all()} == {
        "Huawei", "Ville de Valenciennes", "CNIL", "Ligue des droits de l’Homme",
        "Laurent Degallaix", "Jean-Louis Borloo",
    }  # fmt: skip
    facial = dossier.technology_uses.get(technology__slug="reconnaissance-faciale")
    assert facial.status == "present_unused"
    page = client.get(dossier.get_absolute_url()).text
    assert fr("Juste sous le seuil : 4,0 % sous 25 000 € HT") in page


def test_the_demo_sheet_loads_once(valenciennes_demo):
    dossier = Dossier.objects.get(slug=DEMO_SLUG)
    rows = dossier.funding_lines.count() + dossier.events.count() + dossier.figures.count()
    call_command("load_demo")
    assert dossier.funding_lines.count() + dossier.events.count() + dossier.figures.count() == rows
