"""Labels of the stages area: pipelines, stages, forecast categories, reasons."""

from __future__ import annotations

EN: dict[str, str] = {
    # pipelines
    "pipeline.basic": "Basic sale (5 steps)",
    "pipeline.complex": "Complex sale (7 steps)",
    "pipeline.seven_step": "Seven-step sale",
    "pipeline.lifecycle": "Customer lifecycle",
    "pipeline.full_process": "Full sales process",
    # basic
    "stage.basic.prospect_list": "Build the prospect list",
    "stage.basic.book_visit": "Book the visit",
    "stage.basic.propose_brief": "Propose and brief",
    "stage.basic.close": "Close",
    "stage.basic.after_sale": "After-sale",
    # complex
    "stage.complex.prospect_list": "Build the prospect list",
    "stage.complex.book_visit": "Book the visit",
    "stage.complex.propose_brief": "Propose and brief",
    "stage.complex.gather_data": "Gather data",
    "stage.complex.advance_project": "Advance the project",
    "stage.complex.sign_contract": "Sign the contract",
    "stage.complex.after_sale": "After-sale",
    # seven_step
    "stage.seven_step.prospecting": "Prospecting",
    "stage.seven_step.qualification": "First contact and qualification",
    "stage.seven_step.needs_assessment": "Needs assessment",
    "stage.seven_step.presentation": "Pitch or demo",
    "stage.seven_step.proposal": "Proposal and objections",
    "stage.seven_step.close": "Close",
    "stage.seven_step.follow_up": "Follow-up, repeat business and referrals",
    # lifecycle
    "stage.lifecycle.find": "Find",
    "stage.lifecycle.invite": "Invite",
    "stage.lifecycle.visit": "Visit",
    "stage.lifecycle.follow_up": "Follow up",
    "stage.lifecycle.close": "Close",
    "stage.lifecycle.maintain": "Maintain",
    # full_process
    "stage.full_process.lead_capture": "Lead capture and screening",
    "stage.full_process.grading_discovery": "Grading and needs discovery",
    "stage.full_process.assessment_proposal": "Opportunity assessment and proposal",
    "stage.full_process.negotiation_contract": "Negotiation and contract",
    "stage.full_process.delivery_after_sales": "Delivery and after-sales",
    # forecast categories
    "enum.forecast_category.pipeline": "Pipeline",
    "enum.forecast_category.best_case": "Best case",
    "enum.forecast_category.commit": "Commit",
    "enum.forecast_category.closed": "Closed",
    "enum.forecast_category.omitted": "Omitted",
    # lost reasons
    "lost_reason.price": "Price",
    "lost_reason.competitor": "Lost to a competitor",
    "lost_reason.no_budget": "No budget",
    "lost_reason.no_decision": "No decision",
    "lost_reason.timing": "Timing",
    "lost_reason.product_fit": "Product fit",
    "lost_reason.no_response": "No response",
    "lost_reason.other": "Other",
    "lost_reason.not_recorded": "Not recorded",
    # win outcomes
    "win_outcome.upgraded": "Upgraded",
    # won reasons (DEFAULT_WON_REASONS)
    "won_reason.price": "Price",
    "won_reason.relationship": "Relationship",
    "won_reason.product_fit": "Product fit",
    "won_reason.service": "Service",
    "won_reason.reference": "A reference customer",
    "won_reason.other": "Other",
    # why a move was refused
    "transition.wrong_status": "The deal's status does not allow this move",
    "transition.wrong_pipeline": "The deal belongs to another pipeline",
    "transition.unknown_stage": "Unknown stage",
    "transition.not_allowed": "The pipeline does not allow this move",
    "transition.skipped_gate": "A skipped stage's requirement is not met",
    "transition.unmet_requirement": "A requirement of the stage is not met",
    "transition.bad_reason": "The reason or outcome is not one the pipeline allows",
    "transition.reopen_not_allowed": "The pipeline does not allow reopening",
    "transition.score_too_low": "A score the stage requires is not reached",
    "transition.bad_fact": "A fact a required score reads has the wrong type",
    # diagrams
    "stages.diagram.back": "back goes to any earlier stage",
    "stages.diagram.skip": "skip goes past the next stage to any later one",
}

