"""Who may do what. Views call these; templates only use them to hide buttons."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from review.models import Protection

PUBLISH_DIRECTLY = "review.publish_directly"
MODERATE = "review.moderate"
MODERATORS_ONLY = gettext_lazy("Cette page est réservée à la modération.")


def is_moderator(user):
    return user.is_authenticated and user.is_active and user.has_perm(MODERATE)


def publishes_directly(user):
    """Trusted contributors and moderators: their edits need no review."""
    return user.is_authenticated and user.is_active and user.has_perm(PUBLISH_DIRECTLY)


def edit_refusal(user, record):
    """Why `user` may not edit `record` (None for a creation), or None if they may."""
    if not (user.is_authenticated and user.is_active):
        return _("Connectez-vous pour modifier.")
    protection = getattr(record, "protection", None)
    if protection == Protection.LOCKED and not is_moderator(user):
        return _("Ce dossier est verrouillé : seule la modération peut le modifier.")
    if protection == Protection.PROTECTED and not publishes_directly(user):
        return _(
            "Ce dossier est protégé : seuls les contributeurs de confiance "
            "et la modération peuvent le modifier."
        )
    return None


def require_moderator(user):
    if not is_moderator(user):
        raise PermissionDenied(MODERATORS_ONLY)
