from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from core.pagination import ListPaginationMixin
from dossiers import deadlines
from dossiers.awaited import awaited_claims
from dossiers.filters import RequestFilter
from dossiers.forms import DocumentRequestForm
from dossiers.models import DocumentRequest
from review.editing import ReviewedEditView
from review.permissions import edit_refusal
from sources.citations import references
from sources.models import Source
from sources.views import SourceCreateView


def public_requests():
    """The requests the public sees, with what their pages show of them."""
    return DocumentRequest.objects.public().select_related(
        "administration__city__department", "requester"
    )


class RequestListView(ListPaginationMixin, FilterView):
    """Requests for documents, the overdue ones first (and those due soonest)."""

    filterset_class = RequestFilter
    paginate_by = 50
    template_name = "requests/request_list.html"

    def get_queryset(self):
        return public_requests()

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
        return public_requests()

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
            answer_sources=received_sources(request),
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


class RequestAnswerView(SourceCreateView):
    """« Joindre un document reçu » : a new source of kind « réponse à une demande
    CADA » that answers the request, its PDF hashed and its text extracted like any
    source's, published or proposed through the same review."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.answered = public_request(kwargs["key"])

    def get_initial(self):
        request = self.answered
        return {
            **super().get_initial(),
            "kind": Source.Kind.CADA,
            "answers_request": request.key,
            "publisher": request.administration.name,
            "title": _("Réponse à la demande « %(title)s »") % {"title": request.title},
            "descriptive_title": True,
            "published": request.answered_on.isoformat() if request.answered_on else "",
        }


class AwaitedClaimsView(ListPaginationMixin, ListView):
    """« Affirmations en attente de documents », across the site."""

    template_name = "requests/awaited_claims.html"
    context_object_name = "claims"
    paginate_by = 100

    def get_queryset(self):
        return awaited_claims()


def received_sources(request):
    """The sources that brought what a request asked for: those its requester listed,
    then those that say they answer it (a PDF joined from its page), each once."""
    listed = [ref.source for ref in references(request.answer_source_list) if ref.source]
    answering = Source.objects.with_document().filter(answers_request=request.key)
    keys = {source.key for source in listed}
    return listed + [
        source for source in answering.order_by("published", "id") if source.key not in keys
    ]


def public_request(key):
    return get_object_or_404(public_requests(), key=key)
