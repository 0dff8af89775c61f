#!/usr/bin/env python3
"""The local executor behind the real host: LAMBDA_RUNTIME_EXECUTOR=local,
functions created and invoked with boto3, no container engine.

    test_local_host.py --localemu build/bin/localemu --plugins build/lib/localemu/plugins
"""
import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, free_port, wait_until, zip_bytes  # noqa: E402

ARGS = None
ROLE = "arn:aws:iam::000000000000:role/lambda-role"

INTROSPECT = """
import os
def handler(event, context):
    print("line from the function")
    return {"env": dict(os.environ), "cwd": os.getcwd(), "event": event}
"""

FAIL = """
def handler(event, context):
    raise ValueError("boom")
"""

# Starts a child that outlives the invoke and tells where it is.
SPAWN = """
import os, subprocess, time
def handler(event, context):
    child = subprocess.Popen(["/bin/sleep", "300"])
    with open(os.path.join(event["dir"], event["name"]), "w") as f:
        f.write("%d %d" % (os.getpid(), child.pid))
    time.sleep(event.get("sleep", 0))
    return {"runtime": os.getpid(), "child": child.pid}
"""


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except OSError:
        return False


class LocalHost(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="localemu-local-host-")
        self.port = free_port()
        self.hosts = []

    def tearDown(self):
        for host in self.hosts:
            host.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self):
        host = LocalEmuHost(ARGS.localemu, port=self.port, plugin_path=ARGS.plugins, env={
            "LAMBDA_RUNTIME_EXECUTOR": "local",
            "LAMBDA_LOCAL_STATE_DIR": os.path.join(self.dir, "state"),
            "LAMBDA_SYNCHRONOUS_CREATE": "1",
            "LOCALEMU_HOST_CANARY": "leaked",
        })
        self.hosts.append(host)
        return host, host.client("lambda")

    def create(self, lam, name, code, **extra):
        lam.create_function(FunctionName=name, Runtime=extra.pop("Runtime", "python3.12"), Role=ROLE,
                            Handler=extra.pop("Handler", "app.handler"),
                            Code={"ZipFile": zip_bytes(code if isinstance(code, dict) else {"app.py": code})}, **extra)
        lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 300})

    def invoke(self, lam, name, payload):
        response = lam.invoke(FunctionName=name, Payload=json.dumps(payload))
        return response, json.loads(response["Payload"].read() or b"null")

    def test_invoke_sees_only_lambdas_environment(self):
        host, lam = self.start()
        self.create(lam, "introspect", INTROSPECT, Environment={"Variables": {"GREETING": "hi"}})
        response, body = self.invoke(lam, "introspect", {"x": 1})
        self.assertEqual(response["StatusCode"], 200)
        self.assertNotIn("FunctionError", response)
        env = body["env"]
        self.assertEqual(body["event"], {"x": 1})
        self.assertEqual(env["GREETING"], "hi")
        self.assertNotIn("LOCALEMU_HOST_CANARY", env)
        self.assertNotIn("HOME", env)
        self.assertEqual(env["PATH"].split(":")[:4], ["/var/lang/bin", "/usr/local/bin", "/usr/bin/", "/bin"])
        self.assertTrue(os.path.isdir(env["LAMBDA_TASK_ROOT"]))
        self.assertEqual(os.path.realpath(body["cwd"]), os.path.realpath(env["LAMBDA_TASK_ROOT"]))
        self.assertTrue(env["PYTHONPATH"].startswith(env["LAMBDA_TASK_ROOT"] + ":"))
        # Warm: the same process answers again.
        self.assertEqual(self.invoke(lam, "introspect", {"x": 2})[1]["event"], {"x": 2})

    def test_errors_and_timeouts(self):
        host, lam = self.start()
        self.create(lam, "fail", FAIL)
        response, body = self.invoke(lam, "fail", {})
        self.assertEqual(response["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "ValueError")
        self.assertEqual(body["errorMessage"], "boom")

        self.create(lam, "slow", SPAWN, Timeout=1)
        response, body = self.invoke(lam, "slow", {"dir": self.dir, "name": "slow", "sleep": 30})
        self.assertEqual(response["FunctionError"], "Unhandled")
        self.assertIn("Task timed out after 1.00 seconds", body["errorMessage"])
        with open(os.path.join(self.dir, "slow")) as f:
            runtime, child = map(int, f.read().split())
        self.assertTrue(wait_until(lambda: not alive(runtime) and not alive(child), timeout=10),
                        "the timed-out environment's group survived")

    def test_orphans_of_a_killed_host_are_removed_at_the_next_start(self):
        host, lam = self.start()
        self.create(lam, "spawn", SPAWN)
        _, body = self.invoke(lam, "spawn", {"dir": self.dir, "name": "spawn"})
        runtime, child = body["runtime"], body["child"]
        self.assertTrue(alive(runtime) and alive(child))
        host.proc.send_signal(signal.SIGKILL)
        host.proc.wait()
        # The runtime client may end by itself once the Runtime API is gone; its child does not.
        time.sleep(0.2)
        self.assertTrue(alive(child), "nothing to clean up: the environment died with the host")
        self.assertTrue([n for n in os.listdir(os.path.join(self.dir, "state")) if n.endswith(".json")])
        self.start()
        self.assertTrue(wait_until(lambda: not alive(runtime) and not alive(child), timeout=10),
                        "the orphaned environment survived the next start")
        self.assertFalse([n for n in os.listdir(os.path.join(self.dir, "state")) if n.endswith(".json")])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    parser.add_argument("--plugins", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
