import json

import plotly.graph_objects as go

from dashboards.figures import figure_json
from dashboards.formatting import format_number, pick_language


def test_figure_json_cannot_close_the_script_element():
    figure = go.Figure(go.Bar(x=["</script><b>&"], y=[1]))
    text = figure_json(figure)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["data"][0]["x"] == ["</script><b>&"]


def test_numbers_get_thousands_separators_and_no_trailing_zeros():
    assert format_number(5901.27) == "5,901.27"
    assert format_number(1234567) == "1,234,567"
    assert format_number(100.0) == "100"
    assert format_number(0.016) == "0.02"


def test_bilingual_labels_keep_the_readers_language():
    assert pick_language("全年 / Full year", "zh-hans") == "全年"
    assert pick_language("全年 / Full year", "en") == "Full year"
    assert pick_language("甲区", "en") == "甲区"
