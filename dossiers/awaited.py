"""Claims waiting for documents: the passages and sheet rows of published dossiers
that cite a request for documents (`[@demande-…]`) instead of a source. Each stays
« à confirmer » until a document received is cited in its place."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dossiers.models import ActorRole, Event, Figure, FundingLine, RequestCitation, TechnologyUse
from dossiers.models.dossier import DossierQuerySet
from sources.answering import REQUEST_KEY_PREFIX, is_request_key, requests_named

ROW_MODELS = (TechnologyUse, ActorRole, FundingLine, Figure, Event)


@dataclass
class Claim:
    dossier: object
    where: str  # « texte du dossier », or the row's section and label
    url: str
    request: object


def awaited_claims():
    """Every claim of the published dossiers waiting for a request's documents, the
    longest waiting first: one query for the texts, one per kind of row, one for the
    requests the rows cite."""
    cited = (
        RequestCitation.objects.filter(in_text=True)
        .filter(DossierQuerySet.public_q("dossier__"))
        .select_related("dossier__city", "request__administration")
    )
    claims = [
        Claim(c.dossier, _("texte du dossier"), c.dossier.get_absolute_url(), c.request)
        for c in cited
    ]
    rows = [
        row
        for model in ROW_MODELS
        for row in model.objects.public()
        .filter(source_keys__contains=REQUEST_KEY_PREFIX)
        .select_related("dossier__city")
    ]
    requests = requests_named(
        [key for row in rows for key in row.source_key_list if is_request_key(key)]
    )
    for row in rows:
        where = _("%(section)s : %(row)s") % {
            "section": str(row.section_label).capitalize(),
            "row": row,
        }
        for key in row.source_key_list:
            if key in requests:
                claims.append(Claim(row.dossier, where, row.get_absolute_url(), requests[key]))
    return sorted(claims, key=lambda c: (c.request.sent_on, c.dossier.title, c.where))
