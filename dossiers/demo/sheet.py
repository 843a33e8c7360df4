"""The structured sheet of the Valenciennes demo: facts from the seeds, in our own words.

Every row goes through its form, as a contributor's would: the demo cannot hold a
row that the site would refuse.
"""

from django.db import transaction

from dossiers.forms import (
    ActorForm,
    ActorRoleForm,
    EventForm,
    FigureForm,
    FundingLineForm,
    TechnologyUseForm,
)
from dossiers.models import Actor
from review import actions

ACTORS = [
    {
        "name": "Huawei",
        "kind": "company",
        "description": "Groupe chinois qui a équipé Valenciennes de caméras, d’un serveur et "
        "de trois logiciels d’analyse automatisée des images.",
        "source_keys": "technopolice-fiche-valenciennes; afp-2021-08-03",
    },
    {
        "name": "Ville de Valenciennes",
        "kind": "local_authority",
        "city": "59606",
        "description": "Commune du Nord. Les images de ses caméras arrivent à son centre de "
        "supervision urbain, qu’utilise la police municipale.",
        "website": "https://www.valenciennes.fr/",
        "source_keys": "usine-digitale-cnil-valenciennes; valenciennes-video-protection",
    },
    {
        "name": "CNIL",
        "kind": "regulator",
        "description": "Commission nationale de l’informatique et des libertés, l’autorité "
        "de protection de la vie privée.",
        "website": "https://www.cnil.fr/",
        "source_keys": "usine-digitale-cnil-valenciennes; afp-2021-08-03",
    },
    {
        "name": "Ligue des droits de l’Homme",
        "kind": "association",
        "description": "Association (LDH) ; Michel Legrand, président de sa fédération du "
        "Nord, s’est exprimé sur les caméras offertes par Huawei à Valenciennes.",
        "source_keys": "epoch-times-valenciennes-huawei",
    },
    {
        "name": "Laurent Degallaix",
        "kind": "person",
        "description": "Maire UDI de Valenciennes.",
        "source_keys": "afp-2021-08-03",
    },
    {
        "name": "Jean-Louis Borloo",
        "kind": "person",
        "description": "Maire de Valenciennes jusqu’en 2002, puis ministre de l’Écologie. "
        "Administrateur de Huawei France : de 2016 à 2020 selon la fiche Technopolice, de "
        "décembre 2016 à décembre 2018 selon le forum de la campagne.",
        "source_keys": "technopolice-fiche-valenciennes; technopolice-forum-valenciennes",
    },
]

TECHNOLOGIES = [
    (
        "videoprotection",
        "deployed",
        "Les 160 caméras du parc communal remplacées « de janvier à juin » par des caméras "
        "« de haute performance » ; 70 de plus annoncées pour fin juin 2019",
        "valenciennes-video-protection",
    ),
    (
        "centre-de-supervision-urbain",
        "deployed",
        "450 flux vidéo y arrivent selon un support de formation de la police municipale de 2018",
        "mediapart-2021-08-01; usine-digitale-cnil-valenciennes",
    ),
    (
        "videosurveillance-algorithmique",
        "experimented",
        "Repérage de situations « potentiellement anormales » ; non utilisée par la commune "
        "d’après la CNIL",
        "valenciennes-huawei-convention-2017-02; technopolice-forum-valenciennes; afp-2021-08-03",
    ),
    (
        "reconnaissance-faciale",
        "present_unused",
        "Le matériel en serait équipé ; le maire affirme ne pas s’en servir",
        "technopolice-fiche-valenciennes; epoch-times-valenciennes-huawei",
    ),
    (
        "lecture-de-plaques",
        "experimented",
        "Ne peut être mise en œuvre en l’état selon la CNIL : la police municipale n’a pas le "
        "droit de s’en servir",
        "afp-2021-08-03; usine-digitale-cnil-valenciennes",
    ),
    (
        "mouvements-de-foule",
        "experimented",
        "Estimation de la densité d’une foule et suivi de ses mouvements",
        "afp-2021-08-03",
    ),
    (
        "objets-abandonnes",
        "experimented",
        "Alerte à la pose ou au retrait d’un objet",
        "afp-2021-08-03",
    ),
    ("detection-d-intrusion", "experimented", "", "afp-2021-08-03"),
    ("comptage-de-personnes", "experimented", "", "afp-2021-08-03"),
]

