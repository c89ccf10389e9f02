"""The index's matrix arithmetic: ranks of a whole matrix by one sort equal pandas' ranks
row by row, the normalisation of a column is independent of its neighbours, and the
page computes each scheme's index once."""

import numpy as np
import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analysis.index_method import normalise, rank_rows_desc
from indicators.models import Normalisation
from tests.factories import ZoneFactory
from tests.index_world import make_scheme


def test_ranking_a_matrix_at_once_equals_pandas_rank_of_each_row():
    rng = np.random.default_rng(7)
    values = rng.integers(0, 6, size=(40, 25)).astype(float)  # many ties
    values[rng.random(values.shape) < 0.2] = np.nan
    expected = pd.DataFrame(values).rank(method="min", ascending=False, na_option="keep", axis=1)
    np.testing.assert_array_equal(rank_rows_desc(values), expected.to_numpy())


def test_ties_share_the_best_rank_and_nan_stays_unranked():
    ranks = rank_rows_desc(np.array([[3.0, np.nan, 5.0, 3.0, 1.0]]))
    assert np.isnan(ranks[0, 1])
    assert ranks[0, [0, 2, 3, 4]].tolist() == [2, 1, 2, 4]


@pytest.mark.parametrize("method", Normalisation.values)
def test_each_column_is_normalised_on_its_own_values(method):
    """Columns: two values, one value, all equal, none: each column scores as it would
    alone, whatever its neighbours hold."""
    values = np.array(
        [
            [10.0, np.nan, 4.0, np.nan],
            [30.0, 7.0, 4.0, np.nan],
            [np.nan, np.nan, 4.0, np.nan],
        ]
    )
    lower = np.array([False, False, True, False])
    targets = np.array([20.0, np.nan, 8.0, np.nan])
    together = normalise(values, method=method, lower=lower, targets=targets)
    for column in range(values.shape[1]):
        alone = normalise(
            values[:, [column]],
            method=method,
            lower=lower[[column]],
            targets=targets[[column]],
        )
        np.testing.assert_array_equal(together[:, column], alone[:, 0])
    assert np.isnan(together[2, 0]) and np.isnan(together[:, 3]).all()
    assert np.isnan(together[[0, 2], 1]).all()  # missing stays missing, never 0


def test_min_max_by_hand_with_a_flat_column():
    values = np.array([[10.0, 4.0], [30.0, 4.0], [20.0, np.nan]])
    scores = normalise(
        values,
        method=Normalisation.MIN_MAX,
        lower=np.array([True, False]),
        targets=np.array([np.nan, np.nan]),
    )
    assert scores[:, 0].tolist() == [100.0, 0.0, 50.0]  # lower is better: turned round
    assert scores[:2, 1].tolist() == [100.0, 100.0] and np.isnan(scores[2, 1])


def test_the_index_page_computes_each_schemes_index_once(client, three_zones):
    make_scheme()
    make_scheme(slug="other")
    ZoneFactory(slug="d")
    url = "/index/?scheme=two-dims&year=2024&compare=other"
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    figure_queries = [
        q for q in captured.captured_queries if '"indicators_observation"."value"' in q["sql"]
    ]
    # the figures of the scheme and of the scheme compared with: not once more for the
    # sensitivity and again for the shifts
    assert len(figure_queries) == 2
