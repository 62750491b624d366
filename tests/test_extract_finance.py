from decimal import Decimal as D

import pytest

from snippets import facts_of, values


@pytest.mark.parametrize("text,key,yuan", [
    ("本年收入为 529.51 万元，支出为 539.33 万元。", "income_total", D("5295100.00")),
    ("本年收入为 529.51 万元，支出为 539.33 万元。", "expenditure_total", D("5393300.00")),
    ("2024 年度总收入决算数 285.53 万元，其中一般公共预算财政拨款收入 285.53 万元。", "income_general_budget", D("2855300.00")),
    ("市某某局2024年支出数是54941612.82元。", "expenditure_total", D("54941612.82")),
    ("2023 年部门决算总支出 12,054.87 万元，其中：工资福利支出 2,260.22 万元。", "econ_wages_welfare", D("22602200.00")),
    ("2023年度收入合计1,234.56万元，其中：财政拨款收入1,200.00万元，其他收入34.56万元。", "income_total", D("12345600.00")),
    ("2023年度收入合计1,234.56万元，其中：财政拨款收入1,200.00万元，其他收入34.56万元。", "income_other", D("345600.00")),
    ("2023年度支出合计1,230.00万元，其中：基本支出800.00万元，项目支出430.00万元。", "expenditure_project", D("4300000.00")),
    ("基本支出 245.31 万元，包括人员经费支出 225.63 万元、日常公用经费 19.68 万元。", "expenditure_personnel", D("2256300.00")),
    ("基本支出 245.31 万元，包括人员经费支出 225.63 万元、日常公用经费 19.68 万元。", "expenditure_public", D("196800.00")),
    ("项目支出 294.02 万元；年末结转 9.88 万元。", "carryover", D("98800.00")),
    ("上年总收入决算数为 374.30 万元。", "income_prior_year", D("3743000.00")),
    ("我局全年预算数 9377.98 万元，执行数 9377.98 万元，完成预算的 100%。", "budget_executed", D("93779800.00")),
    ("年初预算数为500万元，全年预算数为520万元，全年执行数为510万元。", "budget_total", D("5200000.00")),
    ("部门决算支出合计2.35亿元。", "expenditure_total", D("235000000.00")),
])
def test_amount_labels(text, key, yuan):
    assert values(text, "amounts").get(key) == yuan


def test_generic_figure_takes_the_subject_of_its_sentence():
    got = values("2024 年我局公用经费预算数为 20.4 万元,决算数为 17.40 万元。我局“三公”经费预算数为 3.55 万元,"
                 "决算数为 0.0693 万元。2024 年我局政府采购预算 60.68 万元，决算支出 65.02 万元。", "amounts")
    assert got == {"public_funds_budget": D("204000.00"), "public_funds_actual": D("174000.00"),
                   "three_public_budget": D("35500.00"), "three_public_actual": D("693.00"),
                   "procurement_budget": D("606800.00"), "procurement_actual": D("650200.00")}


def test_three_public_compared_with_its_budget():
    got = values("我局2024年“三公”经费实际支出数70818.37元≤2024年预算安排的“三公”经费数211500元。", "amounts")
    assert got == {"three_public_actual": D("70818.37"), "three_public_budget": D("211500.00")}


def test_three_public_without_quotes_and_actual_spending():
    got = values("三公经费预算数15万元，实际支出12.5万元，比上年减少2.3万元。", "amounts")
    assert got == {"three_public_budget": D("150000.00"), "three_public_actual": D("125000.00")}


def test_sme_procurement_and_reserved_share():
    got = values("2023年我局实际面向中小企业采购金额合计数为 3,754.11 万元，预算编制时部门预留金额合计数为 3,754.11 万元，"
                 "执行率达到 100%。", "amounts")
    assert got["sme_procurement_actual"] == D("37541100.00")
    assert got["sme_procurement_reserved"] == D("37541100.00")
    assert "budget_execution_rate" not in values("实际面向中小企业采购金额为 10 万元，执行率达到 90%。", "rates")


def test_figures_of_projects_and_enterprises_are_not_department_amounts():
    got = values("智慧城市项目累计完成投资 2.7961 亿元。助力市交投集团获得1000万元贷款。节约企业开业成本 31.67 万元。",
                 "amounts")
    assert got == {}


