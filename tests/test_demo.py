import pytest
from django.core.management import call_command
from django.urls import reverse

from dossiers.demo import DEMO_SLUG, REVISIONS, load_demo
from dossiers.models import Dossier
from tests.html_checks import assert_inert

pytestmark = pytest.mark.django_db


def test_the_demo_dossier_is_published_with_its_history(valenciennes_demo):
    dossier = Dossier.objects.published().get(slug=DEMO_SLUG)
    assert dossier.city.insee_code == "59606"
    revisions = list(dossier.public_revisions())
    assert len(revisions) == len(REVISIONS) >= 3
    assert [r.history_change_reason for r in reversed(revisions)] == [r.reason for r in REVISIONS]
    assert {r.history_user.username for r in revisions} == {"equipe-demo"}


def test_the_demo_states_the_key_facts(valenciennes_demo):
    html = Dossier.objects.get(slug=DEMO_SLUG).body_html
    for fact in ("24 000 euros", "12 mai 2021", "217", "361", "450 flux vidéo", "Huawei"):
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
    assert "24 000 euros" in page
    assert "avertissement" not in page.lower().split("<article")[1]
