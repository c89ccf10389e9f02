# ruff: noqa: E501  (one translation per line reads best)
"""Fill locale/en/LC_MESSAGES/django.po from the table below, then run compilemessages.

    .venv/bin/python manage.py makemessages -l en -i '.venv/*' -i 'zones/*' \
        -i 'indicators/*' -i 'config/*' -i 'tests/*' -i 'static/*' -i 'staticfiles/*' \
        -i 'docs/*' -i 'templates/admin/*'
    .venv/bin/python locale/translate_en.py
    .venv/bin/python manage.py compilemessages -l en

Message ids are the Chinese text (Chinese is the default language); a msgid missing here is
reported and left untranslated.
"""

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "django.po"

EN = {
    "非官方来源：%(kind)s": "Not an official source: %(kind)s",
    "空心点为非官方来源的数值（悬停可见来源类型）。": "Hollow markers are figures from sources that are not official (hover to see which kind).",
    "非全年数据（上半年、前三季度等累计数）各成一条线，不与全年数据相连。": "Part-year figures (first half, January-September... cumulative) each have their own line, never joined to the full-year line.",
    "显示全部期间（非全年数据单独成线并标明期间）。": "Showing every period (part-year figures on their own labelled lines).",
    "只看全年数据": "Full-year figures only",
    "只显示全年数据。": "Showing full-year figures only.",
    "同时显示非全年数据（上半年、前三季度等）": "Also show part-year figures (first half, January-September...)",
    "只显示官方来源的数值。": "Showing figures from official sources only.",
    "显示所有来源": "Show every source",
    "只看官方来源": "Official sources only",
    "所选条件下没有两年以上的数值可画成序列。": "Under this selection no indicator has values for two or more years to draw as a series.",
    "无数据": "no data",
    "园区分布": "Where the zones are",
    "来源：园区名录中每个园区的位置说明（大致位置，见园区页）。": "Source: the location note of each zone in the directory (approximate positions; see the zone pages).",
    "坐标": "Coordinates",
    "%(year)s 年该期间没有任何园区有数值。": "No zone has a value for %(year)s in this period.",
    "有数值的年份：": "Years with values: ",
    "显示前 %(shown)s 个园区数值，共 %(n)s 个；": "Showing the first %(shown)s of %(n)s zone figures; ",
    "全部数值见 API": "all of them through the API",
    # app label in the admin: bilingual in both languages, like the other apps' labels
    "看板 / Dashboards": "看板 / Dashboards",
    "产业结构（三次产业占比）": "Industry structure (shares of the three sectors)",
    "归一化指标雷达图": "Radar of normalised indicators",
    "园区对标": "Zone benchmarks",
    "主导航": "Main navigation",
    "概览": "Overview",
    "园区名录": "Zone directory",
    "排名": "Rankings",
    "比较": "Compare",
    "对标": "Benchmark",
    "指标目录": "Indicator catalogue",
    "数据来源": "Sources",
    "每个数字都注明来源；缺失值显示为“无数据”，从不显示为零。": "Every figure names its source; a missing value shows as “no data”, never as zero.",
    "来源：": "Sources: ",
    "下载图表数据（CSV）": "Download the chart's data (CSV)",
    "导出图片（PNG）": "Export image (PNG)",
    "指标": "Indicator",
    "年份": "Year",
    "期间": "Period",
    "类型": "Kind",
    "全部": "All",
    "区域": "Region",
    "对标组成员": "Cohort members",
    "突出显示": "Highlight",
    "显示": "Show",
    "该指标在此期间无数据。": "This indicator has no data for this period.",
    "排名范围：%(peers)s中 %(year)s 年（%(period)s）有数值的 %(n)s 个园区。": "Ranked: the %(n)s zones of %(peers)s with a %(year)s value (%(period)s).",
    "注意：这是%(period)s数据，只与同期数据排名，不与全年数据比较。": "Note: these are %(period)s figures, ranked only against figures of the same period, never against full-year figures.",
    "第 %(rank)s 名，共 %(n)s 个 %(year)s 年有数值的园区": "%(rank)s of %(n)s zones with a %(year)s value",
    "与对标组平均值比较": "Against the cohort average",
    "园区": "Zone",
    "对标组": "Cohort",
    "无平均值": "no averages",
    "年份（留空为最新）": "Year (empty: latest)",
    "条形从 1.0 开始：大于 1 表示高于对标组平均值。绿色为更好，红色为更差（按指标方向），灰色为中性指标。": "Bars start at 1.0: above 1 means above the cohort average. Green is better, red is worse (given the indicator's direction), grey is a neutral indicator.",
    "园区数值": "Zone value",
    "对标组平均值": "Cohort average",
    "比值": "Ratio",
    "差距": "Gap",
    "来源": "Source",
    "无数据：该园区与该对标组没有同一年份、同一期间都有数值的指标。": "No data: the zone and the cohort have no indicator with values in the same year and period.",
    "请选择一个园区和一个对标组。": "Choose a zone and a cohort.",
    "比较园区": "Compare zones",
    "园区（可多选）": "Zones (several)",
    "所选指标无数据": "no data for the chosen indicators",
    "指标（可多选）": "Indicators (several)",
    "起始年份": "From year",
    "截止年份": "To year",
    "请至少选择一个园区和一个指标。": "Choose at least one zone and one indicator.",
    "注意：这里只显示所选期间的数据，不与全年数据混合。": "Note: only figures of the chosen period are shown, never mixed with full-year figures.",
    "归一化雷达图": "Normalised radar",
    "每个指标取各园区在所选年份范围内的最新数值，按所选园区缩放到 0–1（1 为所选园区中最好的）。": "Each indicator takes every zone's latest value in the chosen years, scaled 0–1 among the chosen zones (1 is the best of them).",
    "数据表": "Data table",
    "下载全部数据（CSV）": "Download all data (CSV)",
    "数值": "Value",
    "原文": "As reported",
    "请求有误": "Bad request",
    "找不到所请求的内容": "Not found",
    "参数": "Parameter",
    "清除选择，重新开始": "Clear the selection and start again",
    "去掉这一参数，保留其他选择": "Drop this parameter and keep the other choices",
    "请保留不超过 %(limit)s 项，取消勾选其余各项后重试：": "Keep at most %(limit)s: untick the others and try again:",
    "重试": "Try again",
    "菜单": "Menu",
    "%(year)s年（%(period)s）唯一有数值的园区": "the only zone with a %(year)s %(period)s value",
    "：": ": ",
    "差": "gap",
    "%(zone_name)s %(year)s 年（%(period)s）%(indicator_name)s %(shown)s": "%(zone_name)s, %(indicator_name)s %(year)s (%(period)s): %(shown)s",
    "，是“%(cohort)s”平均值（%(average_shown)s）的 %(times)s 倍": ", %(times)s times the mean of “%(cohort)s” (%(average_shown)s)",
    "，是唯一有数据的园区。": "; the only zone with data.",
    "，位列有数据的 %(n)s 个园区第 %(rank)s。": "; ranked %(rank)s of the %(n)s zones with data.",
    "未能比较的对标组统计": "Cohort statistics not compared",
    "对标组报告的其他统计数字，以及不能与该园区比较的原因。": "The other figures reported for the cohort, and why each cannot be compared with the zone.",
    "原因": "Why",
    "不是平均值：单个园区不能与之相比": "not a mean: no single zone compares with it",
    "另一期间，不与所选期间的数值混合": "another period, never mixed with the chosen one",
    "该园区在此期间没有这一指标的数值": "the zone has no value of this indicator in this period",
    "已按双方都有数值的更晚年份比较": "compared in a later year both have",
    "该园区没有这一年份的数值": "the zone has no value for this year",
    "柱状图只比较同一年份：%(year)s 年。": "The bars compare one year only: %(year)s.",
    "%(year)s 年无数值：%(zones)s。": "No value for %(year)s: %(zones)s.",
    "%(year)s 年 = 100": "%(year)s = 100",
    "指数（%(year)s 年 = 100）": "Index (%(year)s = 100)",
    "每个园区以所选园区都有数值的第一年为 100。": "Each zone is set to 100 in the first year all the chosen zones have a value.",
    "各指标在图中园区之间缩放：0 为最低，1 为最好": "Each indicator scaled among the zones drawn: 0 the lowest, 1 the best",
    "折线图：": "Line charts: ",
    "指数（首个共同年份 = 100）": "index (first common year = 100)",
    "这些园区没有共同的年份（或基年数值不为正），无法画成指数。": "These zones share no year (or a base value is not positive): no index can be drawn.",
    "只画至少两个园区都有数值的指标，以及在其中三个以上指标上有数值的园区。每个指标取各园区在所选年份范围内的最新数值，只在图中园区之间缩放到 0–1（0 为其中最低，1 为其中最好）。": "Only indicators with values for at least two of the zones drawn, and zones with values on three or more of those, are drawn. Each indicator takes each zone's latest value in the chosen years, scaled 0-1 among the zones drawn only (0 the lowest of them, 1 the best).",
    "参数无效 / Invalid parameters.": "Invalid parameters.",
    "图中显示前 %(limit)s 名，共 %(n)s 个园区；完整排名见排名页。": "Showing the top %(limit)s of %(n)s zones; full ranking on the rankings page.",
    "有数值，但不在所选排名范围内。": "has a value, but is outside the peers chosen for this ranking.",
    "%(year)s %(period)s无数据（最近：%(latest)s）": "no %(period)s figure for %(year)s (latest: %(latest)s)",
    "没有任何年份的%(period)s数据": "no %(period)s figure in any year",
    "园区发展指标对标": "Development indicators of zones, benchmarked",
    "个园区": "zones",
    "项有数据的指标": "indicators with data",
    "个数值": "figures",
    "份来源": "sources",
    "排名与对标组平均值": "Ranking and cohort averages",
    "在排名页中查看全部排名和筛选": "Open the full ranking with its filters",
    "园区地图": "Map of the zones",
    "%(located)s / %(n)s 个园区有坐标。": "%(located)s of %(n)s zones have coordinates.",
    "各园区最新数值": "Latest figures of every zone",
    "上一页": "Previous",
    "下一页": "Next",
    "代码": "Code",
    "单位": "Unit",
    "类别": "Category",
    "方向": "Direction",
    "定义": "Definition",
    "园区数": "Zones",
    "年份列：该年有数值（任一期间）的园区数。": "Year columns: how many zones have a value that year (any period).",
    "名次": "Rank",
    "与“%(name)s”平均值之比": "Ratio to the “%(name)s” average",
    "%(rank)s / %(n)s": "%(rank)s of %(n)s",
    "“%(name)s”平均值": "“%(name)s” average",
    "年份 / 期间": "Year / period",
    "出处位置": "Where in the source",
    "统计量": "Statistic",
    "该来源尚无录入的数值。": "No figures have been taken from this source yet.",
    "所在地": "Location",
    "面积": "Area",
    "设立年份": "Founded",
    "发展模式": "Development model",
    "主导产业": "Lead industries",
    "最新数值、排名与对标组平均值之比": "Latest figures, ranks and ratios to the cohort averages",
    "与对标组平均值之比": "Ratio to the cohort averages",
    "第 %(rank)s 名，共 %(n)s 个%(year)s年（%(period)s）有数值的园区": "%(rank)s of %(n)s zones with a %(year)s value (%(period)s)",
    "产业结构": "Industry structure",
    "历年变化": "Over the years",
    "搜索": "Search",
    "筛选": "Filter",
    "%(n)s 个园区": ("%(n)s zone", "%(n)s zones"),
    "没有符合条件的园区。": "No zone matches.",
    "雷达图需要至少两个在三个以上所选指标上都有数值的园区；当前的选择不满足。": "A radar needs at least two zones with values on three or more of the chosen indicators; this selection has none.",
    # branch imports: several sources for one figure
    "另有来源报告": "also reported:",
    "（首选来源）": "(preferred source)",
    "每个园区只取一个数值：几个来源报告同一数值时，取首选来源的（管理员指定的优先，其次官方、半官方、研究机构、媒体、聚合站，再次最新发布的）。": "One figure per zone: where several sources report it, the preferred source's (a steward's choice first, then official, semi-official, research, media, aggregator, then the most recently published).",
}


def unquote(block: str) -> str:
    return (
        "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"').replace("\\n", "\n")
    )


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")
    missing = []
    out = []
    for entry in entries:
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if (
            not match
            or entry.startswith("# SOME DESCRIPTIVE")
            or 'msgid ""\nmsgstr ""\n"' in entry[:40]
        ):
            out.append(entry.replace("#, fuzzy\n", "", 1) if entry.startswith("# SOME") else entry)
            continue
        msgid = unquote(match.group(1))
        if not msgid:
            out.append(entry)
            continue
        translation = EN.get(msgid)
        if translation is None:
            missing.append(msgid)
            out.append(entry)
            continue
        head = entry[: entry.index("msgstr")]
        head = head.replace("#, fuzzy\n", "").replace(", fuzzy", "")
        if isinstance(translation, tuple):
            body = f"msgstr[0] {quote(translation[0])}\nmsgstr[1] {quote(translation[1])}"
        else:
            body = f"msgstr {quote(translation)}"
        out.append(head + body)
    PO.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
