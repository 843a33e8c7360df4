"""The Valenciennes demo's discussion: what the campaign's forum thread
(technopolice-forum-valenciennes) worked out around the documents the city sent,
retold in our words by the demo account, each point cited. The forum's own members
are not impersonated: the thread says where its content comes from."""

from django.db import transaction

from discussions import actions
from discussions.models import Thread
from dossiers.models import DocumentRequest

TITLE = "Les documents reçus de la mairie, et ce qui manque"
MESSAGES = [
    "Ce fil reprend, résumées, les pistes du fil « Valenciennes - VSI Huawei » du forum "
    "Technopolice [@technopolice-forum-valenciennes].\n\n"
    "En décembre 2018, des membres du forum ont demandé à la ville ses documents sur les "
    "projets de « Safe City ». Elle a répondu par deux pièces : la délibération du conseil "
    "municipal de décembre 2016 [@valenciennes-deliberation-2016-12-09] et la convention "
    "avec Huawei de février 2017 [@valenciennes-huawei-convention-2017-02].{request}",
    "**Ce qui manque.** Sur le forum, un membre relève que la convention annonçait une fin "
    "d’expérimentation en janvier 2018, et s’étonne que la ville n’ait transmis aucun autre "
    "document (bilan, suite donnée) [@technopolice-forum-valenciennes]. Une nouvelle "
    "demande pourrait viser ce bilan.",
    "**Le coût.** D’après une lecture des documents partagée sur le forum, les caméras et "
    "les logiciels ont été donnés « à titre gracieux », et seule la maintenance est "
    "chiffrée : 24 000 euros pour trois ans, juste sous le seuil de 25 000 euros qui "
    "impose une publicité des marchés publics [@technopolice-forum-valenciennes]. C’est "
    "une remarque du forum, à vérifier dans la convention avant d’entrer dans la fiche.",
]


def load_discussion(dossier, author):
    """Open the demo thread on `dossier` unless it has one already."""
    if Thread.objects.about(dossier).filter(title=TITLE).exists():
        return None
    request = DocumentRequest.objects.filter(links__dossier=dossier).first()
    link = f" La demande est suivie [sur sa page]({request.get_absolute_url()})." if request else ""
    with transaction.atomic():
        first = MESSAGES[0].format(request=link)
        thread = actions.start_thread(dossier, user=author, title=TITLE, body=first)
        for body in MESSAGES[1:]:
            actions.reply(thread, user=author, body=body)
    return thread
