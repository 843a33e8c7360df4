"""Communes as this site shows them: with the published dossiers that document them.

The gazetteer (cities) knows nothing of dossiers; what joins the two lives here.
"""

from django.db.models import Exists, OuterRef
from django.views.generic import DetailView
from django_filters.views import FilterView

from cities.models import City
from core.pagination import ListPaginationMixin
from dossiers.filters import DocumentedCityFilter
from dossiers.models import Dossier


class CityListView(ListPaginationMixin, FilterView):
    filterset_class = DocumentedCityFilter
    paginate_by = 50
    template_name = "cities/city_list.html"

    def get_queryset(self):
        documented = Dossier.objects.public().filter(city=OuterRef("pk"))
        return City.objects.with_location().annotate(has_dossier=Exists(documented))


class CityDetailView(DetailView):
    queryset = City.objects.with_location()
    template_name = "cities/city_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dossiers=Dossier.objects.public().filter(city=self.object),
            arrondissements=self.object.arrondissements.order_by("insee_code"),
            **kwargs,
        )
