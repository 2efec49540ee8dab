"""Excerpts of real documents import without options, with title, place, level, issuer and outline.

The documents themselves are not committed (they came through the workplace's fetch tool,
whose rules keep them out of commits). Each shape is kept as a few lines typed from the
document: the lines that decide its title, place, issuer and outline (a wrapped title, a
letterhead, a site's panel or breadcrumb, a decree's history line). The other modules here test
the rules one by one on smaller texts; these are the shapes as printed.
"""

from __future__ import annotations

import pytest

from plans.importing import import_plan
from plans.models import Section

# name: (the document's lines, title, jurisdiction, level, lead issuer, labels it must have)
SHAPES = {
    # A PDF of a decree: its history line wrapped over two lines, articles cut at the line end.
    "beijing-law-enforcement-supervision-measures-2024": (
        "北京市行政执法监督办法\n"
        "（2024 年 12 月 24 日北京市人民政府第 314 号令发布 自\n"
        "2025 年 3 月 1 日起施行)\n"
        "第一条 为了加强和规范行政执法监督工作，推进严格规范\n"
        "公正文明执法，维护公民、法人和其他组织的合法权益，优化法\n"
        "治化营商环境，根据有关法律、法规规定，结合本市实际，制定\n"
        "本办法。\n"
        "第二条 本办法适用于本市行政区域内的行政执法监督工\n"
        "作。\n",
        "北京市行政执法监督办法",
        "北京市",
        "province",
        "北京市人民政府",
        ["第一条", "第二条"],
    ),
    # A web page whose facts panel is bracketed, above the notice that issues the measures.
    "beijing-public-data-operation-measures-2026": (
        "[主题分类] 综合政务/其他\n"
        "[发文机构] 北京市政务服务和数据管理局\n"
        "[联合发文单位]\n"
        "[实施日期]\n"
        "[成文日期] 2026-07-02\n"
        "[发文字号] 京政数发〔2026〕6号\n"
        "[发布日期] 2026-07-09\n"
        "[有效性] 是\n"
        "京政数发〔2026〕6号\n"
        "各有关单位：\n"
        "经市政府同意，现将《北京市公共数据资源授权运营管理办法》印发给你们，"
        "请结合实际认真贯彻执行。\n"
        "北京市政务服务和数据管理局\n"
        "2026年7月2日\n"
        "（此件公开发布）\n"
        "北京市公共数据资源授权运营管理办法\n"
        "第一章 总  则\n"
        "第一条 为加快推进公共数据资源开发利用，规范公共数据资源授权运营，"
        "培育数据要素市场，释放数据要素价值，制定本办法。\n"
        "第二条 本市行政区域内的公共数据资源授权运营及相关管理活动，适用本办法。\n",
        "北京市公共数据资源授权运营管理办法",
        "北京市",
        "province",
        "北京市政务服务和数据管理局",
        ["第一章", "第一条", "第二条"],
    ),
    # Site menus, a 信息名称 panel naming the issuer short, the title and 第一条 in one paragraph.
    "changzhou-household-registration-rules-2019": (
        "我的常州\n智能问答\n移动服务\n"
        "您当前的位置： 首页 >> 政务公开 >> 正文 AI智能导读   浏览次数：\n"
        "信息名称：市政府关于印发《常州市户籍准入管理若干规定》的通知\n"
        "索 引 号：014109429/2019-00044\n"
        "文件编号：常政发〔2019〕17号\u3000发布机构：常州市人民政府\n"
        "生成日期：2019-01-30\u3000公开日期：2019-02-11\u3000废止日期：有效\n"
        "内容概述：市政府关于印发《常州市户籍准入管理若干规定》的通知\n"
        "市政府关于印发《常州市户籍准入管理若干规定》的通知\n"
        "常政发〔2019〕17号\n"
        "各辖市、区人民政府，市各委办局，市各公司、直属单位：\n"
        "《常州市户籍准入管理若干规定》已经市政府同意，现印发给你们，"
        "请结合各地实际，认真抓好贯彻落实。\n"
        "常州市人民政府\n"
        "2019年1月30日 \u3000\u3000（此件公开发布）\n"
        "常州市户籍准入管理若干规定 \u3000\u3000第一条  为深入贯彻落实国家和省户籍制度改革精神，"
        "进一步加强人口服务和管理，制定本规定。\n"
        "第二条  本市户籍准入管理，适用本规定。\n"
        "第三条  公安机关负责户籍准入登记工作。\n",
        "常州市户籍准入管理若干规定",
        "常州市",
        "prefecture",
        "常州市人民政府",
        ["第一条", "第二条", "第三条"],
    ),
    # A letterhead, a title wrapped over two lines, a preamble citing another notice.
    "fuzhou-real-estate-supplementary-notice-2016": (
        "福州市人民政府办公厅文件\n"
        "榕政办〔2016〕186 号\n"
        "福州市人民政府办公厅关于进一步促进\n"
        "房地产市场平稳健康发展的补充通知\n"
        "各县（市）区人民政府，市直各有关单位：\n"
        "为进一步加强我市房地产市场调控工作，合理引导住房\n"
        "需求，促进我市房地产市场平稳健康发展，经市政府研究，\n"
        "在认真落实《福州市人民政府办公厅关于印发福州市进一步\n"
        "促进房地产市场平稳健康发展若干意见的通知》（榕政办\n"
        "〔2016〕180 号）文件基础上，现就有关事项补充通知如下：\n"
        "一、实施商品住房限购政策\n"
        "对以下三种类型居民家庭，暂停向其销售本市五城区范\n"
        "围内建筑面积 144 平方米及以下的商品住房。\n"
        "二、进一步完善差别化住房信贷政策\n"
        "个人住房信贷政策由人行福州中心支行指导实施。\n"
        "福州市人民政府办公厅\n"
        "2016 年 10 月 6 日\n",
        "福州市人民政府办公厅关于进一步促进房地产市场平稳健康发展的补充通知",
        "福州市",
        "prefecture",
        "福州市人民政府办公厅",
        ["一、", "二、"],
    ),
    # A notice whose own body is the measures, the title naming no place, menus under it.
    "guangzhou-approval-service-measures-2023": (
        "首页\xa0>\xa0政务公开\xa0>\xa0部门文件\xa0>\xa0其它文件\n"
        "广州市规划和自然资源局关于印发进一步优化审批服务机制惠企利民促进经济社会发展若干措施"
        "（第三批）的通知\n"
        "来源：审批管理处 发布时间：2023-07-28 16:14:43 浏览次数：-次\n"
        "分享到\n"
        "机关各处室、局属各单位、各区分局、空港委规建局：\n"
        "为全面贯彻落实党的二十大精神，持续优化规划资源审批服务机制，惠企利民，促进经济社会发展，"
        "我局继续推出第三批改革措施。现就有关工作措施通知如下：\n"
        "一、进一步优化规划审批\n"
        "（一）简化存量工业用地其他规划指标调整的审批手续，提高工业项目筹建速度。"
        "工业用地申请调整绿地率、建筑密度等规划指标的，合并办理。\n"
        "二、进一步优化土地供应管理\n"
        "（二）分用途核算土地出让金，方便企业核算开发成本和报税。新公开出让项目分别核算。\n"
        "广州市规划和自然资源局\n"
        "2023年7月27日\n"
        "扫码进入手机页面\n相关稿件：\n招商土地超市\n我要查\n",
        "进一步优化审批服务机制惠企利民促进经济社会发展若干措施（第三批）",
        "广州市",
        "prefecture",
        "广州市规划和自然资源局",
        ["一、", "（一）", "二、", "（二）"],
    ),
    # Two joint issuers on one line, the notice title wrapped over the next two.
    "guangzhou-talent-household-rules-2022": (
        "广州市人力资源和社会保障局 广州市公安局关于印发广州市引进人才入户管理办法实施细则的通知\n"
        "发表时间：  2022-07-14 20:24   信息来源： 市人社局 人力资源流动管理处   浏览字号：大中小\n"
        "穗人社规字〔2022〕2号\n"
        "广州市人力资源和社会保障局 广州市公安局\n"
        "关于印发广州市引进人才入户管理办法\n"
        "实施细则的通知\n"
        "各有关单位：\n"
        "为进一步贯彻落实《广州市引进人才入户管理办法》，规范引进人才办理流程，"
        "现将《广州市引进人才入户管理办法实施细则》印发给你们，请认真组织实施。\n"
        "广州市人力资源和社会保障局\n"
        "广州市公安局\n"
        "2022年7月7日\n"
        "广州市引进人才入户管理办法实施细则\n"
        "第一章\xa0 总则\n"
        "第一条\xa0 为做好我市用人单位引进人才入户相关工作，制定本细则。\n"
        "第二条\xa0 本细则适用于符合《办法》的各类人才申报广州市引进人才入户。\n",
        "广州市引进人才入户管理办法实施细则",
        "广州市",
        "prefecture",
        "广州市人力资源和社会保障局",
        ["第一章", "第一条", "第二条"],
    ),
    # A bureau's letterhead and a title naming no place: the place comes from the issuer.
    "nanjing-purchase-restriction-notice-2017": (
        "南京市住房保障和房产局文件\n"
        "宁房市字〔2017〕108 号\n"
        "关于明确住房限购政策有关事项的通知\n"
        "市国土局，江宁、浦口、六合、溧水、高淳区政府：\n"
        "为进一步促进房地产市场健康发展，贯彻落实好住房限\n"
        "购政策，经市政府同意，我局会同相关部门制定了住房限购\n"
        "政策的实施意见。\n"
        "现将具体意见印发给你们，请认真执行。\n"
        "南京市住房保障和房产局\n"
        "2017 年 5 月 3 日\n"
        "南京市住房保障和房产局办公室 2017 年 5 月 3 日印发\n"
        "住房限购政策的实施意见\n"
        "一、关于执行对象的认定\n"
        "1、因赠与取得不动产的，按住房限购政策执行。\n"
        "二、关于社保及个税证明的认定\n"
        "1、对于个体工商户，纳税证明按个人所得税证明认定。\n",
        "关于明确住房限购政策有关事项的通知",
        "南京市",
        "prefecture",
        "南京市住房保障和房产局",
        ["一、", "二、"],
    ),
    # A district's notice: the short name in a title wrapped over three lines, captions in 【】.
    "pingshan-digital-economy-funding-measures-2023": (
        "深坪府办规〔2023〕5 号\n"
        "坪山区人民政府办公室关于印发《深圳市\n"
        "坪山区数字经济高质量发展资金\n"
        "支持措施》的通知\n"
        "各街道办事处，区直各单位，驻区各单位，区属各企业：\n"
        "《深圳市坪山区数字经济高质量发展资金支持措施》经区政\n"
        "府同意，现印发给你们，请结合实际认真贯彻落实。\n"
        "深圳市坪山区人民政府办公室\n"
        "2023 年 6 月 21 日\n"
        "深圳市坪山区数字经济高质量发展资金\n"
        "支持措施\n"
        "第一章 总 则\n"
        "第一条 【宗旨】\n"
        "为贯彻落实国家、省、市关于数字经济发展要求，全面推进\n"
        "坪山区数字经济高质量发展，制定本措施。\n"
        "第二条 【实施部门】\n"
        "区工业和信息化局是本措施的实施部门。\n",
        "深圳市坪山区数字经济高质量发展资金支持措施",
        "坪山区",
        "county",
        "深圳市坪山区人民政府办公室",
        ["第一章", "第一条", "第二条"],
    ),
    # A browser print: the site's panel (名称, an empty 文号) above a notice wrapped over 2 lines.
    "shenzhen-rd-subsidy-rules-2026": (
        "深圳市科技创新局政府信息公开\n"
        "索引号： 1144030059071685XK/2026-00039 分类：\n"
        "发布机构： 深圳市科技创新局 成文日期： 2026-02-25\n"
        "名称： 深圳市科技创新局关于印发《深圳市研发投入补助计划项目管理办法》的通知\n"
        "文号： 发布日期： 2026-02-25\n"
        "主题词：\n"
        "深圳市科技创新局关于印发《深圳市研发投入\n"
        "补助计划项目管理办法》的通知\n"
        "发布日期：2026-02-25 浏览次数：41665\n"
        "各有关单位：\n"
        "为鼓励各类创新主体加大研发投入，我局制定了《深圳市研发投入补助计划项目管理办法》。\n"
        "《深圳市研发投入补助计划项目管理办法》已经市政府同意，现予以印发，请遵照执行。\n"
        "深圳市科技创新局\n"
        "2026年2月25日\n"
        "深圳市研发投入补助计划项目管理办法\n"
        "第一章 总则\n"
        "第一条 为鼓励企业、高等院校、科研机构、医疗卫生机构等各类创新主体坚持长期主义，\n"
        "持续加大研发投入，结合我市实际，制定本办法。\n",
        "深圳市研发投入补助计划项目管理办法",
        "深圳市",
        "prefecture",
        "深圳市科技创新局",
        ["第一章", "第一条"],
    ),
    # Three joint issuers side by side above 关于印发, again as signatories; run-in captions.
    "tianhe-hk-macao-youth-measures-2023": (
        "您当前所在的位置：首页 > 政务服务 > 重点服务 > 支持港澳青年发展 > 相关政策及解读\n"
        "广州市天河区深化支持港澳青年创新创业高质量发展实施办法\n"
        "发表时间：2023-08-09 23:04:15 信息来源：天河区科技工业和信息化局 浏览量： -\n"
        "穗天科工信规字〔2023〕1号\n"
        "广州市天河区科技工业和信息化局 广州市天河区人力资源和社会保障局 中共广州市天河区委统战部\n"
        "关于印发广州市天河区深化支持港澳青年创新创业高质量发展实施办法的通知\n"
        "区属各单位：\n"
        "《广州市天河区深化支持港澳青年创新创业高质量发展实施办法》已经区委、区政府同意，"
        "现印发实施。执行中如有问题，请径向相关主管部门反映。\n"
        "广州市天河区科技工业和信息化局\n"
        "广州市天河区人力资源和社会保障局\n"
        "中共广州市天河区委统战部\n"
        "2023年8月9日\n"
        "第一条\xa0为全面落实《粤港澳大湾区发展规划纲要》，助力港澳青年在天河区创新创业，"
        "现结合本区实际情况，制定本实施办法。\n"
        "第二条\xa0本办法所称港澳青年，是指45周岁以下，具有中国国籍的香港、澳门特别行政区居民。\n"
        "第三条 载体建设。被香港特别行政区政府、澳门特别行政区政府授予港澳青年创新创业基地的，"
        "给予支持。\n"
        "公开方式：主动公开\n"
        "广州市天河区科技工业和信息化局办公室\n"
        "2023年8月9日印发\n",
        "广州市天河区深化支持港澳青年创新创业高质量发展实施办法",
        "天河区",
        "county",
        "广州市天河区科技工业和信息化局",
        ["第一条", "第二条", "第三条"],
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_typed_excerpt_of_a_real_document_imports_without_options(name):
    text, title, jurisdiction, level, issuer, labels = SHAPES[name]

    plan = import_plan(data=text.encode(), source=f"{name}.txt").plan

    assert (plan.title, plan.issuer) == (title, issuer)
    assert (plan.jurisdiction.name, plan.jurisdiction.level) == (jurisdiction, level)
    found = list(Section.objects.for_plan(plan).values_list("label", flat=True))
    assert [label for label in labels if label not in found] == []
