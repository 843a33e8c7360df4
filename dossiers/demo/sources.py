"""The sources of the Valenciennes demo dossier: facts from the seeds, in our own words.

Where the seeds give no address or no exact date, none is invented: the field
stays empty and the notes say where the source was seen.
"""

from sources.models import Source

Kind = Source.Kind

SOURCES = [
    {
        "key": "valenciennes-deliberation-2016-12-09",
        "kind": Kind.DELIBERATION,
        "title": "Délibération du conseil municipal sur le projet « Safe City » avec Huawei",
        "publisher": "Ville de Valenciennes, conseil municipal",
        "published": "2016-12-09",
        "notes": "Transmise par la mairie en réponse à la demande d’accès aux documents "
        "administratifs (CADA) faite en décembre 2018 par des membres de Technopolice, "
        "puis publiée sur le forum de la campagne.",
    },
    {
        "key": "valenciennes-huawei-convention-2017-02",
        "kind": Kind.CONTRACT,
        "title": "Convention d’expérimentation « Safe City » entre la ville de Valenciennes "
        "et Huawei",
        "publisher": "Ville de Valenciennes et Huawei",
        "published": "2017-02",
        "notes": "Matériel (caméras, serveur, logiciels) fourni à titre gracieux pendant "
        "l’expérimentation ; maintenance de 24 000 euros pour trois ans ; fin de "
        "l’expérimentation prévue en janvier 2018. Obtenue par la même demande CADA que "
        "la délibération.",
    },
    {
        "key": "valenciennes-video-protection",
        "kind": Kind.OFFICIAL_PAGE,
        "title": "Vidéo-protection (page des grands projets de la ville)",
        "publisher": "Ville de Valenciennes",
        "url": "https://www.valenciennes.fr/grands-projets/equipements/video-protection.html",
        "notes": "Annonce le remplacement des 160 caméras communales de janvier à juin, et "
        "70 caméras de plus d’ici fin juin 2019, soit 230 au total.",
    },
    {
        "key": "cnil-valenciennes-2021-05-12",
        "kind": Kind.REGULATOR,
        "title": "Avertissement adressé à la commune de Valenciennes sur son dispositif "
        "de vidéoprotection",
        "publisher": "CNIL",
        "published": "2021-05-12",
        "notes": "Décision non publiée, conclusion d’un contrôle commencé en février 2020. "
        "Son existence a été révélée par Mediapart le 1er août 2021 et confirmée par la "
        "CNIL à l’AFP le 3 août 2021.",
    },
    {
        "key": "mediapart-2021-08-01",
        "kind": Kind.PRESS,
        "title": "Vidéosurveillance : Valenciennes et son modèle de safe city hors la loi",
        "publisher": "Mediapart",
        "published": "2021-08-01",
        "url": "https://www.mediapart.fr/journal/france/010821/"
        "videosurveillance-valenciennes-et-son-modele-de-safe-city-hors-la-loi",
        "notes": "Enquête qui révèle l’avertissement de la CNIL ; cite un support de "
        "formation de la police municipale de 2018 (450 flux vidéo).",
    },
    {
        "key": "usine-digitale-2021-08",
        "kind": Kind.PRESS,
        "title": "Reconnaissance faciale : la CNIL adresse un avertissement à la ville de "
        "Valenciennes",
        "publisher": "L’Usine Digitale",
        "published": "2021-08",
        "url": "https://www.usine-digitale.fr/article/"
        "reconnaissance-faciale-la-cnil-adresse-un-avertissement-a-la-ville-de-valenciennes"
        ".N1130989",
        "notes": "Reprend l’enquête de Mediapart et détaille les griefs de la CNIL.",
    },
    {
        "key": "afp-2021-08-03",
        "kind": Kind.PRESS,
        "title": "La CNIL confirme avoir averti Valenciennes (dépêche reprise par la presse)",
        "publisher": "AFP",
        "published": "2021-08-03",
        "notes": "La CNIL y précise que l’avertissement n’est pas une décision publique et "
        "que le dispositif n’était, selon elle, pas utilisé. Les articles qui la reprennent "
        "comptent 361 caméras, plus 35 de la SNCF et une soixantaine du réseau de "
        "transport, soit environ une pour 110 habitants.",
    },
    {
        "key": "le-point-borloo-huawei",
        "kind": Kind.PRESS,
        "title": "Le départ de Jean-Louis Borloo de Huawei France",
        "publisher": "Le Point",
        "notes": "Article cité sur le forum Technopolice ; décrit le rôle de Jean-Louis "
        "Borloo et de François Quentin auprès des responsables politiques. Date exacte "
        "non relevée.",
    },
    {
        "key": "la-voix-du-nord-2021-08",
        "kind": Kind.PRESS,
        "title": "Le maire annonce que Valenciennes va changer de fournisseur de caméras",
        "publisher": "La Voix du Nord",
        "published": "2021-08",
        "notes": "Le maire attribue ce choix au retrait de Huawei, non à l’avertissement de "
        "la CNIL.",
    },
    {
        "key": "europe-1-2021-08",
        "kind": Kind.BROADCAST,
        "title": "Le maire de Valenciennes défend les caméras offertes par Huawei",
        "publisher": "Europe 1",
        "published": "2021-08",
        "notes": "Le maire y affirme que la reconnaissance faciale n’est pas utilisée.",
    },
    {
        "key": "l-observateur-2021-08",
        "kind": Kind.PRESS,
        "title": "Les dysfonctionnements relevés par la CNIL à Valenciennes",
        "publisher": "L’Observateur (Valenciennois)",
        "published": "2021-08",
        "notes": "Rend compte du rapport de la CNIL, cité par d’autres médias.",
    },
    {
        "key": "epoch-times-2021-08",
        "kind": Kind.PRESS,
        "title": "Valenciennes renonce aux caméras offertes par Huawei",
        "publisher": "Epoch Times",
        "published": "2021-08",
        "notes": "Compte 240 caméras offertes (valeur estimée à deux millions d’euros) et "
        "361 caméras dans l’espace public en tout.",
    },
    {
        "key": "article-en-ligne-323-cameras",
        "kind": Kind.OTHER,
        "title": "Valenciennes, première ville française équipée de caméras Huawei",
        "notes": "Article en ligne dont l’éditeur n’apparaît pas dans la copie consultée ; "
        "il compte 323 caméras offertes et mentionne le documentaire de France 5.",
    },
    {
        "key": "france-5-qui-a-peur-de-huawei",
        "kind": Kind.BROADCAST,
        "title": "Qui a peur de Huawei ? (documentaire)",
        "publisher": "France 5",
        "notes": "Diffusé un 15 janvier ; Michel Legrand (LDH) y dit que la mairie n’a pas "
        "répondu à ses questions.",
    },
    {
        "key": "technopolice-forum-valenciennes",
        "kind": Kind.FORUM,
        "title": "Valenciennes - VSI Huawei",
        "publisher": "Forum Technopolice",
        "notes": "Fil où ont été publiés la délibération et la convention obtenues par "
        "demande CADA, et où le montant de la maintenance a été rapproché du seuil des "
        "marchés publics.",
    },
    {
        "key": "technopolice-fiche-valenciennes",
        "kind": Kind.OTHER,
        "title": "Fiche « Valenciennes » de la campagne Technopolice",
        "publisher": "Technopolice",
        "notes": "Fiche collaborative de la campagne : 217 caméras, financement, rôle de "
        "Jean-Louis Borloo.",
    },
]


def load_sources(author):
    """Create the demo sources that do not exist yet; returns how many were created."""
    created = 0
    for fields in SOURCES:
        if Source.objects.filter(key=fields["key"]).exists():
            continue
        Source(**fields).save_revision(user=author, reason="Source de la fiche de démonstration")
        created += 1
    return created
