"""The request for documents behind the Valenciennes sheet, as the campaign's forum
thread tells it (technopolice-forum-valenciennes): sent in December 2018, answered
with the city council's deliberation and the convention with Huawei."""

from django.db import transaction

from dossiers.demo.sheet import publish
from dossiers.forms import DocumentRequestForm
from dossiers.models import Actor, DocumentRequest

REQUEST = {
    "title": "Les projets « Safe City » de Valenciennes",
    "asked": "Les documents administratifs sur les projets de « Safe City » de la ville.",
    "documents": "",
    # Only the month is known: the thread says « en décembre 2018 ».
    "sent_on": "2018-12-01",
    "month_only": True,
    "channel": DocumentRequest.Channel.OTHER,
    "state": DocumentRequest.State.ANSWERED,
    "answer_source_keys": (
        "valenciennes-huawei-convention-2017-02; valenciennes-deliberation-2016-12-09"
    ),
    "notes": (
        "Demande faite par des membres du forum Technopolice, qui ont publié sur le fil de "
        "Valenciennes les deux documents reçus : la convention signée avec Huawei (datée "
        "de février 2017) et la délibération du conseil municipal de décembre 2016. Le "
        "fil ne donne ni le jour de l’envoi, ni la date de la réponse, ni la façon dont "
        "la demande a été faite. Un autre membre y note que la convention prévoyait la fin "
        "de l’expérimentation en janvier 2018 et s’étonne que la mairie n’ait transmis "
        "aucun autre document. Source : fil « Valenciennes - VSI Huawei » du forum "
        "Technopolice (technopolice-forum-valenciennes)."
    ),
}


def load_requests(dossier, author):
    """Record the demo's request unless one already serves the dossier."""
    if DocumentRequest.objects.filter(links__dossier=dossier).exists():
        return
    city = Actor.objects.get(name="Ville de Valenciennes")
    with transaction.atomic():
        publish(
            DocumentRequestForm,
            {**REQUEST, "administration": city.slug, "dossier_slugs": dossier.slug},
            author=author,
            summary="Demande de documents de décembre 2018, d’après le forum Technopolice",
        )
