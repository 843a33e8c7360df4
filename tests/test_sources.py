"""Sources: normalised addresses, partial dates, review, history, lists and pages."""

import pytest
from django.urls import reverse

from review.models import ChangeRequest
from sources.addresses import normalise_url
from sources.dates import format_partial_date, parse_partial_date
from sources.models import Source
from tests.factories import make_dossier, make_source
from tests.personas import logged_in, make_contributor, make_moderator, make_trusted
from tests.review_helpers import decision_data
from tests.test_documents import source_data

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("sources:create")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (
            "HTTPS://WWW.Mediapart.FR:443/journal/France/010821/x?utm_source=tw&fbclid=1#top",
            "https://www.mediapart.fr/journal/France/010821/x",
        ),
        ("http://Example.org", "http://example.org/"),
        ("https://a.fr/p?id=3&xtor=RSS-1&at_medium=x&page=2", "https://a.fr/p?id=3&page=2"),
        ("https://a.fr:8443/p?q=a%20b", "https://a.fr:8443/p?q=a%20b"),
    ],
)
def test_addresses_lose_tracking_and_fragments_but_keep_what_the_server_reads(typed, stored):
    assert normalise_url(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("1/8/2021", "2021-08-01", "1er août 2021"),
        ("12/05/2021", "2021-05-12", "12 mai 2021"),
        ("08/2021", "2021-08", "août 2021"),
        ("2021", "2021", "2021"),
        ("2016-12-09", "2016-12-09", "9 décembre 2016"),
        ("٢٠٢١", "2021", "2021"),
        ("０８/２０２１", "2021-08", "août 2021"),
    ],
)
def test_partial_dates_keep_their_precision(typed, stored, shown):
    assert parse_partial_date(typed) == stored
    assert format_partial_date(stored) == shown


@pytest.fixture
def trusted_client(client):
    return logged_in(client, make_trusted())


def test_a_date_typed_in_other_digits_is_stored_and_served_in_ascii(trusted_client):
    response = trusted_client.post(
        CREATE_URL, source_data(published="٠١/٠٨/٢٠٢١", url="https://exemple.fr/chiffres")
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert source.published == "2021-08-01"
    page = trusted_client.get(source.get_absolute_url())
    assert "٢" not in page.text
    assert "1er août 2021" in page.text


def test_a_second_source_with_the_same_address_is_refused_with_a_link(trusted_client):
    existing = make_source(
        "mediapart-2021-08-01", title="Enquête <Mediapart>", url="https://www.mediapart.fr/a"
    )
    response = trusted_client.post(
        CREATE_URL,
        source_data(url="https://WWW.mediapart.fr/a?utm_campaign=x#haut", title="Doublon"),
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["url"]
    assert "déjà enregistrée" in error
    assert f'<a href="{existing.get_absolute_url()}">Enquête &lt;Mediapart&gt;</a>' in response.text
    assert 'value="Doublon"' in response.text
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "http:// ou https://"),
        ("data:text/html,<b>x</b>", "http:// ou https://"),
        ("https://exa mple.org/", "Adresse non valide"),
        ("http://", "Adresse non valide"),
    ],
)
def test_bad_addresses_get_a_clear_message(trusted_client, url, message):
    response = trusted_client.post(CREATE_URL, source_data(url=url, title="Garde-moi"))
    assert response.status_code == 200
    assert message in response.context["form"].errors["url"][0]
    assert 'value="Garde-moi"' in response.text
    assert Source.objects.count() == 0


def test_a_key_is_made_from_publisher_and_date_when_left_empty(trusted_client):
    make_source("ville-de-valenciennes-2017-02")
    trusted_client.post(CREATE_URL, source_data(url="https://v.example/c"))
    assert Source.objects.filter(key="ville-de-valenciennes-2017-02-2").exists()


def test_the_key_of_a_published_source_cannot_change(trusted_client):
    source = make_source("stable-key")
    data = source_data(
        key="autre-cle", title="Nouveau titre", url=source.url, base_version=source.version
    )
    response = trusted_client.post(reverse("sources:edit", args=[source.key]), data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.key, source.title) == ("stable-key", "Nouveau titre")


