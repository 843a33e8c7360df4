"""The sources of the Valenciennes demo dossier: facts from the seeds, in our own words.

Where the seeds give no address or no exact date, none is invented: the field
stays empty and the notes say where the source was seen.
"""

from django.db.models import Q

from sources.models import Source

Kind = Source.Kind

SOURCES = [
    {
        "key": "valenciennes-deliberation-2016-12-09",
        "kind": Kind.DELIBERATION,
        "title": "Délibération du conseil municipal de Valenciennes du 9 décembre 2016 sur le "
        "projet « Safe City » avec Huawei",
        "descriptive_title": True,
        "publisher": "Ville de Valenciennes, conseil municipal",
        "published": "2016-12-09",
        "notes": "Titre exact inconnu : le forum Technopolice la présente comme « la "
        "délibération du conseil municipal de décembre 2016 », transmise sous le nom de "
        "fichier « Deliberation 09122016.pdf » en réponse à une demande d’accès aux "
        "documents administratifs faite en décembre 2018.",
    },
    {
        "key": "valenciennes-huawei-convention-2017-02",
        "kind": Kind.CONTRACT,
        "title": "Convention entre la ville de Valenciennes et Huawei pour le projet « Safe City »",
        "descriptive_title": True,
        "publisher": "Ville de Valenciennes et Huawei",
        "published": "2017-02",
        "notes": "Titre exact inconnu. Transmise avec la délibération sous le nom de fichier "
        "« Convention Huawei fevrier 2017.pdf ». Sa date fait débat : le même fil du forum "
        "la dit aussi « du 9 décembre 2016 ». D’après le forum et la fiche Technopolice, "
        "elle prévoit la fourniture gratuite du matériel pendant l’expérimentation, une "
        "maintenance de 24 000 euros pour trois ans et une fin de l’expérimentation en "
        "janvier 2018.",
    },
    {
        "key": "valenciennes-video-protection",
        "kind": Kind.OFFICIAL_PAGE,
        "title": "Page « vidéo-protection » des grands projets du site de la ville",
        "descriptive_title": True,
        "publisher": "Ville de Valenciennes",
        "url": "https://www.valenciennes.fr/grands-projets/equipements/video-protection.html",
        "notes": "Titre exact et date non relevés. Citée sur le forum Technopolice et par la "
        "fiche de la campagne : 160 caméras communales remplacées « de janvier à juin », "
        "70 de plus d’ici fin juin 2019, soit 230.",
    },
    {
        "key": "cnil-valenciennes-2021-05-12",
        "kind": Kind.REGULATOR,
        "title": "Avertissement de la CNIL à la commune de Valenciennes du 12 mai 2021",
        "descriptive_title": True,
        "publisher": "CNIL",
        "published": "2021-05-12",
        "notes": "Décision non publiée, connue par la presse : elle conclut un contrôle "
        "lancé en février 2020. Mediapart en a révélé l’existence le 1er août 2021 ; la CNIL "
        "l’a confirmée à l’AFP le 3 août.",
    },
    {
        "key": "mediapart-2021-08-01",
        "kind": Kind.PRESS,
        "title": "Enquête de Mediapart sur la vidéosurveillance de Valenciennes",
        "descriptive_title": True,
        "publisher": "Mediapart",
        "published": "2021-08-01",
        "url": "https://www.mediapart.fr/journal/france/010821/"
        "videosurveillance-valenciennes-et-son-modele-de-safe-city-hors-la-loi",
        "notes": "Titre exact non relevé (l’adresse en donne les mots). Connue par les "
        "articles qui la reprennent : révèle l’avertissement de la CNIL et cite un support "
        "de formation de la police municipale de 2018 (450 flux vidéo).",
    },
    {
        "key": "usine-digitale-cnil-valenciennes",
        "kind": Kind.PRESS,
        "title": "Article de L’Usine Digitale sur l’avertissement de la CNIL à Valenciennes",
        "descriptive_title": True,
        "publisher": "L’Usine Digitale",
        "url": "https://www.usine-digitale.fr/article/"
        "reconnaissance-faciale-la-cnil-adresse-un-avertissement-a-la-ville-de-valenciennes"
        ".N1130989",
        "notes": "Titre exact et date non relevés (publié après l’enquête de Mediapart du "
        "1er août 2021). Reprend cette enquête : convention de 2017, trois logiciels "
        "d’analyse, 450 flux vidéo, griefs de la CNIL (lecture de plaques, absence "
        "d’analyse d’impact, droit d’opposition).",
    },
    {
        "key": "afp-2021-08-03",
        "kind": Kind.PRESS,
        "title": "Dépêche de l’AFP sur l’avertissement de la CNIL, reprise par la presse",
        "descriptive_title": True,
        "publisher": "AFP",
        "notes": "Titre exact et date non relevés ; la CNIL y répond à l’agence le 3 août "
        "2021. Décrit les trois logiciels d’analyse, compte 361 caméras plus 35 de la SNCF "
        "et une soixantaine du réseau de transport (environ une pour 110 habitants), et "
        "cite la CNIL : l’avertissement n’est pas une décision publique, le dispositif "
        "n’était pas utilisé.",
    },
    {
        "key": "le-point-borloo-huawei",
        "kind": Kind.PRESS,
        "title": "Article du Point sur le départ de Jean-Louis Borloo de Huawei France",
        "descriptive_title": True,
        "publisher": "Le Point",
        "notes": "Titre exact et date non relevés : connu par l’extrait recopié sur le forum "
        "Technopolice, qui décrit le rôle de Jean-Louis Borloo et de François Quentin "
        "auprès des responsables politiques.",
    },
    {
        "key": "la-voix-du-nord-maire-fournisseur",
        "kind": Kind.PRESS,
        "title": "Propos du maire de Valenciennes à La Voix du Nord sur le changement de "
        "fournisseur de caméras",
        "descriptive_title": True,
        "publisher": "La Voix du Nord",
        "notes": "Article non consulté, connu par Epoch Times, qui le cite quelques jours "
        "après les révélations de Mediapart (août 2021) : le maire y attribue ce choix au "
        "retrait de Huawei, non à l’avertissement de la CNIL.",
    },
    {
        "key": "europe-1-maire-reconnaissance-faciale",
        "kind": Kind.BROADCAST,
        "title": "Propos du maire de Valenciennes sur Europe 1 au sujet des caméras Huawei",
        "descriptive_title": True,
        "publisher": "Europe 1",
        "notes": "Émission non consultée, connue par Epoch Times : le maire y affirme que "
        "la reconnaissance faciale n’est pas utilisée.",
    },
    {
        "key": "l-observateur-rapport-cnil",
        "kind": Kind.PRESS,
        "title": "Article de L’Observateur sur le rapport de la CNIL",
        "descriptive_title": True,
        "publisher": "L’Observateur",
        "notes": "Article non consulté, connu par Epoch Times : d’après lui, la CNIL relève "
        "dans son rapport de nombreux dysfonctionnements.",
    },
    {
        "key": "epoch-times-valenciennes-huawei",
        "kind": Kind.PRESS,
        "title": "Article d’Epoch Times sur l’abandon des caméras Huawei par Valenciennes",
        "descriptive_title": True,
        "publisher": "Epoch Times",
        "notes": "Titre exact et date non relevés (postérieur au 3 août 2021). Compte 240 "
        "caméras offertes (cadeau d’une valeur de deux millions d’euros) et 361 caméras "
        "dans l’espace public ; rapporte les propos du maire à La Voix du Nord et à "
        "Europe 1, et ceux de Michel Legrand (LDH).",
    },
    {
        "key": "article-en-ligne-323-cameras",
        "kind": Kind.OTHER,
        "title": "Article en ligne non identifié sur les caméras offertes par Huawei à "
        "Valenciennes",
        "descriptive_title": True,
        "notes": "Ni titre sûr, ni éditeur, ni date dans la copie consultée ; il s’ouvre "
        "sur « Valenciennes est la première ville de France à essayer les caméras de "
        "vidéosurveillance Huawei ». Il compte 323 caméras offertes et mentionne le "
        "documentaire de France 5.",
    },
    {
        "key": "france-5-qui-a-peur-de-huawei",
        "kind": Kind.BROADCAST,
        "title": "Qui a peur de Huawei",
        "publisher": "France 5",
        "notes": "Documentaire diffusé un 15 janvier (année non précisée par l’article qui "
        "le cite) ; Michel Legrand (LDH) y dit que la mairie n’a pas répondu à ses "
        "questions.",
    },
    {
        "key": "technopolice-forum-valenciennes",
        "kind": Kind.FORUM,
        "title": "Valenciennes - VSI Huawei",
        "publisher": "Forum Technopolice",
        "notes": "Fil où ont été publiées la délibération et la convention obtenues par "
        "demande CADA, et où le montant de la maintenance a été rapproché du seuil des "
        "marchés publics.",
    },
    {
        "key": "technopolice-fiche-valenciennes",
        "kind": Kind.OTHER,
        "title": "Valenciennes",
        "publisher": "Technopolice (fiche de ville)",
        "notes": "Fiche collaborative de la campagne, rédigée en partie avec l’outil "
        "« Carré » : 217 caméras, financement, rôle de Jean-Louis Borloo.",
    },
]


def load_sources(author):
    """Create the demo sources that do not exist yet; returns how many were created."""
    created = 0
    for fields in SOURCES:
        # A database loaded by an earlier version of the demo holds its sources under
        # other keys: one with the same address is the same source.
        same = Q(key=fields["key"])
        if fields.get("url"):
            same |= Q(url=fields["url"])
        if Source.objects.filter(same).exists():
            continue
        Source(**fields).save_revision(user=author, reason="Source de la fiche de démonstration")
        created += 1
    return created
