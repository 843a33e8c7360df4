"""Validate an uploaded file and keep it once, under the SHA-256 of its content."""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cities.text import fold
from review.permissions import is_moderator
from sources import pdf
from sources.models import Document

logger = logging.getLogger(__name__)


def documents_storage():
    return storages["documents"]


@dataclass(frozen=True)
class InspectedUpload:
    """An uploaded file found acceptable, not stored yet (see `store`)."""

    digest: str
    data: bytes
    page_count: int
    text: str
    name: str


def store_upload(upload, *, user):
    """The Document for an uploaded file, stored if new; ValidationError if refused."""
    inspected = inspect_upload(upload, user=user)
    return inspected if isinstance(inspected, Document) else store(inspected, user=user)


def inspect_upload(upload, *, user):
    """Check an uploaded file without storing anything: the Document if that content
    is already stored, an InspectedUpload if it is acceptable; ValidationError if not.

    The type is read from the content, never from the file's name or the type the
    browser claims. The same content sent twice is recognised and not stored again.
    """
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Ce fichier pèse %(size)s ; la limite est de %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    data = b"".join(upload.chunks())
    if not data:
        raise ValidationError(_("Ce fichier est vide."), code="empty")
    if not pdf.looks_like_pdf(data):
        raise ValidationError(
            _(
                "Ce fichier n’est pas un PDF, quel que soit son nom : seuls les documents "
                "PDF sont acceptés."
            ),
            code="not_pdf",
        )
    digest = hashlib.sha256(data).hexdigest()
    existing = Document.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    if user is not None and not is_moderator(user):
        waiting = Document.objects.filter(uploaded_by=user).exclude(
            pk__in=Document.objects.public().values("pk")
        )
        if waiting.count() >= settings.DOCUMENT_PENDING_QUOTA:
            raise ValidationError(
                _(
                    "Vous avez déjà envoyé %(count)s documents qui ne sont pas encore publiés. "
                    "Attendez qu’ils soient relus avant d’en envoyer d’autres."
                ),
                code="quota",
                params={"count": settings.DOCUMENT_PENDING_QUOTA},
            )
    try:
        page_count, text = pdf.inspect(data, timeout=settings.DOCUMENT_READ_TIMEOUT)
    except pdf.UnreadablePdf as error:
        logger.info("Refused an unreadable PDF %s: %s", digest, error)
        raise ValidationError(
            _(
                "Ce PDF est illisible (fichier incomplet, endommagé ou protégé par un mot "
                "de passe). Essayez d’en enregistrer une nouvelle copie."
            ),
            code="unreadable",
        ) from None
    return InspectedUpload(digest, data, page_count, text, _display_name(upload.name))


def store(inspected, *, user):
    """Keep an inspected upload: the file under its hash, and its Document row."""
    digest, data = inspected.digest, inspected.data
    name = Document(sha256=digest).storage_name
    storage = documents_storage()
    if not storage.exists(name):
        # The name comes from the hash alone: the sender's file name is only displayed.
        stored = storage.save(name, ContentFile(data))
        if stored != name:  # someone stored the same file meanwhile
            storage.delete(stored)
    document, _created = Document.objects.get_or_create(
        sha256=digest,
        defaults={
            "size": len(data),
            "page_count": inspected.page_count,
            "text": inspected.text,
            "search_text": fold(inspected.text),
            "original_name": inspected.name,
            "uploaded_by": user if user and user.is_authenticated else None,
        },
    )
    return document


def delete_orphans(*, sent_before):
    """Delete documents sent before `sent_before` that no source, past revision or
    pending proposal attaches; returns their hashes."""
    from django.contrib.contenttypes.models import ContentType

    from review.models import ChangeRequest
    from sources.models import Source

    proposed = set(
        ChangeRequest.objects.pending()
        .filter(content_type=ContentType.objects.get_for_model(Source))
        .values_list("proposed__document", flat=True)
    )
    orphans = (
        Document.objects.filter(uploaded_at__lt=sent_before)
        .exclude(pk__in=Source.objects.exclude(document=None).values("document"))
        .exclude(pk__in=Source.history.exclude(document=None).values("document"))
        .exclude(pk__in=[digest for digest in proposed if digest])
    )
    storage = documents_storage()
    deleted = []
    for document in orphans:
        name, digest = document.storage_name, document.sha256
        document.delete()
        storage.delete(name)
        deleted.append(digest)
    return deleted


def _display_name(name):
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(char for char in name if char.isprintable())[:255]
