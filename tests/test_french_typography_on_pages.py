"""Every page type, read as a French reader would on a phone: no line may start with
« : », « ; », « ? », « ! » or « » », nor end with « « » (issue 16). Interface strings
come typeset from the French catalogue, user text from the renderer or the `typeset`
filter."""

import pytest

from tests.html_checks import loose_french_spaces
from tests.personas import make_contributor, make_moderator
from tests.site_pages import contributor_pages, moderator_pages, public_pages

pytestmark = pytest.mark.django_db


def test_public_pages_have_french_spacing(client, valenciennes_demo):
    for name, path in public_pages():
        response = client.get(path)
        assert response.status_code == 200, name
        assert loose_french_spaces(response.text) == [], name


def test_contributor_and_moderator_pages_have_french_spacing(client, valenciennes_demo):
    client.force_login(make_contributor())
    for name, path in contributor_pages():
        response = client.get(path)
        assert response.status_code == 200, name
        assert loose_french_spaces(response.text) == [], name
    client.force_login(make_moderator())
    for name, path in moderator_pages():
        response = client.get(path)
        assert response.status_code == 200, name
        assert loose_french_spaces(response.text) == [], name
