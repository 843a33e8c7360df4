"""What the review workflow's pages say about decisions and contention."""

from django.utils.translation import gettext_lazy

ALREADY_DECIDED = gettext_lazy("Cette proposition a déjà été traitée.")
BUSY_DECISION = gettext_lazy(
    "Le site a reçu au même instant une autre action sur cette proposition : rien n’a été "
    "décidé. Rechargez la page et recommencez."
)
PROPOSAL_CHANGED = gettext_lazy(
    "La proposition a été modifiée pendant votre relecture : rien n’a été publié. "
    "Relisez sa nouvelle version ci-dessous avant de décider."
)
