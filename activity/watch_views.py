"""The watchlist (/compte/suivi/): what a user follows, the changes on it, and how
they are told; « Suivre » buttons; one-click unsubscribing from e-mails."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from activity import watching
from activity.forms import SubscriptionForm
from activity.models import Subscription
from activity.notifications import unsubscribing_user_id
from activity.views import with_places
from core.pagination import UncountedListMixin
from review.changes import describe
from review.permissions import require_signed_in


class WatchlistView(UncountedListMixin, ListView):
    template_name = "activity/watchlist.html"
    paginate_by = 50
    context_object_name = "changes"

    def dispatch(self, request, *args, **kwargs):
        require_signed_in(request)
        self.records = watching.watched_records(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return watching.changes_watched_by(self.request.user, self.records)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = context["changes"]
        context["changes"] = SimpleLazyObject(
            lambda: with_places(describe(rows, sizes=True, authors=True))
        )
        context["watched"] = self.records
        context["form"] = form or SubscriptionForm(
            instance=watching.subscription_of(self.request.user)
        )
        return context

    def post(self, request, *args, **kwargs):
        form = SubscriptionForm(request.POST, instance=watching.subscription_of(request.user))
        if form.is_valid():
            form.save()
            messages.success(request, _("Vos préférences de notification sont enregistrées."))
            return redirect("activity:watchlist")
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def toggle_watch(request):
    """Watch (follow=1) or stop watching (follow=0) the record the form names."""
    require_signed_in(request)
    record = watching.find(request.POST.get("what"), request.POST.get("id"))
    if record is None:
        raise Http404(_("Il n’y a rien à suivre à cette adresse."))
    label = str(record)
    if request.POST.get("follow") == "1":
        watching.watch(request.user, record, language=get_language())
        messages.success(
            request,
            _("Vous suivez « %(what)s » : ses modifications figurent dans votre suivi.")
            % {"what": label},
        )
    else:
        watching.unwatch(request.user, record)
        messages.success(request, _("Vous ne suivez plus « %(what)s ».") % {"what": label})
    return redirect(_back(request, reverse("activity:watchlist")))


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """Stop every e-mail, from a link in one of them: the signed token in the address
    is the authority, so it works signed out, and a mail client may POST to it at
    once (RFC 8058 one-click, without a CSRF token). GET only asks to confirm."""

    template_name = "activity/unsubscribe.html"

    def subscription(self, token):
        user_id = unsubscribing_user_id(token)
        if user_id is None:
            return None
        return Subscription.objects.filter(user_id=user_id).select_related("user").first()

    def get(self, request, token):
        subscription = self.subscription(token)
        status = 200 if subscription else 404
        context = {"subscription": subscription, "done": False}
        return TemplateResponse(request, self.template_name, context, status=status)

    def post(self, request, token):
        subscription = self.subscription(token)
        if subscription is None:
            context = {"subscription": None, "done": False}
            return TemplateResponse(request, self.template_name, context, status=404)
        Subscription.objects.filter(pk=subscription.pk).update(
            frequency=Subscription.Frequency.NEVER
        )
        context = {"subscription": subscription, "done": True}
        return TemplateResponse(request, self.template_name, context)
