"""Sources: where every figure comes from."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models.vocabularies import Reliability, SourceKind


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

    # Not columns: a listing of sources may attach each one's first zone figures and cohort
    # statistics (dashboards.selectors.sources_with_figures, for the sources page).
    figures: list[Any]
    statistics_shown: list[Any]

    class Meta:
        ordering = ["key"]
        verbose_name = _("来源 / source")
        verbose_name_plural = _("来源 / sources")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.key,)