ROLES = [
    (
        "Huawei",
        "supplier",
        "A fourni caméras, serveur et trois logiciels d’analyse, à titre gracieux pendant "
        "l’expérimentation",
        "technopolice-fiche-valenciennes; afp-2021-08-03",
    ),
    (
        "Ville de Valenciennes",
        "buyer",
        "Signataire de la convention (février 2017, ou 9 décembre 2016 selon un message du "
        "forum) ; paie la maintenance",
        "valenciennes-huawei-convention-2017-02; technopolice-forum-valenciennes",
    ),
    (
        "CNIL",
        "regulator",
        "Contrôle lancé en février 2020, avertissement le 12 mai 2021",
        "cnil-valenciennes-2021-05-12; afp-2021-08-03",
    ),
    (
        "Laurent Degallaix",
        "elected_official",
        "Maire ; défend le partenariat, puis annonce un changement de fournisseur après les "
        "révélations d’août 2021",
        "epoch-times-valenciennes-huawei; la-voix-du-nord-maire-fournisseur",
    ),
    (
        "Ligue des droits de l’Homme",
        "civil_society",
        "Michel Legrand, président de la fédération du Nord, s’inquiète d’un cadeau sans "
        "contrepartie apparente",
        "epoch-times-valenciennes-huawei; france-5-qui-a-peur-de-huawei",
    ),
    (
        "Jean-Louis Borloo",
        "lobbyist",
        "Ancien maire, administrateur de Huawei France pendant le projet ; défendait le "
        "groupe auprès des responsables politiques",
        "technopolice-fiche-valenciennes; le-point-borloo-huawei",
    ),
]

FUNDING_LINES = [
    {
        "payer": "huawei",
        "recipient": "ville-de-valenciennes",
        "instrument": "donation_in_kind",
        "amount": "2000000",
        "tax_basis": "unstated",
        "is_estimate": True,
        "nature": "supplies_services",
        "start": "2017",
        "description": "Caméras, serveur et trois logiciels d’analyse fournis gratuitement "
        "pendant l’expérimentation ; valeur estimée par la presse.",
        "source_keys": "technopolice-fiche-valenciennes; afp-2021-08-03; "
        "epoch-times-valenciennes-huawei",
    },
    {
        "payer": "ville-de-valenciennes",
        "recipient": "huawei",
        "instrument": "maintenance",
        "amount": "24000",
        "tax_basis": "unstated",
        "nature": "supplies_services",
        "start": "2017-02",
        "description": "Maintenance du dispositif pendant trois ans.",
        "source_keys": "technopolice-fiche-valenciennes; technopolice-forum-valenciennes",
    },
]

CAMERAS = [
    ("160", "", "caméras du parc communal, remplacées « de janvier à juin » (année non "
     "précisée)", "valenciennes-video-protection"),
    ("217", "2017", "caméras « nouvelle génération » offertes par Huawei",
     "technopolice-fiche-valenciennes"),
    ("230", "2019-06", "total annoncé par la ville pour fin juin 2019 (160 remplacées, 70 "
     "ajoutées)", "valenciennes-video-protection"),
    ("240", "2017", "caméras offertes par Huawei, d’une valeur estimée à deux millions "
     "d’euros", "afp-2021-08-03; epoch-times-valenciennes-huawei"),
    ("270", "", "caméras données « à titre gracieux » avec les logiciels, d’après une "
     "lecture des documents CADA sur le forum", "technopolice-forum-valenciennes"),
    ("323", "", "caméras offertes, présentées comme capables de reconnaissance faciale",
     "article-en-ligne-323-cameras"),
    ("361", "2021", "caméras de vidéoprotection dans l’espace public, gare et "
     "bâtiments ouverts au public compris", "epoch-times-valenciennes-huawei; afp-2021-08-03"),
]  # fmt: skip

