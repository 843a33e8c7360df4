"""After the markdown pipeline changes (RENDERER_VERSION), `rerender_dossiers` brings
stored HTML up to date, without overwriting an edit published meanwhile."""

import threading

import pytest
from django.core.management import call_command

from dossiers import rerendering
from dossiers.citations import save_dossier_revision
from dossiers.models import Dossier
from dossiers.models.dossier import RENDERER_VERSION
from tests.concurrency import run_together
from tests.factories import make_dossier, make_user


def make_stale(body):
    dossier = make_dossier(body=body)
    Dossier.objects.filter(pk=dossier.pk).update(body_html="<p>ancien rendu</p>", rendered_with=0)
    return dossier


@pytest.mark.django_db
def test_a_body_rendered_by_an_older_pipeline_is_rendered_again(capsys):
    dossier = make_stale("## Le 1er mai\n\nCoût : 24 000 €.")
    revisions = dossier.history.count()
    call_command("rerender_dossiers")
    dossier.refresh_from_db()
    assert "Coût\u00a0: 24\u202f000\u00a0€." in dossier.body_html
    assert dossier.rendered_with == RENDERER_VERSION
    assert dossier.outline[0]["title"] == "Le 1er mai"
    # Derived fields only: no revision is added to history.
    assert dossier.history.count() == revisions
    assert "1 dossier rendu de nouveau." in capsys.readouterr().out
    # A second run has nothing to do.
    call_command("rerender_dossiers")
    assert "0 dossier rendu de nouveau." in capsys.readouterr().out


@pytest.mark.django_db
def test_a_body_that_no_longer_renders_is_reported_and_left(capsys):
    dossier = make_stale("texte")
    Dossier.objects.filter(pk=dossier.pk).update(body="x" * 10_000_000)
    call_command("rerender_dossiers")
    assert dossier.slug in capsys.readouterr().err
    dossier.refresh_from_db()
    assert dossier.body_html == "<p>ancien rendu</p>"


@pytest.mark.django_db(transaction=True)
def test_an_edit_published_during_the_rerendering_is_kept(monkeypatch):
    dossier = make_stale("Première version : 12 caméras.")
    editor = make_user("lea")
    read_done, edit_done = threading.Event(), threading.Event()
    render = rerendering.render_cached

    def render_after_the_edit(body):
        read_done.set()
        assert edit_done.wait(30), "the edit never finished"
        return render(body)

    monkeypatch.setattr(rerendering, "render_cached", render_after_the_edit)

    def edit():
        assert read_done.wait(30), "the rerendering never started"
        current = Dossier.objects.get(pk=dossier.pk)
        current.body = "Seconde version : 40 caméras."
        save_dossier_revision(current, user=editor, reason="Mise à jour")
        edit_done.set()

    results = run_together([rerendering.rerender_stale_bodies, edit])
    assert results == [(0, []), None]
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.body == "Seconde version : 40 caméras."
    assert stored.body_html == "<p>Seconde version\u00a0: 40 caméras.</p>"
