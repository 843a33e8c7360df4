# French formats as Django ships them, with the thousands separator of French
# typography: a narrow no-break space (U+202F), as between digit groups in texts.
from django.conf.locale.fr.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\u202f"
