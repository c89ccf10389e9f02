import io

import pandas as pd

BOM = "\ufeff"


def read_csv(response) -> pd.DataFrame:
    text = response.getvalue().decode("utf-8")
    assert text.startswith(BOM), "CSV must start with a UTF-8 BOM for Excel"
    return pd.read_csv(io.StringIO(text[1:]), keep_default_na=False, na_values=[""])


def read_xlsx(response) -> pd.DataFrame:
    return pd.read_excel(io.BytesIO(response.content), engine="openpyxl")


def all_json_rows(client, url: str) -> list[dict]:
    rows, next_url = [], url
    while next_url:
        body = client.get(next_url).json()
        rows.extend(body["results"])
        next_url = body["next"]
    return rows
