"""The production topology on loopback (deploy/cluster.py, `make cluster`): PostgreSQL,
one Redis, two gunicorn app servers and Varnish in front of them. What one app server
does, the other and the proxy show at once; sessions, rate limits and uploaded
documents are the cluster's, not one server's."""

import hashlib
import re

import pytest
import requests

from deploy.browsing import form_fields
from deploy.cluster import Cluster
from dossiers.demo import DEMO_SLUG, VALENCIENNES_INSEE
from tests.pdfs import pdf_with_text

DOSSIER = f"/dossiers/{DEMO_SLUG}/"
PASSWORD = "un-mot-de-passe-de-test"
USERS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from review.roles import TRUSTED_GROUP
User = get_user_model()
trusted = User.objects.create_user("tristan", password="{password}")
trusted.groups.add(Group.objects.get(name=TRUSTED_GROUP))
User.objects.create_user("noe", password="{password}")
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with Cluster(tmp_path_factory.mktemp("cluster"), communes=[VALENCIENNES_INSEE]) as started:
        started.manage("shell", "-c", USERS.format(password=PASSWORD))
        yield started


def signed_in(base, username):
    session = requests.Session()
    page = session.get(base + "/compte/connexion/", timeout=30).text
    fields = form_fields(page)
    answer = session.post(
        base + "/compte/connexion/",
        data={**fields, "username": username, "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text
    return session


def read(base, path):
    answer = requests.get(base + path, timeout=30)
    assert answer.status_code == 200
    return answer


def title_of(page):
    return re.search(r"<h1>(.*?)</h1>", page, re.S)[1]


def test_a_publication_through_one_app_server_is_shown_at_once_by_the_other_and_the_proxy(
    cluster,
):
    first, second = cluster.app_servers
    proxy = cluster.proxy
    for base in (proxy, second):
        read(base, DOSSIER)
    assert read(proxy, DOSSIER).headers["X-Proxy-Cache"] == "hit"
    read(proxy, "/a-propos/")
    assert read(proxy, "/a-propos/").headers["X-Proxy-Cache"] == "hit"

    editor = signed_in(first, "tristan")
    edit = editor.get(first + DOSSIER + "modifier/", timeout=30).text
    fields = form_fields(edit)
    fields.update(title="Valenciennes : la Safe City, revue en grappe", edit_summary="Titre")
    answer = editor.post(first + DOSSIER + "modifier/", data=fields, allow_redirects=False)
    assert answer.status_code == 302, answer.text

    # The next read, with no wait: the other app server and the proxy show the edit.
    for base in (second, proxy):
        assert "revue en grappe" in title_of(read(base, DOSSIER).text), base
    # What the edit does not show stays kept by the proxy.
    assert read(proxy, "/a-propos/").headers["X-Proxy-Cache"] == "hit"


def test_the_proxy_keeps_one_page_whatever_parameters_it_does_not_read(cluster):
    proxy = cluster.proxy
    read(proxy, "/carte/")
    for junk in ("?x=1", "?utm_source=lettre&y=2", "?z"):
        assert read(proxy, "/carte/" + junk).headers["X-Proxy-Cache"] == "hit", junk
    # Parameters the page reads make another page.
    listing = read(proxy, "/dossiers/?department=59&x=1")
    assert listing.headers["X-Proxy-Cache"] == "miss"
    assert read(proxy, "/dossiers/?x=2&department=59").headers["X-Proxy-Cache"] == "hit"


def test_a_session_and_failed_log_ins_hold_across_app_servers(cluster):
    first, second = cluster.app_servers
    session = signed_in(cluster.proxy, "tristan")
    for base in (first, second, cluster.proxy):
        page = session.get(base + "/compte/suivi/", allow_redirects=False, timeout=30)
        assert page.status_code == 200 and "tristan" in page.text, base
    for base in (first, second, first, second, first):
        attempt = requests.Session()
        fields = form_fields(attempt.get(base + "/compte/connexion/").text)
        answer = attempt.post(
            base + "/compte/connexion/", data={**fields, "username": "noe", "password": "non"}
        )
        assert answer.status_code == 200 and "Trop de tentatives" not in answer.text
    attempt = requests.Session()
    fields = form_fields(attempt.get(second + "/compte/connexion/").text)
    refused = attempt.post(
        second + "/compte/connexion/", data={**fields, "username": "noe", "password": PASSWORD}
    )
    assert "Trop de tentatives de connexion ont échoué" in refused.text


def test_a_document_uploaded_through_one_app_server_is_served_by_the_other(cluster):
    first, second = cluster.app_servers
    editor = signed_in(first, "tristan")
    form = form_fields(editor.get(first + "/sources/nouvelle/", timeout=30).text)
    content = pdf_with_text("Convention de vidéoprotection, article premier.")
    fields = {
        **form,
        "kind": "contract",
        "title": "Convention envoyée à un serveur",
        "publisher": "Ville de Valenciennes",
        "published": "02/2017",
        "language": "fr",
        "edit_summary": "Ajout de la convention",
    }
    answer = editor.post(
        first + "/sources/nouvelle/",
        data=fields,
        files={"upload": ("convention.pdf", content, "application/pdf")},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text
    digest = hashlib.sha256(content).hexdigest()
    served = requests.get(f"{second}/sources/documents/{digest}.pdf", timeout=30)
    assert served.status_code == 200
    assert served.content == content


def test_with_the_database_down_kept_pages_are_served_and_the_others_answer_503(cluster):
    """Last of the module: it stops the database for good."""
    first, _second = cluster.app_servers
    read(cluster.proxy, "/carte/")
    read(first, "/sources/")
    cluster.stop_database()
    # The proxy and the app servers' shared page cache serve what they kept.
    assert read(cluster.proxy, "/carte/").headers["X-Proxy-Cache"] == "hit"
    assert read(first, "/sources/").headers["X-Page-Cache"] == "hit"
    # A page nobody kept needs the database: a clear 503, never a 500.
    down = requests.get(first + "/acteurs/", timeout=30)
    assert down.status_code == 503, down.status_code
    assert down.headers["Retry-After"] == "30"
    assert "La base de données ne répond pas" in down.text
