"""Generate the Chinese company-name benchmark set (frozen as company_names.csv).

Run ``python benchmarks/data/make_company_names.py [N_ENTITIES] [SEED] [OUT]``
(defaults: 2000 entities, seed 15, company_names.csv beside this script).
The file is committed: the benchmark reads it, it is not regenerated per run.
The same function, with more entities, feeds the 100,000-record speed run.

The corruption model, seeded and documented:

* **Entities.** Each company has a core name of two characters drawn from
  a pool of name characters, an industry word, a region (70%) and a legal
  form (有限公司 mostly). A phone number and a credit code (valid check
  character) belong to each company.
* **Confusers (distinct companies designed to be confused).** For 30% of
  the companies a second company is made with the same core name and either
  another region (same industry), another industry (same region), or as a
  branch of it (... 有限公司上海分公司); each is its own entity.
* **Duplicates.** Each company is written 1 to 5 times (mean 2.2). Every
  record after the first applies some of: a legal-form variant (有限公司 /
  有限责任公司 / 股份有限公司 / none), the region moved (leading / in brackets
  / dropped), traditional characters (OpenCC s2t), full-width brackets and
  letters, a typo in the core (an IME homophone, 6% of records), an
  abbreviation (core and industry only, 15%), the English name
  (``Hengtai Machinery Co., Ltd.``, with ``(Beijing)`` if regional, 10%).
* **Keys.** A record carries its company's phone in 40% of cases and its
  credit code in 15%; a branch has its own phone and code.

Columns: ``id, entity, name, phone, uscc``. Two records are a true
duplicate pair when their ``entity`` is the same.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import opencc
from pypinyin import lazy_pinyin

CORE_CHARS = (
    "恒泰华兴鑫达宏远盛隆金禾蓝山青云星河汇通北风长江东方新宇永安国瑞丰源嘉德天诚"
    "中信利和万佳富康明光凯龙海润博宁天成正大恒昌广信荣盛通达启航立新卓越精工联创"
    "中科瑞祥腾飞世纪弘毅文华宝钢德胜鼎力奥博志远协力泰和安泰合众鸿运晨光辉煌振华"
)
INDUSTRIES = (
    ("机械", "Machinery"), ("化工", "Chemical"), ("电子", "Electronics"), ("科技", "Technology"),
    ("贸易", "Trading"), ("物流", "Logistics"), ("食品", "Food"), ("纺织", "Textile"),
    ("建设", "Construction"), ("医药", "Pharmaceutical"), ("包装", "Packaging"),
    ("软件", "Software"), ("材料", "Materials"), ("能源", "Energy"), ("汽车配件", "Auto"),
)  # fmt: skip
REGIONS = (
    ("北京", "Beijing"), ("上海", "Shanghai"), ("深圳", "Shenzhen"), ("广州", "Guangzhou"),
    ("杭州", "Hangzhou"), ("南京", "Nanjing"), ("苏州", "Suzhou"), ("成都", "Chengdu"),
    ("武汉", "Wuhan"), ("天津", "Tianjin"), ("重庆", "Chongqing"), ("西安", "Xian"),
    ("青岛", "Qingdao"), ("宁波", "Ningbo"), ("厦门", "Xiamen"), ("长沙", "Changsha"),
)  # fmt: skip
FORMS = ("有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司")
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_T2S = opencc.OpenCC("s2t")
_PLACES = {"山东", "广东", "中山", "海南", "东方", "天成"}


def _uscc(rnd: random.Random) -> str:
    body = "91" + "".join(rnd.choice("0123456789") for _ in range(6))
    body += "".join(rnd.choice(USCC_ALPHABET) for _ in range(9))
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def _homophones() -> dict[str, list[str]]:
    by_sound: dict[str, list[str]] = {}
    for char in dict.fromkeys(CORE_CHARS):
        by_sound.setdefault(lazy_pinyin(char)[0], []).append(char)
    pool = "恒衡亨泰太态华化话兴星新鑫心达大打宏洪红远源元盛胜圣隆龙"
    for char in pool:
        by_sound.setdefault(lazy_pinyin(char)[0], []).append(char)
    return {c: [o for o in by_sound[lazy_pinyin(c)[0]] if o != c] for c in CORE_CHARS}


class Company:
    def __init__(self, rnd: random.Random, core: str, industry: int, region: int | None) -> None:
        self.core, self.industry, self.region = core, industry, region
        self.form = rnd.choice(FORMS)
        self.branch: str | None = None
        self.phone = f"1{rnd.choice('3589')}{rnd.randrange(10**9):09d}"
        self.uscc = _uscc(rnd)

    def english(self) -> str:
        core = "".join(lazy_pinyin(self.core)).title()
        place = f" ({REGIONS[self.region][1]})" if self.region is not None else ""
        return f"{core} {INDUSTRIES[self.industry][1]}{place} Co., Ltd."

    def write(self, rnd: random.Random, first: bool, sounds: dict[str, list[str]]) -> str:
        core, form = self.core, self.form
        region = REGIONS[self.region][0] if self.region is not None else ""
        industry = INDUSTRIES[self.industry][0]
        if first:
            return f"{region}{core}{industry}{form}{self.branch or ''}"
        if self.branch is None and rnd.random() < 0.10:
            return self.english()
        if rnd.random() < 0.06:
            at = rnd.randrange(len(core))
            if sounds.get(core[at]):
                core = core[:at] + rnd.choice(sounds[core[at]]) + core[at + 1 :]
        if rnd.random() < 0.4:
            form = rnd.choice(("有限公司", "有限责任公司", "股份有限公司", ""))
        layout = rnd.choice(("lead", "bracket", "drop")) if region else "drop"
        if self.branch is None and rnd.random() < 0.15:
            name = f"{core}{industry}"
        elif layout == "bracket":
            name = f"{core}{industry}({region}){form}"
        else:
            name = f"{region if layout == 'lead' else ''}{core}{industry}{form}"
        name += self.branch or ""
        if rnd.random() < 0.25:
            name = _T2S.convert(name)
        if rnd.random() < 0.15:
            name = name.replace("(", "（").replace(")", "）")
        return name


def companies(rnd: random.Random, count: int) -> list[Company]:
    made: list[Company] = []
    seen: set[tuple[str, int, int | None]] = set()
    trades: set[tuple[str, int]] = set()
    while len(made) < count:
        core = "".join(rnd.sample(CORE_CHARS, 2))
        if core in _PLACES:  # 山东, 广东...: a core that is a place name reads as a region
            continue
        region = rnd.randrange(len(REGIONS)) if rnd.random() < 0.7 else None
        key = (core, rnd.randrange(len(INDUSTRIES)), region)
        if key in seen or (core, key[1]) in trades:
            continue
        seen.add(key)
        trades.add((core, key[1]))
        company = Company(rnd, core, key[1], region)
        made.append(company)
        if rnd.random() < 0.3 and region is not None:
            kind = rnd.choice(("region", "industry", "branch"))
            if kind == "region":
                other = Company(
                    rnd, core, key[1], (region + 1 + rnd.randrange(len(REGIONS) - 1)) % len(REGIONS)
                )
            elif kind == "industry":
                other = Company(
                    rnd,
                    core,
                    (key[1] + 1 + rnd.randrange(len(INDUSTRIES) - 1)) % len(INDUSTRIES),
                    region,
                )
            else:
                other = Company(rnd, core, key[1], region)
                other.form = company.form
                place = REGIONS[(region + 3) % len(REGIONS)][0]
                other.branch = f"{place}分公司"
            made.append(other)
            seen.add((core, other.industry, other.region))
            trades.add((core, other.industry))
    return made


def rows(entities: int, seed: int) -> list[dict[str, str]]:
    """The records of ``entities`` companies (and their confusers), shuffled."""
    rnd = random.Random(seed)
    sounds = _homophones()
    out: list[dict[str, str]] = []
    for e, company in enumerate(companies(rnd, entities)):
        copies = 1 + min(4, int(rnd.expovariate(1 / 1.2)))
        for k in range(copies):
            out.append(
                {
                    "entity": f"e{e}",
                    "name": company.write(rnd, k == 0, sounds),
                    "phone": company.phone if rnd.random() < 0.4 else "",
                    "uscc": company.uscc if rnd.random() < 0.15 else "",
                }
            )
    rnd.shuffle(out)
    return [{"id": f"r{i}", **row} for i, row in enumerate(out)]


def main(argv: list[str]) -> None:
    entities = int(argv[1]) if len(argv) > 1 else 2000
    seed = int(argv[2]) if len(argv) > 2 else 15
    out = Path(argv[3]) if len(argv) > 3 else Path(__file__).with_name("company_names.csv")
    data = rows(entities, seed)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "entity", "name", "phone", "uscc"])
        writer.writeheader()
        writer.writerows(data)
    print(f"{len(data)} records of {len({r['entity'] for r in data})} companies -> {out}")


if __name__ == "__main__":
    main(sys.argv)
