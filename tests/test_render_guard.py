"""Markdown is rendered in a separate process, within a size cap and a CPU-time limit.

No test here measures elapsed time: each asserts what a text gets (its HTML, or
a refusal and its message), which must not depend on how busy the machine is.
"""

import multiprocessing
import threading

import pytest
from django.urls import reverse

from core.typography import space_french as fr
from dossiers.models import Dossier
from dossiers.rendering import (
    MAX_MARKDOWN_CHARS,
    RenderError,
    render_markdown,
    structural_refusal,
    worker,
)
from tests.factories import make_city

PATHOLOGICAL = "[" * 8000
# Passes every quick check, yet costs python-markdown far more than the limit.
HUGE_TABLE = "|a|b|\n|-|-|\n" + "|x|y|\n" * 20_000


def normal_body(size):
    paragraph = (
        "## Section\n\nLa ville a installé des **caméras** et un [centre de supervision]"
        "(https://example.org/csu). Le coût annoncé est de 24 000 euros.\n\n"
        "- premier point\n- second point\n\n"
    )
    return (paragraph * (size // len(paragraph) + 1))[:size]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 8000, "crochets « [ » de plus qu’il n’en ferme"),
        ("[" * 20_000, "crochets « [ » de plus qu’il n’en ferme"),
        ("> " * 5000 + "fond", "citations « > » sur 5 000 niveaux"),
        ("*" * 50_000, "astérisques"),
    ],
    ids=["8000-brackets", "20000-brackets", "5000-nested-quotes", "50000-asterisks"],
)
def test_pathological_bodies_are_refused_before_rendering(text, message):
    assert fr(message) in structural_refusal(text)
    with pytest.raises(RenderError) as refused:
        render_markdown(text)
    assert fr(message) in refused.value.message


def test_ordinary_texts_pass_the_quick_checks():
    ordinary = normal_body(100_000) + "\n\n> une citation\n> > dans une citation\n"
    assert structural_refusal(ordinary) is None
    assert structural_refusal("[@a] [@b; @c] [lien](https://x.fr) **gras** *italique*") is None


def test_a_costly_body_is_stopped_by_the_cpu_limit_and_told_so_plainly(settings):
    settings.MARKDOWN_RENDER_CPU_SECONDS = 0.5
    settings.MARKDOWN_RENDER_WALL_SECONDS = 120
    assert structural_refusal(HUGE_TABLE) is None
    with pytest.raises(RenderError) as refused:
        render_markdown(HUGE_TABLE)
    message = refused.value.message
    assert "plus de 0.5 secondes de calcul" in message
    # It says which limit was hit, without blaming a construction the text lacks.
    assert "crochet" not in message
    assert "[" not in message


def test_the_worker_recovers_after_a_refusal(settings):
    settings.MARKDOWN_RENDER_CPU_SECONDS = 0.5
    settings.MARKDOWN_RENDER_WALL_SECONDS = 120
    with pytest.raises(RenderError):
        render_markdown(HUGE_TABLE)
    assert render_markdown("**encore**").html == "<p><strong>encore</strong></p>"


def test_a_worker_that_gives_no_answer_is_replaced(settings):
    settings.MARKDOWN_RENDER_CPU_SECONDS = 60
    settings.MARKDOWN_RENDER_WALL_SECONDS = 0.2
    render_markdown("chauffe")
    stuck = worker.process
    with pytest.raises(RenderError) as refused:
        render_markdown(HUGE_TABLE)
    assert "n’a pas répondu à temps" in refused.value.message
    assert not stuck.is_alive()
    settings.MARKDOWN_RENDER_WALL_SECONDS = 60
    assert render_markdown("*ensuite*").html == "<p><em>ensuite</em></p>"


def test_the_worker_runs_at_a_lower_priority_than_the_web_process():
    import os

    render_markdown("chauffe")
    assert os.getpriority(os.PRIO_PROCESS, worker.process.pid) > os.getpriority(os.PRIO_PROCESS, 0)


def test_a_body_over_the_cap_is_refused_at_once():
    with pytest.raises(RenderError) as refused:
        render_markdown("a" * (MAX_MARKDOWN_CHARS + 1))
    assert "la limite est de 150" in refused.value.message


def test_a_normal_100_kb_body_renders():
    html = render_markdown(normal_body(100_000)).html
    assert html.count("<h2") > 300
    assert "24\u202f000\u00a0euros" in html


def _burn(stop):
    while not stop.is_set():
        sum(range(10_000))


def test_a_normal_100_kb_body_renders_while_every_core_is_busy():
    """Six busy processes on the machine's cores, as in the report: the limit counts
    the worker's own CPU time, so the ordinary text still renders."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    burners = [context.Process(target=_burn, args=(stop,)) for _ in range(6)]
    for burner in burners:
        burner.start()
    try:
        body = normal_body(100_000)
        html = render_markdown(body).html
        with pytest.raises(RenderError) as refused:
            render_markdown(PATHOLOGICAL)
    finally:
        stop.set()
        for burner in burners:
            burner.join()
    assert html.count("<h2") > 300
    assert "crochets" in refused.value.message


@pytest.mark.django_db
def test_the_model_refuses_a_pathological_body_with_a_field_error():
    dossier = Dossier(city=make_city(), title="Essai", summary="Résumé", body=PATHOLOGICAL)
    with pytest.raises(Exception) as error:
        dossier.full_clean()
    assert "crochets" in str(error.value.message_dict["body"])
    assert not Dossier.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_site_keeps_serving_while_a_body_is_being_refused(client, settings):
    settings.MARKDOWN_RENDER_CPU_SECONDS = 1
    settings.MARKDOWN_RENDER_WALL_SECONDS = 120
    rendering_started = threading.Event()
    outcome = {}

    def render_in_background():
        rendering_started.set()
        try:
            render_markdown(HUGE_TABLE)
        except RenderError as error:
            outcome["message"] = error.message

    render_markdown("chauffe")
    thread = threading.Thread(target=render_in_background)
    thread.start()
    rendering_started.wait()
    response = client.get(reverse("home"))
    thread.join()

    assert response.status_code == 200
    assert "Derniers dossiers publiés" in response.content.decode()
    assert "secondes de calcul" in outcome["message"]
