"""Zones, peer groups (cohorts) and the industries zones lead with."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zones.pinyin import pinyin_key


class ZoneKind(models.TextChoices):
    NATIONAL_HIGHTECH_ZONE = "hightech_zone", _("国家高新区 / National high-tech zone")
    NATIONAL_ETDZ = "etdz", _("国家级经开区 / National economic-technological development zone")
    DISTRICT = "district", _("市辖区·城市新中心 / District, urban new centre")
    SCIENCE_CITY = "science_city", _("科学城·创新区 / Science city, innovation district")
    INDUSTRIAL_PARK = "industrial_park", _("产业园区·社区 / Industrial park or community")
    INTERNATIONAL = "international", _("国际案例 / International reference case")


class Region(models.TextChoices):
    EAST = "east", _("东部 / East")
    CENTRAL = "central", _("中部 / Central")
    WEST = "west", _("西部 / West")
    NORTHEAST = "northeast", _("东北 / Northeast")
    ABROAD = "abroad", _("境外 / Abroad")


class DevelopmentModel(models.TextChoices):
    """The five-model typology of urban new centres (source document 002)."""

    STRATEGY_LED = "strategy_led", _("战略导向型 / Strategy-led")
    INDUSTRY_LED = "industry_led", _("产业引领型 / Industry-led")
    INNOVATION_DRIVEN = "innovation_driven", _("创新驱动型 / Innovation-driven")
    ECOSYSTEM_CULTIVATED = "ecosystem_cultivated", _("生态培育型 / Ecosystem-cultivated")
    REGIONAL_COORDINATION = "regional_coordination", _("区域协同型 / Regional coordination")


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Industry(models.Model):
    slug = models.SlugField(_("标识 / slug"), max_length=80, unique=True)
    name_zh = models.CharField(_("中文名 / Chinese name"), max_length=80, unique=True)
    name_en = models.CharField(_("英文名 / English name"), max_length=120, blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("产业 / industry")
        verbose_name_plural = _("产业 / industries")

    def __str__(self):
        return self.name_zh

    def natural_key(self):
        return (self.slug,)


# The fields that describe a zone, in the order every table of zones shows them (the API's
# zone, the zone export).
DESCRIPTIVE_FIELDS = (
    "slug",
    "name_zh",
    "name_en",
    "kind",
    "country",
    "province",
    "city",
    "region",
    "development_model",
    "area_km2",
    "founded_year",
    "latitude",
    "longitude",
    "location_note",
    "summary_zh",
    "summary_en",
)


class ZoneQuerySet(models.QuerySet):
    def with_related(self):
        """Everything a list of zones shows, in a fixed number of queries."""
        return self.prefetch_related("lead_industries", "cohorts", "same_territory")


ZoneManager = SlugManager.from_queryset(ZoneQuerySet)


class Zone(models.Model):
    slug = models.SlugField(_("标识 / slug"), max_length=80, unique=True)
    name_zh = models.CharField(_("中文名 / Chinese name"), max_length=100)
    name_en = models.CharField(_("英文名 / English name"), max_length=160)
    kind = models.CharField(_("类型 / kind"), max_length=20, choices=ZoneKind.choices)
    country = models.CharField(_("国家 / country"), max_length=60, default="中国")
    province = models.CharField(_("省份 / province"), max_length=40, blank=True)
    city = models.CharField(_("城市 / city"), max_length=60, blank=True)
    region = models.CharField(_("区域 / region"), max_length=12, choices=Region.choices)
    development_model = models.CharField(
        _("发展模式 / development model"),
        max_length=24,
        choices=DevelopmentModel.choices,
        blank=True,
        help_text=_("Only where a source classifies the zone (document 002's typology)."),
    )
    area_km2 = models.DecimalField(
        _("面积（平方公里）/ area (km²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    founded_year = models.PositiveSmallIntegerField(
        _("设立年份 / founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    latitude = models.DecimalField(
        _("纬度 / latitude"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("经度 / longitude"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    location_note = models.CharField(
        _("位置说明 / location note"),
        max_length=200,
        blank=True,
        help_text=_("What the coordinates point at and where they come from."),
    )
    summary_zh = models.TextField(_("中文简介 / summary (Chinese)"), blank=True)
    summary_en = models.TextField(_("英文简介 / summary (English)"), blank=True)
    lead_industries = models.ManyToManyField(
        Industry,
        through="ZoneIndustry",
        related_name="zones",
        blank=True,
        verbose_name=_("主导产业 / lead industries"),
    )
    # Filled from name_zh and city whenever a zone is saved, loaded or imported (never typed):
    # what the zone search matches pinyin against (zones.pinyin).
    name_pinyin = models.CharField(
        _("名称拼音 / name in pinyin"), max_length=800, blank=True, editable=False
    )
    city_pinyin = models.CharField(
        _("城市拼音 / city in pinyin"), max_length=500, blank=True, editable=False
    )
    same_territory = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("同一地域的其他口径 / same territory, other scope"),
        help_text=_(
            "Zones reported on another statistical scope (口径) of the same territory, "
            "e.g. 广州开发区 and 广州市黄埔区. Their series are never joined."
        ),
    )

    objects = ZoneManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("园区 / zone")
        verbose_name_plural = _("园区 / zones")
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["region"]),
            models.Index(fields=["province", "city"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area_km2__isnull=True) | models.Q(area_km2__gte=0),
                name="zone_area_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="zone_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="zone_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name_zh

    def get_absolute_url(self):
        return reverse("dashboards:zone-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def fill_pinyin(self) -> bool:
        """Set the pinyin keys from the Chinese name and the city; True if they changed."""
        keys = (
            pinyin_key(self.name_zh, places=(self.city, self.province)),
            pinyin_key(self.city),
        )
        changed = keys != (self.name_pinyin, self.city_pinyin)
        self.name_pinyin, self.city_pinyin = keys
        return changed


class ZoneIndustryManager(models.Manager):
    def get_by_natural_key(self, zone_slug, industry_slug):
        return self.get(zone__slug=zone_slug, industry__slug=industry_slug)


class ZoneIndustry(models.Model):
    """A lead industry of a zone, as a named source states it."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="industry_links")
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="zone_links")
    source = models.ForeignKey(
        "indicators.Source",
        on_delete=models.PROTECT,
        related_name="zone_industries",
        verbose_name=_("来源 / source"),
    )

    objects = ZoneIndustryManager()

    class Meta:
        verbose_name = _("主导产业 / lead industry")
        verbose_name_plural = _("主导产业 / lead industries")
        constraints = [
            models.UniqueConstraint(fields=["zone", "industry"], name="zone_industry_unique"),
        ]

    def __str__(self):
        return f"{self.zone_id}:{self.industry_id}"

    def natural_key(self):
        return (*self.zone.natural_key(), *self.industry.natural_key())

    natural_key.dependencies = ["zones.zone", "zones.industry", "indicators.source"]  # type: ignore[attr-defined]


