#!/usr/bin/env python3
"""`ethotop serve` against one client that pipelines GET /snapshot.json and never reads.

Usage: bench/serve_pipeline_rss.py ETHOTOP CHAOS_SERVE [SECONDS]

Starts CHAOS_SERVE (the ChaosServer process), `ETHOTOP serve` watching 200 of its endpoints, and
one client that sends pipelined requests without reading for SECONDS (default 15), sampling
serve's VmRSS every 50 ms. Prints the baseline, the peak and the RSS 3 s after the client closed.
Everything runs on 127.0.0.1 in a temporary directory; both processes are stopped at the end.
"""
import os, socket, subprocess, sys, tempfile, time, urllib.request

ethotop, chaos_serve = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 15
work = tempfile.mkdtemp(prefix="ethotop-pipeline-")
chaos = subprocess.Popen([chaos_serve, "--port", "0"], stdout=subprocess.PIPE, text=True)
base_url = chaos.stdout.readline().strip()
config = os.path.join(work, "serve.yaml")
with open(config, "w") as f:
    f.write("refresh: 250ms\ndefaults: { interval: 2s }\nendpoints:\n")
    for i in range(200):
        f.write(f'  - {{ name: ep{i}, url: "{base_url}/ok?c={i}" }}\n')
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
env = dict(os.environ, HOME=work, XDG_STATE_HOME=os.path.join(work, "state"))
serve = subprocess.Popen([ethotop, "serve", "--config", config, "--metrics-listen", f"127.0.0.1:{port}"],
                         env=env, stderr=subprocess.DEVNULL)
try:
    def rss():
        with open(f"/proc/{serve.pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    document = b""
    for _ in range(100):
        try:
            document = urllib.request.urlopen(f"http://127.0.0.1:{port}/snapshot.json", timeout=30).read()
            if document.count(b'"name"') >= 200:
                break
        except OSError:
            pass
        time.sleep(0.1)
    baseline = peak = rss()
    client = socket.create_connection(("127.0.0.1", port))
    client.setblocking(False)
    request = b"GET /snapshot.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    sent, start = 0, time.time()
    while time.time() - start < seconds:
        try:
            while True:
                sent += client.send(request * 64)
        except BlockingIOError:
            pass
        peak = max(peak, rss())
        time.sleep(0.05)
    client.close()
    time.sleep(3)
    after = rss()
    print(f"document {len(document)} B; requests sent {sent // len(request)}; VmRSS baseline "
          f"{baseline / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB (+{(peak - baseline) / 1024:.1f}), "
          f"3 s after the client closed {after / 1024:.1f} MiB")
finally:
    serve.terminate()
    serve.wait()
    chaos.terminate()
    chaos.wait()
