"""Labels of the analytics area: the pictures' titles, axes and legends, the demo, and the
win probability's explanation."""

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
    "analytics.demo.floor": "(a small book: the sample floor is lowered to {floor} deal)",
    "analytics.demo.funnel": "Funnel of the {pipeline} pipeline (deals that reached each stage):",
    "analytics.demo.funnel_line": "{stage}: {reached}",
    "analytics.demo.win_rate": "Win rate by owner (won among closed deals):",
    "analytics.demo.win_rate_line": "{owner}: {won} of {closed} won ({rate})",
    "analytics.demo.velocity": "Sales velocity (open x win rate x average won / cycle days):",
    "analytics.demo.velocity_line": (
        "{currency}: {open} open, win rate {rate}, average won {average}, "
        "cycle {days} days -> {velocity} a day"
    ),
    "analytics.demo.forecast": "Forecast by quarter of expected close (roll-ups cumulative):",
    "analytics.demo.forecast_line": (
        "{period}: commit {commit} (closed {closed}), best case {best_case}, "
        "pipeline {pipeline}, weighted {weighted}"
    ),
    "analytics.demo.no_close": "no expected close",
    "analytics.demo.time_in_stage": (
        "Time in stage at {day} (Kaplan-Meier; deals still there count):"
    ),
    "analytics.demo.time_in_stage_line": (
        "{pipeline} / {stage}: visits {visits}, still there {still}, median {median}"
    ),
    "analytics.demo.days": "{days} days",
    "analytics.demo.not_reached": "not reached yet",
    "analytics.demo.compliance": "Time-rule compliance per rule and person:",
    "analytics.demo.compliance_line": (
        "{rule} / {person}: {on_time} on time, {late} late, {overdue} overdue, {not_due} not due"
    ),
    "analytics.demo.insufficient": "insufficient history",
    "analytics.probability.head": "Win probability {probability}",
    "analytics.probability.base": "Base rate {rate}: {won} won of {closed} closed deals",
    "analytics.probability.raises": (
        "{field} {value} raises it (x{ratio}; won {won}, lost {lost} with it)"
    ),
    "analytics.probability.lowers": (
        "{field} {value} lowers it (x{ratio}; won {won}, lost {lost} with it)"
    ),
    "analytics.probability.neutral": (
        "{field} {value} neither raises nor lowers it (won {won}, lost {lost} with it)"
    ),
    "analytics.probability.rare": (
        "{field} {value} is left out: only {deals} closed deals had it (at least {floor} needed)"
    ),
    "analytics.probability.unseen": "{field} {value} is left out: no closed deal had it",
    "analytics.probability.insufficient": (
        "Insufficient history: {won} won and {lost} lost deals "
        "(at least {floor} closed deals, won and lost, needed)"
    ),
    "analytics.probability.field.stage": "Stage",
    "analytics.probability.field.pipeline": "Pipeline",
    "analytics.probability.field.owner": "Owner",
    "analytics.probability.field.customer_id": "Customer",
    "analytics.probability.field.lead_id": "Lead",
    "analytics.probability.field.created_at.year": "Year created",
    "analytics.probability.field.created_at.quarter": "Quarter created",
    "analytics.probability.field.created_at.month": "Month created",
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
    "analytics.demo.floor": "（样本较小：最低样本数降为 {floor} 个商机）",
    "analytics.demo.funnel": "{pipeline} 流程的漏斗（到达各阶段的商机数）：",
    "analytics.demo.funnel_line": "{stage}：{reached}",
    "analytics.demo.win_rate": "按负责人的赢单率（已关闭商机中赢单的比例）：",
    "analytics.demo.win_rate_line": "{owner}：{closed} 个中赢 {won} 个（{rate}）",
    "analytics.demo.velocity": "销售速度（未关闭商机数 × 赢单率 × 平均赢单金额 ÷ 周期天数）：",
    "analytics.demo.velocity_line": (
        "{currency}：未关闭 {open} 个，赢单率 {rate}，平均赢单金额 {average}，"
        "周期 {days} 天 -> 每天 {velocity}"
    ),
    "analytics.demo.forecast": "按预计成交季度的预测（累计汇总）：",
    "analytics.demo.forecast_line": (
        "{period}：承诺 {commit}（已成交 {closed}），最佳情况 {best_case}，"
        "进行中 {pipeline}，加权 {weighted}"
    ),
    "analytics.demo.no_close": "无预计成交日期",
    "analytics.demo.time_in_stage": (
        "截至 {day} 的阶段停留时间（Kaplan-Meier；仍在阶段的商机计入）："
    ),
    "analytics.demo.time_in_stage_line": (
        "{pipeline} / {stage}：停留 {visits} 次，仍在该阶段 {still} 个，中位数 {median}"
    ),
    "analytics.demo.days": "{days} 天",
    "analytics.demo.not_reached": "尚未达到",
    "analytics.demo.compliance": "按规则和人员的时限规则执行情况：",
    "analytics.demo.compliance_line": (
        "{rule} / {person}：按时 {on_time}，延迟 {late}，逾期 {overdue}，未到期 {not_due}"
    ),
    "analytics.demo.insufficient": "历史数据不足",
    "analytics.probability.head": "赢单概率 {probability}",
    "analytics.probability.base": "基础赢率 {rate}：{closed} 个已结束商机中赢单 {won} 个",
    "analytics.probability.raises": (
        "{field}「{value}」提高概率（x{ratio}；有此值的赢单 {won}、丢单 {lost}）"
    ),
    "analytics.probability.lowers": (
        "{field}「{value}」降低概率（x{ratio}；有此值的赢单 {won}、丢单 {lost}）"
    ),
    "analytics.probability.neutral": (
        "{field}「{value}」不影响概率（有此值的赢单 {won}、丢单 {lost}）"
    ),
    "analytics.probability.rare": (
        "{field}「{value}」未计入：只有 {deals} 个已结束商机有此值（至少需要 {floor} 个）"
    ),
    "analytics.probability.unseen": "{field}「{value}」未计入：没有已结束商机有此值",
    "analytics.probability.insufficient": (
        "历史数据不足：赢单 {won} 个、丢单 {lost} 个"
        "（至少需要 {floor} 个已结束商机，且赢单丢单都有）"
    ),
    "analytics.probability.field.stage": "阶段",
    "analytics.probability.field.pipeline": "销售流程",
    "analytics.probability.field.owner": "负责人",
    "analytics.probability.field.customer_id": "客户",
    "analytics.probability.field.lead_id": "线索",
    "analytics.probability.field.created_at.year": "创建年份",
    "analytics.probability.field.created_at.quarter": "创建季度",
    "analytics.probability.field.created_at.month": "创建月份",
}
