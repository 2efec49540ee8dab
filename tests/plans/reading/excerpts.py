"""Excerpts typed from real documents that more than one behaviour module reads."""

from __future__ import annotations

from plans.parsing import parse_plan


def metadata_of(text: str, filename: str = "notice.txt"):
    return parse_plan(text, filename=filename).metadata


MEASURES = (
    "一、以点带面，积极做好“带押过户”\n各地要在已有工作的基础上积极做好。\n"
    "二、因地制宜，确定“带押过户”模式\n各地要结合本地实际。\n"
)


# The panel of 自然资源部's page, its labels set off by an ideographic space, no colon.
MINISTRY_PAGE = (
    "中国政府网\n政府信息公开\n"
    "名称\u3000自然资源部 中国银行保险监督管理委员会"
    "关于协同做好不动产“带押过户”便民利企服务的通知\n"
    "索引号\u3000000019174/2023-00003\u3000主题\u3000自然资源确权登记\n"
    "发文字号\u3000自然资发〔2023〕29号\u3000发布机构\u3000部委联合发文\n"
    "自然资源部 中国银行保险监督管理委员会关于协同做好不动产“带押过户”便民利企服务的通知\n"
    "各省、自治区、直辖市自然资源主管部门，各银保监局：\n"
    "为贯彻中央经济工作会议精神，现通知如下：\n" + MEASURES + "\n"
    "自然资源部\xa0 \xa0 \xa0 中国银行保险监督管理委员会\n2023年3月3日\n"
)


PARTS = "一、总体要求\n坚持稳中求进。\n二、主要任务\n加快建设现代化产业体系。\n"


# A 发展改革委 site's reprint: navigation, the title, the plenary's parenthesis, the page's stamp.
PARTY_PROPOSAL = (
    "首页 新闻中心 工作动态 详情\n"
    "中共郑州市委关于制定郑州市国民经济和社会发展第十五个五年规划的建议\n"
    "（2025年12月8日中国共产党郑州市第十二届委员会第九次全体会议通过）\n"
    "来源：郑州日报  时间：2025-12-17 10:08\n" + PARTS
)


# A 信息公开 panel: the site's column name and menu items above a title too long for a line.
PANEL_PAGE = (
    "<html><head><title>贵阳市住房公积金管理中心关于《住房公积金服务贵安新区高质量发展的十条措施"
    "（征求意见稿）》公开征求意见的公告</title></head><body>"
    "<p>80487658</p><p>通知公告</p><p>政府信息</p><p>公开指南</p><p>·计划规划</p><p>·统计信息</p>"
    "<p>贵阳市住房公积金管理中心关于《住房公积金服务贵安新区高质量发展的十条措施（征求意见稿）》"
    "公开征求意见的公告</p>"
    "<p>现向社会公开征求意见，如有意见建议，请反馈我中心。</p>"
    "<p>一、支持异地缴存职工购房贷款。</p><p>二、执行最低首付款比例。</p>"
    "</body></html>"
)


# A 政策解读 leaflet (its banner an image): the rule's name in 《》, the rule's 文号, unnumbered
# captions, and on the last page's foot the body answerable for it.
LEAFLET = (
    "《沈阳市历史建筑修缮管理办法》\n"
    "沈房发〔2026〕1 号\n"
    "出台背景\n"
    "为了完善我市历史建筑修缮工作制度体系，结合本市实际制定了本办法。\n"
    "主要内容\n"
    "（一）明确修缮责任。\n历史建筑的所有权人为修缮责任主体。\n"
    "（二）规范修缮程序。\n修缮工程分为两类。\n"
    "— 4 — 责任单位：沈阳市房产局\n"
)
