"""Dump the outward contract for the fixtures: the OpenAPI schema, every API endpoint's body
(JSON, CSV, XLSX) and every page's CSV, one file per request, so two dumps can be diffed.

    .venv/bin/python tools/api_contract.py OUTDIR

It builds a fresh SQLite database in a temporary directory (migrate, the fixtures, the
bulletins), so the dump depends on the code and the fixtures alone. XLSX files are written as
the text of their sheets' XML with the volatile document properties (creation time) removed.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ["sources", "indicators", "zones", "cohorts", "observations"]
FIXTURES += ["bulletin_zones", "bulletin_aliases", "hitech_zones", "hitech_aliases", "schemes"]


def _setup(tmp: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'contract.sqlite3'}"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddata", *FIXTURES, verbosity=0)
    call_command("load_bulletins", verbosity=0)


def _normalise_xlsx(body: bytes) -> bytes:
    out = []
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        for name in sorted(book.namelist()):
            text = book.read(name).decode()
            if name == "docProps/core.xml":
                text = re.sub(r"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", "", text)
            out.append(f"== {name}\n{text}\n")
    return "".join(out).encode()


def _requests() -> list[str]:
    from indicators.models import Indicator, Observation
    from zones.models import Cohort, Zone

    zones = list(Zone.objects.order_by("slug").values_list("slug", flat=True))
    codes = list(Indicator.objects.order_by("code").values_list("code", flat=True))
    cohorts = list(Cohort.objects.order_by("slug").values_list("slug", flat=True))
    years = sorted(set(Observation.objects.values_list("year", flat=True)))
    busiest = list(Zone.objects.order_by("slug").values_list("slug", flat=True)[:4])
    zone_list = ",".join(busiest + ["shenzhen-longgang"])
    urls = ["/api/schema/", "/api/schema/?format=json"]
    for model in ["zones", "cohorts", "indicators", "sources", "observations"]:
        base = f"/api/v1/{model}/"
        for suffix in ["", "?format=csv", "?format=xlsx", "?page_size=3&page=2"]:
            urls.append(base + suffix)
    urls += [f"/api/v1/zones/{slug}/" for slug in zones[:5]]
    urls += [f"/api/v1/indicators/{code}/" for code in codes[:5]]
    urls += [
        "/api/v1/zones/?q=深圳",
        "/api/v1/zones/?kind=district&region=east",
        "/api/v1/zones/?q=shenzhen",
        "/api/v1/observations/?indicator=gdp,tertiary_share&year_from=2020",
        "/api/v1/observations/?zone=shenzhen-longgang&format=csv",
        "/api/v1/observations/?zone=shenzhen-longgang&format=xlsx",
        "/api/v1/observations/?page=%C2%B2",
        "/api/v1/observations/?page_size=%E2%91%A0",
        "/api/v1/observations/?year=abc",
        "/api/v1/nothing/",
    ]
    for code in codes:
        for year in years[-3:]:
            q = f"indicator={code}&year={year}"
            urls += [f"/api/v1/rankings/?{q}", f"/api/v1/rankings/?{q}&format=csv"]
            urls += [f"/page/rankings/csv/?{q}"]
        urls += [f"/api/v1/mrv/?indicator={code}", f"/api/v1/mrv/?indicator={code}&format=csv"]
    compare = f"zone={zone_list}&indicator={','.join(codes[:6])}"
    for fmt in ["", "&format=csv", "&format=xlsx", "&shape=wide", "&shape=wide&format=csv"]:
        urls.append(f"/api/v1/compare/?{compare}{fmt}")
    urls.append(f"/page/compare/csv/?{compare}")
    for cohort in cohorts:
        for zone in zones[:8] + ["shenzhen-longgang"]:
            q = f"zone={zone}&cohort={cohort}"
            urls += [f"/api/v1/benchmark/?{q}", f"/api/v1/benchmark/?{q}&format=csv"]
            urls += [f"/page/benchmark/csv/?{q}"]
    for fmt in ["", "&format=csv"]:
        urls += [
            f"/api/v1/peers/?zone=shenzhen-longgang{fmt}",
            f"/api/v1/overlap/?region=east{fmt}",
        ]
        urls += [f"/api/v1/index/?scheme=zonebench-balanced&year=2023{fmt}"]
        urls += [f"/api/v1/models/?indicator=gdp{fmt}", f"/api/v1/zones/search/?q=sz{fmt}"]
    urls += ["/api/v1/schemes/", "/api/v1/schemes/zonebench-balanced/"]
    urls += ["/page/zones/map/csv/", "/page/zones/map/csv/?kind=district"]
    urls += ["/page/zones/?page=%C2%B2", "/page/rankings/?year=%C2%B2&indicator=gdp"]
    return urls


def main(outdir: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp))
        from django.conf import settings
        from django.core.cache import cache
        from django.test import Client

        settings.ALLOWED_HOSTS = ["testserver"]
        client = Client(raise_request_exception=False)
        for number, url in enumerate(_requests()):
            cache.clear()  # the anonymous throttle must not answer instead of the view
            path = url.replace("/page/", "/", 1)
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            kind = response.get("Content-Type", "")
            if "spreadsheetml" in kind:
                body = _normalise_xlsx(body)
            body = re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]*', rb"\1-", body)
            head = f"GET {url}\n{response.status_code} {kind}\n".encode()
            (out / f"{number:04d}.txt").write_bytes(head + body)
        from django.core.management import call_command

        for suffix in ["csv", "xlsx"]:
            target = Path(tmp) / f"export.{suffix}"
            call_command("export_observations", str(target), stdout=io.StringIO())
            body = target.read_bytes()
            body = _normalise_xlsx(body) if suffix == "xlsx" else body
            (out / f"export_observations.{suffix}.txt").write_bytes(body)
    print(f"{number + 1} responses and 2 exports written to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "contract-dump")
