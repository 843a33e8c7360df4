"""Each procurement threshold cites the text in force during its period.

The 25,000 € threshold of 0004 cited décret 2015-1163 for its whole life, although
that decree amended the code des marchés publics, repealed on 1 April 2016: from
then on the rule was décret 2016-360 (art. 30-I-8°), and from 1 April 2019 the code
de la commande publique (art. R. 2122-8). The row is split at those dates, and every
row names its text and article.
"""

import datetime
from decimal import Decimal

from django.db import migrations

DATE = datetime.date
CMP = "Code des marchés publics, art. 28"
CCP = "Code de la commande publique, art. R. 2122-8"
# (amount excl. tax, scope, from, until, legal basis)
THRESHOLDS = [
    (15000, "all", DATE(2011, 12, 12), DATE(2015, 9, 30),
     f"{CMP}, modifié par le décret n° 2011-1853 du 9 décembre 2011"),
    (25000, "all", DATE(2015, 10, 1), DATE(2016, 3, 31),
     f"{CMP}, modifié par le décret n° 2015-1163 du 17 septembre 2015"),
    (25000, "all", DATE(2016, 4, 1), DATE(2019, 3, 31),
     "Décret n° 2016-360 du 25 mars 2016 relatif aux marchés publics, art. 30-I-8°"),
    (25000, "all", DATE(2019, 4, 1), DATE(2019, 12, 31), CCP),
    (40000, "all", DATE(2020, 1, 1), DATE(2026, 3, 31),
     f"{CCP}, modifié par le décret n° 2019-1344 du 12 décembre 2019"),
    (70000, "works", DATE(2020, 7, 24), DATE(2020, 12, 8),
     "Décret n° 2020-893 du 22 juillet 2020 (relèvement temporaire pour les travaux)"),
    (100000, "works", DATE(2020, 12, 9), DATE(2025, 12, 31),
     "Loi n° 2020-1525 du 7 décembre 2020, art. 142, prorogée par les décrets n° 2022-1683 "
     "et n° 2024-1217"),
    (100000, "works", DATE(2026, 1, 1), None,
     f"{CCP}, modifié par le décret n° 2025-1386 du 29 décembre 2025"),
    (60000, "supplies_services", DATE(2026, 4, 1), None,
     f"{CCP}, modifié par le décret n° 2025-1386 du 29 décembre 2025"),
]  # fmt: skip


def update(apps, schema_editor):
    """Set every threshold above, by scope and first day; the 25,000 € row of 0004
    (1 October 2015 to 31 December 2019) ends on 31 March 2016, and its two successors
    are added."""
    Threshold = apps.get_model("dossiers", "ProcurementThreshold")
    for amount, scope, valid_from, valid_until, legal_basis in THRESHOLDS:
        Threshold.objects.update_or_create(
            scope=scope,
            valid_from=valid_from,
            defaults={
                "amount_excl_tax": Decimal(amount),
                "valid_until": valid_until,
                "legal_basis": legal_basis,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0006_rendered_with")]

    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
