#!/usr/bin/env python3
"""Step latency and throughput of POST /v1/steps (echo) against a running gateway, and the group commit
figures from GET /v1/events/stats. Loopback only; bounded request count.

usage: bench/events_outbox_latency.py [base_url] [requests] [concurrency]
"""
import http.client, json, statistics, sys, threading, time, urllib.parse, uuid

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
total = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 32
url = urllib.parse.urlparse(base)
latencies, errors, lock = [], [], threading.Lock()
counter = iter(range(total))

def worker():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    while True:
        with lock:
            n = next(counter, None)
        if n is None:
            return
        body = json.dumps({"workflow_step": {"workflow_step_uuid": str(uuid.uuid4()), "attempts": 0},
                           "step_definition": {"handler": {"callable": "echo"}},
                           "task": {"task": {"context": {"n": n}}}})
        start = time.perf_counter()
        conn.request("POST", "/v1/steps", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - start
        with lock:
            (latencies if response.status == 200 else errors).append(elapsed)

def stats():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("GET", "/v1/events/stats")
    response = conn.getresponse()
    return json.loads(response.read()) if response.status == 200 else None

threads = [threading.Thread(target=worker) for _ in range(concurrency)]
started = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - started
latencies.sort()
q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
print(f"{len(latencies)} ok, {len(errors)} failed, {concurrency} concurrent, {len(latencies) / wall:.0f} steps/s")
print(f"latency ms: p50 {q(0.50):.1f}  p90 {q(0.90):.1f}  p99 {q(0.99):.1f}  max {latencies[-1] * 1000:.1f}")
s = stats()
if s and "committed_steps" in s.get("outbox", {}):
    o = s["outbox"]
    print(f"group commit: {o['committed_steps']} step records in {o['commit_transactions']} transactions "
          f"({o['committed_steps'] / max(1, o['commit_transactions']):.1f} per commit)")
