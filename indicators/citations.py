"""How a file names a source: publisher, title, date and address, looked up by key.

Registered with ``common.tabular`` when the app starts (``IndicatorsConfig.ready``), so every
CSV and XLSX (API and pages) spells out its source columns the same way.
"""

from __future__ import annotations

from indicators.models import Source


def source_citations() -> dict[str, tuple[str, str, str, str]]:
    """Every source key with (publisher, title, date, url), in one query. The date is the
    publication date (ISO), or what is known of it when there is none ("late 2016"). Sources
    are few beside observations: the whole table is read rather than the keys of one file,
    which a streamed file does not know in advance."""
    rows = Source.objects.values_list(
        "key", "publisher", "title", "published", "published_note", "url"
    )
    return {
        key: (
            publisher,
            title,
            published.isoformat() if published else published_note,
            url,
        )
        for key, publisher, title, published, published_note, url in rows
    }
