#!/usr/bin/env python3
"""Measures a running lyceum-api binary: cold start to /readyz, idle RSS, and signup latency.

Used by scripts/figures; prints one JSON object per measurement. Standard library only.
"""
import argparse, http.client, json, os, signal, socket, statistics, subprocess, sys, tempfile, threading, time, uuid


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def start(binary, db_url, env_extra=None):
    port = free_port()
    env = dict(os.environ, LYCEUM_DATABASE_URL=db_url, LYCEUM_BIND=f"127.0.0.1:{port}", RUST_LOG="warn",
               LYCEUM_OUTBOX_DIR=tempfile.mkdtemp(prefix="lyceum-bench-outbox-"),
               LYCEUM_FILES_DIR=tempfile.mkdtemp(prefix="lyceum-bench-files-"),
               # One client signs up thousands of institutions: lift the per-IP signup limit.
               LYCEUM_AUTH_RATE_LIMIT_BURST="1000000", LYCEUM_AUTH_RATE_LIMIT_PER_MINUTE="1000000")
    env.update(env_extra or {})
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/readyz")
            if c.getresponse().status == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None:
            sys.exit(f"lyceum-api exited with {proc.returncode}")
        if time.perf_counter() - t0 > 60:
            sys.exit("lyceum-api not ready after 60 s")
        time.sleep(0.002)
    return proc, port, time.perf_counter() - t0


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100.0 * len(values) + 0.5)) - 1))
    return values[k]


def signups(port, n, concurrency):
    latencies, errors = [], []
    lock = threading.Lock()
    per_thread = n // concurrency

    def run():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(per_thread):
            slug = "b" + uuid.uuid4().hex[:20]
            body = json.dumps({"institution_name": "Bench " + slug, "slug": slug, "owner_name": "Bench Owner",
                               "owner_email": f"owner@{slug}.test", "password": "correct horse battery"})
            t = time.perf_counter()
            conn.request("POST", "/v1/signup", body, {"Content-Type": "application/json"})
            r = conn.getresponse(); r.read()
            dt = time.perf_counter() - t
            with lock:
                (latencies if r.status == 201 else errors).append(dt if r.status == 201 else r.status)

    threads = [threading.Thread(target=run) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for th in threads: th.start()
    for th in threads: th.join()
    wall = time.perf_counter() - t0
    return latencies, errors, wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["coldstart", "signup"])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--label", default="sqlite")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=1)
    a = ap.parse_args()
    fresh = lambda: "sqlite://" + os.path.join(tempfile.mkdtemp(prefix="lyceum-bench-"), "lyceum.db")

    if a.what == "coldstart":
        starts, rss = [], []
        for _ in range(a.runs):
            proc, port, dt = start(a.bin, a.db or fresh())
            time.sleep(1.0)
            rss.append(rss_kib(proc.pid))
            stop(proc)
            starts.append(dt)
        print(json.dumps({"measure": "cold_start_to_readyz_ms", "db": a.label, "runs": a.runs,
                          "median": round(statistics.median(starts) * 1000, 1),
                          "max": round(max(starts) * 1000, 1)}))
        print(json.dumps({"measure": "idle_rss_mib", "db": a.label, "runs": a.runs,
                          "median": round(statistics.median(rss) / 1024, 1), "max": round(max(rss) / 1024, 1)}))
    else:
        proc, port, _ = start(a.bin, a.db or fresh())
        signups(port, min(20, a.n), 1)  # warm-up: pool connections, caches
        lat, errors, wall = signups(port, a.n, a.concurrency)
        stop(proc)
        ms = [x * 1000 for x in lat]
        print(json.dumps({"measure": "signup_latency_ms", "db": a.label, "concurrency": a.concurrency,
                          "requests": len(ms), "errors": len(errors),
                          "p50": round(pct(ms, 50), 2), "p99": round(pct(ms, 99), 2),
                          "throughput_per_s": round(len(ms) / wall, 1)}))


if __name__ == "__main__":
    main()
