"""The pages every public wiki has (issue 16): about, contributing, licences, contact,
robots.txt, sitemap.xml with published content only, and « Citer ce dossier »."""

import re

import pytest
from django.urls import reverse

from dossiers.demo import DEMO_SLUG
from dossiers.models import Dossier
from tests.factories import make_actor, make_dossier, make_source

pytestmark = pytest.mark.django_db


def test_about_contribute_and_licence_pages_are_linked_from_every_page(client):
    home = client.get(reverse("home")).text
    for name in ("about", "contribute", "licence"):
        assert f'href="{reverse(name)}"' in home
        assert client.get(reverse(name)).status_code == 200
    assert "CC BY-SA 4.0" in home and "ODbL 1.0" in home


def test_the_contact_address_is_a_setting(client, settings):
    settings.SITE_CONTACT_EMAIL = ""
    assert "mailto:" not in client.get(reverse("about")).text
    settings.SITE_CONTACT_EMAIL = "equipe@example.org"
    about = client.get(reverse("about")).text
    assert 'href="mailto:equipe@example.org"' in about


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "Disallow: /moderation/" in lines and "Disallow: /en/compte/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def locations(xml):
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def sitemap_addresses(client):
    addresses = []
    for section in locations(client.get("/sitemap.xml").text):
        response = client.get(section.removeprefix("http://testserver"))
        assert response.status_code == 200
        addresses += locations(response.text)
    return addresses


def test_the_sitemap_lists_published_content_only_in_both_languages(client):
    published = make_dossier(title="Publié")
    draft = make_dossier(title="Brouillon", status=Dossier.Status.DRAFT)
    make_source("source-publiee")
    make_actor("Acteur publié")
    addresses = sitemap_addresses(client)
    assert f"http://testserver{published.get_absolute_url()}" in addresses
    assert f"http://testserver/en{published.get_absolute_url()}" in addresses
    assert not any(draft.slug in address for address in addresses)
    assert "http://testserver/sources/source-publiee/" in addresses
    assert "http://testserver/a-propos/" in addresses
    assert {"http://testserver/carte/", "http://testserver/en/carte/"} <= set(addresses)
    # Communes only when a published dossier documents them.
    assert f"http://testserver{published.city.get_absolute_url()}" in addresses
    assert not any(draft.city.slug in address for address in addresses)


def test_a_dossier_offers_a_citation_with_a_permanent_link(client, valenciennes_demo):
    page = client.get(reverse("dossiers:detail", args=[DEMO_SLUG])).text
    cite = page.split('id="site-cite-title"')[1].split("</section>")[0]
    latest = valenciennes_demo.public_revisions().first()
    permalink = "http://testserver" + reverse(
        "dossiers:revision", args=[DEMO_SLUG, latest.history_id]
    )
    assert f'<a href="{permalink}">{permalink}</a>' in cite
    assert "révision n°\u00a03" in cite
    assert re.search(r"consulté le <span data-today>(1<sup>er</sup>|\d+) \w+ \d{4}</span>", cite)
    # The permanent link shows that revision.
    assert client.get(permalink.removeprefix("http://testserver")).status_code == 200