class ZoneAliasManager(models.Manager):
    def get_by_natural_key(self, alias):
        return self.get(alias=alias)


class ZoneAlias(models.Model):
    """Another spelling of a zone's name, used to match imported rows (深圳龙岗区 = 龙岗区)."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("别名 / alias"), max_length=120, unique=True)

    objects = ZoneAliasManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name = _("园区别名 / zone alias")
        verbose_name_plural = _("园区别名 / zone aliases")

    def __str__(self):
        return self.alias

    def natural_key(self):
        return (self.alias,)


class Cohort(models.Model):
    """A peer group: its known members and the statistics a source reports for it."""

    slug = models.SlugField(_("标识 / slug"), max_length=80, unique=True)
    name_zh = models.CharField(_("中文名 / Chinese name"), max_length=120)
    name_en = models.CharField(_("英文名 / English name"), max_length=200)
    description = models.TextField(_("说明 / description"), blank=True)
    reported_member_count = models.PositiveIntegerField(
        _("报告的成员数 / reported member count"),
        null=True,
        blank=True,
        help_text=_("How many members the source says the group has; usually more than are known."),
    )
    members = models.ManyToManyField(
        Zone, blank=True, related_name="cohorts", verbose_name=_("已知成员 / known members")
    )
    source = models.ForeignKey(
        "indicators.Source",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("来源 / source"),
    )

    objects = SlugManager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["slug"]
        verbose_name = _("对标组 / cohort")
        verbose_name_plural = _("对标组 / cohorts")

    def __str__(self):
        return self.name_zh

    def natural_key(self):
        return (self.slug,)
