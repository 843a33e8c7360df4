"""The review workflow shared by every editable record: proposals, decisions, audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from review.naming import save_under_free_name
from review.registry import reviewed_type


class Protection(models.TextChoices):
    """Who may edit a record, set by moderators."""

    OPEN = "open", _("ouvert à tous les contributeurs")
    PROTECTED = "protected", _("protégé : contributeurs de confiance et modération")
    LOCKED = "locked", _("verrouillé : modération seulement")


class ChangeRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=ChangeRequest.State.PENDING)

    def for_target(self, target):
        return self.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        )

    def with_people(self):
        return self.select_related("author", "decided_by", "content_type")


class ChangeRequest(models.Model):
    """A contributor's proposed creation or edit of a record, waiting for a moderator.

    The live tables hold only published content: a proposal keeps its values here
    until a moderator approves it, which applies them through the record's form.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("en attente")
        APPROVED = "approved", _("acceptée")
        REJECTED = "rejected", _("refusée")
        WITHDRAWN = "withdrawn", _("retirée")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Empty for a proposed creation until it is approved."
    )
    target = GenericForeignKey("content_type", "object_id")
    proposed = models.JSONField(help_text="Form data of the proposed values.")
    label = models.CharField(
        _("objet"), max_length=300, blank=True, help_text="What the proposal is about, for lists."
    )
    base_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="Version of the record the proposal started from."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("auteur"),
    )
    summary = models.CharField(_("résumé de la modification"), max_length=300)
    size_delta = models.IntegerField(_("taille du changement"), default=0)
    state = models.CharField(_("état"), max_length=20, choices=State, default=State.PENDING)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    applied_version = models.PositiveIntegerField(null=True, blank=True)
    revision = models.PositiveIntegerField(
        _("révision de la proposition"),
        default=1,
        help_text="Counts the author's updates; a decision names the revision it read.",
    )

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("proposition de modification")
        verbose_name_plural = _("propositions de modification")
        indexes = [
            models.Index(fields=["state", "created_at"], name="change_state_created"),
            models.Index(fields=["content_type", "object_id", "state"], name="change_target_state"),
            models.Index(fields=["author", "-created_at"], name="change_author_created"),
        ]
        permissions = [
            ("publish_directly", _("Publier ses modifications sans relecture")),
            ("moderate", _("Relire les propositions et modérer le site")),
        ]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self):
        return reverse("review:change", args=[self.pk])

    @property
    def is_pending(self):
        return self.state == self.State.PENDING

    @property
    def is_creation(self):
        return self.base_version is None

    @property
    def kind_label(self):
        """What kind of record the proposal is about: « dossier », « source » …"""
        return self.content_type.model_class()._meta.verbose_name

    @property
    def reviewed_type(self):
        return reviewed_type(self.content_type.model_class())

    def load_target(self):
        """The record this change edits, as stored now (None for a creation)."""
        return self.reviewed_type.get(self.object_id) if self.object_id else None

    @property
    def title(self):
        """What the proposal is about, for lists."""
        return self.label or self.proposed.get("title") or str(self.target or "")


class RevisedRecord(models.Model):
    """A record edited through review: each save is a numbered revision in its history.

    Concrete models add `history = RevisionHistory(...)`.
    """

    version = models.PositiveIntegerField(_("révision"), default=0, editable=False)

    # Fields that moderators set apart from revisions (protection): a revision
    # never writes them, so a save cannot undo a lock set while it was under way.
    moderation_fields = ()
    # A unique field the record names itself on creation when it is left empty
    # ("slug"), from `name_base()`; see review.naming.
    generated_name_field = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.version += 1
        super().save(*args, **kwargs)

    def save_revision(self, *, user, reason):
        """Save with the author and the one-line summary recorded in history.

        An existing record writes only the fields a revision owns; a new one with
        a generated name gets the first name free when it is inserted.
        """
        self._history_user = user
        self._change_reason = reason
        if not self._state.adding:
            self.save(update_fields=self.revision_fields())
        elif self.generated_name_field and not getattr(self, self.generated_name_field):
            save_under_free_name(self, self.generated_name_field, self.name_base(), self.save)
        else:
            self.save()

    @classmethod
    def revision_fields(cls):
        return [
            field.name
            for field in cls._meta.concrete_fields
            if not field.primary_key and field.name not in cls.moderation_fields
        ]

    def name_base(self):
        """What a generated name starts from, before `-2`, `-3` … make it free."""
        raise NotImplementedError

    @classmethod
    def public_history(cls):
        """Every published revision of every record of this type. The live table of
        a model that holds only published content has only published revisions;
        others filter more."""
        return cls.history.all()

    def public_revisions(self):
        """This record's published states, newest first."""
        return (
            type(self)
            .public_history()
            .filter(**{self._meta.pk.attname: self.pk})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )


class HideableRevision(models.Model):
    """Fields added to historical records so a moderator can hide a revision's content."""

    hidden_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    hidden_reason = models.CharField(_("motif du masquage"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class RevisionHistory(HistoricalRecords):
    """History of a reviewed model: hideable revisions, listed fast per record.

    A record's public history filters on its id (and on `listing_fields`, such as
    a status) and is read newest first; one index serves that whole query, so a
    record with 10,000 revisions pages through its history without sorting them.
    """

    def __init__(self, *, listing_fields=(), **kwargs):
        self.listing_fields = tuple(listing_fields)
        kwargs.setdefault("bases", [HideableRevision])
        super().__init__(**kwargs)

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        fields = [model._meta.pk.attname, *self.listing_fields, "history_date", "history_id"]
        name = f"{model._meta.model_name[:14]}_history_listing"
        # Recent changes read every record's revisions newest first, merging the types'
        # histories (review.changes): each is then read in index order, and stops early.
        recent = [*self.listing_fields, "-history_date", "-history_id"]
        options["indexes"] = [
            models.Index(fields=fields, name=name),
            models.Index(fields=recent, name=f"{model._meta.model_name[:14]}_history_recent"),
        ]
        return options


class ModerationAction(models.Model):
    """One entry of the audit log: who did what to which record, when and why."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("acceptation")
        REJECT = "reject", _("refus")
        RESTORE = "restore", _("restauration")
        HIDE = "hide", _("masquage d’une révision")
        UNHIDE = "unhide", _("démasquage d’une révision")
        PROTECT = "protect", _("protection")
        BLOCK = "block", _("blocage d’un compte")
        UNBLOCK = "unblock", _("déblocage d’un compte")
        PROMOTE = "promote", _("promotion en contributeur de confiance")
        DEMOTE = "demote", _("retrait de la confiance")
        HIDE_MESSAGE = "hide_message", _("masquage d’un message de discussion")
        UNHIDE_MESSAGE = "unhide_message", _("démasquage d’un message de discussion")
        LOCK = "lock", _("verrouillage d’une discussion")
        UNLOCK = "unlock", _("déverrouillage d’une discussion")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="moderation_actions",
        verbose_name=_("par"),
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind)
    target_label = models.CharField(_("objet"), max_length=300)
    target_url = models.CharField(max_length=500, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("action de modération")
        verbose_name_plural = _("journal de modération")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target_label}"
