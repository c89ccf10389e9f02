"""The indicator catalogue: what can be measured, its unit and formula."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models.vocabularies import Category, Direction, FormulaKind, ValueType
from indicators.units import UnitError, ratio_factor


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