# (date, placed first in its period, title, description, sources)
EVENTS = [
    ("2016-12-09", False, "Le conseil municipal délibère sur le projet « Safe City » avec "
     "Huawei", "Un message du forum date aussi la convention de ce jour.",
     "valenciennes-deliberation-2016-12-09; technopolice-forum-valenciennes"),
    ("2016-12", False, "Jean-Louis Borloo entre au conseil d’administration de Huawei "
     "France", "Décembre 2016 selon le forum Technopolice ; la fiche de la campagne dit "
     "seulement 2016.", "technopolice-forum-valenciennes; technopolice-fiche-valenciennes"),
    ("2017-02", False, "La ville et Huawei signent la convention d’expérimentation",
     "Date du fichier transmis par la mairie ; un message du forum la date du 9 décembre "
     "2016. Matériel fourni gratuitement, maintenance de 24 000 euros pour trois ans.",
     "valenciennes-huawei-convention-2017-02; technopolice-fiche-valenciennes"),
    ("2018-01", False, "Fin prévue de l’expérimentation",
     "La mairie n’a fourni aucun autre document sur la suite donnée.",
     "technopolice-forum-valenciennes"),
    ("2018-12", False, "Des membres de Technopolice demandent les documents du projet (CADA)",
     "La mairie transmet la délibération et la convention.",
     "technopolice-forum-valenciennes"),
    ("2018-12", False, "Jean-Louis Borloo quitte Huawei France, selon le forum Technopolice",
     "La fiche de la campagne date son départ du conseil d’administration de 2020.",
     "technopolice-forum-valenciennes"),
    ("2019-06", False, "Échéance annoncée par la ville pour 70 caméras de plus",
     "Soit 230 caméras, après le remplacement des 160 caméras du parc communal.",
     "valenciennes-video-protection"),
    ("2020-02", False, "La CNIL lance un contrôle du dispositif", "", "afp-2021-08-03"),
    ("2020", False, "Jean-Louis Borloo quitte le conseil d’administration de Huawei France, "
     "selon la fiche Technopolice", "Le forum de la campagne date son départ de décembre "
     "2018.", "technopolice-fiche-valenciennes"),
    ("2021-05-12", False, "La CNIL adresse un avertissement à la commune",
     "Lecture de plaques et analyse assistée des images ne peuvent être mises en œuvre en "
     "l’état.", "cnil-valenciennes-2021-05-12; afp-2021-08-03"),
    ("2021-08-01", False, "Mediapart révèle l’avertissement, resté non public", "",
     "mediapart-2021-08-01; usine-digitale-cnil-valenciennes"),
    ("2021-08-03", False, "La CNIL confirme l’avertissement à l’AFP", "", "afp-2021-08-03"),
    ("2021-08", False, "Le maire annonce que la ville va changer de fournisseur",
     "Quelques jours après les révélations de Mediapart ; il attribue ce choix au retrait "
     "de Huawei, non à l’avertissement de la CNIL.",
     "epoch-times-valenciennes-huawei; la-voix-du-nord-maire-fournisseur"),
]  # fmt: skip


def publish(form_class, data, *, author, summary):
    form = form_class.for_proposal(data, instance=None, summary=summary, base_version=None)
    if not form.is_valid():
        raise ValueError(f"Invalid demo data for {form_class.__name__}: {form.errors.as_json()}")
    return actions.publish(form, user=author, summary=summary, base_version=None)


def load_actors(author):
    """Create the demo's actors that do not exist yet; all of them, by name."""
    actors = {}
    for fields in ACTORS:
        actor = Actor.objects.filter(name=fields["name"]).first()
        if actor is None:
            actor = publish(ActorForm, fields, author=author, summary="Ajout de l’acteur")
        actors[fields["name"]] = actor
    return actors


def load_sheet(dossier, author):
    """Fill the dossier's empty sheet sections, one published row at a time."""
    with transaction.atomic():
        actors = load_actors(author)
        rows = []
        if not dossier.technology_uses.exists():
            rows += [
                (TechnologyUseForm, {"technology": slug, "status": status, "note": note,
                                     "source_keys": keys})
                for slug, status, note, keys in TECHNOLOGIES
            ]  # fmt: skip
        if not dossier.actor_roles.exists():
            rows += [
                (ActorRoleForm, {"actor": actors[name].slug, "role": role, "note": note,
                                 "source_keys": keys})
                for name, role, note, keys in ROLES
            ]  # fmt: skip
        if not dossier.funding_lines.exists():
            rows += [(FundingLineForm, line) for line in FUNDING_LINES]
        if not dossier.figures.exists():
            rows += [
                (FigureForm, {"metric": "cameras", "value": value, "as_of": as_of,
                              "scope": scope, "source_keys": keys})
                for value, as_of, scope, keys in CAMERAS
            ]  # fmt: skip
            rows.append(
                (FigureForm, {"metric": "video_streams", "value": "450", "as_of": "2018",
                              "scope": "flux reçus par le centre de supervision urbain, "
                              "d’après un support de formation de la police municipale",
                              "source_keys": "mediapart-2021-08-01; "
                              "usine-digitale-cnil-valenciennes"})
            )  # fmt: skip
        if not dossier.events.exists():
            rows += [
                (EventForm, {"date": date, "first_in_period": first, "title": title,
                             "description": description, "source_keys": keys})
                for date, first, title, description, keys in EVENTS
            ]  # fmt: skip
        for form_class, data in rows:
            data = {"dossier": dossier.slug, **data}
            publish(form_class, data, author=author, summary="Fiche structurée de Valenciennes")
