"""Observations: one value of one indicator for one zone in one period; and
the consistency findings about them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.codes import MAX_YEAR, MIN_YEAR
from indicators.models.catalogue import Indicator
from indicators.models.sources import Source
from indicators.models.vocabularies import (
    MAX_MAGNITUDE,
    VALUE_VALIDATORS,
    CheckKind,
    Period,
    Qualifier,
    Resolution,
    Severity,
    Status,
    ValueType,
    validate_period_ended,
)


class ObservationQuerySet(models.QuerySet):
    def with_related(self):
        """Join what every row displays: zone, indicator and source."""
        return self.select_related("zone", "indicator", "source")

    def full_year(self):
        return self.filter(period=Period.FULL_YEAR)

    def with_open_check(self):
        """Annotate ``open_check``: whether a consistency finding about the figure is open
        (an EXISTS on the findings' observation index, not a join that multiplies rows)."""
        findings = Finding.objects.filter(
            observation=models.OuterRef("pk"), resolution=Resolution.OPEN
        )
        return self.annotate(open_check=models.Exists(findings))


_ObservationManagerBase = models.Manager.from_queryset(ObservationQuerySet)


class ObservationManager(_ObservationManagerBase):
    """Every figure, from every source (``Observation.all_sources``, the default manager)."""

    def get_by_natural_key(self, zone_slug, indicator_code, year, period, source_key):
        return self.get(
            zone__slug=zone_slug,
            indicator__code=indicator_code,
            year=year,
            period=period,
            source__key=source_key,
        )


class PreferredObservationManager(ObservationManager):
    """The preferred figure of each slot only (``Observation.objects``): what every ranking,
    chart and analysis reads, so a figure several sources give is never counted twice."""

    def get_queryset(self):
        return super().get_queryset().filter(preferred=True)


def value_type_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Range rules the database enforces from the denormalised ``value_type`` column."""
    return [
        models.CheckConstraint(
            condition=~Q(value_type=ValueType.SHARE) | Q(value__gte=0, value__lte=100),
            name=f"{prefix}_share_between_0_and_100",
        ),
        models.CheckConstraint(
            condition=~Q(value_type__in=[ValueType.AMOUNT, ValueType.COUNT]) | Q(value__gte=0),
            name=f"{prefix}_amount_not_negative",
        ),
        models.CheckConstraint(
            condition=~Q(value_type=ValueType.RATE) | Q(value__gte=-100),
            name=f"{prefix}_rate_above_minus_100",
        ),
        value_magnitude_constraint(prefix),
    ]


def value_magnitude_constraint(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(value__gte=-MAX_MAGNITUDE, value__lte=MAX_MAGNITUDE),
        name=f"{prefix}_value_magnitude",
    )


class Observation(models.Model):
    # No single-column indexes of their own on the foreign keys: the unique constraints start
    # with zone, obs_ranking with indicator, and obs_source is the source's; every index
    # more is written by every row an import inserts.
    zone = models.ForeignKey(
        "zones.Zone",
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,
        verbose_name=_("园区 / zone"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
        verbose_name=_("指标 / indicator"),
    )
    year = models.PositiveSmallIntegerField(
        _("年份 / year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    period = models.CharField(
        _("期间 / period"), max_length=4, choices=Period.choices, default=Period.FULL_YEAR
    )
    value = models.DecimalField(
        _("数值 / value"), max_digits=20, decimal_places=4, validators=VALUE_VALIDATORS
    )
    value_type = models.CharField(
        _("数值类型 / value type"),
        max_length=8,
        choices=ValueType.choices,
        editable=False,
        help_text=_("Copied from the indicator by clean(), so the database can check the range."),
    )
    qualifier = models.CharField(
        _("精确度 / qualifier"), max_length=8, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    as_reported = models.CharField(
        _("原文数字 / figure as reported"),
        max_length=200,
        help_text=_("The figure exactly as the source prints it, e.g. 5901.27亿元."),
    )
    status = models.CharField(
        _("状态 / status"), max_length=10, choices=Status.choices, default=Status.REPORTED
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
        verbose_name=_("来源 / source"),
    )
    locator = models.CharField(
        _("出处位置 / where in the source"),
        max_length=300,
        blank=True,
        help_text=_("Section, paragraph or the sentence the figure stands in."),
    )
    note = models.TextField(_("备注 / note"), blank=True)
    # A derived figure's inputs. Deleting an input deletes what was derived from it (the
    # recompute that follows an input's change derives it again where it still can). Indexed
    # only where set (obs_first_input, obs_second_input): reported figures, nearly all rows,
    # have none.
    # Several sources may give a figure for one slot (zone, indicator, year, period); one is
    # preferred (indicators.preference: a steward's choice, then the most reliable source,
    # then the latest) and the others are "also reported" beside it. Kept by the import, the
    # derived recompute and the save and delete signals, never edited by hand.
    preferred = models.BooleanField(_("首选 / preferred"), default=False, editable=False)
    steward_preferred = models.BooleanField(
        _("管理员指定首选 / steward's choice"),
        default=False,
        editable=False,
        help_text=_("A steward chose this figure as the preferred one of its slot."),
    )
    first_input = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,
        verbose_name=_("第一输入 / first input"),
    )
    second_input = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,
        verbose_name=_("第二输入 / second input"),
    )

    all_sources = ObservationManager()
    objects = PreferredObservationManager()
    # the index of the preferred rows only: an unfiltered list's count is its size
    COUNT_ESTIMATE_INDEX = "observation_one_preferred_per_slot"
    # The history is read by observation (its id) and date; indexes on its copies of the
    # foreign keys would only slow every import down.
    history = HistoricalRecords(
        no_db_index=["zone", "indicator", "source", "first_input", "second_input"]
    )

    class Meta:
        ordering = ["zone", "indicator", "year", "period"]
        verbose_name = _("观测值 / observation")
        verbose_name_plural = _("观测值 / observations")
        # The admin, fixtures and related managers see every source's figure.
        default_manager_name = "all_sources"
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "indicator", "year", "period", "source"],
                name="observation_one_per_slot_and_source",
            ),
            # zone profiles and series: one zone across indicators (the preferred figures)
            models.UniqueConstraint(
                fields=["zone", "indicator", "period", "year"],
                condition=Q(preferred=True),
                name="observation_one_preferred_per_slot",
            ),
            models.UniqueConstraint(
                fields=["zone", "indicator", "year", "period"],
                condition=Q(steward_preferred=True),
                name="observation_one_steward_choice_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="observation_year_range"
            ),
            models.CheckConstraint(
                condition=~Q(as_reported=""), name="observation_as_reported_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(period__in=Period.values), name="observation_period_known"
            ),
            *value_type_constraints("observation"),
            models.CheckConstraint(
                condition=Q(status=Status.DERIVED) | Q(first_input__isnull=True),
                name="observation_only_derived_has_inputs",
            ),
        ]
        indexes = [
            # rankings and "most recent value": one indicator across zones
            # (value, zone) make it covering for ranks: "how many beat this value" is an
            # index-only range count
            models.Index(
                fields=["indicator", "period", "year", "value", "zone"],
                name="obs_ranking",
                condition=Q(preferred=True),
            ),
            models.Index(fields=["source"], name="obs_source"),
            # what was derived from a figure (the cascade when it is deleted)
            models.Index(
                fields=["first_input"],
                name="obs_first_input",
                condition=Q(first_input__isnull=False),
            ),
            models.Index(
                fields=["second_input"],
                name="obs_second_input",
                condition=Q(second_input__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.zone_id}/{self.indicator_id}/{self.year}{self.period}: {self.as_reported}"

    def natural_key(self):
        return (
            *self.zone.natural_key(),
            *self.indicator.natural_key(),
            self.year,
            self.period,
            *self.source.natural_key(),
        )

    natural_key.dependencies = ["zones.zone", "indicators.indicator", "indicators.source"]  # type: ignore[attr-defined]

    def clean(self):
        super().clean()
        validate_period_ended(self.year, self.period)
        if self.indicator_id is None:
            return
        indicator = self.indicator
        self.value_type = indicator.value_type
        if self.value is None:
            return
        lower, upper = indicator.plausible_range()
        if lower is not None and self.value < lower:
            raise ValidationError(
                {
                    "value": _(
                        "%(value)s 低于指标“%(name)s”的合理下限 %(bound)s / "
                        "%(value)s is below the plausible minimum %(bound)s of “%(name)s”."
                    )
                    % {"value": self.value, "bound": lower, "name": indicator.name_zh}
                }
            )
        if upper is not None and self.value > upper:
            raise ValidationError(
                {
                    "value": _(
                        "%(value)s 超过指标“%(name)s”的合理上限 %(bound)s / "
                        "%(value)s is above the plausible maximum %(bound)s of “%(name)s”."
                    )
                    % {"value": self.value, "bound": upper, "name": indicator.name_zh}
                }
            )

    @property
    def is_full_year(self) -> bool:
        return self.period == Period.FULL_YEAR


class Finding(models.Model):
    """A consistency check's finding about one figure: what was compared, and what a steward
    decided. Re-running the checks updates an open finding or deletes it once it no longer
    holds; a resolved one is kept with its resolution."""

    kind = models.CharField(_("检查 / check"), max_length=24, choices=CheckKind.choices)
    observation = models.ForeignKey(
        Observation,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("观测值 / figure"),
    )
    severity = models.CharField(_("严重程度 / severity"), max_length=8, choices=Severity.choices)
    message = models.TextField(_("说明 / message"))
    inputs = models.JSONField(
        _("比较的数值 / figures compared"),
        default=list,
        help_text=_("Each figure the check compared: indicator, year, period, value, source."),
    )
    resolution = models.CharField(
        _("处理 / resolution"), max_length=10, choices=Resolution.choices, default=Resolution.OPEN
    )
    resolution_note = models.TextField(_("处理说明 / resolution note"), blank=True)
    found_at = models.DateTimeField(_("发现时间 / found"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "observation"]
        verbose_name = _("一致性检查结果 / consistency finding")
        verbose_name_plural = _("一致性检查结果 / consistency findings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "observation"], name="finding_one_per_kind"),
            models.CheckConstraint(
                condition=Q(resolution=Resolution.OPEN) | ~Q(resolution_note=""),
                name="finding_resolution_explained",
            ),
        ]
        indexes = [models.Index(fields=["resolution", "kind"], name="finding_open")]

    def __str__(self):
        return f"{self.kind} #{self.observation_id}"
