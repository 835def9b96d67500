"""Labels of de-duplication (dedupe): outcomes, fields, levels, rules, reports."""

from __future__ import annotations

EN: dict[str, str] = {
    "enum.match_outcome.match": "Match",
    "enum.match_outcome.review": "Review",
    "enum.match_outcome.non_match": "Not a match",
    "enum.survivor_rule.most_complete": "Most complete record",
    "enum.survivor_rule.most_recent": "Most recent record",
    "enum.survivor_rule.first": "First record of the cluster",
    "dedupe.field.uscc": "Credit code",
    "dedupe.field.core": "Core name",
    "dedupe.field.region": "Region",
    "dedupe.field.industry": "Industry",
    "dedupe.field.legal_kind": "Legal form",
    "dedupe.field.branch": "Branch",
    "dedupe.field.phone": "Phone",
    "dedupe.field.email": "E-mail",
    "dedupe.field.web_domain": "Website",
    "dedupe.field.name": "Name",
    "dedupe.field.title": "Title",
    "dedupe.field.customer_id": "Customer",
    "dedupe.field.contact_name": "Contact name",
    "dedupe.level.different": "different",
    "dedupe.level.similar": "similar",
    "dedupe.level.close": "close",
    "dedupe.level.exact": "the same",
    "dedupe.level.sounds_alike": "sounds alike",
    "dedupe.level.transliterated": "same in pinyin",
    "dedupe.level.same_province": "same province",
    "dedupe.level.overlap": "overlapping",
    "dedupe.level.same_domain": "same domain",
    "dedupe.level.missing": "no value",
    "dedupe.rule.exact_key": "The credit code is the same: one company.",
    "dedupe.rule.sound_needs_support": (
        "The names agree only in sound: the other fields do not support a match, so review."
    ),
    "dedupe.rule.possible_branch": (
        "Same name and industry, another region or a branch: possibly a branch, so review."
    ),
    "dedupe.rule.conflict": (
        "A field that tells companies apart (region, industry, branch, credit code) differs, "
        "so review."
    ),
    "dedupe.rule.conflicts_with_cluster": (
        "Would join records judged distinct into one cluster, so review."
    ),
    "dedupe.explain.pair": (
        "{left} and {right}: {outcome} (probability {probability}, weight {weight} bits)"
    ),
    "dedupe.explain.prior": "prior: {weight}",
    "dedupe.explain.field": "{field}: {level} ({weight}; {left} / {right})",
    "dedupe.report.clean": "No duplicate customers among {count} records.",
    "dedupe.report.duplicates": (
        "{clusters} group(s) of duplicate customers among {count} records: {groups}."
    ),
    "dedupe.report.review": "{review} pair(s) to review.",
    "dedupe.check.new": "No customer in the book looks like {name}.",
    "dedupe.check.duplicate": "{name} looks like {matches}: use the existing record.",
    "dedupe.check.review": "{name} may be {matches}: check before creating it.",
}

ZH_HANS: dict[str, str] = {
    "enum.match_outcome.match": "匹配",
    "enum.match_outcome.review": "待复核",
    "enum.match_outcome.non_match": "不匹配",
    "enum.survivor_rule.most_complete": "信息最完整的记录",
    "enum.survivor_rule.most_recent": "最近的记录",
    "enum.survivor_rule.first": "组内第一条记录",
    "dedupe.field.uscc": "统一社会信用代码",
    "dedupe.field.core": "核心名称",
    "dedupe.field.region": "地区",
    "dedupe.field.industry": "行业",
    "dedupe.field.legal_kind": "组织形式",
    "dedupe.field.branch": "分支机构",
    "dedupe.field.phone": "电话",
    "dedupe.field.email": "电子邮箱",
    "dedupe.field.web_domain": "网站",
    "dedupe.field.name": "姓名",
    "dedupe.field.title": "职务",
    "dedupe.field.customer_id": "所属客户",
    "dedupe.field.contact_name": "联系人",
    "dedupe.level.different": "不同",
    "dedupe.level.similar": "相似",
    "dedupe.level.close": "接近",
    "dedupe.level.exact": "相同",
    "dedupe.level.sounds_alike": "读音相同",
    "dedupe.level.transliterated": "拼音相同",
    "dedupe.level.same_province": "同省",
    "dedupe.level.overlap": "部分相同",
    "dedupe.level.same_domain": "同一域名",
    "dedupe.level.missing": "无数据",
    "dedupe.rule.exact_key": "统一社会信用代码相同：同一家公司。",
    "dedupe.rule.sound_needs_support": "名称仅读音相同，其他字段不支持匹配，需复核。",
    "dedupe.rule.possible_branch": "名称和行业相同，但地区不同或为分支机构：可能是分公司，需复核。",
    "dedupe.rule.conflict": "区分公司的字段（地区、行业、分支机构、信用代码）不同，需复核。",
    "dedupe.rule.conflicts_with_cluster": "合并会把判定为不同的记录归为一组，需复核。",
    "dedupe.explain.pair": "{left} 与 {right}：{outcome}（概率 {probability}，权重 {weight} 比特）",
    "dedupe.explain.prior": "先验：{weight}",
    "dedupe.explain.field": "{field}：{level}（{weight}；{left} / {right}）",
    "dedupe.report.clean": "{count} 条记录中没有重复客户。",
    "dedupe.report.duplicates": "{count} 条记录中有 {clusters} 组重复客户：{groups}。",
    "dedupe.report.review": "{review} 对记录待复核。",
    "dedupe.check.new": "客户库中没有与 {name} 相似的客户。",
    "dedupe.check.duplicate": "{name} 与 {matches} 相同：请使用已有记录。",
    "dedupe.check.review": "{name} 可能是 {matches}：创建前请核实。",
}
