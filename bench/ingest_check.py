#!/usr/bin/python3
"""ingest_check.py DIR MONTHS T0 LAST — checks that greenpark, InfluxDB and VictoriaMetrics
gave the same answers to the ingest benchmark's queries (bench/ingest.sh), so that the
latencies compare the same work. DIR holds SYSTEM.{a,b,c}.json, one JSON answer a line per
request of the query; MONTHS is ingest.sh's "YYYY-MM,start,end,days ..." list.

(a) every (meter, month): greenpark's month value; InfluxDB's last counter reading of the
    month less the one before (the first month: less the first reading), or the interval
    meter's sum; VictoriaMetrics' increase() or sum_over_time() over the month.
(b) the last 24 h of one meter: the same (time, value) pairs.
(c) every day's park total: greenpark's; InfluxDB's counter buckets plus interval buckets
    (labelled 00:00:01 local); VictoriaMetrics' sum (labelled 8 h + 1 day after the day's
    start: evaluated at UTC midnight with offset 8h).
Values agree when |x - y| <= 1e-6 * max(|x|, 1) (their sums are added in different orders).
Prints one line a query; exits 1 on any difference or missing value. Standard library only.
"""
import json
import sys

TOL = 1e-6


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def close(x, y):
    return abs(x - y) <= TOL * max(abs(x), abs(y), 1.0)


def main():
    d, months_arg = sys.argv[1], sys.argv[2].split()
    months = [m.split(",") for m in months_arg]
    bad = []

    def agree(what, ref, others):
        """ref: {key: value}; others: {name: {key: value}}; returns the largest difference"""
        worst = 0.0
        for name, vals in others.items():
            missing = set(ref) ^ set(vals)
            if missing:
                bad.append(f"{what}: {name} and greenpark differ in keys, e.g. {sorted(missing)[:3]}")
            for k in set(ref) & set(vals):
                x, y = ref[k], vals[k]
                if not close(x, y):
                    bad.append(f"{what}: {k}: greenpark {x!r}, {name} {y!r}")
                worst = max(worst, abs(x - y) / max(abs(x), abs(y), 1.0))
        return worst

    # (a)
    gp = load(f"{d}/greenpark.a.json")[0]
    ref = {}
    for m in gp["meters"]:
        for month, v in zip(gp["months"], m["values"]):
            if v is not None:
                ref[(m["meter"], month)] = v
    ix = load(f"{d}/influxdb.a.json")[0]["results"]

    def series(res):
        out = {}
        for s in res.get("series", []):
            v = s["values"][0][1]
            if v is not None:
                out[s["tags"]["meter"]] = v
        return out

    influx = {}
    prev = series(ix[0])
    for k, (name, _s, _e, _n) in enumerate(months):
        last, sums = series(ix[1 + 2 * k]), series(ix[2 + 2 * k])
        for meter, v in last.items():
            if meter in prev:
                influx[(meter, name)] = v - prev[meter]
        prev.update(last)
        for meter, v in sums.items():
            influx[(meter, name)] = v
    vm = {}
    for (name, _s, _e, _n), doc in zip(months, load(f"{d}/victoria.a.json")):
        for r in doc["data"]["result"]:
            vm[(r["metric"]["meter"], name)] = float(r["value"][1])
    w = agree("(a)", ref, {"InfluxDB": influx, "VictoriaMetrics": vm})
    print(f"check (a): {len(ref)} (meter, month) values of greenpark, InfluxDB {len(influx)}, "
          f"VictoriaMetrics {len(vm)}; largest relative difference {w:.1e}")

    # (b)
    ref = {p[0]: p[1] for p in load(f"{d}/greenpark.b.json")[0]["points"]}
    ixs = load(f"{d}/influxdb.b.json")[0]["results"][0]["series"][0]["values"]
    influx = {t: v for t, v in ixs}
    vms = load(f"{d}/victoria.b.json")[0]["data"]["result"][0]["values"]
    vm = {t: float(v) for t, v in vms}
    w = agree("(b)", ref, {"InfluxDB": influx, "VictoriaMetrics": vm})
    print(f"check (b): {len(ref)} readings of greenpark, InfluxDB {len(influx)}, "
          f"VictoriaMetrics {len(vm)}; largest relative difference {w:.1e}")

    # (c)
    gp = load(f"{d}/greenpark.c.json")[0]
    ref = {p[0]: p[1] for p in gp["items"][0]["points"]}
    res = load(f"{d}/influxdb.c.json")[0]["results"]
    influx = {}
    for r in res:
        for s in r.get("series", []):
            for t, v in s["values"]:
                if v is not None and t - 1 in ref:
                    influx[t - 1] = influx.get(t - 1, 0.0) + v
    vm = {}
    for t, v in load(f"{d}/victoria.c.json")[0]["data"]["result"][0]["values"]:
        day = t - 8 * 3600 - 86400
        if day in ref:
            vm[day] = float(v)
    w = agree("(c)", ref, {"InfluxDB": influx, "VictoriaMetrics": vm})
    print(f"check (c): {len(ref)} daily park totals of greenpark, InfluxDB {len(influx)}, "
          f"VictoriaMetrics {len(vm)}; largest relative difference {w:.1e}")

    if bad:
        print(f"{len(bad)} differences:")
        for b in bad[:20]:
            print("  " + b)
        sys.exit(1)
    print("the three systems' answers agree")


if __name__ == "__main__":
    main()
