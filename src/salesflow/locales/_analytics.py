"""Labels of pipeline analytics: the win probability's explanation."""

from __future__ import annotations

EN: dict[str, str] = {
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
