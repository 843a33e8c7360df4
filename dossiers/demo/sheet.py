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
        "description": "Groupe chinois d’équipements de télécommunications. Sa filiale "
        "française a équipé Valenciennes de caméras, d’un serveur et de logiciels d’analyse "
        "des images.",
        "source_keys": "usine-digitale-2021-08; mediapart-2021-08-01",
    },
    {
        "name": "Ville de Valenciennes",
        "kind": "local_authority",
        "city": "59606",
        "description": "Commune du Nord. Sa police municipale exploite le centre de "
        "supervision urbain où arrivent les images.",
        "website": "https://www.valenciennes.fr/",
        "source_keys": "valenciennes-video-protection",
    },
    {
        "name": "CNIL",
        "kind": "regulator",
        "description": "Commission nationale de l’informatique et des libertés : l’autorité "
        "française de protection des données personnelles.",
        "website": "https://www.cnil.fr/",
        "source_keys": "cnil-valenciennes-2021-05-12",
    },
    {
        "name": "Ligue des droits de l’Homme",
        "kind": "association",
        "description": "Association de défense des libertés (LDH). Sa fédération du Nord "
        "suit la vidéosurveillance de Valenciennes.",
        "source_keys": "epoch-times-2021-08",
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
        "description": "Maire de Valenciennes jusqu’en 2002, puis ministre. Membre du "
        "conseil d’administration de Huawei France de 2016 à 2020.",
        "source_keys": "technopolice-fiche-valenciennes",
    },
]

TECHNOLOGIES = [
    (
        "videoprotection",
        "deployed",
        "Les 160 caméras communales remplacées par du matériel Huawei au premier semestre "
        "2019, 70 de plus annoncées",
        "valenciennes-video-protection",
    ),
    (
        "centre-de-supervision-urbain",
        "deployed",
        "450 flux vidéo y arrivent selon un support de formation de 2018",
        "mediapart-2021-08-01",
    ),
    (
        "videosurveillance-algorithmique",
        "experimented",
        "Repérage de situations jugées « anormales » ; non utilisée par la commune d’après la CNIL",
        "valenciennes-huawei-convention-2017-02; afp-2021-08-03",
    ),
    (
        "reconnaissance-faciale",
        "present_unused",
        "Les caméras en seraient capables ; le maire affirme ne pas s’en servir",
        "europe-1-2021-08; article-en-ligne-323-cameras",
    ),
    (
        "lecture-de-plaques",
        "experimented",
        "Jugée illégale en l’état par la CNIL : la police municipale n’a pas le droit de "
        "s’en servir",
        "usine-digitale-2021-08; cnil-valenciennes-2021-05-12",
    ),
    (
        "mouvements-de-foule",
        "experimented",
        "Estimation de la densité d’une foule et suivi de ses déplacements",
        "usine-digitale-2021-08",
    ),
    (
        "objets-abandonnes",
        "experimented",
        "Alerte à la pose ou au retrait d’un objet",
        "usine-digitale-2021-08",
    ),
    ("detection-d-intrusion", "experimented", "", "usine-digitale-2021-08"),
    ("comptage-de-personnes", "experimented", "", "usine-digitale-2021-08"),
]

ROLES = [
    (
        "Huawei",
        "supplier",
        "A fourni caméras, serveur et trois logiciels d’analyse, à titre gracieux",
        "valenciennes-huawei-convention-2017-02; usine-digitale-2021-08",
    ),
    (
        "Ville de Valenciennes",
        "buyer",
        "Signataire de la convention de février 2017 ; paie la maintenance",
        "valenciennes-deliberation-2016-12-09; valenciennes-huawei-convention-2017-02",
    ),
    (
        "CNIL",
        "regulator",
        "Contrôle en février 2020, avertissement le 12 mai 2021",
        "cnil-valenciennes-2021-05-12; afp-2021-08-03",
    ),
    (
        "Laurent Degallaix",
        "elected_official",
        "Maire ; défend le partenariat, puis annonce en août 2021 un changement de fournisseur",
        "europe-1-2021-08; la-voix-du-nord-2021-08",
    ),
    (
        "Ligue des droits de l’Homme",
        "civil_society",
        "Michel Legrand, président de la fédération du Nord, s’inquiète d’un cadeau sans "
        "contrepartie apparente",
        "epoch-times-2021-08; france-5-qui-a-peur-de-huawei",
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
        "start": "2017-02",
        "description": "Caméras, serveur et trois logiciels d’analyse mis à disposition "
        "gratuitement pendant l’expérimentation ; valeur estimée par la presse.",
        "source_keys": "valenciennes-huawei-convention-2017-02; epoch-times-2021-08",
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
        "source_keys": "valenciennes-huawei-convention-2017-02; technopolice-forum-valenciennes",
    },
]