ZH_HANS: dict[str, str] = {
    # pipelines
    "pipeline.basic": "基本销售流程（5 步）",
    "pipeline.complex": "复杂销售流程（7 步）",
    "pipeline.seven_step": "七步销售法",
    "pipeline.lifecycle": "客户生命周期",
    "pipeline.full_process": "销售全流程",
    # basic
    "stage.basic.prospect_list": "建立潜在客户名单",
    "stage.basic.book_visit": "预约拜访",
    "stage.basic.propose_brief": "提案与介绍",
    "stage.basic.close": "成交",
    "stage.basic.after_sale": "售后",
    # complex
    "stage.complex.prospect_list": "建立潜在客户名单",
    "stage.complex.book_visit": "预约拜访",
    "stage.complex.propose_brief": "提案与介绍",
    "stage.complex.gather_data": "收集资料",
    "stage.complex.advance_project": "推进项目",
    "stage.complex.sign_contract": "签订合同",
    "stage.complex.after_sale": "售后",
    # seven_step
    "stage.seven_step.prospecting": "寻找客户",
    "stage.seven_step.qualification": "初次接触与资格审查",
    "stage.seven_step.needs_assessment": "需求评估",
    "stage.seven_step.presentation": "方案展示或演示",
    "stage.seven_step.proposal": "报价与异议处理",
    "stage.seven_step.close": "成交",
    "stage.seven_step.follow_up": "跟进、复购与转介绍",
    # lifecycle
    "stage.lifecycle.find": "寻找",
    "stage.lifecycle.invite": "邀约",
    "stage.lifecycle.visit": "拜访",
    "stage.lifecycle.follow_up": "跟进",
    "stage.lifecycle.close": "成交",
    "stage.lifecycle.maintain": "维护",
    # full_process
    "stage.full_process.lead_capture": "线索获取与筛选",
    "stage.full_process.grading_discovery": "分级与需求挖掘",
    "stage.full_process.assessment_proposal": "商机评估与方案",
    "stage.full_process.negotiation_contract": "谈判与签约",
    "stage.full_process.delivery_after_sales": "交付与售后",
    # forecast categories
    "enum.forecast_category.pipeline": "进行中",
    "enum.forecast_category.best_case": "最佳情况",
    "enum.forecast_category.commit": "承诺",
    "enum.forecast_category.closed": "已成交",
    "enum.forecast_category.omitted": "不计入",
    # lost reasons
    "lost_reason.price": "价格",
    "lost_reason.competitor": "输给竞争对手",
    "lost_reason.no_budget": "没有预算",
    "lost_reason.no_decision": "未做决定",
    "lost_reason.timing": "时机",
    "lost_reason.product_fit": "产品不匹配",
    "lost_reason.no_response": "客户无回应",
    "lost_reason.other": "其他",
    "lost_reason.not_recorded": "未记录",
    # win outcomes
    "win_outcome.upgraded": "升级",
    # won reasons (DEFAULT_WON_REASONS)
    "won_reason.price": "价格",
    "won_reason.relationship": "客户关系",
    "won_reason.product_fit": "产品匹配",
    "won_reason.service": "服务",
    "won_reason.reference": "参考客户",
    "won_reason.other": "其他",
    # why a move was refused
    "transition.wrong_status": "商机当前状态不允许此操作",
    "transition.wrong_pipeline": "商机属于另一个销售流程",
    "transition.unknown_stage": "未知阶段",
    "transition.not_allowed": "销售流程不允许此操作",
    "transition.skipped_gate": "被跳过阶段的要求未满足",
    "transition.unmet_requirement": "阶段要求未满足",
    "transition.bad_reason": "原因或结果不在销售流程允许的范围内",
    "transition.reopen_not_allowed": "销售流程不允许重新打开",
    "transition.score_too_low": "未达到该阶段要求的评分",
    "transition.bad_fact": "所需评分读取的事实类型不对",
    # diagrams
    "stages.diagram.back": "back 可退回任一之前的阶段",
    "stages.diagram.skip": "skip 可越过下一阶段，跳到任一之后的阶段",
}
