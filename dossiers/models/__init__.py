from dossiers.models.actors import Actor, ActorRole
from dossiers.models.citations import Citation
from dossiers.models.document_requests import DocumentRequest, RequestCitation, RequestedFor
from dossiers.models.dossier import Dossier, DossierQuerySet, render_cached, revision_rendering
from dossiers.models.events import Event
from dossiers.models.figures import Figure
from dossiers.models.funding import FundingLine, ProcurementThreshold
from dossiers.models.technologies import Technology, TechnologyUse

__all__ = [
    "Actor",
    "ActorRole",
    "Citation",
    "DocumentRequest",
    "Dossier",
    "DossierQuerySet",
    "Event",
    "Figure",
    "FundingLine",
    "ProcurementThreshold",
    "RequestCitation",
    "RequestedFor",
    "Technology",
    "TechnologyUse",
    "render_cached",
    "revision_rendering",
]
