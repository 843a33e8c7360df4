"""The discussion pages of dossiers, sources and actors, and what is done there.

Reading is public; posting needs an account; hiding, showing and locking are for
moderators (checked here, and again by discussions.actions under the thread's lock).
Each page answers a refused post with the form as it was sent and a message that
says why: nothing typed is lost.
"""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.pagination import ListPaginationMixin
from discussions import actions
from discussions.actions import may_discuss
from discussions.forms import MessageForm, OptionalReasonForm, ReasonForm, ThreadForm
from discussions.models import Message, Thread, Visit
from discussions.subjects import BY_NAME
from review.actions import Busy
from review.models import ChangeRequest
from review.permissions import is_moderator, require_moderator, require_signed_in
from sources.citations import references

RATE_LIMITED = _(
    "Vous avez publié beaucoup de messages en peu de temps : attendez quelques minutes avant "
    "le suivant. Votre texte est conservé ci-dessous."
)
BUSY = _(
    "Une autre action sur cette discussion est arrivée au même instant : rien n’a été "
    "enregistré. Votre texte est conservé ci-dessous ; envoyez-le de nouveau."
)


def noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response


class SubjectMixin:
    """Views under a dossier's, a source's or an actor's `…/discussion/`."""

    def dispatch(self, request, *args, subject, lookup, **kwargs):
        self.kind = BY_NAME[subject]
        self.subject = self.kind.find(lookup)
        if self.subject is None:
            raise Http404
        return noindex(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subject=self.subject,
            subject_kind=self.kind,
            discussion_url=self.kind.url(self.subject),
            **kwargs,
        )


