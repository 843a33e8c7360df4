"""French at unprefixed addresses, English under /en/ (issue 16): every page in both,
interface strings translated, contributors' text left in French and marked as such,
numbers, amounts and dates written the way each language writes them."""

import re

import pytest
from django.urls import reverse

from dossiers.demo import DEMO_SLUG
from tests.html_checks import elements, french_outside_french_elements
from tests.personas import make_contributor, make_moderator
from tests.site_pages import contributor_pages, in_english, moderator_pages, public_pages

pytestmark = pytest.mark.django_db


def html_lang(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def alternates(html):
    return {
        attrs["hreflang"]: attrs["href"]
        for tag, attrs in map(lambda e: (e[0], dict(e[1])), elements(html))
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs
    }


def test_every_public_page_exists_in_english_with_nothing_left_in_french(client, valenciennes_demo):
    for name, path in public_pages():
        response = client.get(in_english(path))
        assert response.status_code == 200, name
        assert html_lang(response.text) == "en", name
        assert french_outside_french_elements(response.text) == [], name


def test_signed_in_pages_exist_in_english_too(client, valenciennes_demo):
    client.force_login(make_contributor())
    for name, path in contributor_pages():
        response = client.get(in_english(path))
        assert response.status_code == 200, name
        assert french_outside_french_elements(response.text) == [], name
    client.force_login(make_moderator())
    for name, path in moderator_pages():
        response = client.get(in_english(path))
        assert response.status_code == 200, name
        assert french_outside_french_elements(response.text) == [], name


def test_pages_name_each_other_with_hreflang_links_and_a_switcher(client, valenciennes_demo):
    listing = reverse("dossiers:list")
    dossier_path = reverse("dossiers:detail", args=[DEMO_SLUG])
    query = "?department=59"
    french = client.get(listing + query).text
    english = client.get(in_english(listing) + query).text
    expected = {
        "fr": f"http://testserver{listing}{query}",
        "en": f"http://testserver/en{listing}{query}",
        "x-default": f"http://testserver{listing}{query}",
    }
    assert alternates(french) == alternates(english) == expected
    # The switcher leads to the same page in the other language.
    assert f'<a href="/en{listing}{query}" hreflang="en" lang="en">English</a>' in french
    assert f'<a href="{listing}{query}" hreflang="fr" lang="fr">Français</a>' in english
    # A parameter the page does not read is not part of its address.
    assert alternates(client.get(dossier_path + "?x=1").text)["en"] == (
        f"http://testserver{in_english(dossier_path)}"
    )


def test_contributors_text_stays_in_french_and_says_so(client, valenciennes_demo):
    path = reverse("dossiers:detail", args=[DEMO_SLUG])
    english = client.get(in_english(path)).text
    assert '<h1><span lang="fr">Valenciennes\u00a0: la «\u202fSafe City\u202f»' in english
    assert '<div class="dossier-text" lang="fr">' in english
    french = client.get(path).text
    # On a French page, nothing needs saying but the page's own language (and the
    # names of the footer's French data sets, marked in the message itself).
    marked = [tag for tag, attrs in elements(french) if dict(attrs).get("lang") == "fr"]
    assert sorted(marked) == ["cite", "cite", "html", "span"]


def test_the_address_alone_chooses_the_language(client, valenciennes_demo):
    listing = reverse("dossiers:list")
    response = client.get(listing, HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response.text) == "fr"
    assert response["Content-Language"] == "fr"
    # A cached page serves everyone who asks for its address.
    assert "Accept-Language" not in response.get("Vary", "")
    english = client.get(in_english(listing), HTTP_ACCEPT_LANGUAGE="fr")
    assert english["Content-Language"] == "en"
    assert "Accept-Language" not in english.get("Vary", "")


def test_plurals_follow_each_language(client, valenciennes_demo):
    listing = reverse("dossiers:list")
    path = listing + "?technology=drones"
    assert "0 dossier trouvé" in client.get(path).text
    assert "0 dossiers found" in client.get(in_english(path)).text
    assert "1 dossier trouvé" in client.get(listing).text


def test_amounts_and_dates_follow_each_language(client, valenciennes_demo):
    path = reverse("dossiers:detail", args=[DEMO_SLUG])
    french = client.get(path).text
    english = client.get(in_english(path)).text
    assert "24\u202f000\u00a0€" in french
    assert "€24,000" in english
    assert "1<sup>er</sup> août 2021" in french
    assert "Aug. 1, 2021" in english
