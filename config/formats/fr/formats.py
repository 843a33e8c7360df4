# French formats as Django ships them, with the thousands separator of French
# typography: a narrow no-break space (U+202F), as between digit groups in texts.
from django.conf.locale.fr.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\u202f"
# "30 novembre 2026, 14:05": a comma between the day and the time.
DATETIME_FORMAT = "j F Y, H:i"
