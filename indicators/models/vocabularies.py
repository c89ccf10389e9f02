"""The choices the models share (kinds, periods, statuses...) and their rules."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
