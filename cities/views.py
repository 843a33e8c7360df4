from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from cities.models import City
from cities.text import fold

SUGGESTION_COUNT = 10


@require_GET
def city_suggestions(request):
    """Communes matching what a contributor is typing, for the commune field's list."""
    query = request.GET.get("q", "")[:100]
    cities = []
    if len(fold(query)) >= 2:
        cities = City.objects.with_location().search(query)[:SUGGESTION_COUNT]
    response = JsonResponse({"results": [{"label": str(city)} for city in cities]})
    patch_cache_control(response, public=True, max_age=86400)
    return response


city_suggestions.cache_params = ("q",)
