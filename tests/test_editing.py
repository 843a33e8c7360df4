"""Creating and editing dossiers through the site's forms."""

import pytest
from django.test import Client
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.models import Dossier
from review.models import ChangeRequest
from tests.factories import make_city, make_department, make_dossier
from tests.html_checks import assert_inert, rendered_texts
from tests.personas import make_contributor, make_moderator, make_trusted
from tests.review_helpers import decision_data, edit_form_data

pytestmark = pytest.mark.django_db


def form_data(dossier, edit_summary="Correction d’un chiffre", **fields):
    return edit_form_data(dossier, edit_summary, **fields)


def edit_url(dossier):
    return reverse("dossiers:edit", args=[dossier.slug])


def test_anonymous_is_sent_to_log_in(client):
    dossier = make_dossier()
    response = client.get(edit_url(dossier))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_form_starts_from_the_published_text_and_its_version(client):
    dossier = make_dossier(body="Texte publié d’origine.")
    client.force_login(make_contributor())
    response = client.get(edit_url(dossier))
    form = response.context["form"]
    assert form["body"].value() == "Texte publié d’origine."
    assert form["base_version"].value() == dossier.version
    assert form["city"].value() == str(dossier.city)
    assert f'value="{dossier.city}"' in response.text


def test_contributor_edit_becomes_a_pending_change(client):
    dossier = make_dossier(body="Ancien texte.")
    author = make_contributor()
    client.force_login(author)
    response = client.post(edit_url(dossier), form_data(dossier, body="Nouveau texte."))
    change = ChangeRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change.get_absolute_url()
    assert change.author == author
    assert change.is_pending
    assert change.proposed["body"] == "Nouveau texte."
    assert change.base_version == dossier.version
    assert change.summary == "Correction d’un chiffre"
    assert change.size_delta == len("Nouveau texte.") - len("Ancien texte.")
    dossier.refresh_from_db()
    assert dossier.body == "Ancien texte."
    assert dossier.history.count() == 1


def test_trusted_edit_is_published_with_author_and_summary(client):
    dossier = make_dossier(body="Ancien texte.")
    trusted = make_trusted()
    client.force_login(trusted)
    response = client.post(edit_url(dossier), form_data(dossier, body="Texte *corrigé*."))
    assert response.status_code == 302
    assert response["Location"] == dossier.get_absolute_url()
    dossier.refresh_from_db()
    assert dossier.body == "Texte *corrigé*."
    assert "<em>corrigé</em>" in dossier.body_html
    latest = dossier.history.latest()
    assert latest.history_user == trusted
    assert latest.history_change_reason == "Correction d’un chiffre"
    assert not ChangeRequest.objects.exists()


def test_edit_summary_is_required_and_the_text_is_kept(client):
    dossier = make_dossier()
    client.force_login(make_trusted())
    response = client.post(
        edit_url(dossier), form_data(dossier, edit_summary="", body="Mon long texte à garder.")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["edit_summary"]
    assert "Mon long texte à garder." in response.text
    dossier.refresh_from_db()
    assert dossier.body != "Mon long texte à garder."


def test_preview_renders_through_the_publication_renderer_and_saves_nothing(client):
    dossier = make_dossier(body="Avant.")
    client.force_login(make_trusted())
    data = form_data(dossier, body="## Section\n\nUn [lien](https://exemple.org).", preview="1")
    response = client.post(edit_url(dossier), data)
    assert response.status_code == 200
    assert '<h2 id="section">Section</h2>' in response.text
    assert 'rel="nofollow ugc noopener"' in response.text
    dossier.refresh_from_db()
    assert dossier.body == "Avant."
    assert dossier.history.count() == 1


HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(2))",
    '<img src=x onerror="alert(3)">',
    '<a href="data:text/html,boom">y</a>',
    "<svg><animate onbegin=alert(4) attributeName=x></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "[y](JaVaScRiPt&colon;alert(5))",
    '<div style="background:url(javascript:alert(6))">z</div>',
]


def test_hostile_markdown_through_the_edit_form_comes_out_inert(client):
    dossier = make_dossier()
    author = make_contributor()
    client.force_login(author)
    body = "\n\n".join(HOSTILE)
    preview = client.post(edit_url(dossier), form_data(dossier, body=body, preview="1"))
    client.post(edit_url(dossier), form_data(dossier, body=body))
    change = ChangeRequest.objects.get()
    client.force_login(make_moderator())
    change_page = client.get(change.get_absolute_url())
    client.post(reverse("review:approve", args=[change.pk]), decision_data(change))
    dossier.refresh_from_db()
    assert dossier.body == body
    assert_inert(dossier.body_html)
    for response in (preview, change_page, client.get(dossier.get_absolute_url())):
        rendered = rendered_texts(response.text)
        assert rendered, "the page shows the rendered text"
        for html in rendered:
            assert_inert(html)
        assert "<script>alert" not in response.text


def test_new_dossier_by_contributor_waits_for_review(client):
    city = make_city("Valenciennes", insee_code="59606", slug="valenciennes")
    author = make_contributor()
    client.force_login(author)
    response = client.post(
        reverse("dossiers:create"),
        {
            "city": "valenciennes",
            "title": "Drones de la police municipale",
            "summary": "Des drones survolent la ville.",
            "body": "Texte.",
            "edit_summary": "Création du dossier",
        },
    )
    change = ChangeRequest.objects.get()
    assert response["Location"] == change.get_absolute_url()
    assert change.is_creation and change.object_id is None
    assert change.proposed["city"] == city.insee_code
    assert not Dossier.objects.exists()