def test_titles_and_notes_are_plain_text_everywhere(client):
    source = make_source(title="<script>alert(1)</script>", notes="<img src=x onerror=alert(1)>")
    dossier = make_dossier(body=f"Un fait [@{source.key}].")
    for url in (source.get_absolute_url(), reverse("sources:list"), dossier.get_absolute_url()):
        page = client.get(url).text
        assert "<script>alert(1)" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_contributors_source_waits_for_review_and_stays_invisible(client):
    author = make_contributor()
    logged_in(client, author)
    response = client.post(
        CREATE_URL,
        source_data(key="secret-en-attente", title="Source en attente", url="https://p.example/"),
    )
    change = ChangeRequest.objects.get()
    assert response.url == change.get_absolute_url()
    assert Source.objects.count() == 0
    client.logout()
    assert client.get("/sources/secret-en-attente/").status_code == 404
    for url in (reverse("sources:list"), reverse("sources:list") + "?q=attente"):
        assert "Source en attente" not in client.get(url).text
    moderator = make_moderator()
    logged_in(client, moderator)
    client.post(reverse("review:approve", args=[change.pk]), decision_data(change))
    client.logout()
    page = client.get("/sources/secret-en-attente/")
    assert page.status_code == 200
    assert "Source en attente" in page.text
    revision = Source.objects.get().history.get()
    assert revision.history_user == author


def test_history_compares_and_restores_a_source(client):
    trusted = make_trusted()
    source = make_source("cnil", title="Premier titre", user=trusted)
    source.title = "Titre corrigé"
    source.save_revision(user=trusted, reason="Correction du titre")
    old, new = source.history.order_by("history_date")
    logged_in(client, trusted)
    history = client.get(reverse("sources:history", args=["cnil"])).text
    assert "Correction du titre" in history
    compare = client.get(
        reverse("sources:compare", args=["cnil"]) + f"?de={old.history_id}&a={new.history_id}"
    ).text
    assert "<del>Premier</del>" in compare or "<del>Premier titre</del>" in compare
    response = client.post(
        reverse("sources:restore", args=["cnil", old.history_id]),
        {"base_version": source.version, "note": "retour"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Premier titre"
    assert source.history.count() == 3


def test_restoring_needs_a_trusted_contributor(client):
    source = make_source("cnil")
    source.title = "Autre"
    source.save_revision(user=None, reason="x")
    first = source.history.order_by("history_date").first()
    logged_in(client, make_contributor())
    response = client.post(
        reverse("sources:restore", args=["cnil", first.history_id]),
        {"base_version": source.version},
    )
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.title == "Autre"


def test_the_source_list_filters_by_kind_publisher_year_language_document_and_text():
    from django.test import Client

    from sources.documents import store_upload
    from tests.pdfs import pdf_with_text
    from tests.test_documents import upload

    make_source("a", kind="press", publisher="Mediapart", published="2021-08-01")
    make_source("b", kind="regulator", publisher="CNIL", published="2021-05-12", language="fr")
    make_source("c", kind="press", publisher="The Guardian", published="2019", language="en")
    document = store_upload(upload(pdf_with_text("Reconnaissance faciale")), user=None)
    make_source("d", kind="contract", publisher="Ville", published="2017-02", document=document)
    client = Client()

    def keys(query):
        response = client.get(reverse("sources:list") + query)
        return sorted(source.key for source in response.context["object_list"])

    assert keys("") == ["a", "b", "c", "d"]
    assert keys("?kind=press") == ["a", "c"]
    assert keys("?publisher=media") == ["a"]
    assert keys("?year=2021") == ["a", "b"]
    assert keys("?language=en") == ["c"]
    assert keys("?has_document=oui") == ["d"]
    assert keys("?has_document=non&kind=press&year=2019") == ["c"]
    assert keys("?q=reconnaissance") == ["d"]  # found in the document's text
    assert keys("?q=guardian") == ["c"]
    invalid = client.get(reverse("sources:list") + "?year=abc")
    assert invalid.status_code == 200
    assert "Certains critères ne sont pas valides" in invalid.text


def test_source_page_lists_the_dossiers_that_cite_it(client):
    source = make_source("mediapart-2021-08-01")
    make_source("cnil-2021")
    citing = make_dossier(
        title="Dossier qui cite", body="Fait [@cnil-2021]. Fait [@mediapart-2021-08-01]."
    )
    make_dossier(title="Dossier muet", body="Rien.")
    page = client.get(source.get_absolute_url())
    assert [c.dossier for c in page.context["citations"]] == [citing]
    assert f'href="{citing.get_absolute_url()}#ref-2"' in page.text
    assert "Dossier muet" not in page.text


def test_a_draft_dossier_citing_a_source_is_neither_counted_nor_listed(client):
    source = make_source(key="cnil-2021")
    make_dossier(title="Dossier publié", body="[@cnil-2021]")
    make_dossier(title="Brouillon caché", body="[@cnil-2021]", status="draft")
    listing = client.get(reverse("sources:list"))
    counted = {row.key: row.citing_dossiers for row in listing.context["object_list"]}
    assert counted[source.key] == 1
    page = client.get(source.get_absolute_url()).content.decode()
    assert "Dossier publié" in page
    assert "Brouillon caché" not in page
