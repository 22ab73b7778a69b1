"""Agencies (ministries, departments, provincial offices, local governments, committees),
people's memberships in them with a role and an area scope, and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oneplan.core.models import ChangeLoggedModel, NamedModel
from oneplan.orgs.choices import AgencyKind, Role


class Agency(NamedModel):
    """A government body or partner: ministry > department > provincial office, and others."""

    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices, db_index=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=64, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("home area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text=_("Where the agency sits; empty for national bodies."),
    )
    website = models.URLField(_("website"), blank=True)

    url_name = "orgs:agency"

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def build_search_text(self) -> str:
        from oneplan.lib.thaitext import search_document

        return search_document(self.code, self.name_th, self.name_en, self.abbreviation)

    def clean(self) -> None:
        allowed_parents = {
            AgencyKind.MINISTRY: set(),
            AgencyKind.DEPARTMENT: {AgencyKind.MINISTRY},
            AgencyKind.PROVINCIAL_OFFICE: {AgencyKind.DEPARTMENT, AgencyKind.MINISTRY},
        }
        kind = AgencyKind(self.kind) if self.kind in AgencyKind.values else None
        parent = self.parent
        if (
            kind in allowed_parents
            and parent is not None
            and (parent.kind not in allowed_parents[kind])
        ):
            raise ValidationError(
                {
                    "parent": _("A %(kind)s cannot belong to a %(parent)s.")
                    % {"kind": kind.label, "parent": parent.get_kind_display()}
                }
            )
        if kind == AgencyKind.PROVINCIAL_OFFICE and self.area is None:
            raise ValidationError({"area": _("A provincial office needs its province.")})
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("An agency cannot be its own ancestor.")})
            seen.add(node.pk)
            node = node.parent


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today), valid_from__lte=today)


class Membership(ChangeLoggedModel):
    """A person's role for an agency, limited to an area (empty area: the agency's own area,
    or everywhere for national agencies)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area scope"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid until (exclusive)"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "agency__code", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role", "area"], name="orgs_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"

    @property
    def scope(self) -> models.Model | None:
        """The area this role reaches: its own, else the agency's home area (None: nationwide)."""
        return self.area or self.agency.area


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A secret for API writes; only its hash is stored, the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user__username", "name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: models.Model, name: str) -> tuple[ApiToken, str]:
        """Create a token and return it with its clear-text key (not stored anywhere)."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=key[:8], key_hash=_hash(key))
        return token, key

    @classmethod
    def authenticate(cls, key: str) -> ApiToken | None:
        """The live token for ``key``, or None."""
        token = cls.objects.select_related("user").filter(key_hash=_hash(key)).first()
        if token is None or not token.user.is_active:
            return None
        if token.expires is not None and token.expires <= timezone.now():
            return None
        return token


def agencies_below(roots: set[int]) -> set[int]:
    """The agencies ``roots`` and every agency below them (departments' provincial offices)."""
    found = set(roots)
    frontier = set(roots)
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= found
        found |= frontier
    return found
