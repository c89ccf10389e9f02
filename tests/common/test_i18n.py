"""Import reports give Django's validator messages in both interface languages."""

import io

import pytest
from django.utils import translation

from indicators.services import observation_import
from tests.data.world import make_world

HEADER = "zone,indicator,year,period,value,unit,as_reported,source,qualifier,locator,note\n"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_validator_message_reads_in_chinese_and_english_whatever_the_language(db, language):
    make_world()
    row = "shenzhen-nanshan,gdp,2023,FY,8500.6,亿元,8500.60亿元,bulletin-2023,exact,"
    data = (HEADER + row + "x" * 400 + ",\n").encode()
    with translation.override(language):
        report = observation_import(file=io.BytesIO(data), filename="long.csv", dry_run=True)
    (error,) = report.rejected
    assert error.column == "locator"
    assert "确保" in error.message
    assert "Ensure this value has at most 300 characters (it has 400)." in error.message


def test_the_projects_own_bilingual_messages_are_not_doubled(db):
    make_world()
    data = (
        HEADER + "shenzhen-nanshan,tertiary_share,2023,FY,130,%,130%,bulletin-2023,,,\n"
    ).encode()
    with translation.override("en"):
        report = observation_import(file=io.BytesIO(data), filename="share.csv", dry_run=True)
    (error,) = report.rejected
    assert error.message.count("above the plausible maximum 100") == 1
