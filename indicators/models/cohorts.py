"""Statistics reported for a cohort (a peer group) as a whole."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.codes import MAX_YEAR, MIN_YEAR
from indicators.models.catalogue import Indicator
from indicators.models.observations import value_magnitude_constraint
from indicators.models.sources import Source
from indicators.models.vocabularies import (
    VALUE_VALIDATORS,
    Period,
    Qualifier,
    Statistic,
    validate_period_ended,
)

STATISTIC_UNITS: dict[str, str] = {
    Statistic.SHARE_OF_NATIONAL: "%",
    Statistic.RATIO_TO_NATIONAL_MEAN: "×",
    Statistic.COUNT_ABOVE: "个",
}


class CohortStatisticManager(models.Manager):
    def get_by_natural_key(self, cohort_slug, indicator_code, year, period, statistic):
        return self.get(
            cohort__slug=cohort_slug,
            indicator__code=indicator_code,
            year=year,
            period=period,
            statistic=statistic,
        )


class CohortStatistic(models.Model):
    """A group statistic a source reports for a cohort (e.g. the mean GDP of 52 districts)."""

    cohort = models.ForeignKey(
        "zones.Cohort",
        on_delete=models.CASCADE,
        related_name="statistics",
        verbose_name=_("对标组 / cohort"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="cohort_statistics",
        verbose_name=_("指标 / indicator"),
    )
    year = models.PositiveSmallIntegerField(
        _("年份 / year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    period = models.CharField(
        _("期间 / period"), max_length=4, choices=Period.choices, default=Period.FULL_YEAR
    )
    statistic = models.CharField(
        _("统计量 / statistic"), max_length=24, choices=Statistic.choices, default=Statistic.MEAN
    )
    threshold = models.DecimalField(
        _("阈值 / threshold"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("For 'members above threshold' only."),
    )
    value = models.DecimalField(
        _("数值 / value"), max_digits=20, decimal_places=4, validators=VALUE_VALIDATORS
    )
    qualifier = models.CharField(
        _("精确度 / qualifier"), max_length=8, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    as_reported = models.CharField(_("原文数字 / figure as reported"), max_length=200)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="cohort_statistics",
        verbose_name=_("来源 / source"),
    )
    locator = models.CharField(_("出处位置 / where in the source"), max_length=300, blank=True)
    note = models.TextField(_("备注 / note"), blank=True)

    objects = CohortStatisticManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "indicator", "year", "period", "statistic"]
        verbose_name = _("对标组统计值 / cohort statistic")
        verbose_name_plural = _("对标组统计值 / cohort statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "indicator", "year", "period", "statistic"],
                name="cohort_statistic_unique",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="cohort_statistic_year_range",
            ),
            models.CheckConstraint(
                condition=~Q(as_reported=""), name="cohort_statistic_as_reported_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(period__in=Period.values), name="cohort_statistic_period_known"
            ),
            value_magnitude_constraint("cohort_statistic"),
        ]

    def __str__(self):
        return f"{self.cohort_id}/{self.indicator_id}/{self.year}{self.period} {self.statistic}"

    @property
    def unit(self) -> str:
        """The statistic's own unit: a share of the national total is in %, a ratio to the
        national mean is a multiple (×), a count of members is a count; the others are in
        the indicator's unit. Reads ``indicator`` (join it to avoid a query per row)."""
        own = STATISTIC_UNITS.get(self.statistic)
        return own if own is not None else self.indicator.unit

    def natural_key(self):
        return (
            *self.cohort.natural_key(),
            *self.indicator.natural_key(),
            self.year,
            self.period,
            self.statistic,
        )

    natural_key.dependencies = ["zones.cohort", "indicators.indicator", "indicators.source"]  # type: ignore[attr-defined]

    def clean(self):
        super().clean()
        validate_period_ended(self.year, self.period)
        if self.indicator_id is None:
            return
        # The range rules of a zone value apply to a mean or median; totals, shares of the
        # national total, ratios and counts are other kinds of number.
        if self.statistic in (Statistic.MEAN, Statistic.MEDIAN, Statistic.MINIMUM):
            if self.value is None:
                return
            lower, upper = self.indicator.plausible_range()
            if (lower is not None and self.value < lower) or (
                upper is not None and self.value > upper
            ):
                raise ValidationError(
                    {
                        "value": _(
                            "数值超出指标的合理范围 / The value is outside the indicator's "
                            "plausible range."
                        )
                    }
                )
        if (self.statistic == Statistic.COUNT_ABOVE) != (self.threshold is not None):
            raise ValidationError(
                {
                    "threshold": _(
                        "只有“超过阈值的成员数”需要阈值 / Only 'members above "
                        "threshold' takes a threshold, and it needs one."
                    )
                }
            )
