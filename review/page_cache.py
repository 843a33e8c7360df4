"""Whole-page caching of public pages for anonymous readers.

A page is stored under the current content generation (ContentGeneration) and the
full address; any change to published content draws a new generation, so no
cached page outlives the content it shows. Signed-in users, and any response that
sets a cookie (a form's CSRF token, a message), are never cached.
"""

import hashlib
import secrets

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

from review.models import ContentGeneration

# Apps whose records public pages show; ModerationAction covers hiding and protection.
CONTENT_APPS = {"cities", "dossiers", "sources"}
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def new_generation():
    """Call after writing published content that model signals do not see (bulk writes)."""
    ContentGeneration.objects.filter(pk=ContentGeneration.ROW_ID).update(token=secrets.randbits(62))


def current_generation():
    return (
        ContentGeneration.objects.filter(pk=ContentGeneration.ROW_ID)
        .values_list("token", flat=True)
        .first()
    )


def content_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        new_generation()


def connect_signals():
    models = [model for label in CONTENT_APPS for model in apps.get_app_config(label).get_models()]
    for model in [*models, apps.get_model("review", "ModerationAction")]:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-{model}")


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["pages"]

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        generation = current_generation()
        if generation is None:
            return self.get_response(request)
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{generation}:{address}"
        stored = self.cache.get(key)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if self.cacheable_response(response):
            seconds = settings.PAGE_CACHE_SECONDS
            self.cache.set(key, (response.content, dict(response.headers)), seconds)
        return response

    @staticmethod
    def cacheable_request(request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and not any(name in request.COOKIES for name in PRIVATE_COOKIES)
        )

    @staticmethod
    def cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )
