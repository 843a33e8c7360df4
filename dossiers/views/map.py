from django.urls import reverse
from django_filters.views import FilterView

from core.pagination import ListPaginationMixin
from dossiers.filters import DossierFilter
from dossiers.maps import DepartmentMap
from dossiers.models import Dossier


class DossierMapView(ListPaginationMixin, FilterView):
    """/carte/: published dossiers counted per département, with the dossier list's
    filters and parameters; each département leads to the list filtered the same way
    and by that département."""

    filterset_class = DossierFilter
    template_name = "dossiers/dossier_map.html"

    def get_queryset(self):
        return Dossier.objects.public()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters_in_use()
        filters.pop("department", None)
        list_url = reverse("dossiers:list")
        context["list_url"] = f"{list_url}?{filters.urlencode()}" if filters else list_url

        def url_for(department):
            query = filters.copy()
            query["department"] = department.pk
            return f"{list_url}?{query.urlencode()}"

        context["department_map"] = DepartmentMap(self.object_list, url_for)
        return context