def test_explicit_no_carryover_is_zero():
    assert values("决算支出数为9377.98 万元，年末无结转和结余数。", "amounts")["carryover"] == D("0.00")


@pytest.mark.parametrize("text,key,value", [
    ("全年预算资金支出率为 58.48%。", "budget_execution_rate", D("58.48")),
    ("资金支出率为101.85%。", "budget_execution_rate", D("101.85")),
    ("其中基本支出22919373.49元，项目支出32022239.33元，支出完成率100%。", "budget_execution_rate", D("100")),
    ("部门预算执行率98.5%。", "budget_execution_rate", D("98.5")),
    ("本年度我局预算资金支出率为 58.48%，结余率为 0%。", "carryover_rate", D("0")),
    ("结转结余率为1.92%。", "carryover_rate", D("1.92")),
    ("固定资产利用率达到100%。", "fixed_asset_utilization", D("100")),
    ("本单位实际在用固定资产总额与所有固定资产总额的比例为 100%。", "fixed_asset_utilization", D("100")),
    ("与上年度相比，收入决算数减少 23.72%。", "income_change_rate", D("-23.72")),
    ("本年支出较上年增长12.3%。", "expenditure_change_rate", D("12.3")),
])
def test_rate_labels(text, key, value):
    assert values(text, "rates").get(key) == value


def test_shares_and_other_percentages_are_not_rates():
    got = values("工资福利支出 2,260.22 万元，占总支出的 18.75%；绩效目标覆盖率为100%；重点工作完成率为 100%。", "rates")
    assert got == {}


def test_quote_is_the_clause_that_states_the_amount():
    facts, text = facts_of("本年收入为529.51万元，其中：一般公共预算财政拨款收入\n\n433.92 万元。")
    f = next(f for f in facts if f.key == "income_general_budget")
    assert text[f.start:f.end] == "一般公共预算财政拨款收入433.92 万元"
    assert f.unit == "万元"


def test_change_rate_borrows_the_figure_before_it():
    got = values("本年收入合计 500 万元，比上年增长 10.5%；本年支出合计 480 万元，较上年下降 3.2%。", "rates")
    assert got == {"income_change_rate": D("10.5"), "expenditure_change_rate": D("-3.2")}


def test_other_province_phrasings():
    text = ("2021年度本部门收入总计792.22万元，比上年增加189.24万元，增长31.39%。本年支出总计799.12万元，其中：基本支出512.29万元，"
            "占64.11%；项目支出286.83万元，占35.89%。基本支出中：人员经费434.89万元，公用经费77.4万元。"
            "政府采购支出总额35.6万元。年末结余结转资金5.2万元。")
    a = values(text, "amounts")
    assert a == {"income_total": D("7922200.00"), "expenditure_total": D("7991200.00"),
                 "expenditure_basic": D("5122900.00"), "expenditure_project": D("2868300.00"),
                 "expenditure_personnel": D("4348900.00"), "expenditure_public": D("774000.00"),
                 "procurement_actual": D("356000.00"), "carryover": D("52000.00")}
    assert values(text, "rates") == {"income_change_rate": D("31.39")}


def test_parenthetical_aside_before_a_figure_is_not_its_label():
    got = values("本年度部门决算收入总计（含上年结转）1,234.50万元，支出总计(不含结转) 1,200.00万元。", "amounts")
    assert got == {"income_total": D("12345000.00"), "expenditure_total": D("12000000.00")}


def test_final_accounts_totals_and_three_public_from_appropriations():
    text = ("2023年度部门决算收入合计2,345.67万元，其中：财政拨款收入2,300.00万元，占98.05%；其他收入45.67万元。"
            "2023年度部门决算支出合计2,300.00万元，其中：基本支出1,500.00万元，占65.22%；项目支出800.00万元。"
            "2023年“三公”经费财政拨款支出决算为12.34万元，比年初预算减少3.66万元。")
    got = values(text, "amounts")
    assert got == {"income_total": D("23456700.00"), "income_other": D("456700.00"),
                   "expenditure_total": D("23000000.00"), "expenditure_basic": D("15000000.00"),
                   "expenditure_project": D("8000000.00"), "three_public_actual": D("123400.00")}
    assert values("编制人数20人，实有在编人数18人。", "headcount") == {"authorized": D(20), "actual": D(18)}


