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
from sources.models import Source

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
            request.silent_refusal = procedure.silent_refusal(today)
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
            procedure=procedure,
            steps=procedure.steps(),
            next_deadline=next_deadline,
            overdue=procedure.waiting_for,
            next_days=next_deadline.days_left(today) if next_deadline else None,
            moved_rule=deadlines.MOVED,
            silent_refusal=procedure.silent_refusal(today),
            answer_sources=answer_sources(request),
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


def answer_sources(request):
    """The published sources that keep the documents `request` brought, in its order."""
    keys = request.answer_source_list
    sources = Source.objects.public().with_document().filter(key__in=keys)
    found = {source.key: source for source in sources}
    return [found[key] for key in keys if key in found]