CAMERAS = [
    ("160", "2019", "caméras du parc communal, remplacées de janvier à juin 2019",
     "valenciennes-video-protection"),
    ("217", "2017", "caméras « nouvelle génération » offertes par Huawei",
     "technopolice-fiche-valenciennes"),
    ("230", "2019-06", "total annoncé par la ville pour fin juin 2019 (160 remplacées, 70 "
     "ajoutées)", "valenciennes-video-protection"),
    ("240", "2017", "caméras offertes par Huawei", "epoch-times-2021-08"),
    ("270", "2017-02", "caméras données « à titre gracieux » avec les logiciels, d’après "
     "les documents obtenus par demande CADA", "technopolice-forum-valenciennes"),
    ("323", "2020", "caméras offertes, présentées comme capables de reconnaissance faciale",
     "article-en-ligne-323-cameras"),
    ("361", "2021-08", "caméras de vidéoprotection dans l’espace public, gare et "
     "établissements recevant du public compris", "epoch-times-2021-08; afp-2021-08-03"),
]  # fmt: skip

EVENTS = [
    ("2016-12-09", "Le conseil municipal délibère sur le projet « Safe City » avec Huawei", "",
     "valenciennes-deliberation-2016-12-09"),
    ("2017-02", "La ville et Huawei signent la convention d’expérimentation",
     "Matériel prêté gratuitement ; maintenance facturée 24 000 euros pour trois ans.",
     "valenciennes-huawei-convention-2017-02"),
    ("2018-01", "Fin prévue de l’expérimentation",
     "Les documents transmis par la mairie ne disent pas ce qui a été décidé à cette date.",
     "technopolice-forum-valenciennes"),
    ("2018-12", "Des membres de Technopolice demandent les documents du projet (CADA)",
     "La mairie transmet la délibération et la convention.",
     "technopolice-forum-valenciennes"),
    ("2019", "Les 160 caméras communales sont remplacées par du matériel Huawei",
     "De janvier à juin ; 70 caméras de plus sont annoncées pour fin juin.",
     "valenciennes-video-protection"),
    ("2020", "Jean-Louis Borloo quitte le conseil d’administration de Huawei France", "",
     "technopolice-fiche-valenciennes"),
    ("2020-02", "La CNIL contrôle le dispositif", "",
     "cnil-valenciennes-2021-05-12"),
    ("2021-05-12", "La CNIL adresse un avertissement à la commune",
     "Lecture de plaques et analyse automatisée des images ne peuvent fonctionner en l’état.",
     "cnil-valenciennes-2021-05-12"),
    ("2021-08-01", "Mediapart révèle l’avertissement, resté non public", "",
     "mediapart-2021-08-01"),
    ("2021-08-03", "La CNIL confirme l’avertissement à l’AFP", "", "afp-2021-08-03"),
    ("2021-08", "Le maire annonce que la ville va changer de fournisseur",
     "Il attribue ce choix au retrait de Huawei, non à l’avertissement de la CNIL.",
     "la-voix-du-nord-2021-08"),
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
                              "source_keys": "mediapart-2021-08-01"})
            )  # fmt: skip
        if not dossier.events.exists():
            rows += [
                (EventForm, {"date": date, "title": title, "description": description,
                             "source_keys": keys})
                for date, title, description, keys in EVENTS
            ]  # fmt: skip
        for form_class, data in rows:
            data = {"dossier": dossier.slug, **data}
            publish(form_class, data, author=author, summary="Fiche structurée de Valenciennes")
