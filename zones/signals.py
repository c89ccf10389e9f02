"""Zone keys derived on every save, including ``loaddata``'s raw saves (which skip
``Model.save`` but send ``pre_save``)."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from zones.models import Zone


@receiver(pre_save, sender=Zone, dispatch_uid="zones.fill_pinyin")
def fill_pinyin(sender, instance: Zone, **kwargs) -> None:
    instance.fill_pinyin()
