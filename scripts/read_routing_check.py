#!/usr/bin/env python3
"""The read-routing check of scripts/cluster (issue 22, item 2).

The APIs send lag-tolerant reads (catalog lists, reports, audit lists, certificate verification) to the
replica once it has replayed what the primary had written when the read began. Through HAProxy (round
robin: a write and the read after it reach different APIs):
1. every course created is in the catalog list read right after it (a client reads its own writes),
   and the replica served those reads (the APIs' lyceum_db_routed_reads_total);
2. with the replica's replay paused, a read after a write still sees it: the replica is passed over
   for the primary after the wait (LYCEUM_DATABASE_REPLICA_MAX_WAIT_MS);
3. the replica's replay lag (pg_stat_replication on the primary) sampled during the writes.
Prints JSON lines; exits 1 when a check fails.
Usage: read_routing_check.py LB_URL API_1_URL API_2_URL PRIMARY_URL REPLICA_URL
"""
import json, random, subprocess, sys, threading, time, urllib.error, urllib.parse, urllib.request

lb, api1, api2, primary_url, replica_url = sys.argv[1:6]


def call(method, url, body=None, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def routed():
    """Routed reads so far, by who served them, summed over both APIs."""
    total = {"replica": 0, "primary": 0}
    for api in (api1, api2):
        with urllib.request.urlopen(f"{api}/metrics", timeout=10) as r:
            for line in r.read().decode().splitlines():
                if line.startswith("lyceum_db_routed_reads_total{"):
                    who = line.split('served_by="')[1].split('"')[0]
                    total[who] += int(float(line.rsplit(" ", 1)[1]))
    return total


def psql(url, sql):
    return subprocess.run(["psql", "-At", "-d", url, "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


slug = f"routing-{random.randrange(10**9)}"
status, body = call("POST", f"{lb}/v1/signup", {"institution_name": "Routing U", "slug": slug, "owner_name": "R",
                                                "owner_email": f"r@{slug}.test", "password": "correct horse battery"})
assert status == 201, f"signup answered {status}"
token = body["session"]["token"]
ok = True


def write_then_read(title):
    status, _ = call("POST", f"{lb}/v1/courses", {"title": title}, token)
    assert status == 201, f"creating a course answered {status}"
    started = time.monotonic()
    status, page = call("GET", f"{lb}/v1/courses?q={urllib.parse.quote(title)}", token=token)
    took = time.monotonic() - started
    return status == 200 and any(c["title"] == title for c in page["items"]), took


# 1. Read-your-writes through HAProxy, with the replay lag sampled meanwhile.
lags, done = [], threading.Event()


def sample():
    while not done.is_set():
        lag = psql(primary_url, "SELECT coalesce(extract(epoch FROM replay_lag) * 1000, 0) FROM pg_stat_replication")
        if lag:
            lags.append(float(lag))
        time.sleep(0.02)


sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
before = routed()
rounds = 100
seen = sum(write_then_read(f"rw-{slug}-{i}")[0] for i in range(rounds))
# Reports and audit lists of the new courses, routed too.
status, page = call("GET", f"{lb}/v1/courses?limit=1", token=token)
course = page["items"][0]["id"] if status == 200 and page["items"] else None
report = call("GET", f"{lb}/v1/reports/courses/{course}", token=token)[0] if course else 0
audit = call("GET", f"{lb}/v1/audit-events?limit=5", token=token)[0]
done.set()
sampler.join()
after = routed()
served, passed = after["replica"] - before["replica"], after["primary"] - before["primary"]
lags.sort()
print(json.dumps({"case": "read after write through HAProxy, routed to the replica", "writes": rounds,
                  "read_their_write": seen, "report_status": report, "audit_status": audit,
                  "served_by_replica": served, "passed_over_to_primary": passed,
                  "replay_lag_ms_p50": round(lags[len(lags) // 2], 2) if lags else None,
                  "replay_lag_ms_max": round(lags[-1], 2) if lags else None, "lag_samples": len(lags)}))
ok = ok and seen == rounds and report == 200 and audit == 200 and served >= 0.9 * (rounds + 3)

# 2. The replica stops replaying: a read after a write still sees it, from the primary.
psql(replica_url, "SELECT pg_wal_replay_pause()")
try:
    before = routed()
    results = [write_then_read(f"paused-{slug}-{i}") for i in range(5)]
    after = routed()
finally:
    psql(replica_url, "SELECT pg_wal_replay_resume()")
passed = after["primary"] - before["primary"]
slowest = max(t for _, t in results)
print(json.dumps({"case": "replica replay paused: reads after writes", "reads": len(results),
                  "read_their_write": sum(s for s, _ in results), "passed_over_to_primary": passed,
                  "slowest_read_ms": round(slowest * 1000, 1)}))
ok = ok and all(s for s, _ in results) and passed >= len(results)

# Replay resumed: the replica serves again.
before = routed()
seen, _ = write_then_read(f"resumed-{slug}")
after = routed()
print(json.dumps({"case": "replay resumed: the replica serves again", "read_their_write": seen,
                  "served_by_replica": after["replica"] - before["replica"]}))
ok = ok and seen and after["replica"] > before["replica"]
sys.exit(0 if ok else 1)
