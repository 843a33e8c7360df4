from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView

from accounts import moderation
from accounts.forms import ModerationReasonForm, SignupForm
from core.pagination import UncountedListMixin
from core.ratelimit import client_address, limit_reached
from review.changes import describe, revisions_by
from review.permissions import is_moderator, publishes_directly, require_moderator


class LoginView(auth_views.LoginView):
    # Where to go after signing in: the page cache keeps this parameter for it.
    cache_params = ("next",)


class SignupView(FormView):
    form_class = SignupForm
    template_name = "accounts/signup.html"
    cache_params = ("next",)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("accounts:contributions")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if limit_reached("signup", client_address(self.request)):
            form.add_error(
                None,
                _(
                    "Trop de comptes ont été créés depuis votre adresse ces dernières heures. "
                    "Réessayez plus tard."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Bienvenue, %(name)s ! Vos propositions seront publiées après relecture.")
            % {"name": user.username},
        )
        return redirect(self.get_success_url())

    def get_success_url(self):
        target = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return "accounts:contributions"

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.request.GET.get("next", ""), **kwargs)


class ProfileView(UncountedListMixin, ListView):
    """A contributor's public page: their published revisions of every kind, newest first."""

    template_name = "accounts/profile.html"
    context_object_name = "revisions"
    paginate_by = 50

    def get_queryset(self):
        self.profile = get_object_or_404(get_user_model(), username=self.kwargs["username"])
        return revisions_by(self.profile)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["revisions"] = describe(context["revisions"])
        return context | self.moderation_context()

    def moderation_context(self):
        moderator = is_moderator(self.request.user)
        extra = {"profile": self.profile, "viewer_is_moderator": moderator}
        if moderator:
            extra.update(
                profile_is_trusted=publishes_directly(self.profile),
                profile_is_moderator=is_moderator(self.profile),
                pending_count=self.profile.change_requests.pending().count(),
                reason_form=ModerationReasonForm(),
            )
        return extra


ACCOUNT_ACTIONS = {
    "block": (moderation.block, _("Le compte est bloqué.")),
    "unblock": (moderation.unblock, _("Le compte est débloqué.")),
    "promote": (moderation.promote, _("Ce compte publie désormais sans relecture.")),
    "demote": (moderation.demote, _("Les modifications de ce compte passeront en relecture.")),
}


@require_POST
def moderate_account(request, username, action):
    require_moderator(request)
    user = get_object_or_404(get_user_model(), username=username)
    form = ModerationReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez un motif : il figurera au journal de modération."))
        return redirect(user)
    perform, done = ACCOUNT_ACTIONS[action]
    options = {"reason": form.cleaned_data["reason"]}
    if action == "block":
        options["reject_pending"] = form.cleaned_data["reject_pending"]
    perform(user, moderator=request.user, **options)
    messages.success(request, done)
    return redirect(user)