def test_new_dossier_by_trusted_is_published(client):
    make_city("Valenciennes", insee_code="59606", slug="valenciennes")
    client.force_login(make_trusted())
    client.post(
        reverse("dossiers:create"),
        {
            "city": "59606",
            "title": "Drones",
            "summary": "Des drones.",
            "body": "Texte.",
            "edit_summary": "Création",
        },
    )
    dossier = Dossier.objects.public().get()
    assert dossier.slug == "valenciennes-drones"
    assert dossier.history.get().history_change_reason == "Création"


class TestCityField:
    @pytest.fixture(autouse=True)
    def trusted(self, client):
        client.force_login(make_trusted())

    def post(self, client, city):
        data = {"city": city, "title": "T", "summary": "R", "body": "", "edit_summary": "S"}
        return client.post(reverse("dossiers:create"), data)

    def test_homonyms_are_listed_and_the_department_settles_it(self, client):
        make_city("Sainte-Colombe", make_department("Ille-et-Vilaine", "35"), slug="sc-35")
        make_city("Sainte-Colombe", make_department("Hautes-Alpes", "05"), slug="sc-05")
        response = self.post(client, "Ste Colombe")
        error = response.context["form"].errors["city"][0]
        assert "Plusieurs communes portent ce nom" in error
        assert "Sainte-Colombe (35)" in error and "Sainte-Colombe (05)" in error
        assert 'value="Ste Colombe"' in response.text
        response = self.post(client, "Sainte-Colombe (35)")
        assert response.status_code == 302
        assert Dossier.objects.get().city.department.code == "35"

    def test_an_unknown_name_gets_suggestions(self, client):
        make_city("Valenciennes", insee_code="59606", slug="valenciennes")
        response = self.post(client, "Valencien")
        error = response.context["form"].errors["city"][0]
        assert fr("Vouliez-vous dire : Valenciennes") in error

    def test_nothing_like_it(self, client):
        response = self.post(client, "<b>Zzyzx</b>")
        assert response.context["form"].errors["city"] == [
            fr("Aucune commune ne correspond à « <b>Zzyzx</b> ».")
        ]
        assert "<b>Zzyzx</b>" not in response.text


def test_edits_are_rate_limited_with_a_clear_message(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": (2, 3600)}
    client.force_login(make_contributor())
    dossiers = [make_dossier() for _ in range(3)]
    statuses = [
        client.post(edit_url(d), form_data(d, body=f"Proposition {n}")).status_code
        for n, d in enumerate(dossiers)
    ]
    assert statuses == [302, 302, 429]
    assert ChangeRequest.objects.count() == 2
    response = client.post(edit_url(dossiers[2]), form_data(dossiers[2], body="Texte gardé"))
    assert "Patientez un peu" in response.text
    assert "Texte gardé" in response.text


def test_previews_count_against_the_same_limit_and_render_nothing(client, settings, monkeypatch):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": (2, 3600)}
    client.force_login(make_contributor())
    dossier = make_dossier()
    for n in range(2):
        preview = client.post(edit_url(dossier), form_data(dossier, body=f"Essai {n}", preview="1"))
        assert preview.status_code == 200

    def no_rendering(text):
        raise AssertionError("a throttled request must not render")

    monkeypatch.setattr("dossiers.models.dossier.render_markdown", no_rendering)
    response = client.post(edit_url(dossier), form_data(dossier, body="Texte gardé"))
    assert response.status_code == 429
    assert "Patientez un peu" in response.text
    assert "Texte gardé" in response.text
    assert not ChangeRequest.objects.exists()


def test_a_burst_of_previews_is_stopped_and_a_refused_text_uses_it_up(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit-burst": (3, 30)}
    client.force_login(make_contributor())
    dossier = make_dossier()
    ordinary = form_data(dossier, body="Un texte ordinaire.", preview="1")
    codes = [client.post(edit_url(dossier), ordinary).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]

    client.force_login(make_contributor("autre"))
    refused = client.post(edit_url(dossier), form_data(dossier, body="[" * 20_000, preview="1"))
    assert refused.status_code == 200
    assert "crochets" in refused.text
    assert client.post(edit_url(dossier), ordinary).status_code == 429


def test_once_throttled_a_flood_is_answered_without_touching_the_database(
    client, settings, django_assert_num_queries
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit-burst": (1, 60)}
    client.force_login(make_contributor())
    dossier = make_dossier()
    data = form_data(dossier, body="Mon <texte> gardé", preview="1")
    assert client.post(edit_url(dossier), data).status_code == 200
    assert client.post(edit_url(dossier), data).status_code == 429
    with django_assert_num_queries(0):
        response = client.post(edit_url(dossier), data)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    text = response.content.decode()
    assert "Patientez un peu avant de recommencer" in text
    assert "Mon &lt;texte&gt; gardé" in text
    assert "Texte" in text  # the field's label, not its name
    # Reading is not affected, nor is anyone else.
    assert client.get(dossier.get_absolute_url()).status_code == 200
    other = Client()
    other.force_login(make_contributor("autre"))
    assert other.post(edit_url(dossier), data).status_code == 200


def test_moderators_are_not_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "edit": (1, 3600)}
    client.force_login(make_moderator())
    for n in range(3):
        dossier = make_dossier()
        response = client.post(edit_url(dossier), form_data(dossier, body=f"Texte {n}"))
        assert response.status_code == 302


def test_browser_line_endings_are_stored_as_plain_newlines(client):
    dossier = make_dossier(body="Ligne un.\n\nLigne deux.")
    client.force_login(make_trusted())
    client.post(
        edit_url(dossier), form_data(dossier, body="Ligne un.\r\n\r\nLigne deux, modifiée.")
    )
    dossier.refresh_from_db()
    assert dossier.body == "Ligne un.\n\nLigne deux, modifiée."
