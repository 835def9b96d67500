"""Labels of the analytics area: the pictures' titles, axes and legends."""

from __future__ import annotations

EN: dict[str, str] = {
    "analytics.plot.funnel.title": "Funnel: deals that reached each stage",
    "analytics.plot.funnel.axis": "Deals",
    "analytics.plot.funnel.went_on": "{share} went on",
    "analytics.plot.forecast.title": "Forecast by category and period of expected close",
    "analytics.plot.forecast.axis": "Amount ({currency})",
    "analytics.plot.forecast.weighted": "Weighted",
    "analytics.plot.forecast.no_close": "No expected close",
    "analytics.plot.time_in_stage.title": "Time in stage (Kaplan-Meier, deals still there count)",
    "analytics.plot.time_in_stage.days": "Days in the stage",
    "analytics.plot.time_in_stage.share": "Share still in the stage",
    "analytics.plot.time_in_stage.percentile": "{percentile}th percentile",
    "analytics.plot.time_in_stage.median": "Median",
    "analytics.plot.win_rate.title": "Win rate: won among closed deals",
    "analytics.plot.win_rate.axis": "Win rate",
    "analytics.plot.win_rate.all": "All deals",
    "analytics.plot.win_rate.closed": "{won} of {closed}",
    "analytics.plot.insufficient": "insufficient history",
    "analytics.plot.none": "(none)",
}

ZH_HANS: dict[str, str] = {
    "analytics.plot.funnel.title": "漏斗：到达各阶段的商机",
    "analytics.plot.funnel.axis": "商机数",
    "analytics.plot.funnel.went_on": "{share} 进入下一阶段",
    "analytics.plot.forecast.title": "按预测类别和预计成交期间的预测",
    "analytics.plot.forecast.axis": "金额（{currency}）",
    "analytics.plot.forecast.weighted": "加权金额",
    "analytics.plot.forecast.no_close": "无预计成交日期",
    "analytics.plot.time_in_stage.title": "阶段停留时间（Kaplan-Meier 估计，仍在阶段的商机计入）",
    "analytics.plot.time_in_stage.days": "在该阶段的天数",
    "analytics.plot.time_in_stage.share": "仍在该阶段的比例",
    "analytics.plot.time_in_stage.percentile": "第 {percentile} 百分位",
    "analytics.plot.time_in_stage.median": "中位数",
    "analytics.plot.win_rate.title": "赢单率：已关闭商机中赢单的比例",
    "analytics.plot.win_rate.axis": "赢单率",
    "analytics.plot.win_rate.all": "全部商机",
    "analytics.plot.win_rate.closed": "{closed} 个中赢 {won} 个",
    "analytics.plot.insufficient": "历史数据不足",
    "analytics.plot.none": "（无）",
}