class ThreadListView(SubjectMixin, ListPaginationMixin, ListView):
    """A record's threads, latest message first, and the form that opens one."""

    template_name = "discussions/thread_list.html"
    paginate_by = 30
    context_object_name = "threads"

    def get_queryset(self):
        return (
            Thread.objects.about(self.subject)
            .select_related("author", "change_request")
            .order_by("-last_posted_at", "-id")
        )

    def get(self, request, *args, **kwargs):
        self.form = None
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        require_signed_in(request)
        self.form = ThreadForm(request.POST)
        if not self.form.is_valid():
            return self.refused(status=400)
        change = self.discussed_change(self.form.cleaned_data["change_request"])
        try:
            thread = actions.start_thread(
                self.subject,
                user=request.user,
                title=self.form.cleaned_data["title"],
                body=self.form.cleaned_data["body"],
                change_request=change,
            )
        except actions.RateLimited:
            return self.refused(RATE_LIMITED, status=429)
        except Busy:
            return self.refused(BUSY, status=409)
        return HttpResponseRedirect(thread.get_absolute_url())

    def refused(self, message=None, *, status):
        if message:
            self.form.add_error(None, message)
        self.object_list = self.get_queryset()
        response = self.render_to_response(self.get_context_data())
        response.status_code = status
        return response

    def discussed_change(self, pk):
        """The proposal a new thread is about (from « discuter cette proposition »):
        only its author and moderators see it, and so only they may name it."""
        if not pk:
            return None
        change = ChangeRequest.objects.filter(pk=pk).first()
        if change is None or not may_discuss(self.request.user, change):
            raise PermissionDenied(_("Seuls l’auteur et la modération discutent une proposition."))
        return change

    def new_thread_form(self):
        if self.form is not None:
            return self.form
        initial = {}
        pk = self.request.GET.get("proposition", "")
        if pk.isdigit() and self.request.user.is_authenticated:
            change = ChangeRequest.objects.filter(pk=pk).first()
            if change and may_discuss(self.request.user, change):
                initial = {
                    "change_request": change.pk,
                    "title": _("Proposition n° %(number)s : %(title)s")
                    % {"number": change.pk, "title": change.title},
                }
        return ThreadForm(initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        threads = context["threads"]
        user = self.request.user
        if user.is_authenticated:
            seen = dict(
                Visit.objects.filter(user=user, thread__in=[t.pk for t in threads]).values_list(
                    "thread_id", "seen"
                )
            )
            for thread in threads:
                thread.subject = self.subject
                thread.new_count = max(0, thread.message_count - seen.get(thread.pk, 0))
                thread.never_visited = thread.pk not in seen
        context["form"] = self.new_thread_form()
        context["post_refusal"] = actions.post_refusal(user)
        return context


class ThreadView(SubjectMixin, ListPaginationMixin, ListView):
    """A thread's messages in order, and the reply form."""

    template_name = "discussions/thread.html"
    paginate_by = 100
    context_object_name = "thread_messages"
    # How many messages the reader had seen before this visit (None: never, or not
    # signed in): later ones are marked new.
    seen_before = None

    def setup_thread(self):
        self.thread = get_object_or_404(
            Thread.objects.about(self.subject).select_related(
                "author", "locked_by", "change_request"
            ),
            pk=self.kwargs["pk"],
        )
        self.thread.subject = self.subject

    def get_queryset(self):
        return self.thread.messages.select_related("author", "hidden_by").order_by("number")

    def get(self, request, *args, **kwargs):
        self.setup_thread()
        self.form = MessageForm()
        if request.user.is_authenticated:
            self.seen_before = (
                Visit.objects.filter(user=request.user, thread=self.thread)
                .values_list("seen", flat=True)
                .first()
            )
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            actions.record_visit(request.user, self.thread)
        return response

    def post(self, request, *args, **kwargs):
        self.setup_thread()
        require_signed_in(request)
        self.form = MessageForm(request.POST)
        if refusal := actions.post_refusal(request.user, self.thread):
            return self.refused(refusal, status=403)
        if not self.form.is_valid():
            return self.refused(status=400)
        try:
            message = actions.reply(
                self.thread, user=request.user, body=self.form.cleaned_data["body"]
            )
        except actions.RateLimited:
            return self.refused(RATE_LIMITED, status=429)
        except PermissionDenied as refused:
            return self.refused(str(refused), status=403)
        except Busy:
            return self.refused(BUSY, status=409)
        # The page where the new message is.
        page = (message.number - 1) // self.paginate_by + 1
        query = f"?page={page}" if page > 1 else ""
        return HttpResponseRedirect(f"{self.request.path}{query}#message-{message.number}")

    def refused(self, message=None, *, status):
        if message:
            self.form.add_error(None, message)
        # The last page, where the reply would have gone.
        count = self.thread.message_count
        last = max(1, (count - 1) // self.paginate_by + 1)
        self.request.GET = self.request.GET.copy()
        self.request.GET["page"] = str(last)
        self.object_list = self.get_queryset()
        response = self.render_to_response(self.get_context_data())
        response.status_code = status
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = context["thread_messages"]
        # What every message of the page cites, sources and requests, read at once.
        found = {
            ref.key: ref for ref in references(sorted({k for m in page for k in m.cited_keys}))
        }
        seen = self.seen_before
        for message in page:
            message.thread = self.thread
            message.editable = actions.can_edit(user, message)
            message.is_new = seen is not None and message.number > seen
            message.references = [
                replace(found[key], number=number)
                for number, key in enumerate(message.cited_keys, 1)
            ]
        new_count = self.thread.message_count - seen if seen is not None else 0
        change = self.thread.change_request
        return {
            "new_count": new_count,
            "first_new": seen + 1 if new_count else None,
            **context,
            "thread": self.thread,
            "form": self.form,
            "post_refusal": actions.post_refusal(user, self.thread),
            "is_moderator": is_moderator(user),
            "change_visible": change is not None and may_discuss(user, change),
        }


def message_for(pk, *, related=()):
    return get_object_or_404(Message.objects.select_related("thread", "author", *related), pk=pk)


class MessageEditView(View):
    template_name = "discussions/message_form.html"

    def dispatch(self, request, pk):
        require_signed_in(request)
        self.message = message_for(pk)
        return noindex(super().dispatch(request, pk))

    def get(self, request, pk):
        if refusal := actions.edit_refusal(request.user, self.message):
            raise PermissionDenied(refusal)
        return self.render(MessageForm(initial={"body": self.message.body}))

    def post(self, request, pk):
        form = MessageForm(request.POST)
        if refusal := actions.edit_refusal(request.user, self.message):
            form.add_error(None, refusal)
            return self.render(form, status=403)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            actions.edit(self.message, user=request.user, body=form.cleaned_data["body"])
        except PermissionDenied as refused:
            form.add_error(None, str(refused))
            return self.render(form, status=403)
        except Busy:
            form.add_error(None, BUSY)
            return self.render(form, status=409)
        messages.success(request, _("Votre message est modifié."))
        return HttpResponseRedirect(self.message.get_absolute_url())

    def render(self, form, status=200):
        context = {"form": form, "message": self.message, "thread": self.message.thread}
        return TemplateResponse(self.request, self.template_name, context, status=status)


class MessageHistoryView(View):
    """Every text a message had, newest first: its author's edits are not silent."""

    def get(self, request, pk):
        message = message_for(pk, related=["hidden_by"])
        if message.is_hidden and not is_moderator(request.user):
            raise Http404
        versions = message.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
        context = {"message": message, "thread": message.thread, "versions": versions}
        return noindex(TemplateResponse(request, "discussions/message_history.html", context))


@require_POST
def hide_message(request, pk):
    require_moderator(request)
    message = message_for(pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return HttpResponseRedirect(message.get_absolute_url())
    actions.set_hidden(
        message, moderator=request.user, hidden=True, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("Le message est masqué ; le motif est affiché à sa place."))
    return HttpResponseRedirect(message.get_absolute_url())


@require_POST
def unhide_message(request, pk):
    require_moderator(request)
    message = message_for(pk)
    form = OptionalReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    actions.set_hidden(message, moderator=request.user, hidden=False, reason=reason)
    messages.success(request, _("Le message est de nouveau visible."))
    return HttpResponseRedirect(message.get_absolute_url())


@require_POST
def lock_thread(request, pk):
    require_moderator(request)
    thread = get_object_or_404(Thread, pk=pk)
    locking = request.POST.get("locked") == "1"
    form = (ReasonForm if locking else OptionalReasonForm)(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return HttpResponseRedirect(thread.get_absolute_url())
    actions.set_locked(
        thread, moderator=request.user, locked=locking, reason=form.cleaned_data["reason"]
    )
    if locking:
        messages.success(request, _("La discussion est verrouillée."))
    else:
        messages.success(request, _("La discussion est de nouveau ouverte."))
    return HttpResponseRedirect(thread.get_absolute_url())
