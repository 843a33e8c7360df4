"""Bringing stored HTML up to date after the markdown pipeline changed."""

from core.cache_tags import invalidate_everything
from core.page_cache import new_generation
from dossiers.models import Dossier
from dossiers.models.dossier import RENDERER_VERSION, render_cached
from dossiers.rendering import RenderError


def rerender_stale_bodies():
    """Render again every dossier whose body_html an older RENDERER_VERSION made.

    Returns (how many were updated, [(slug, reason) for bodies that no longer render]).
    Only derived fields are written, by an update conditioned on the body being the one
    rendered: an edit published meanwhile stored its own, newer rendering and is left
    alone. The update writes no history, as it should: these fields are not in it.
    """
    done, refused = 0, []
    stale = Dossier.objects.filter(rendered_with__lt=RENDERER_VERSION)
    for pk, slug, body in stale.values_list("pk", "slug", "body").iterator():
        try:
            rendering = render_cached(body)
        except RenderError as error:
            refused.append((slug, error.message))
            continue
        probe = Dossier(body=body)
        probe.apply_rendering(rendering)
        done += Dossier.objects.filter(pk=pk, body=body, rendered_with__lt=RENDERER_VERSION).update(
            body_html=probe.body_html,
            outline=probe.outline,
            rendered_with=probe.rendered_with,
        )
    if done:
        invalidate_everything()
        new_generation()
    return done, refused
