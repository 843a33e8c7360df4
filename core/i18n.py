"""Languages: French at unprefixed addresses, English under /en/.

The address alone says the language, so a page never varies with the browser's
Accept-Language header and every cached copy serves everyone who asks for that
address. A reader switches with the header's links, which lead to the same page in
the other language; pages name each other with hreflang links.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject

# The language each language's name is written in, for `lang` attributes.
NATIVE_NAMES = dict(settings.LANGUAGES)


class UrlLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without `Vary: Accept-Language`: with the default
    language unprefixed (i18n_patterns(prefix_default_language=False)), an address
    without a prefix is always French, whatever the browser prefers."""

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def content_lang_attribute():
    """` lang="fr"` for an element holding contributors' text (written in
    settings.CONTENT_LANGUAGE) on a page in another language; nothing otherwise."""
    if translation.get_language() == settings.CONTENT_LANGUAGE:
        return ""
    return f' lang="{settings.CONTENT_LANGUAGE}"'


def alternates(request):
    """The current page in every language: [{code, name, url, absolute, current}]."""
    current = translation.get_language()
    path = request.get_full_path()
    try:
        origin = request.build_absolute_uri("/").removesuffix("/")
    except DisallowedHost:
        origin = ""  # the 400 page answering a Host outside ALLOWED_HOSTS
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute": origin + url,
                "current": code == current,
            }
        )
    return links


def languages(request):
    """Template context: `alternates`, computed only by the pages that print them."""
    return {"alternates": SimpleLazyObject(lambda: alternates(request))}


def in_language(path, language):
    """A path of the site in the default language (as stored) in `language`."""
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)
