"""The taxonomy of technologies and the French procurement thresholds, as first published.

Administrators extend both afterwards; this migration never overwrites their edits.
"""

import datetime
from decimal import Decimal

from django.db import migrations

TECHNOLOGIES = [
    ("videoprotection", "Vidéoprotection (réseau de caméras)"),
    ("centre-de-supervision-urbain", "Centre de supervision urbain (CSU)"),
    ("videosurveillance-algorithmique", "Vidéosurveillance algorithmique"),
    ("reconnaissance-faciale", "Reconnaissance faciale"),
    ("lecture-de-plaques", "Lecture automatisée de plaques d’immatriculation (LAPI)"),
    ("mouvements-de-foule", "Détection de mouvements de foule"),
    ("objets-abandonnes", "Détection d’objets abandonnés"),
    ("detection-d-intrusion", "Détection d’intrusion"),
    ("comptage-de-personnes", "Comptage de personnes"),
    ("drones", "Drones"),
    ("capteurs-sonores", "Capteurs sonores"),
    ("cameras-parlantes", "Caméras parlantes"),
    ("police-predictive", "Police prédictive"),
]

DATE = datetime.date
# (amount excl. tax, scope, from, until, legal basis)
THRESHOLDS = [
    (15000, "all", DATE(2011, 12, 12), DATE(2015, 9, 30), "Décret n° 2011-1853 du 9 décembre 2011"),
    (25000, "all", DATE(2015, 10, 1), DATE(2019, 12, 31), "Décret n° 2015-1163 du 17 septembre 2015"),
    (40000, "all", DATE(2020, 1, 1), DATE(2026, 3, 31), "Décret n° 2019-1344 du 12 décembre 2019"),
    (
        70000,
        "works",
        DATE(2020, 7, 24),
        DATE(2020, 12, 8),
        "Décret n° 2020-893 du 22 juillet 2020 (relèvement temporaire pour les travaux)",
    ),
    (
        100000,
        "works",
        DATE(2020, 12, 9),
        DATE(2025, 12, 31),
        "Loi n° 2020-1525 du 7 décembre 2020 (art. 142), prorogée par les décrets "
        "n° 2022-1683 et n° 2024-1217",
    ),
    (100000, "works", DATE(2026, 1, 1), None, "Décret n° 2025-1386 de décembre 2025"),
    (
        60000,
        "supplies_services",
        DATE(2026, 4, 1),
        None,
        "Décret n° 2025-1386 de décembre 2025",
    ),
]


def seed(apps, schema_editor):
    Technology = apps.get_model("dossiers", "Technology")
    Threshold = apps.get_model("dossiers", "ProcurementThreshold")
    for position, (slug, name) in enumerate(TECHNOLOGIES, 1):
        Technology.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    for amount, scope, valid_from, valid_until, legal_basis in THRESHOLDS:
        Threshold.objects.get_or_create(
            scope=scope,
            valid_from=valid_from,
            defaults={
                "amount_excl_tax": Decimal(amount),
                "valid_until": valid_until,
                "legal_basis": legal_basis,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0003_structured_sheet")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
