"""Reading a page's charts and CSV in the page tests."""

import csv
import io
import json
import re


def chart_data(response, chart_id):
    """The plotly figure a page embeds for ``chart_id`` (as the browser will parse it)."""
    html = response.content.decode()
    match = re.search(
        rf'<script type="application/json" id="{re.escape(chart_id)}-data">(.*?)</script>',
        html,
        re.S,
    )
    assert match, f"no figure {chart_id}"
    return json.loads(match.group(1))


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
