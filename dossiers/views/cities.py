"""Communes as this site shows them: with the published dossiers that document them.

The gazetteer (cities) knows nothing of dossiers; what joins the two lives here.
"""

from django.views.generic import DetailView
from django_filters.views import FilterView

from cities.models import City
from core.pagination import ListPaginationMixin
from dossiers.filters import DocumentedCityFilter, documented_cities
from dossiers.models import Dossier


class CityListView(ListPaginationMixin, FilterView):
    filterset_class = DocumentedCityFilter
    paginate_by = 50
    template_name = "cities/city_list.html"

    def get_queryset(self):
        return documented_cities()


class CityDetailView(DetailView):
    queryset = City.objects.with_location()
    template_name = "cities/city_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dossiers=Dossier.objects.public().filter(city=self.object),
            arrondissements=self.object.arrondissements.order_by("insee_code"),
            **kwargs,
        )
