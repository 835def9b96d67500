"""Labels of the book as a table (tables): the demo's lines."""

from __future__ import annotations

EN: dict[str, str] = {
    "tables.demo.no_extra": "(skipped: the book as a table needs pip install 'salesflow[tables]')",
    "tables.demo.book": "The book as a polars frame: {rows} deals, {columns} typed columns.",
    "tables.demo.scores": "BANT over the frame (one pass, compiled to polars expressions):",
    "tables.demo.score_row": "  {id:<20} {total} of {maximum}  {band}",
    "tables.demo.same": "Row by row, scorecard.evaluate gives the same: {same}.",
    "tables.demo.weighted": (
        "Pipeline {pipeline}: {deals} deals, weighted open amount {amount} (over the frame)."
    ),
    "tables.demo.gates": "Gates over the frame: {leaving} of {deals} deals may leave their stage.",
    "tables.demo.lacks": "  {id:<20} lacks {count}: {first}",
}

ZH_HANS: dict[str, str] = {
    "tables.demo.no_extra": "（已跳过：表格化客户库需要 pip install 'salesflow[tables]'）",
    "tables.demo.book": "以 polars 数据框表示的客户库：{rows} 个商机，{columns} 个类型化列。",
    "tables.demo.scores": "在数据框上计算 BANT（一次扫描，编译为 polars 表达式）：",
    "tables.demo.score_row": "  {id:<20} {total}/{maximum}  {band}",
    "tables.demo.same": "逐行调用 scorecard.evaluate 结果相同：{same}。",
    "tables.demo.weighted": (
        "销售流程 {pipeline}：{deals} 个商机，未结加权金额 {amount}（在数据框上计算）。"
    ),
    "tables.demo.gates": "在数据框上检查阶段门槛：{deals} 个商机中有 {leaving} 个可离开当前阶段。",
    "tables.demo.lacks": "  {id:<20} 缺 {count} 项：{first}",
}
