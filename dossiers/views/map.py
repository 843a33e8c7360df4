from django.urls import reverse
from django_filters.views import FilterView

from core.pagination import ListPaginationMixin
from dossiers.filters import DossierFilter
from dossiers.maps import DepartmentMap
from dossiers.models import Dossier

# Where an area or a mark leads replaces these filters of the map's own address.
PLACE_FILTERS = ("department", "commune")


class DossierMapView(ListPaginationMixin, FilterView):
    """/carte/: published dossiers counted per département and per commune, with the
    dossier list's filters and parameters; each département (each commune) leads to
    the list filtered the same way and by that département (that commune)."""

    filterset_class = DossierFilter
    template_name = "dossiers/dossier_map.html"

    def get_queryset(self):
        return Dossier.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters_in_use()
        for place in PLACE_FILTERS:
            filters.pop(place, None)
        list_url = reverse("dossiers:list")
        context["list_url"] = f"{list_url}?{filters.urlencode()}" if filters else list_url

        def link(**place):
            """The list, filtered as the map is, for one département or commune."""
            query = filters.copy()
            query.update(place)
            return f"{list_url}?{query.urlencode()}"

        context["department_map"] = DepartmentMap(self.object_list, link)
        return context
