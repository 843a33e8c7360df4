"""Signed-in pages run a fixed number of SQL queries, whatever the number of items."""

import pytest
from django.urls import reverse

from dossiers.citations import save_dossier_revision
from review.models import ChangeRequest, ModerationAction
from tests.factories import make_dossier, make_user
from tests.personas import make_contributor, make_moderator

pytestmark = pytest.mark.django_db

# Session, user and permissions account for three or four of each.
BUDGETS = {
    "queue": 7,
    # Two of them: the threads about the proposal, and whether what it edits is public
    # (the discussion page the « discuter » link leads to).
    "change": 11,
    # Proposals, then the latest published revisions of every kind (one UNION query).
    "contributions": 7,
    "log": 6,
    # Published revisions of every kind (a count and a page, each one UNION query), then
    # the records they belong to: one query per kind present on the page (here one).
    "profile": 11,
    "compare": 7,
}


def pending_changes(count):
    """`count` pending proposals, each on its own dossier, by different authors."""
    for number in range(count):
        dossier = make_dossier(body=f"Texte {number}")
        ChangeRequest.objects.create(
            content_type_id=_dossier_type(),
            object_id=dossier.pk,
            base_version=dossier.version,
            proposed={
                "city": dossier.city.insee_code,
                "title": dossier.title,
                "summary": dossier.summary,
                "body": f"Texte {number} modifié",
            },
            author=make_user(),
            summary="Proposition",
        )
    return reverse("review:queue")


def _dossier_type():
    from django.contrib.contenttypes.models import ContentType

    from dossiers.models import Dossier

    return ContentType.objects.get_for_model(Dossier).pk


def change_on_long_history(count):
    dossier = make_dossier(body="Départ")
    for number in range(count):
        dossier.body = f"Révision {number}"
        save_dossier_revision(dossier, user=make_user(), reason=f"Modification {number}")
    change = ChangeRequest.objects.create(
        content_type_id=_dossier_type(),
        object_id=dossier.pk,
        base_version=1,  # outdated: the page also shows what was published since
        proposed={
            "city": dossier.city.insee_code,
            "title": dossier.title,
            "summary": dossier.summary,
            "body": "Proposé",
        },
        author=make_user(),
        summary="Proposition",
    )
    return change.get_absolute_url()


def own_changes(viewer):
    def build(count):
        pending_changes(count)
        ChangeRequest.objects.update(author=viewer)
        return reverse("accounts:contributions")

    return build


def log_entries(viewer):
    def build(count):
        for number in range(count):
            ModerationAction.objects.create(
                actor=make_user(), kind="block", target_label=f"compte {number}", reason="Spam"
            )
        return reverse("review:log")

    return build


def profile_with_revisions(viewer):
    def build(count):
        author = make_user()
        for _ in range(count):
            make_dossier(user=author)
        return author.get_absolute_url()

    return build


def compare_far_apart(count):
    dossier = make_dossier(body="Départ")
    for number in range(count):
        dossier.body = f"Révision {number}"
        save_dossier_revision(dossier, user=make_user(), reason=f"Modification {number}")
    first, last = dossier.history.earliest(), dossier.history.latest()
    return (
        reverse("dossiers:compare", args=[dossier.slug])
        + f"?de={first.history_id}&a={last.history_id}"
    )


@pytest.mark.parametrize("page", BUDGETS)
def test_page_query_count_does_not_grow_with_items(client, django_assert_max_num_queries, page):
    moderator = make_moderator()
    builders = {
        "queue": pending_changes,
        "change": change_on_long_history,
        "contributions": own_changes(moderator),
        "log": log_entries(moderator),
        "profile": profile_with_revisions(moderator),
        "compare": compare_far_apart,
    }
    client.force_login(moderator)
    counts = []
    for size in (1, 30):
        url = builders[page](size)
        with django_assert_max_num_queries(BUDGETS[page]) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_author_reads_own_change_within_budget(client, django_assert_max_num_queries):
    author = make_contributor()
    url = change_on_long_history(5)
    ChangeRequest.objects.update(author=author)
    client.force_login(author)
    with django_assert_max_num_queries(BUDGETS["change"]):
        assert client.get(url).status_code == 200
