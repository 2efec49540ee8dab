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


_MENUS = "".join(
    f"<div>{name}</div>"
    for name in (
        *("政府信息", "公开指南", "政府信息", "公开制度", "法定主动", "公开内容", "·机构职能"),
        *("·规划信息", "·行政执法", "·应急管理", "·收费项目", "·统计数据", "·招考招录"),
        *("·建议提案", "·会议公开", "·权责清单", "·行政许可及服务事项", "·行政执法公示"),
        *("·重点领域信息", "·重大决策预公开", "·财政预决算", "·政府采购", "·政务公开事项清单"),
        *("政府信息", "公开年报", *(f"·{year}年" for year in range(2025, 2014, -1))),
        *("政府信息", "依申请公开"),
    )
)


def county_page(
    head: str = "邯郸市成安县人民政府-政府信息公开指南", footer: str = "", title: str = ""
) -> str:
    """A county's 信息公开 page: an elders' mode link, the site's name, its menus, the headline
    over a panel whose 发布机构 names no place, the title again wrapped over two lines."""
    title = title or "关于支持房地产业良性循环和健康发展的十条政策措施"
    return (
        f"<html><head><title>{head}</title></head><body>"
        "<div>\xa0\xa0适老版 \xa0|\xa0 网站无障碍</div><div>邯郸市成安县人民政府</div>"
        f"{_MENUS}<div>{title}</div>"
        "<div>发布日期：\u30002022.07.15\u3000索\xa0引\xa0号 ："
        "\u300000062100-X-0801-2019-1079</div>"
        "<div>发布机构：\u3000政府办公室\u3000文\xa0\xa0\xa0\xa0\xa0\xa0号：</div>"
        f"<p>{title[:-6]}</p><p>{title[-6:]}</p>"
        "<p>一、统筹疫情防控和支持合理购房需求。积极鼓励房地产开发企业搭建交易平台。</p>"
        "<p>二、优化安置房、保障性租赁住房筹集渠道。结合我县实际情况，积极盘活存量市场房源。</p>"
        f"<div>{footer}</div></body></html>"
    )
