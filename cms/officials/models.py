"""District officials' content: the District Export Action Plan, events, seller registrations.

ActionPlanPage and EventPage live under a district storefront (cms.DistrictPage), so the
district officials' page permissions (granted by cms.services) are what let them edit these.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from catalogue.readiness import BODY_CHOICES
from cms.i18n import SyncedSlugMixin, fixed_in_translations
from cms.wagtail_speedups.routing import ViewRestrictionsMixin
from regions.hs import clean_hs_code
from regions.periods import fy_label

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
MONEY = {"max_digits": 18, "decimal_places": 2}


def validate_hs_code(value: str) -> None:
    try:
        clean_hs_code(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def _district_of(page):
    """The regions.District of the storefront a page sits under (None while unsaved)."""
    from cms.models import DistrictPage

    if getattr(page, "district_id", None):
        return page.district
    parent = page.get_parent() if page.pk else None
    if parent is None:
        return None
    storefront = DistrictPage.objects.filter(pk=parent.pk).select_related("district").first()
    return storefront.district if storefront else None


class ActionPlanPage(SyncedSlugMixin, ViewRestrictionsMixin, Page):
    """The District Export Action Plan (DEAP) and the District Export Promotion Committee."""

    class PlanStatus(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NOTIFIED = "notified", _("Notified")

    district = models.ForeignKey(
        "regions.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_plans",
        editable=False,
        help_text=_("Set from the storefront the plan sits under."),
    )
    plan_status = models.CharField(
        _("plan status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    status_date = models.DateField(
        _("status date"), null=True, blank=True, help_text=_("When the plan was notified.")
    )
    summary = RichTextField(
        _("summary"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline financial year"),
        validators=YEAR_VALIDATORS,
        help_text=_("The first year of the financial year: 2022 means FY 2022-23."),
    )
    baseline_exports_inr = models.DecimalField(_("baseline exports (INR)"), **MONEY)
    baseline_exports_usd = models.DecimalField(
        _("baseline exports (USD)"), **MONEY, null=True, blank=True
    )
    target_growth_percent = models.DecimalField(
        _("target growth per year (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )

    parent_page_types = ["cms.DistrictPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("plan_status"), FieldPanel("status_date")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("baseline_year"),
                FieldRowPanel(
                    [FieldPanel("baseline_exports_inr"), FieldPanel("baseline_exports_usd")]
                ),
                FieldPanel("target_growth_percent"),
            ],
            heading=_("Baseline and growth"),
        ),
        InlinePanel("targets", heading=_("Targets by year"), label=_("Target")),
        InlinePanel("focus_products", heading=_("Focus products"), label=_("Product")),
        InlinePanel("bottlenecks", heading=_("Bottlenecks"), label=_("Bottleneck")),
        InlinePanel("schemes", heading=_("Schemes and support"), label=_("Scheme")),
        InlinePanel("depc_members", heading=_("DEPC roster"), label=_("Member")),
    ]
    override_translatable_fields = fixed_in_translations("district")

    class Meta:
        verbose_name = _("district export action plan")

    def clean(self):
        super().clean()
        years = [target.year for target in self.targets.all()]
        if len(years) != len(set(years)):
            raise ValidationError(_("Each year may have only one target."))

    def save(self, *args, **kwargs):
        # The district is the storefront's: denormalised so dashboards find the plan in one
        # query and so a plan can never point at another district.
        district = _district_of(self)
        if district is not None:
            self.district = district
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The storefront includes read `section.context.plan`; give the page the same shape.
        context["plan_section"] = {"context": {"plan": self}}
        return context

    @property
    def baseline_label(self) -> str:
        return fy_label(self.baseline_year)


class ActionPlanTarget(Orderable):
    page = ParentalKey(ActionPlanPage, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(
        _("financial year"), validators=YEAR_VALIDATORS, help_text=_("2025 means FY 2025-26.")
    )
    target_inr = models.DecimalField(_("target (INR)"), **MONEY)
    target_usd = models.DecimalField(_("target (USD)"), **MONEY, null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("target_inr"), FieldPanel("target_usd")])
    ]

    class Meta(Orderable.Meta):
        ordering = ["year"]

    @property
    def year_label(self) -> str:
        return fy_label(self.year)


class ActionPlanFocusProduct(Orderable):
    page = ParentalKey(ActionPlanPage, on_delete=models.CASCADE, related_name="focus_products")
    name = models.CharField(_("product"), max_length=200)
    hs_code = models.CharField(_("HS code"), max_length=8, validators=[validate_hs_code])
    note = models.CharField(_("note"), max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("hs_code")]), FieldPanel("note")]


class Bottleneck(Orderable):
    """One row of the plan's bottleneck tracker."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")

    page = ParentalKey(ActionPlanPage, on_delete=models.CASCADE, related_name="bottlenecks")
    title = models.CharField(_("bottleneck"), max_length=300)
    action = models.TextField(_("action agreed"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, help_text=_("Department or person."))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("action"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("status"), FieldPanel("due_date")]),
    ]

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date
            and self.status != self.Status.RESOLVED
            and self.due_date < timezone.localdate()
        )


