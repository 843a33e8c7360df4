from dossiers.forms.actors import ActorForm
from dossiers.forms.document_requests import DocumentRequestForm
from dossiers.forms.dossier import DossierForm
from dossiers.forms.fields import CityField
from dossiers.forms.sheet import (
    ActorRoleForm,
    EventForm,
    FigureForm,
    FundingLineForm,
    TechnologyUseForm,
)

__all__ = [
    "ActorForm",
    "ActorRoleForm",
    "CityField",
    "DocumentRequestForm",
    "DossierForm",
    "EventForm",
    "FigureForm",
    "FundingLineForm",
    "TechnologyUseForm",
]
