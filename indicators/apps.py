from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Models whose rows the pages compute from: a change to any of them starts a new data
# generation (common/cache.py).
DATA_MODELS = (
    "indicators.Observation",
    "indicators.Indicator",
    "indicators.IndicatorAlias",
    "indicators.Source",
    "indicators.CohortStatistic",
    # a resolved finding changes the marks on the pages; a scheme's weights change the index
    "indicators.Finding",
    "indicators.Scheme",
    "indicators.SchemeDimension",
    "indicators.SchemeIndicator",
    "zones.Zone",
    "zones.ZoneAlias",
    "zones.ZoneIndustry",
    "zones.Industry",
    "zones.Cohort",
)


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = _("指标与数据 / Indicators and figures")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from common.cache import bump_data_generation
        from common.tabular import register_citations
        from indicators.citations import source_citations

        register_citations(source_citations)

        def bump(**kwargs):
            bump_data_generation()

        for label in DATA_MODELS:
            model = self.apps.get_model(label)
            post_save.connect(bump, sender=model, weak=False, dispatch_uid=f"bump-{label}-save")
            post_delete.connect(bump, sender=model, weak=False, dispatch_uid=f"bump-{label}-del")
        # A figure saved or deleted one at a time settles its slot's preferred figure.
        from indicators.preference import preference_follow_delete, preference_follow_save

        observation = self.apps.get_model("indicators.Observation")
        post_save.connect(preference_follow_save, sender=observation, dispatch_uid="prefer-save")
        post_delete.connect(preference_follow_delete, sender=observation, dispatch_uid="prefer-del")
        for through in ("zones.Cohort_members", "zones.Zone_same_territory"):
            m2m_changed.connect(
                bump,
                sender=self.apps.get_model(through),
                weak=False,
                dispatch_uid=f"bump-{through}",
            )
