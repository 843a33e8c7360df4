from dossiers.forms.actors import ActorForm
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
    "DossierForm",
    "EventForm",
    "FigureForm",
    "FundingLineForm",
    "TechnologyUseForm",
]
