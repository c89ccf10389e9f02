"""A list's CSV is streamed (constant memory) and holds exactly what the rendered CSV held."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from common import tabular
from common.api.renderers import CSVRenderer
from common.tabular import csv_cell, file_response, iter_csv, write_csv

URL = "/api/v1/observations/"


def reference_csv(headers, rows) -> bytes:
    """The CSV written in one go with the csv module, as the writer did before streaming."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def test_the_observation_list_csv_is_streamed_and_equals_the_rendered_one(client, world):
    response = client.get(f"{URL}?format=csv")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="observations.csv"'
    streamed = b"".join(response.streaming_content)
    rows = client.get(f"{URL}?page_size=1000").json()["results"]
    assert len(rows) > 5
    rendered = CSVRenderer().render(rows)
    assert streamed == rendered


def test_a_filtered_streamed_csv_holds_only_the_filtered_rows(client, world):
    response = client.get(f"{URL}?zone=nanshan&format=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    expected = client.get(f"{URL}?zone=nanshan&page_size=1000").json()["count"]
    assert len(lines) == 1 + expected > 1
    assert all(",nanshan," in line for line in lines[1:])


def test_an_empty_streamed_csv_still_has_its_header(client, world):
    body = b"".join(client.get(f"{URL}?year=1999&format=csv").streaming_content)
    header = body.decode("utf-8-sig").strip()
    assert header.startswith("id,zone,")
    assert "\n" not in header


@pytest.mark.parametrize("n_rows", [0, 1, 4, 5, 13])
def test_a_csv_in_pieces_equals_the_csv_in_one_go(monkeypatch, n_rows):
    monkeypatch.setattr(tabular, "CSV_ROWS_PER_PIECE", 4)
    rows = [[f"=cmd{i}", i, None, "-2.5", "区"] for i in range(n_rows)]
    headers = ["a", "b", "c", "d", "e"]
    pieces = list(iter_csv(headers=headers, rows=iter(rows)))
    assert len(pieces) == 1 + -(-n_rows // 4)
    assert b"".join(pieces) == reference_csv(headers, rows) == write_csv(headers=headers, rows=rows)
    assert b"'=cmd0" in b"".join(pieces) or n_rows == 0


def test_a_page_csv_is_streamed_and_reads_its_rows_lazily():
    read = []

    def rows():
        for i in range(3):
            read.append(i)
            yield [i, f"@{i}"]

    response = file_response(headers=["n", "t"], rows=rows(), fmt="csv", basename="x")
    assert isinstance(response, StreamingHttpResponse)
    assert read == []  # nothing read before the client asks
    body = b"".join(response.streaming_content)
    assert read == [0, 1, 2]
    assert body == reference_csv(["n", "t"], [[0, "@0"], [1, "@1"], [2, "@2"]])
