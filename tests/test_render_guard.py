"""Markdown is rendered in a separate process with a size cap and a time limit."""

import threading
import time

import pytest
from django.urls import reverse

from dossiers.models import Dossier
from dossiers.rendering import MAX_MARKDOWN_CHARS, RenderError, render_markdown, worker
from tests.factories import make_city

PATHOLOGICAL = "[" * 8000


def normal_body(size):
    paragraph = (
        "## Section\n\nLa ville a installé des **caméras** et un [centre de supervision]"
        "(https://example.org/csu). Le coût annoncé est de 24 000 euros.\n\n"
        "- premier point\n- second point\n\n"
    )
    return (paragraph * (size // len(paragraph) + 1))[:size]


def test_a_pathological_body_is_refused_within_three_seconds():
    started = time.monotonic()
    with pytest.raises(RenderError) as refused:
        render_markdown(PATHOLOGICAL)
    assert time.monotonic() - started < 3
    assert "crochets" in refused.value.message


def test_the_worker_recovers_after_a_refusal():
    with pytest.raises(RenderError):
        render_markdown(PATHOLOGICAL)
    assert render_markdown("**encore**").html == "<p><strong>encore</strong></p>"


def test_a_body_over_the_cap_is_refused_at_once():
    started = time.monotonic()
    with pytest.raises(RenderError) as refused:
        render_markdown("a" * (MAX_MARKDOWN_CHARS + 1))
    assert time.monotonic() - started < 0.5
    assert "la limite est de 150" in refused.value.message


def test_a_normal_100_kb_body_renders():
    html = render_markdown(normal_body(100_000)).html
    assert html.count("<h2") > 300
    assert "24 000 euros" in html


@pytest.mark.django_db
def test_the_model_refuses_a_pathological_body_with_a_field_error():
    dossier = Dossier(city=make_city(), title="Essai", summary="Résumé", body=PATHOLOGICAL)
    with pytest.raises(Exception) as error:
        dossier.full_clean()
    assert "crochets" in str(error.value.message_dict["body"])
    assert not Dossier.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_site_keeps_serving_while_a_body_is_being_refused(client):
    outcome = {}

    def render_in_background():
        try:
            render_markdown(PATHOLOGICAL)
        except RenderError as error:
            outcome["refused_at"] = time.monotonic()
            outcome["message"] = error.message

    worker.stop()
    render_markdown("chauffe")  # start the worker before timing anything
    thread = threading.Thread(target=render_in_background)
    thread.start()
    time.sleep(0.3)
    response = client.get(reverse("home"))
    served_at = time.monotonic()
    thread.join()

    assert response.status_code == 200
    assert "Derniers dossiers publiés" in response.content.decode()
    assert served_at < outcome["refused_at"]
    assert "crochets" in outcome["message"]
