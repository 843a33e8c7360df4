"""Who may see and do what: the one module views and actions ask.

- Predicates answer about a user: `is_moderator`, `publishes_directly`,
  `edit_refusal` (why a user may not edit a record, or None), `can_restore`.
  Templates only use their answers to show or hide buttons.
- `check_*(user, …)` are for actions (`review.actions`, `accounts.moderation`):
  they raise PermissionDenied, whoever calls the action (a view, a script, a test).
- `get_<thing>_for_user(request, …)` and `require_*(request, …)` are for views:
  they return the thing, or raise Http404 if the visitor may not see it,
  PermissionDenied (403) if they may see it but not do this, and send an anonymous
  visitor to log in (`core.signin.SignInRequired`) when signing in could change
  the answer.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.signin import SignInRequired
from review.models import ChangeRequest, Protection
from review.registry import reviewed_type

PUBLISH_DIRECTLY = "review.publish_directly"
MODERATE = "review.moderate"
MODERATORS_ONLY = gettext_lazy("Cette page est réservée à la modération.")
RESTORERS_ONLY = gettext_lazy("Seuls les contributeurs de confiance et la modération restaurent.")


def is_active(user):
    return user.is_authenticated and user.is_active


def is_moderator(user):
    return is_active(user) and user.has_perm(MODERATE)


def publishes_directly(user):
    """Trusted contributors and moderators: their edits need no review."""
    return is_active(user) and user.has_perm(PUBLISH_DIRECTLY)


def edit_refusal(user, record):
    """Why `user` may not edit `record` (None for a creation), or None if they may.

    The protection that applies is the one of the type's `protection_holder` (a
    dossier, for the rows of its sheet).
    """
    if not is_active(user):
        return _("Connectez-vous pour modifier.")
    if record is None:
        return None
    holder = reviewed_type(record).protection_holder(record)
    protection = getattr(holder, "protection", None)
    if protection == Protection.LOCKED and not is_moderator(user):
        return str(reviewed_type(holder).locked_message)
    if protection == Protection.PROTECTED and not publishes_directly(user):
        return str(reviewed_type(holder).protected_message)
    if holder.pk is not None:
        return reviewed_type(holder).keeper_refusal(user, holder)
    return None


def can_restore(user, record):
    return publishes_directly(user) and edit_refusal(user, record) is None


# For actions.


def check_moderator(user):
    if not is_moderator(user):
        raise PermissionDenied(MODERATORS_ONLY)


def check_restorer(user, record=None):
    if not publishes_directly(user):
        raise PermissionDenied(RESTORERS_ONLY)
    if record is not None and (refusal := edit_refusal(user, record)):
        raise PermissionDenied(refusal)


def check_editor(user, record):
    """`record` is the protection holder, as locked by the action."""
    if refusal := edit_refusal(user, record):
        raise PermissionDenied(refusal)


# For views.


def require_signed_in(request):
    if not is_active(request.user):
        raise SignInRequired


def require_moderator(request):
    require_signed_in(request)
    check_moderator(request.user)


def require_restorer(request, record):
    require_signed_in(request)
    check_restorer(request.user, record)


def require_editor(request, record):
    """An edit of `record` (or a creation, for None): anonymous visitors log in first."""
    require_signed_in(request)
    check_editor(request.user, record)


def get_change_for_user(request, pk):
    """A change request its author or a moderator may see; 404 for everyone else."""
    require_signed_in(request)
    change = get_object_or_404(ChangeRequest.objects.with_people(), pk=pk)
    if change.author_id != request.user.pk and not is_moderator(request.user):
        raise Http404
    return change


def get_change_for_moderator(request, pk):
    """A change request a moderator decides on: 404 if unseen, 403 for its author."""
    change = get_change_for_user(request, pk)
    check_moderator(request.user)
    return change


def get_change_for_author(request, pk):
    change = get_change_for_user(request, pk)
    if change.author_id != request.user.pk:
        raise PermissionDenied(_("Seul l’auteur peut retirer sa proposition."))
    return change


def get_revision_for_user(request, record, history_id):
    """A published revision of `record`, or 404. Its `content_visible` says whether
    the visitor may read it: a hidden revision's content is for moderators only."""
    related = reviewed_type(record).related
    revision = get_object_or_404(
        record.public_revisions().select_related("hidden_by", *related), history_id=history_id
    )
    revision.content_visible = not revision.is_hidden or is_moderator(request.user)
    return revision


class ModeratorRequiredMixin:
    """Anonymous visitors are sent to log in; signed-in non-moderators get a 403."""

    def dispatch(self, request, *args, **kwargs):
        require_moderator(request)
        return super().dispatch(request, *args, **kwargs)
