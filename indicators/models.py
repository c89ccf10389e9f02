"""Sources, the indicator catalogue, observations and cohort statistics.

An Observation is one value of one indicator for one zone in one period. It always names its
Source, keeps the figure as the source printed it, and says where in the source it stands.
Missing figures are simply absent: there is no row, never a zero.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.codes import MAX_YEAR, MIN_YEAR
from indicators.units import UnitError, ratio_factor

__all__ = ["MAX_YEAR", "MIN_YEAR"]  # the year bounds, re-exported for the model layer

# The largest magnitude a value may have: 15 integer digits, which every database backend
# (SQLite stores decimals as 64-bit floats) reads back exactly.
MAX_MAGNITUDE = Decimal(10) ** 15 - 1
VALUE_VALIDATORS = [MinValueValidator(-MAX_MAGNITUDE), MaxValueValidator(MAX_MAGNITUDE)]


class SourceKind(models.TextChoices):
    RESEARCH_REPORT = "research_report", _("研究报告 / Research report")
    JOURNAL_ARTICLE = "journal_article", _("期刊文章 / Journal article")
    NEWSPAPER = "newspaper", _("报纸 / Newspaper")
    STATISTICAL_BULLETIN = "statistical_bulletin", _("统计公报 / Statistical bulletin")
    GOVERNMENT_REPORT = "government_report", _("政府工作报告 / Government report")
    WEB_PAGE = "web_page", _("网页 / Web page")
    DATASET = "dataset", _("数据集 / Dataset")


class Reliability(models.TextChoices):
    """How far a source can be trusted, most reliable first."""

    OFFICIAL = "official", _("官方 / Official")
    SEMI_OFFICIAL = "semi_official", _("半官方 / Semi-official")
    RESEARCH = "research", _("研究机构·期刊 / Research or journal")
    MEDIA = "media", _("媒体 / Media")
    MIRROR = "mirror", _("转载 / Mirror")
    AGGREGATOR = "aggregator", _("聚合站 / Aggregator")


class Category(models.TextChoices):
    ECONOMIC_SCALE = "economic_scale", _("经济规模 / Economic scale")
    INDUSTRY_STRUCTURE = "industry_structure", _("产业结构 / Industry structure")
    INNOVATION = "innovation", _("创新 / Innovation")
    LIVELIHOOD = "livelihood", _("民生 / Livelihood")
    FISCAL = "fiscal", _("财政 / Fiscal")
    SPACE_GREEN = "space_green", _("空间与绿化 / Space and green")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("越高越好 / Higher is better")
    LOWER_IS_BETTER = "lower", _("越低越好 / Lower is better")
    NEUTRAL = "neutral", _("中性 / Neutral")


class ValueType(models.TextChoices):
    """What kind of number an indicator is; decides the plausible range of its values."""

    AMOUNT = "amount", _("数额 / Amount")  # money, people, area: never negative
    COUNT = "count", _("个数 / Count")  # platforms, firms: never negative
    SHARE = "share", _("占比 / Share (0-100%)")
    RATE = "rate", _("增速 / Growth rate (%)")


class Period(models.TextChoices):
    """The stretch of a year a figure covers. All part-year periods run from January."""

    FULL_YEAR = "FY", _("全年 / Full year")
    Q1 = "Q1", _("一季度 / Q1 (Jan-Mar)")
    M4 = "4M", _("1-4月 / Jan-Apr")
    M5 = "5M", _("1-5月 / Jan-May")
    H1 = "H1", _("上半年 / H1 (Jan-Jun)")
    M7 = "7M", _("1-7月 / Jan-Jul")
    M8 = "8M", _("1-8月 / Jan-Aug")
    M9 = "9M", _("前三季度 / Jan-Sep")
    M10 = "10M", _("1-10月 / Jan-Oct")
    M11 = "11M", _("1-11月 / Jan-Nov")


PERIOD_MONTHS: dict[str, int] = {
    Period.FULL_YEAR: 12,
    Period.Q1: 3,
    Period.M4: 4,
    Period.M5: 5,
    Period.H1: 6,
    Period.M7: 7,
    Period.M8: 8,
    Period.M9: 9,
    Period.M10: 10,
    Period.M11: 11,
}


def period_has_ended(year: int, period: str, *, today: date | None = None) -> bool:
    """Whether the stretch ``period`` of ``year`` is over (a figure for it can exist)."""
    today = today or timezone.localdate()
    months = PERIOD_MONTHS.get(period)
    if months is None:
        return True
    return (year, months) < (today.year, today.month)


def validate_period_ended(year: int | None, period: str | None) -> None:
    if year is not None and period and not period_has_ended(year, period):
        raise ValidationError(
            {
                "period": _(
                    "%(year)s 年的期间 %(period)s 尚未结束 / The period %(period)s of %(year)s "
                    "has not ended yet."
                )
                % {"year": year, "period": period}
            }
        )


class Status(models.TextChoices):
    REPORTED = "reported", _("报告值 / Reported")
    DERIVED = "derived", _("推算值 / Derived")
    ESTIMATED = "estimated", _("估计值 / Estimated")


class Qualifier(models.TextChoices):
    """How exact the figure is, as the source words it."""

    EXACT = "exact", _("精确 / Exact")
    APPROXIMATE = "approx", _("约 / Approximately")
    AT_LEAST = "at_least", _("超过 / At least")
    AT_MOST = "at_most", _("不足 / At most")


class Statistic(models.TextChoices):
    MEAN = "mean", _("平均值 / Mean")
    MEDIAN = "median", _("中位数 / Median")
    TOTAL = "total", _("合计 / Total")
    MINIMUM = "minimum", _("最小值 / Minimum")
    COUNT_ABOVE = "count_above", _("超过阈值的成员数 / Members above threshold")
    SHARE_OF_NATIONAL = "share_of_national", _("占全国比重 / Share of the national total (%)")
    RATIO_TO_NATIONAL_MEAN = "ratio_to_national_mean", _("与全国均值之比 / Ratio to national mean")


class FormulaKind(models.TextChoices):
    """How a derived indicator is computed from its inputs (the formula's shape)."""

    RATIO = "ratio", _("比值 / Ratio: first ÷ second × factor")
    DIFFERENCE = "difference", _("差值 / Difference: first − second")
    GROWTH = "growth", _("增速（按总量）/ Growth from levels: first(t) ÷ first(t−n) − 1")
    CAGR = "cagr", _("年均复合增速 / CAGR: (first(t) ÷ first(t−n))^(1/n) − 1")


class KeyManager(models.Manager):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class Source(models.Model):
    key = models.SlugField(_("标识 / key"), max_length=80, unique=True)
    title = models.CharField(_("标题 / title"), max_length=300)
    title_en = models.CharField(_("英文标题 / English title"), max_length=300, blank=True)
    publisher = models.CharField(_("发布者 / publisher"), max_length=200, blank=True)
    author = models.CharField(_("作者 / author"), max_length=200, blank=True)
    published = models.DateField(_("发布日期 / published"), null=True, blank=True)
    published_note = models.CharField(
        _("日期说明 / date note"),
        max_length=120,
        blank=True,
        help_text=_("When the exact date is unknown: what is known (e.g. 'late 2016')."),
    )
    kind = models.CharField(_("类型 / kind"), max_length=24, choices=SourceKind.choices)
    reliability = models.CharField(
        _("可靠性 / reliability"), max_length=16, choices=Reliability.choices
    )
    url = models.URLField(_("网址 / address"), max_length=500, blank=True)
    document = models.CharField(
        _("文件 / document file"),
        max_length=120,
        blank=True,
        help_text=_("The file of the project's source documents this entry describes."),
    )
    note = models.TextField(_("说明 / note"), blank=True)

    objects = KeyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = _("来源 / source")
        verbose_name_plural = _("来源 / sources")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.key,)


class IndicatorManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Indicator(models.Model):
    code = models.SlugField(_("代码 / code"), max_length=60, unique=True)
    name_zh = models.CharField(_("中文名 / Chinese name"), max_length=120, unique=True)
    name_en = models.CharField(_("英文名 / English name"), max_length=160)
    unit = models.CharField(_("单位 / unit"), max_length=20)
    unit_en = models.CharField(_("英文单位 / unit (English)"), max_length=40, blank=True)
    category = models.CharField(_("类别 / category"), max_length=24, choices=Category.choices)
    direction = models.CharField(
        _("方向 / direction"),
        max_length=8,
        choices=Direction.choices,
        default=Direction.HIGHER_IS_BETTER,
    )
    value_type = models.CharField(
        _("数值类型 / value type"), max_length=8, choices=ValueType.choices
    )
    definition_zh = models.TextField(_("中文定义 / definition (Chinese)"), blank=True)
    definition_en = models.TextField(_("英文定义 / definition (English)"), blank=True)
    formula = models.CharField(
        _("计算方法 / formula"),
        max_length=200,
        blank=True,
        help_text=_("For a derived indicator: how it is computed from others."),
    )
    # The formula of a derived indicator, as data a steward edits: its kind, its inputs and a
    # factor (the unit conversion, e.g. 亿元 ÷ 万人 × 10⁴ = 元 per resident).
    formula_kind = models.CharField(
        _("推算方式 / formula kind"),
        max_length=10,
        choices=FormulaKind.choices,
        blank=True,
        help_text=_("Empty for a reported indicator."),
    )
    formula_first = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("第一输入 / first input"),
        help_text=_("The numerator, the minuend, or the level whose growth is computed."),
    )
    formula_second = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("第二输入 / second input"),
        help_text=_("The denominator or the subtrahend (ratio and difference only)."),
    )
    formula_factor = models.DecimalField(
        _("系数 / factor"), max_digits=20, decimal_places=6, default=Decimal(1)
    )
    formula_years = models.PositiveSmallIntegerField(
        _("年数 / years"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Growth and CAGR: how many years back the base level lies."),
    )
    formula_carry_second = models.BooleanField(
        _("沿用最近分母 / carry the second input"),
        default=False,
        help_text=_(
            "Ratio only: use the second input's latest value up to the year (an area), not "
            "only the same year's (a population)."
        ),
    )
    min_value = models.DecimalField(
        _("合理下限 / plausible minimum"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("合理上限 / plausible maximum"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(_("排序 / order"), default=0)

    objects = IndicatorManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("指标 / indicator")
        verbose_name_plural = _("指标 / indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="indicator_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.name_zh} ({self.unit})"

    def natural_key(self):
        return (self.code,)

    @property
    def is_derived(self) -> bool:
        return bool(self.formula_kind)

    def clean(self):
        self._clean_formula()
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValidationError(
                {"max_value": _("合理上限不能小于下限 / The maximum cannot be below the minimum.")}
            )
        if (
            self.value_type in (ValueType.AMOUNT, ValueType.COUNT)
            and self.min_value is not None
            and self.min_value < 0
        ):
            raise ValidationError(
                {"min_value": _("数额和个数不能为负 / Amounts and counts cannot be negative.")}
            )
        if self.value_type == ValueType.SHARE and self.unit != "%":
            raise ValidationError({"unit": _("占比指标的单位必须是 % / A share is measured in %.")})
        if self.value_type == ValueType.RATE and self.unit != "%":
            raise ValidationError(
                {"unit": _("增速指标的单位必须是 % / A growth rate is measured in %.")}
            )

    def _clean_formula(self) -> None:
        kind = self.formula_kind
        if not kind:
            if self.formula_first_id or self.formula_second_id:
                raise ValidationError(
                    {"formula_kind": _("有输入必须选推算方式 / Inputs need a formula kind.")}
                )
            return
        two_inputs = kind in (FormulaKind.RATIO, FormulaKind.DIFFERENCE)
        if self.formula_first_id is None or (two_inputs and self.formula_second_id is None):
            raise ValidationError(
                {"formula_first": _("推算方式缺少输入 / The formula lacks an input.")}
            )
        if not two_inputs and self.formula_second_id is not None:
            raise ValidationError(
                {"formula_second": _("增速只有一个输入 / A growth takes one input only.")}
            )
        if self.pk is not None and self.pk in (self.formula_first_id, self.formula_second_id):
            raise ValidationError(
                {"formula_first": _("指标不能由自身推算 / An indicator cannot derive from itself.")}
            )
        if kind != FormulaKind.RATIO and self.formula_carry_second:
            raise ValidationError({"formula_carry_second": _("仅适用于比值 / For a ratio only.")})
        if kind == FormulaKind.RATIO:
            self._clean_ratio_units()
        if kind in (FormulaKind.GROWTH, FormulaKind.CAGR) and self.value_type != ValueType.RATE:
            raise ValidationError({"value_type": _("增速是增速类型 / A growth is a rate.")})

    def _clean_ratio_units(self) -> None:
        """A ratio's factor is the one its units give (亿元 ÷ 万人 in 元: 10⁴)."""
        first, second = self.formula_first, self.formula_second
        if first is None or second is None:
            return
        try:
            expected = ratio_factor(numerator=first.unit, denominator=second.unit, result=self.unit)
        except UnitError:
            return  # a unit the table does not know: the steward's factor stands
        if self.formula_factor.normalize() != expected:
            raise ValidationError(
                {
                    "formula_factor": _(
                        "单位决定系数应为 %(expected)s / The units make the factor %(expected)s."
                    )
                    % {"expected": f"{expected:f}"}
                }
            )

    def plausible_range(self) -> tuple[Decimal | None, Decimal | None]:
        """The bounds a value of this indicator must lie within (inclusive), None = open."""
        lower, upper = self.min_value, self.max_value
        if self.value_type == ValueType.SHARE:
            lower = max(lower, Decimal(0)) if lower is not None else Decimal(0)
            upper = min(upper, Decimal(100)) if upper is not None else Decimal(100)
        elif self.value_type in (ValueType.AMOUNT, ValueType.COUNT):
            lower = max(lower, Decimal(0)) if lower is not None else Decimal(0)
        elif self.value_type == ValueType.RATE:
            lower = max(lower, Decimal(-100)) if lower is not None else Decimal(-100)
        return lower, upper


class IndicatorAliasManager(models.Manager):
    def get_by_natural_key(self, alias):
        return self.get(alias=alias)


class IndicatorAlias(models.Model):
    """Another name of an indicator, used to match imported rows (地区生产总值 = GDP)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("别名 / alias"), max_length=120, unique=True)

    objects = IndicatorAliasManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name = _("指标别名 / indicator alias")
        verbose_name_plural = _("指标别名 / indicator aliases")

    def __str__(self):
        return self.alias

    def natural_key(self):
        return (self.alias,)


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


class CheckKind(models.TextChoices):
    REPORTED_VS_DERIVED = "reported_vs_derived", _("报告值与推算值不符 / Reported vs derived")
    SHARES_SUM = "shares_sum", _("占比之和不为100 / Shares do not sum to 100")
    PARTS_SUM = "parts_sum", _("分项之和不等于总量 / Parts do not sum to the total")
    GROWTH_VS_LEVELS = "growth_vs_levels", _("所报增速与总量不符 / Reported growth vs levels")
    PART_YEAR_RATIO = "part_year_ratio", _("期间占全年比例异常 / Part-year to full-year ratio")
    SERIES_BREAK = "series_break", _("序列断点 / Series break")


class Severity(models.TextChoices):
    INFO = "info", _("提示 / Info")
    WARNING = "warning", _("警告 / Warning")
    ERROR = "error", _("错误 / Error")


class Resolution(models.TextChoices):
    OPEN = "open", _("待处理 / Open")
    ACCEPTED = "accepted", _("接受原值 / Accepted as is")
    CORRECTED = "corrected", _("已更正 / Corrected")
    EXPLAINED = "explained", _("已说明 / Explained")


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


# The evaluation schemes live in their own module; importing them here registers them with
# the app (they reference Indicator and Direction, defined above).
from indicators.scheme_models import (  # noqa: E402
    Aggregation,
    Normalisation,
    Scheme,
    SchemeDimension,
    SchemeIndicator,
)

__all__ += ["Aggregation", "Normalisation", "Scheme", "SchemeDimension", "SchemeIndicator"]
