from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.pagination import ListPaginationMixin
from dossiers import deadlines
from dossiers.filters import RequestFilter
from dossiers.forms import DocumentRequestForm
from dossiers.models import DocumentRequest
from review.editing import ReviewedEditView
from review.permissions import edit_refusal
from sources.citations import references

RELATED = ("administration__city__department", "requester")


class RequestListView(ListPaginationMixin, FilterView):
    """Requests for documents, the overdue ones first (and those due soonest)."""

    filterset_class = RequestFilter
    paginate_by = 50
    template_name = "requests/request_list.html"

    def get_queryset(self):
        return DocumentRequest.objects.public().select_related(*RELATED)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        context = super().get_context_data(today=today, **kwargs)
        for request in context["object_list"]:
            procedure = request.legal_dates()
            request.next_deadline = procedure.next_deadline(today)
            request.state_label = request.shown_state(procedure, today)
            if request.next_deadline:
                request.days_left = request.next_deadline.days_left(today)
        return context


class RequestDetailView(DetailView):
    template_name = "requests/request_detail.html"
    slug_field = slug_url_kwarg = "key"

    def get_queryset(self):
        return DocumentRequest.objects.public().select_related(*RELATED)

    def get_context_data(self, **kwargs):
        request = self.object
        today = timezone.localdate()
        procedure = request.legal_dates()
        next_deadline = procedure.next_deadline(today)
        dossiers = [link.dossier for link in request.links.select_related("dossier__city")]
        return super().get_context_data(
            today=today,
            steps=procedure.steps(),
            next_deadline=next_deadline,
            overdue=procedure.waiting_for,
            next_days=next_deadline.days_left(today) if next_deadline else None,
            moved_rule=deadlines.MOVED,
            state_label=request.shown_state(procedure, today),
            answer_sources=[
                reference.source
                for reference in references(request.answer_source_list)
                if reference.source
            ],
            dossiers=sorted(dossiers, key=lambda dossier: dossier.title),
            may_edit=edit_refusal(self.request.user, request) is None,
            last_revision=request.public_revisions().first(),
            **kwargs,
        )


class RequestCreateView(ReviewedEditView):
    """A new request; « Noter une demande pour ce dossier » names the dossier."""

    form_class = DocumentRequestForm

    def get_initial(self):
        dossier = self.request.GET.get("dossier", "")[:120]
        return {"dossier_slugs": dossier} if dossier else {}


class RequestEditView(ReviewedEditView):
    form_class = DocumentRequestForm

    def get_record(self):
        return public_request(self.kwargs["key"])


def public_request(key):
    return get_object_or_404(DocumentRequest.objects.public().select_related(*RELATED), key=key)