def test_a_figure_opening_a_bracket_takes_the_words_before_it():
    got = values("本年收入合计500.00万元。本年收入较上年（450.00万元）增长11.11%。", "amounts")
    assert got["income_prior_year"] == D("4500000.00")


@pytest.mark.parametrize("text,expected", [
    # the year before, named or dated, is the prior year's figure, never this year's
    ("2023年度本年收入合计15.86亿元，较上年的14.27亿元增加1.59亿元。",
     {"income_total": "1586000000.00", "income_prior_year": "1427000000.00"}),
    ("2023年度本年支出800.00万元，较上年支出700.00万元增长14.29%。",
     {"expenditure_total": "8000000.00", "expenditure_prior_year": "7000000.00"}),
    ("上年本年收入为450.00万元。", {"income_prior_year": "4500000.00"}),
    ("2022年度本年收入480.00万元，本年收入较上年增长5.58%。", {"income_prior_year": "4800000.00"}),
    ("上年（2022年度）支出为580.00万元。", {"expenditure_prior_year": "5800000.00"}),
    # a plan the adjusted budget replaced is not the department's figure
    ("2021年初部门支出预算500.00万元，包括基本支出300.00万元、项目支出200.00万元。年中调整预算640.00万元。",
     {"budget_total": "6400000.00"}),
    # an economic split of 基本支出 is not the split of the whole
    ("基本支出300.00万元，其中：工资福利支出250.00万元，商品和服务支出50.00万元。", {"expenditure_basic": "3000000.00"}),
    # the speaker before the label
    ("2023年全镇收入2,318.72万元。2023年度机关本年支出2,254.16万元。2024年共支出1211.89万元。",
     {"income_total": "23187200.00", "expenditure_total": "22541600.00"}),
])
def test_whose_and_which_years_figure(text, expected):
    assert values(text, "amounts", fiscal_year=2023) == {k: D(v) for k, v in expected.items()}


def test_change_rates_after_a_compared_figure():
    got = values("2022年度本年支出84,906,145.38元，较2021年支出决算79,842,605.10元增加5,063,540.28元，增长6.34%。"
                 "本年支出800.00万元，较上年支出700.00万元增长14.29%。", "rates", fiscal_year=2022)
    assert got == {"expenditure_change_rate": D("6.34")}
    assert values("全镇农村居民人均纯收入增长9.3%。", "rates") == {}


def test_a_fact_stated_with_two_values_is_not_taken_from_the_first_statement():
    from ingest.pipeline import extract_bytes, to_answer
    text = ("某某县民政局2023年度部门整体支出绩效自评报告\n本年收入为500.00万元。本年支出为480.00万元。"
            "经核对，本年支出合计为470.00万元。本年收入为510.00万元。部门整体绩效自评得分90分。")
    answer = to_answer(extract_bytes("r.txt", text.encode()))
    assert "income_total" not in answer["amounts"]                       # two labels alike: left out
    assert answer["amounts"]["expenditure_total"] == 4700000.0           # the fullest label kept
    found = {f["fact_keys"][0]: f["message"] for f in answer["findings"] if f["rule"] == "ambiguous_value"}
    assert set(found) == {"income_total", "expenditure_total"}
    assert "“本年收入为500.00万元”" in found["income_total"] and "“本年收入为510.00万元”" in found["income_total"]


def test_a_projects_spending_item_is_not_the_total():
    got = values("2023年项目支出800.00万元，主要用于：一是义务教育经费保障，支出500.00万元；二是校舍改造，支出300.00万元。",
                 "amounts")
    assert got == {"expenditure_project": D("8000000.00")}


def test_a_bare_completion_rate_is_the_budgets_only_after_the_budget():
    assert values("部门预算总金额 800.00 万元，其中基本支出 700.00 万元。完成率均达到 100%。", "rates") == \
        {"budget_execution_rate": D("100")}
    assert values("及时处置暴发疫情，逐步降低重点传染病的危害，完成率280%。", "rates") == {}