class ActionPlanScheme(Orderable):
    page = ParentalKey(ActionPlanPage, on_delete=models.CASCADE, related_name="schemes")
    name = models.CharField(_("scheme"), max_length=200)
    agency = models.CharField(_("agency"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("agency")]),
        FieldPanel("description"),
        FieldPanel("url"),
    ]


class DEPCMember(Orderable):
    """A member of the District Export Promotion Committee."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co_chair", _("Co-chair")
        CONVENER = "convener", _("Convener")
        MEMBER = "member", _("Member")

    page = ParentalKey(ActionPlanPage, on_delete=models.CASCADE, related_name="depc_members")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    designation = models.CharField(
        _("designation"),
        max_length=200,
        blank=True,
        help_text=_("Office or organisation, e.g. District Magistrate"),
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role"), FieldPanel("designation")])]


class EventPage(SyncedSlugMixin, ViewRestrictionsMixin, Page):
    """A buyer-seller meet, exhibition or training announced by the district."""

    class Kind(models.TextChoices):
        BUYER_SELLER_MEET = "bsm", _("Buyer-seller meet")
        EXHIBITION = "exhibition", _("Exhibition")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    district = models.ForeignKey(
        "regions.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        editable=False,
    )
    kind = models.CharField(
        _("kind of event"), max_length=10, choices=Kind.choices, default=Kind.BUYER_SELLER_MEET
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    venue = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )

    parent_page_types = ["cms.DistrictPage"]
    subpage_types: list[str] = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("venue"),
        FieldPanel("online_url"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("registration_open"), FieldPanel("capacity")]),
    ]
    override_translatable_fields = fixed_in_translations("district")

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        if not self.venue and not self.online_url:
            raise ValidationError(_("Give a place or an online link."))
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})

    def save(self, *args, **kwargs):
        district = _district_of(self)
        if district is not None:
            self.district = district
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from cms.officials import selectors

        context = super().get_context(request, *args, **kwargs)
        context["registration"] = selectors.event_registration_state(event=self, user=request.user)
        return context


class EventRegistration(models.Model):
    class Role(models.TextChoices):
        SELLER = "seller", _("Seller")
        BUYER = "buyer", _("Buyer")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_registration_once")
        ]


class SellerRegistration(models.Model):
    """A seller's registration with an export promotion council or commodity board (the RCMC
    or its equivalent), kept here because sellers.Seller has no place for them."""

    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.CASCADE, related_name="export_registrations"
    )
    body = models.CharField(_("council or board"), max_length=15, choices=BODY_CHOICES)
    number = models.CharField(_("RCMC or registration number"), max_length=60)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "body"], name="seller_registration_once")
        ]

    def __str__(self):
        return f"{self.get_body_display()} {self.number}"
