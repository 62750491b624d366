"""部门整体支出绩效看板: the entry file. The frame (navigation, shared sidebar filters); each page is
a file in dashboards/views/. Start it with `jixiao serve` (dashboards/serve.py)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:   # `streamlit run dashboards/app.py` puts only dashboards/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboards import db, ui  # noqa: E402

st.set_page_config(page_title="部门整体支出绩效看板", page_icon="📊", layout="wide")

PAGES = {
    "分析": [
        st.Page("views/overview.py", title="总览", icon=":material/dashboard:", url_path="overview", default=True),
        st.Page("views/compare.py", title="部门对比", icon=":material/leaderboard:", url_path="compare"),
        st.Page("views/trend.py", title="趋势", icon=":material/show_chart:", url_path="trend"),
        st.Page("views/three_public.py", title="三公经费与运行成本", icon=":material/account_balance:",
                url_path="three_public"),
        st.Page("views/problems.py", title="问题分析", icon=":material/report_problem:", url_path="problems"),
        st.Page("views/credibility.py", title="自评可信度", icon=":material/fact_check:", url_path="credibility"),
    ],
    "明细": [
        st.Page("views/report.py", title="报告详情", icon=":material/description:", url_path=ui.REPORT_PAGE),
        st.Page("views/quality.py", title="数据质量", icon=":material/fact_check:", url_path="quality"),
    ],
}

page = st.navigation(PAGES)
st.logo(str(Path(__file__).parent / "logo.svg"), size="large")
if db.status() == "ok":
    ui.sidebar_filters()
    info = db.build_info()
    published = info["published_at"].strftime("%Y-%m-%d %H:%M") if info.get("published_at") is not None else "—"
    st.sidebar.caption(f"数据：{int(info['reports'] or 0):,} 份报告 · 构建发布于 {published}")
page.run()
