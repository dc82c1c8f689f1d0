#!/usr/bin/env python3
"""The failover drill of scripts/cluster (issue 22, item 4).

Writers create courses through HAProxy without pause and record every write the API acknowledged
(201). After a few seconds the primary is stopped at once (pg_ctl -m immediate: a crash) and the
replica promoted. The APIs reach the promoted server by themselves (their URL names both servers with
target_session_attrs=read-write). Prints JSON lines: the write gap (the longest time without an
acknowledged write around the stop), the acknowledged writes found on the promoted server, and whether the
processes' listeners and the workers came back (a revocation through HAProxy refused by API 2; the
welcome email of an institution signed up after the failover written by a worker). Exits 1 when a
write was lost, writes did not resume within 5 s, a write failed other than with 503 and Retry-After
(599 in the output stands for a 503 without it) or a dropped connection, or a check failed.
Usage: failover_drill.py LB_URL API_2_URL PRIMARY_URL REPLICA_URL CLUSTER_DIR PGBIN
"""
import json, os, subprocess, sys, threading, time, urllib.error, urllib.request

lb, api2, primary_url, replica_url, cluster_dir, pgbin = sys.argv[1:7]


def call(method, url, body=None, token=None, timeout=10):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        # A refusal during the switch must say when to retry: 503 with Retry-After.
        return (e.code if e.code != 503 or e.headers.get("retry-after") else 599), None
    except Exception:
        return 0, None


def as_pg(*args):
    cmd = list(args)
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    subprocess.run(cmd, check=True, cwd="/tmp", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def signup(slug):
    status, body = call("POST", f"{lb}/v1/signup", {"institution_name": "Drill U", "slug": slug, "owner_name": "D",
                                                    "owner_email": f"d@{slug}.test", "password": "correct horse battery"})
    assert status == 201, f"signup answered {status}"
    return body["session"]["token"]


run = f"{os.getpid()}"
token = signup(f"drill-{run}")
acked, failures, stop = [], [], threading.Event()
lock = threading.Lock()


def writer(n):
    i = 0
    while not stop.is_set():
        title = f"drill-{n}-{i}"
        status, body = call("POST", f"{lb}/v1/courses", {"title": title}, token, timeout=5)
        now = time.monotonic()
        with lock:
            (acked if status == 201 else failures).append((now, title if status == 201 else status))
        if status != 201:
            time.sleep(0.02)
        i += 1


threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
time.sleep(3)
stopped_at = time.monotonic()
as_pg(f"{pgbin}/pg_ctl", "-D", f"{cluster_dir}/primary", "-m", "immediate", "stop")
as_pg(f"{pgbin}/pg_ctl", "-D", f"{cluster_dir}/replica", "-w", "promote")
promoted_at = time.monotonic()
# Writes go on until 3 s of them have been acknowledged after the promotion, or 15 s pass.
deadline = time.monotonic() + 15
while time.monotonic() < deadline:
    with lock:
        after = [t for t, _ in acked if t > promoted_at]
    if after and after[-1] - after[0] > 3:
        break
    time.sleep(0.1)
stop.set()
for t in threads:
    t.join()

# The write gap: the longest time without an acknowledged write, from a second before the stop on.
times = sorted(t for t, _ in acked if t > stopped_at - 1)
resumed = [t for t in times if t > promoted_at]
gap = max(b - a for a, b in zip(times, times[1:])) if resumed and len(times) > 1 else None
titles = [title for _, title in acked]
found = int(subprocess.run(["psql", "-At", "-d", replica_url, "-c",
                            "SELECT count(*) FROM courses WHERE title LIKE 'drill-%'"],
                           check=True, capture_output=True, text=True).stdout.strip())
stored = set(subprocess.run(["psql", "-At", "-d", replica_url, "-c", "SELECT title FROM courses WHERE title LIKE 'drill-%'"],
                            check=True, capture_output=True, text=True).stdout.split())
lost = [t for t in titles if t not in stored]
failed_statuses = sorted({s for _, s in failures})
print(json.dumps({"case": "failover: primary stopped (immediate), replica promoted", "promote_seconds": round(promoted_at - stopped_at, 3),
                  "write_gap_seconds": round(gap, 3) if gap is not None else None, "acknowledged": len(titles),
                  "acknowledged_kept": len(titles) - len(lost), "rows_on_promoted": found,
                  "failed_requests": len(failures), "failed_statuses": failed_statuses}))
# Writes caught by the switch must fail cleanly: 503 with Retry-After (never 500), or a connection
# the dying server dropped (0).
unclean = [s for s in failed_statuses if s not in (0, 503)]
ok = gap is not None and gap < 5 and not lost and not unclean

# The processes' listeners reconnected: a key revoked through HAProxy is refused by API 2 within 1 s.
status, created = call("POST", f"{lb}/v1/api-keys", {"name": "after", "scopes": ["users:read"]}, token)
if status == 201:
    call("GET", f"{api2}/v1/users", token=created["key"])
    call("DELETE", f"{lb}/v1/api-keys/{created['id']}", token=token)
    start = time.monotonic()
    while call("GET", f"{api2}/v1/users", token=created["key"])[0] != 401 and time.monotonic() - start < 5:
        time.sleep(0.01)
    took = time.monotonic() - start
    print(json.dumps({"case": "after the failover, a revocation reached API 2 in", "ms": round(took * 1000, 1)}))
    ok = ok and took < 1
else:
    print(json.dumps({"case": "after the failover, creating an API key", "status": status}))
    ok = False

# The workers claim jobs on the promoted server: a new institution's welcome email is written.
slug = f"drill-after-{run}"
outbox = os.path.join(cluster_dir, "outbox")
signup(slug)
start = time.monotonic()
def mailed():
    if not os.path.isdir(outbox):
        return False
    for name in os.listdir(outbox):
        with open(os.path.join(outbox, name), errors="replace") as f:
            if f"d@{slug}.test" in f.read():
                return True
    return False
while not mailed() and time.monotonic() - start < 20:
    time.sleep(0.1)
took = time.monotonic() - start
print(json.dumps({"case": "after the failover, a worker sent the welcome email in", "seconds": round(took, 2), "sent": mailed()}))
ok = ok and mailed()
sys.exit(0 if ok else 1)
