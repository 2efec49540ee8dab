"""How the importer reads what scans and sites leave it: a title a PDF prints over two lines, a
page credited only by its 来源, run-in items whose lead sentence is long, and the damage OCR does
to numbering, 文号 brackets, seals and a red head. Each from a few lines written after a real
document.

Pure: no database.
"""

from __future__ import annotations

from plans.parsing import parse_plan

_ITEMS = "一、总体要求\n坚持稳中求进。\n二、主要任务\n加快建设现代化产业体系。\n"


def _meta(text: str, filename: str = "notice.txt"):
    return parse_plan(text, filename=filename).metadata


def _scan(*lines: str):
    """A one-page scan (an image, no text layer) whose OCR reads ``lines``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        _stream(
            bytes(range(64)),
            b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8",
        ),
        _stream(b"q 500 0 0 700 40 60 cm /Im0 Do Q"),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(
        b"%010d 00000 n \n" % at for at in offsets
    )
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return parse_plan(out, filename="scan.pdf", recognised={1: list(lines)})


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


# A city portal's page: nothing signed but the date; the stamp line credits the bureau without
# its place, the footer names the site's owner.
def _sourced_page(source: str) -> str:
    return (
        "<html><head><title>关于实施多子女家庭支持政策的通知_蚌埠市人民政府</title></head><body>"
        "<p>首页</p><p>关于实施多子女家庭支持政策的通知</p>"
        f"<p>发布日期：2022-12-29 09:31 来源：{source} 阅读： 次 字号： 默认 大 超大 打印 分享</p>"
        "<p>蚌房金〔2022〕18号</p><p>关于实施多子女家庭支持政策的通知</p>"
        "<p>机关各科室：</p><p>一、提取限额上浮20%。</p><p>二、贷款额度提高10万元。</p>"
        "<p>2022年12月28日</p>"
        "<p>主办单位：蚌埠市人民政府办公室 承办单位：蚌埠市数据资源管理局</p></body></html>"
    )


def test_a_page_credited_to_a_body_without_its_place_is_issued_by_it_where_the_site_is():
    meta = _meta(_sourced_page("市住房公积金管理中心"), "notice.html")
    assert meta.issuer == "蚌埠市住房公积金管理中心"
    assert meta.provenance["issuer"] == "guessed"
    assert (meta.jurisdiction, meta.level) == ("蚌埠市", "prefecture")


def test_a_page_credited_to_a_newspaper_or_another_site_has_no_issuer_from_it():
    for source in ("蚌埠日报", "中国政府网", "新华社"):
        assert _meta(_sourced_page(source), "notice.html").issuer == ""


def test_a_page_credited_to_a_places_service_centre_is_issued_by_it():
    # 宿州's page: nothing signed; the stamp line credits 宿州市房管中心.
    meta = _meta(_sourced_page("宿州市房管中心"), "measures.html")
    assert meta.issuer == "宿州市房管中心"
    assert meta.provenance["issuer"] == "guessed"


def test_a_page_credited_to_a_centre_that_names_no_place_has_no_issuer_from_it():
    assert _meta(_sourced_page("政务服务中心"), "notice.html").issuer == ""


# A PDF's title broken after the place and its opening words; the second line alone names the
# document (细则), the first ends with 标准, what the trucks meet.
_TWO_LINE_TITLE = (
    "北京市继续促进国四排放标准\n老旧营运货车报废更新实施细则\n"
    "为加快报废高耗能高排放老旧营运货车，特制定本实施细则。\n" + _ITEMS
)


def test_a_title_printed_over_two_lines_keeps_the_place_on_its_first():
    meta = _meta(_TWO_LINE_TITLE, "rules.pdf.txt")
    assert meta.title == "北京市继续促进国四排放标准老旧营运货车报废更新实施细则"
    assert (meta.jurisdiction, meta.level) == ("北京市", "province")


# Run-in items: the short ones titled by their sentence; 四、's runs past any title's length,
# with no 。 at all; 二、's first clause ends at ；.
_LONG_RUN_IN = (
    "关于调整住房公积金贷款相关政策的通知\n"
    "一、降低购房申请住房公积金贷款首付款比例\n首付款比例调整为不低于20%。\n"
    "二、对符合我市住房公积金个人住房贷款政策，购买首套自住住房使用住房公积金贷款的多子女家庭，"
    "夫妻双方一方缴存住房公积金的，在我市现行住房公积金贷款最高额度的基础上提高10万元；"
    "夫妻双方均缴存的，提高20万元。\n"
    "四、办理住房公积金贷款的借款人及配偶，在本区域缴存的住房公积金应优先用于偿还住房公积金贷款"
    "本息（在贷款受理时直接办理对冲业务）\n"
    "五、原贷款管理办法中的其他相关政策不变。\n"
)


def test_a_long_run_in_item_is_titled_by_its_lead_sentence():
    sections = parse_plan(_LONG_RUN_IN, filename="notice.txt").sections
    titles = {s.label: s.title for s in sections}
    assert titles["二、"].startswith("对符合我市住房公积金个人住房贷款政策")
    assert titles["二、"].endswith("提高10万元")
    assert titles["四、"].endswith("本息（在贷款受理时直接办理对冲业务）")
    assert titles["五、"] == "原贷款管理办法中的其他相关政策不变"
    second = next(s for s in sections if s.label == "二、")
    assert second.body == "夫妻双方均缴存的，提高20万元。"


# A scan's measures, 1. to 10., where OCR read 9.'s label as %.
_MEASURES = [
    "关于促进长沙县房地产市场平稳健康发展的若干措施",
    "为促进房地产市场平稳健康发展，制定本措施。",
    *(f"{n}. 措施第{n}项。内容。" for n in range(1, 9)),
    "%. 提高预售监管资金使用效率。开发企业取得预售许可证后可申请使用。",
    "10. 优化买房配套入学时间节点。内容。",
]


def test_a_numbering_label_ocr_misread_takes_the_figure_its_neighbours_leave():
    sections = _scan(*_MEASURES).sections
    assert [s.label for s in sections if s.label] == [f"{n}." for n in range(1, 11)]
    assert next(s for s in sections if s.label == "9.").title == "提高预售监管资金使用效率"


def test_a_misread_label_is_left_alone_where_its_neighbours_leave_no_single_figure():
    lines = [line for line in _MEASURES if not line.startswith("10.")]
    assert "9." not in [s.label for s in _scan(*lines).sections]


def test_a_scans_doc_number_is_written_with_the_brackets_it_is_printed_with():
    plan = _scan(
        "长县住建发 [2022] 68 号",
        "关于促进长沙县房地产市场平稳健康发展的若干措施",
        "一、有序供应土地。科学编制年度住宅用地供应计划。",
    )
    assert plan.metadata.doc_number == "长县住建发〔2022〕68号"


# 首都之窗's bracketed panel over a document printing no 文号: the field holds brackets only.
_EMPTY_NUMBER_PANEL = (
    "[发文机构] 中共北京市委办公厅\n[联合发文单位]\n[成文日期] 2018-02-01\n[发文字号] 〔〕号\n"
    "[发布日期] 2018-02-08\n关于深化职称制度改革的实施意见\n" + _ITEMS
)


def test_an_empty_doc_number_field_is_no_doc_number():
    meta = _meta(_EMPTY_NUMBER_PANEL)
    assert meta.doc_number == ""
    assert "doc_number" not in meta.provenance


# A scan whose red head of five bodies and seals OCR garbled: only the 印发 line at the foot
# names a body, with a seal's edge read as a quote before it.
_GARBLED_HEAD = (
    "东有苑市自然资源局",
    "加区负重闻局",
    "2 004 了直",
    "关于进一步优化房地产相关政策的通知",
    "各有关单位：",
    "一、优化土地供应管理。优化规划指标。",
    "二、优化商品房销售管理。自主组织销售。",
    "本通知自印发之日起施行。",
    "从志和从吧",
    "“东莞市住房和城乡建设局办公室 2024 年 5 月 24 日印发",
)


def test_a_garbled_head_falls_back_to_the_bureau_its_printing_office_serves():
    meta = _scan(*_GARBLED_HEAD).metadata
    assert meta.issuer == "东莞市住房和城乡建设局"
    assert meta.provenance["issuer"] == "guessed"
    assert (meta.jurisdiction, meta.level) == ("东莞市", "prefecture")


def test_an_office_that_issues_in_its_own_name_stays_the_issuer():
    lines = list(_GARBLED_HEAD)
    lines[3] = "东莞市住房和城乡建设局办公室关于进一步优化房地产相关政策的通知"
    assert _scan(*lines).metadata.issuer == "东莞市住房和城乡建设局办公室"


# What OCR reads off the seals over a signature and the stamp at a page's foot.
_SEALED = (
    "关于调整住房公积金贷款相关政策的通知",
    "一、降低首付款比例",
    "首付款比例由不低于 30% 调整为不低于 20%; 项目资本金缴纳时间延期至",
    "ii-",
    "预售许可阶段。",
    "二、本通知自 2022 年 8 月 1 日起执行。",
    "RM 全",
    "2 认 2 大 7 入 4/",
    "人日",
    "本",
    "保定市住房公积金管理委员会",
    "2022 年 7 月 4 日",
)


def test_seal_garbage_ocr_reads_is_dropped_and_the_text_around_it_kept():
    plan = _scan(*_SEALED)
    bodies = "".join(s.body for s in plan.sections)
    for noise in ("ii-", "RM", "认 2", "人日"):
        assert noise not in bodies
    assert "延期至预售许可阶段。" in bodies.replace("\n", "")
    assert plan.metadata.issuer == "保定市住房公积金管理委员会"
    assert any("乱码" in warning for warning in plan.warnings)


# 北京's 国四 truck scrappage rules print their subsidies (万元/辆) as a table, a cell line at a
# time: scanned, a row is a lone character among figures, the shape of seal garbage.
_SUBSIDY_TABLE = (
    "关于发放老旧营运货车报废补贴的通知",
    "一、补贴标准",
    "按照报废车辆类型实施差别化补贴标准。",
    "2 轴 7.0",
    "3 轴 8.5",
    "4 轴及以上 9.5",
    "二、本通知自发布之日起执行。",
)


def test_a_scanned_tables_rows_of_decimal_figures_are_kept():
    bodies = "".join(s.body for s in _scan(*_SUBSIDY_TABLE).sections)
    assert "2 轴 7.0" in bodies and "3 轴 8.5" in bodies


def test_a_wrapped_line_opening_with_a_figure_ocr_split_is_no_item():
    plan = _scan(
        "关于促进长沙县房地产市场平稳健康发展的若干措施",
        "3. 提高项目审批效率。全力打造审批更快、效率更高的营商环境",
        "4. 0 版本。推进工程建设项目审批制度改革。",
        "4. 快速推进项目建设。提前服务、并联办理阶段事项。",
    )
    assert [(s.label, s.title) for s in plan.sections if s.label] == [
        ("3.", "提高项目审批效率"),
        ("4.", "快速推进项目建设"),
    ]
    assert any("营商环境4. 0版本。" in s.body for s in plan.sections)


# 江门's 人才房票 programme lists its attachments 1. to 4., the fourth opening with a year after a
# space, as a split figure opens (4. 0 版本); only the item after it, not 4. again, tells them
# apart: the nearest the rule comes to firing on the documents counted (docs/importing.md).
def test_an_item_opening_with_a_year_after_its_label_stays_an_item_in_a_scan():
    plan = _scan(
        "关于印发江门市“人才房票”实施方案的通知",
        "一、实施范围",
        "本次实施范围为江门市区范围，各县（市）可参照执行。",
        "附件：1.江门市“人才房票”房源提供企业承诺书",
        "2.江门市“人才房票”房源库信息情况表",
        "3.江门市“人才房票”申请承诺书",
        "4. 2026 年江门市给予政府补贴“人才房票”结算",
        "附件 1",
        "江门市“人才房票”房源提供企业承诺书",
        "1.房源真实有效。",
        "2.专项优惠，以在销售现场公示的为准。",
    )
    assert [(s.label, s.title[:5]) for s in plan.sections if s.label in ("3.", "4.")] == [
        ("3.", "江门市“人"),
        ("4.", "2026年"),  # a numbered heading's figure gap closed up, as in prose
    ]


# A notice's title names what it issues with a 的 fewer than the document names itself.
_ISSUED_WITH_PARTICLE = (
    "广东省人民政府办公厅关于印发广东省进一步提振和扩大消费若干措施的通知\n"
    "粤办函〔2023〕305号\n各地级以上市人民政府，省有关单位：\n"
    "《广东省进一步提振和扩大消费的若干措施》已经省人民政府同意，现印发给你们，请认真贯彻落实。\n"
    "省政府办公厅\n2023年11月13日\n广东省进一步提振和扩大消费的若干措施\n" + _ITEMS
)


def test_an_issued_document_is_titled_as_it_names_itself():
    assert _meta(_ISSUED_WITH_PARTICLE).title == "广东省进一步提振和扩大消费的若干措施"


def test_a_quoted_name_differing_in_its_brackets_only_leaves_the_title_as_read():
    text = _ISSUED_WITH_PARTICLE.replace("消费若干措施", "消费（试行）若干措施").replace(
        "《广东省进一步提振和扩大消费的若干措施》", "《广东省进一步提振和扩大消费(试行)若干措施》"
    )
    assert _meta(text).title == "广东省进一步提振和扩大消费（试行）若干措施"


def test_a_scanned_tables_short_cells_are_kept():
    plan = _scan(
        "关于调整住房公积金贷款相关政策的通知",
        "一、缴存时间系数如下。",
        "序号 项目 系数",
        "1 2 3",
        "是",
        "二、本通知自 2022 年 8 月 1 日起执行。",
    )
    first = next(s for s in plan.sections if s.label == "一、")
    for cell in ("序号 项目 系数", "1 2 3", "是"):
        assert cell in first.body


# A gazette page read by OCR, which takes the 、 of 一、 for a full stop, once after it too.
_DOTTED_CAPTIONS = [
    "北京市人力资源和社会保障局关于启用北京市电子职称证书的通知",
    "经研究，决定在本市启用电子职称证书，现将有关事项通知如下：",
    "一 .电子证书范围",
    "统一改版为《北京市职称证书》。",
    "二. 电子证书载体和信息",
    "电子证书包括《北京市职称证书》。",
    "三、. 电子证书效力",
    "电子证书与原纸质证书具有同等法律效力。",
]


def test_a_chinese_numeral_label_ocr_read_with_a_full_stop_is_a_caption_of_its_own_kind():
    sections = _scan(*_DOTTED_CAPTIONS).sections
    assert [(s.label, s.title) for s in sections if s.label] == [
        ("一、", "电子证书范围"),
        ("二、", "电子证书载体和信息"),
        ("三、", "电子证书效力"),
    ]


def test_a_parenthesised_numeral_whose_opening_bracket_ocr_lost_keeps_its_label():
    sections = _scan(
        *_DOTTED_CAPTIONS[:2],
        "四、电子证书获取及查验渠道",
        "自2021年2月起开通电子证书获取和查验服务。",
        "一) 获取方式。专业技术人员在网站注册登录后可下载证书。",
        "二） 查验渠道。通过扫描电子证书的二维码查验。",
    ).sections
    assert [(s.label, s.title) for s in sections if s.label] == [
        ("四、", "电子证书获取及查验渠道"),
        ("（一）", "获取方式"),
        ("（二）", "查验渠道"),
    ]
