"""The Valenciennes demo dossier, built revision by revision from markdown sections."""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from cities.models import City
from dossiers.citations import save_dossier_revision
from dossiers.demo.document_requests import load_requests
from dossiers.demo.sheet import load_sheet
from dossiers.demo.sources import load_sources
from dossiers.models import Dossier
from review.roles import TRUSTED_GROUP, role_group
from sources.citations import unknown_keys_error

SECTIONS_DIR = Path(__file__).resolve().parent / "valenciennes"
VALENCIENNES_INSEE = "59606"
DEMO_SLUG = "valenciennes-la-safe-city-de-huawei"
DEMO_USERNAME = "equipe-demo"


@dataclass(frozen=True)
class Revision:
    title: str
    summary: str
    sections: tuple
    reason: str
    stage: str = ""

    def body(self):
        return "\n\n".join(
            (SECTIONS_DIR / f"{name}.md").read_text(encoding="utf-8").strip()
            for name in self.sections
        )


SUMMARY_V1 = (
    "En 2017, Valenciennes a confié à Huawei le renouvellement de sa vidéoprotection : "
    "caméras et logiciels d’analyse fournis gratuitement pendant l’expérimentation, "
    "maintenance facturée 24 000 euros sur trois ans."
)
SUMMARY_V3 = (
    "En 2017, Huawei a équipé gratuitement Valenciennes de caméras et de logiciels "
    "d’analyse automatisée des images ; la ville paie 24 000 euros de maintenance sur "
    "trois ans. La CNIL a averti la commune en mai 2021, le maire a ensuite annoncé un "
    "changement de fournisseur, et le nombre de caméras varie de 217 à 361 selon les "
    "sources."
)

REVISIONS = (
    Revision(
        title="Valenciennes : la Safe City de Huawei",
        summary=SUMMARY_V1,
        sections=("en-bref", "partenariat", "financement", "borloo"),
        reason="Création de la fiche à partir des documents obtenus par demande CADA",
    ),
    Revision(
        title="Valenciennes : la Safe City de Huawei",
        summary=SUMMARY_V1,
        sections=("en-bref", "partenariat", "financement", "cnil", "borloo"),
        reason="Ajout des trois logiciels d’analyse et de l’avertissement de la CNIL (mai 2021)",
    ),
    Revision(
        title="Valenciennes : la « Safe City » offerte par Huawei",
        summary=SUMMARY_V3,
        sections=(
            "en-bref-v3",
            "partenariat",
            "financement",
            "cnil",
            "cameras",
            "fournisseur",
            "borloo",
        ),
        reason="Chiffres contradictoires sur les caméras, reconnaissance faciale, "
        "changement de fournisseur",
        stage=Dossier.Stage.DEPLOYED,
    ),
)


class MissingCity(Exception):
    pass


def load_demo():
    """Create the demo sources and dossier with its history and structured sheet.

    Returns None if the dossier existed; its sources and sheet are completed anyway.
    """
    existing = Dossier.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        with transaction.atomic():
            load_sources(demo_author())
        load_sheet(existing, demo_author())
        load_requests(existing, demo_author())
        return None
    try:
        city = City.objects.get(insee_code=VALENCIENNES_INSEE)
    except City.DoesNotExist:
        raise MissingCity("Valenciennes is not loaded: run load_communes first.") from None
    with transaction.atomic():
        author = demo_author()
        load_sources(author)
        dossier = Dossier(city=city, slug=DEMO_SLUG, status=Dossier.Status.PUBLISHED)
        for revision in REVISIONS:
            dossier.title = revision.title
            dossier.summary = revision.summary
            dossier.body = revision.body()
            dossier.stage = revision.stage
            if message := unknown_keys_error(dossier.citation_keys):
                raise ValueError(f"The demo cites a missing source: {message}")
            save_dossier_revision(dossier, user=author, reason=revision.reason)
        load_sheet(dossier, author)
        load_requests(dossier, author)
    return dossier


def demo_author():
    author, created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
    if created:
        author.set_unusable_password()
        author.save()
    # The demo is published content, written by an account trusted to publish.
    author.groups.add(role_group(TRUSTED_GROUP))
    return author
