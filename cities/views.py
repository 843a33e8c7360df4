from django.views.generic import DetailView
from django_filters.views import FilterView

from cities.filters import CityFilter
from cities.models import City
from config.pagination import LenientPaginationMixin
from dossiers.models import Dossier


class CityListView(LenientPaginationMixin, FilterView):
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
