"""A synthetic plan of about 5 MB (just under the import limit), shaped like a real one."""

from __future__ import annotations

import random

WORDS = [
    "数字政府",
    "政务服务",
    "一网通办",
    "数据共享",
    "政务云",
    "电子政务",
    "基础设施",
    "信息系统",
    "网络安全",
    "公共数据",
    "统筹",
    "推进",
    "建设",
    "完善",
    "加强",
    "提升",
    "优化",
    "深化",
    "创新",
    "融合",
    "平台",
    "体系",
    "机制",
    "能力",
    "治理",
    "应用",
    "场景",
    "标准",
    "规范",
    "协同",
    "开放",
    "监管",
    "服务",
    "民生",
    "营商环境",
    "便民",
    "惠企",
    "智慧",
    "城市",
    "乡村",
    "基层",
    "省级",
    "市级",
    "县级",
]
NUMBERS = "一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMBERS[tens - 1] if tens > 1 else "") + "十" + (NUMBERS[ones - 1] if ones else "")


def big_plan_text(target_bytes: int = 4_900_000, *, seed: int = 13) -> str:
    """A 数字政府 plan of chapters and items whose UTF-8 size is about ``target_bytes``."""
    rng = random.Random(seed)
    lines = ["某某省“十四五”超长数字政府建设规划", ""]
    size, chapter = 0, 0
    while size < target_bytes:
        chapter += 1
        lines.append(f"第{_cn(chapter % 99 + 1)}章 {''.join(rng.sample(WORDS, 3))}")
        for item in range(1, 9):
            body = "，".join("".join(rng.sample(WORDS, 4)) for _ in range(60)) + "。"
            lines.append(f"{_cn(item)}、{''.join(rng.sample(WORDS, 2))}。{body}")
        size = sum(len(line.encode()) + 1 for line in lines)
    return "\n".join(lines) + "\n"
