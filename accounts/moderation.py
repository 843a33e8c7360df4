"""Moderators' actions on accounts; each is logged in the moderation journal."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from review import actions
from review.models import ModerationAction
from review.permissions import check_moderator, is_moderator
from review.roles import TRUSTED_GROUP


def check_can_moderate(moderator, user):
    check_moderator(moderator)
    if user.pk == moderator.pk:
        raise PermissionDenied(_("Vous ne pouvez pas agir sur votre propre compte."))
    if user.is_superuser or is_moderator(user):
        raise PermissionDenied(
            _("Les comptes de modération se gèrent dans l’administration du site.")
        )


def block(user, *, moderator, reason, reject_pending=False):
    check_can_moderate(moderator, user)
    with transaction.atomic():
        user.is_active = False
        user.blocked_at = timezone.now()
        user.blocked_reason = reason
        user.save(update_fields=["is_active", "blocked_at", "blocked_reason"])
        actions.log(moderator, ModerationAction.Kind.BLOCK, user, reason)
        rejected = 0
        if reject_pending:
            refusal = _("Compte bloqué : %(reason)s") % {"reason": reason}
            for change in user.change_requests.pending():
                actions.reject(change, moderator=moderator, reason=refusal)
                rejected += 1
    return rejected


def unblock(user, *, moderator, reason):
    check_can_moderate(moderator, user)
    with transaction.atomic():
        user.is_active = True
        user.blocked_at = None
        user.blocked_reason = ""
        user.save(update_fields=["is_active", "blocked_at", "blocked_reason"])
        actions.log(moderator, ModerationAction.Kind.UNBLOCK, user, reason)


def promote(user, *, moderator, reason):
    check_can_moderate(moderator, user)
    with transaction.atomic():
        user.groups.add(Group.objects.get(name=TRUSTED_GROUP))
        actions.log(moderator, ModerationAction.Kind.PROMOTE, user, reason)


def demote(user, *, moderator, reason):
    check_can_moderate(moderator, user)
    with transaction.atomic():
        user.groups.remove(Group.objects.get(name=TRUSTED_GROUP))
        actions.log(moderator, ModerationAction.Kind.DEMOTE, user, reason)
