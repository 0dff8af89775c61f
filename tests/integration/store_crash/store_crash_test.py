#!/usr/bin/env python3
"""SIGKILL durability of the state store, end to end.

Starts the real `localemu` host with PERSISTENCE=1 and only the `kv` fixture
plugin, fires PUTs from 4 threads while recording every id the host
acknowledged with 200, kills the host with SIGKILL in the middle of the burst,
restarts it on the same data folder and checks that every acknowledged id is
there with its body. Two rounds, so the second crash hits a database that was
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
    """PUTs kv/<prefix>-<n> until the host is killed; keeps what was acknowledged.

    A failed request before the kill (the server closed a keep-alive connection)
    is retried on a new connection; after the kill it ends the writer, and that
    last request counts as unacknowledged."""

    def __init__(self, port, prefix, acked, lock, killing):
        super().__init__(daemon=True)
        self.port, self.prefix, self.acked, self.lock, self.killing = port, prefix, acked, lock, killing
        self.errors = []

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        n, failures = 0, 0
        try:
            while True:
                key = f"{self.prefix}-{n}"
                body = body_for(key)
                try:
                    conn.request("PUT", f"/_test/kv/{key}", body=body, headers={"Content-Type": "application/json"})
                    resp = conn.getresponse()
                    resp.read()
                except (OSError, http.client.HTTPException) as e:
                    conn.close()
                    if self.killing.is_set():
                        return
                    failures += 1
                    if failures > 20:
                        self.errors.append(f"PUT {key} failed while the host was up: {e!r}")
                        return
                    time.sleep(0.01)
                    continue
                if resp.status != 200:
                    self.errors.append(f"PUT {key} answered {resp.status}")
                    return
                with self.lock:
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

    def burst_and_kill(self, host, round_no, acked):
        lock = threading.Lock()
        round_acked = {}
        killing = threading.Event()
        writers = [Writer(host.port, f"r{round_no}w{i}", round_acked, lock, killing) for i in range(WRITERS)]
        for w in writers:
            w.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with lock:
                if len(round_acked) >= ACKS_BEFORE_KILL:
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
        self.assertGreaterEqual(len(round_acked), ACKS_BEFORE_KILL)
        acked.update(round_acked)
        return len(round_acked)

    def assert_all_present(self, host, acked):
        conn = http.client.HTTPConnection("127.0.0.1", host.port, timeout=10)
        missing, wrong = [], []
        for key, body in sorted(acked.items()):
            conn.request("GET", f"/_test/kv/{key}")
            resp = conn.getresponse()
            got = resp.read().decode()
            if resp.status == 404:
                missing.append(key)
            elif resp.status != 200 or got != body:
                wrong.append((key, resp.status, got[:80]))
        conn.close()
        self.assertEqual(len(missing), 0, f"{len(missing)} of {len(acked)} acknowledged writes lost, e.g. {missing[:5]}")
        self.assertEqual(len(wrong), 0, f"{len(wrong)} writes came back wrong, e.g. {wrong[:3]}")

    def test_acknowledged_writes_survive_sigkill(self):
        acked = {}
        for round_no in range(2):
            host = self.start()
            if acked:
                self.assert_all_present(host, acked)
            count = self.burst_and_kill(host, round_no, acked)
            print(f"round {round_no}: {count} acknowledged PUTs before SIGKILL", file=sys.stderr)
        host = self.start()
        self.assert_all_present(host, acked)
        print(f"all {len(acked)} acknowledged PUTs present after two SIGKILLs", file=sys.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--localemu", required=True, help="path of the localemu executable")
    parser.add_argument("--plugins", required=True, help="folder holding the kv fixture plugin")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)
