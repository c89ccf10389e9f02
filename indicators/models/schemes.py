"""Composite evaluation schemes: dimensions with weights, each over catalogue indicators.

A scheme is data, not code: stewards add or correct one in the admin, and the computation
(``analysis.index``) reads it. Each scheme names where its weights come from, and each
dimension says whether its weight was checked against a primary document, so a page can show
which weights are verified and which were only seen in a reprint.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models.catalogue import Indicator
from indicators.models.vocabularies import Direction


class Normalisation(models.TextChoices):
    MIN_MAX = "minmax", _("最小-最大（0-100）/ Min-max within the peer set (0-100)")
    Z_SCORE = "zscore", _("标准分 / z-score within the peer set")
    PERCENTILE = "percentile", _("百分位 / Percentile rank within the peer set (0-100)")
    DISTANCE_TO_BEST = "best", _("与最优之比 / Distance to the best (best = 100)")
    DISTANCE_TO_TARGET = "target", _("与目标之比 / Distance to a target (target met = 100)")


class Aggregation(models.TextChoices):
    ARITHMETIC = "arithmetic", _("加权算术平均 / Weighted arithmetic mean")
    GEOMETRIC = "geometric", _("加权几何平均 / Weighted geometric mean")


class SchemeManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Scheme(models.Model):
    slug = models.SlugField(_("标识 / slug"), max_length=60, unique=True)
    name_zh = models.CharField(_("中文名 / Chinese name"), max_length=120)
    name_en = models.CharField(_("英文名 / English name"), max_length=160)
    normalisation = models.CharField(
        _("标准化 / normalisation"), max_length=12, choices=Normalisation.choices
    )
    aggregation = models.CharField(
        _("合成 / aggregation"),
        max_length=12,
        choices=Aggregation.choices,
        default=Aggregation.ARITHMETIC,
    )
    min_weight_share = models.DecimalField(
        _("最低权重覆盖 / minimum weight share"),
        max_digits=4,
        decimal_places=3,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "A zone is ranked only when its dimensions with a score carry at least this share "
            "of the weight (1 = every dimension)."
        ),
    )
    source_title = models.CharField(_("权重来源 / source of the weights"), max_length=300)
    source_url = models.URLField(_("来源网址 / source address"), max_length=500, blank=True)
    verification = models.TextField(
        _("核实情况 / what is verified"),
        help_text=_("Which weights were read in a primary document, which only in reprints."),
    )
    description = models.TextField(_("说明 / description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序 / order"), default=0)

    objects = SchemeManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("评价体系 / evaluation scheme")
        verbose_name_plural = _("评价体系 / evaluation schemes")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_weight_share__gte=0) & Q(min_weight_share__lte=1),
                name="scheme_min_weight_share_0_1",
            ),
        ]

    def __str__(self):
        return self.name_zh

    def natural_key(self):
        return (self.slug,)


class DimensionManager(models.Manager):
    def get_by_natural_key(self, scheme, code):
        return self.get(scheme__slug=scheme, code=code)


class SchemeDimension(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("代码 / code"), max_length=40)
    name_zh = models.CharField(_("中文名 / Chinese name"), max_length=120)
    name_en = models.CharField(_("英文名 / English name"), max_length=160)
    weight = models.DecimalField(
        _("权重 / weight"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    weight_verified = models.BooleanField(
        _("权重已核实 / weight verified"),
        default=False,
        help_text=_("Checked against a primary (government or publisher's own) document."),
    )
    weight_note = models.CharField(_("权重出处 / where the weight was seen"), max_length=300)
    min_indicators = models.PositiveSmallIntegerField(
        _("最少指标数 / minimum indicators"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("A zone has a score on this dimension only with this many indicators."),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序 / order"), default=0)

    objects = DimensionManager()

    class Meta:
        ordering = ["scheme", "sort_order", "code"]
        verbose_name = _("评价维度 / dimension")
        verbose_name_plural = _("评价维度 / dimensions")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="dimension_code_per_scheme"),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=1), name="dimension_weight_0_1"
            ),
            models.CheckConstraint(condition=Q(min_indicators__gte=1), name="dimension_min_k"),
        ]

    def __str__(self):
        return f"{self.code} ({self.weight})"

    def natural_key(self):
        return (*self.scheme.natural_key(), self.code)

    natural_key.dependencies = ["indicators.scheme"]  # type: ignore[attr-defined]


class SchemeIndicatorManager(models.Manager):
    def get_by_natural_key(self, scheme, dimension, indicator):
        return self.get(
            dimension__scheme__slug=scheme, dimension__code=dimension, indicator__code=indicator
        )


class SchemeIndicator(models.Model):
    dimension = models.ForeignKey(SchemeDimension, on_delete=models.CASCADE, related_name="members")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="scheme_memberships"
    )
    weight = models.DecimalField(
        _("维度内权重 / weight within the dimension"),
        max_digits=5,
        decimal_places=4,
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("Relative: the weights of a zone's present indicators are rescaled to 1."),
    )
    direction = models.CharField(
        _("方向 / direction"),
        max_length=8,
        choices=[c for c in Direction.choices if c[0] != Direction.NEUTRAL],
    )
    target = models.DecimalField(
        _("目标值 / target"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("For distance-to-target normalisation; without one, the best in the peer set."),
    )

    objects = SchemeIndicatorManager()

    class Meta:
        ordering = ["dimension", "indicator"]
        verbose_name = _("维度指标 / dimension indicator")
        verbose_name_plural = _("维度指标 / dimension indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "indicator"], name="scheme_indicator_once_per_dimension"
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="scheme_indicator_weight"),
        ]

    def __str__(self):
        return f"{self.indicator_id} × {self.weight}"

    def natural_key(self):
        return (*self.dimension.natural_key(), self.indicator.code)

    natural_key.dependencies = ["indicators.schemedimension", "indicators.indicator"]  # type: ignore[attr-defined]

    def clean(self):
        if self.target is not None and self.target <= 0:
            raise ValidationError({"target": _("目标值须为正 / A target must be positive.")})
