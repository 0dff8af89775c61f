#!/usr/bin/env python3
"""SIGKILL durability of the state store, end to end.

Starts the real `localemu` host with PERSISTENCE=1 and only the `kv` fixture
plugin, fires writes from 4 threads — single PUTs and, every fourth request, an
atomic batch of 8 documents (POST ?batch=8) — while recording what the host
acknowledged with 200, kills the host with SIGKILL in the middle of the burst,
restarts it on the same data folder and checks that every acknowledged write
is there with its body, and that every batch, acknowledged or cut off by the
kill, is all there or not there at all. Two rounds, so the second crash hits a database that was
itself recovered from a crash.

    store_crash_test.py --localemu build/bin/localemu --plugins build/test-plugins/kv
"""
import argparse
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ARGS = None
WRITERS = 4
ACKS_BEFORE_KILL = 400  # per round, across all writers
BATCH_EVERY = 4  # every 4th request of a writer is a batch
BATCH_SIZE = 8
READY_TIMEOUT_S = 30


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Host:
    """One run of the localemu executable on a fresh port."""

    def __init__(self, data_dir, log_path):
        self.port = free_port()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "GATEWAY_LISTEN": f"127.0.0.1:{self.port}",
            "LOCALEMU_PLUGIN_PATH": ARGS.plugins,
            "PERSISTENCE": "1",
            "LOCALEMU_DATA_DIR": data_dir,
        }
        self.log_path = log_path
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen([ARGS.localemu], env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def log_tail(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read()[-4000:].decode(errors="replace")

    def wait_ready(self):
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"localemu exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                try:
                    conn.request("GET", "/_localemu/health")
                    resp = conn.getresponse()
                    resp.read()
                    if resp.status == 200:
                        return
                finally:
                    conn.close()
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        raise AssertionError(f"localemu not ready after {READY_TIMEOUT_S}s:\n{self.log_tail()}")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.log.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.log.closed:
            self.log.close()


def body_for(key):
    return f'{{"id":"{key}","pad":"{key * 8}"}}'


class Writer(threading.Thread):
    """Writes kv/<prefix>-<n> until the host is killed; keeps what was acknowledged.

    `acked` maps each acknowledged single id to its body; `batches` maps every
    batch id ever sent to (body, acknowledged). A failed request before the kill
    (the server closed a keep-alive connection) is retried on a new connection;
    after the kill it ends the writer, and that last request is unacknowledged."""

    def __init__(self, port, prefix, lock, killing):
        super().__init__(daemon=True)
        self.port, self.prefix, self.lock, self.killing = port, prefix, lock, killing
        self.acked, self.batches, self.errors = {}, {}, []

    def count(self):
        with self.lock:
            return len(self.acked) + sum(1 for _, ok in self.batches.values() if ok)

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        n, failures = 0, 0
        try:
            while True:
                key = f"{self.prefix}-{n}"
                body = body_for(key)
                batch = n % BATCH_EVERY == BATCH_EVERY - 1
                if batch:
                    with self.lock:
                        self.batches[key] = (body, False)
                try:
                    if batch:
                        conn.request("POST", f"/_test/kv/{key}?batch={BATCH_SIZE}", body=body)
                    else:
                        conn.request("PUT", f"/_test/kv/{key}", body=body)
                    resp = conn.getresponse()
                    resp.read()
                except (OSError, http.client.HTTPException) as e:
                    conn.close()
                    if self.killing.is_set():
                        return
                    failures += 1
                    if failures > 20:
                        self.errors.append(f"{key} failed while the host was up: {e!r}")
                        return
                    time.sleep(0.01)
                    continue
                if resp.status != 200:
                    self.errors.append(f"{key} answered {resp.status}")
                    return
                with self.lock:
                    if batch:
                        self.batches[key] = (body, True)
                    else:
                        self.acked[key] = body
                n, failures = n + 1, 0
        finally:
            conn.close()


class StoreCrashTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="localemu-store-crash-")
        self.data_dir = os.path.join(self.tmp, "data")
        self.log_path = os.path.join(self.tmp, "localemu.log")
        self.hosts = []

    def tearDown(self):
        for host in self.hosts:
            host.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self):
        host = Host(self.data_dir, self.log_path)
        self.hosts.append(host)
        host.wait_ready()
        return host

    def burst_and_kill(self, host, round_no, acked, batches):
        lock = threading.Lock()
        killing = threading.Event()
        writers = [Writer(host.port, f"r{round_no}w{i}", lock, killing) for i in range(WRITERS)]
        for w in writers:
            w.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if sum(w.count() for w in writers) >= ACKS_BEFORE_KILL:
                break
            if not any(w.is_alive() for w in writers):
                break
            time.sleep(0.005)
        alive = sum(w.is_alive() for w in writers)
        killing.set()
        host.kill()
        for w in writers:
            w.join(15)
            self.assertFalse(w.is_alive(), "a writer hung after the kill")
            self.assertEqual(w.errors, [], host.log_tail())
        self.assertEqual(alive, WRITERS, "writers stopped before the kill:\n" + host.log_tail())
        count = sum(w.count() for w in writers)
        self.assertGreaterEqual(count, ACKS_BEFORE_KILL)
        for w in writers:
            acked.update(w.acked)
            batches.update(w.batches)
        return count

    def fetch(self, conn, key):
        conn.request("GET", f"/_test/kv/{key}")
        resp = conn.getresponse()
        return resp.status, resp.read().decode()

    def assert_all_present(self, host, acked, batches):
        conn = http.client.HTTPConnection("127.0.0.1", host.port, timeout=10)
        missing, wrong, torn = [], [], []
        for key, body in sorted(acked.items()):
            status, got = self.fetch(conn, key)
            if status == 404:
                missing.append(key)
            elif status != 200 or got != body:
                wrong.append((key, status, got[:80]))
        for key, (body, was_acked) in sorted(batches.items()):
            present = 0
            for i in range(BATCH_SIZE):
                status, got = self.fetch(conn, f"{key}.{i}")
                if status == 200:
                    present += 1
                    if got != body:
                        wrong.append((f"{key}.{i}", status, got[:80]))
                elif status != 404:
                    wrong.append((f"{key}.{i}", status, got[:80]))
            if was_acked and present != BATCH_SIZE:
                missing.append(f"{key} ({present} of {BATCH_SIZE})")
            elif present not in (0, BATCH_SIZE):
                torn.append(f"{key} ({present} of {BATCH_SIZE})")
        conn.close()
        self.assertEqual(len(missing), 0, f"{len(missing)} acknowledged writes lost, e.g. {missing[:5]}")
        self.assertEqual(len(wrong), 0, f"{len(wrong)} writes came back wrong, e.g. {wrong[:3]}")
        self.assertEqual(len(torn), 0, f"unacknowledged batches half applied: {torn[:5]}")

    def test_acknowledged_writes_survive_sigkill(self):
        acked, batches = {}, {}
        for round_no in range(2):
            host = self.start()
            if acked:
                self.assert_all_present(host, acked, batches)
            count = self.burst_and_kill(host, round_no, acked, batches)
            print(f"round {round_no}: {count} acknowledged writes before SIGKILL", file=sys.stderr)
        host = self.start()
        self.assert_all_present(host, acked, batches)
        acked_batches = sum(1 for _, ok in batches.values() if ok)
        print(f"all {len(acked)} acknowledged PUTs and {acked_batches} acknowledged batches of {BATCH_SIZE} "
              f"present after two SIGKILLs; {len(batches) - acked_batches} cut-off batches all-or-nothing",
              file=sys.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--localemu", required=True, help="path of the localemu executable")
    parser.add_argument("--plugins", required=True, help="folder holding the kv fixture plugin")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)
