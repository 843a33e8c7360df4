from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from django.views.generic import DetailView
from django_filters.views import FilterView

from cities.filters import CityFilter
from cities.models import City
from cities.text import fold
from core.pagination import ListPaginationMixin
from dossiers.models import Dossier


class CityListView(ListPaginationMixin, FilterView):
    filterset_class = CityFilter
    paginate_by = 50
    template_name = "cities/city_list.html"

    def get_queryset(self):
        return City.objects.with_location().annotate_has_dossier()


class CityDetailView(DetailView):
    queryset = City.objects.with_location()
    template_name = "cities/city_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dossiers=Dossier.objects.published().filter(city=self.object),
            arrondissements=self.object.arrondissements.order_by("insee_code"),
            **kwargs,
        )


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
