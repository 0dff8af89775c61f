#!/usr/bin/env python3
"""Invoke features on the real docker engine with the offline runtime images:
streamed responses that fail mid-stream (Runtime API trailers), provisioned
concurrency's pre-started environments, LAMBDA_PREBUILD_IMAGES and
LAMBDA_TRUNCATE_STDOUT.

    test_lambda_docker_features.py --localemu build/bin/localemu --mapping build/test-images.json
"""
import argparse
import base64
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, containers, docker, error_of, free_port, wait_until, zip_bytes  # noqa: E402

ARGS = None
MAPPING = None
REGISTRY = shutil.which("docker-registry")
ROLE = "arn:aws:iam::000000000000:role/lambda-role"

# Writes two chunks; with {"fail": true} throws after the first one, so the
# runtime ends its chunked response with the Lambda-Runtime-Function-Error-* trailers.
NODE_STREAM = """
exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  responseStream.write("one,");
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (event.fail) throw new Error("mid-stream failure");
  responseStream.write("two");
  responseStream.end();
});
"""

INIT_TYPE = """
import os, time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    return {"init": os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"], "stream": context.log_stream_name}
"""

HELLO = """
def handler(event, context):
    return "hello"
"""


def base_env(**more):
    env = {
        "LAMBDA_RUNTIME_IMAGE_MAPPING": MAPPING,
        "LAMBDA_RUNTIME_EXECUTOR": "docker",
    }
    env.update(more)
    return env


def create(lam, name, code, handler="app.handler", runtime="python3.12", wait=True, **extra):
    files = code if isinstance(code, dict) else {"app.py": code}
    lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                        Code={"ZipFile": zip_bytes(files)}, **extra)
    if wait:
        lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 300})
    return lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"]


def invoke(lam, name, payload=None, **extra):
    response = lam.invoke(FunctionName=name, Payload=json.dumps(payload or {}), **extra)
    body = response["Payload"].read()
    return response, (json.loads(body) if body else None)


def stream_events(lam, name, payload):
    response = lam.invoke_with_response_stream(FunctionName=name, Payload=json.dumps(payload))
    chunks, complete = [], None
    for event in response["EventStream"]:
        if "PayloadChunk" in event:
            chunks.append(event["PayloadChunk"]["Payload"].decode())
        if "InvokeComplete" in event:
            complete = event["InvokeComplete"]
    return response, "".join(chunks), complete


class StreamingErrors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env=base_env())
        cls.lam = cls.host.client("lambda")
        create(cls.lam, "streamer", {"index.js": NODE_STREAM}, handler="index.handler", runtime="nodejs20.x")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def test_a_mid_stream_error_ends_the_stream_with_invoke_complete_error(self):
        response, body, complete = stream_events(self.lam, "streamer", {"fail": True})
        self.assertEqual(response["StatusCode"], 200)
        self.assertEqual(body, "one,")
        self.assertIsNotNone(complete)
        self.assertEqual(complete["ErrorCode"], "Unhandled")
        details = json.loads(complete["ErrorDetails"])
        self.assertEqual(details["errorType"], "Error")
        self.assertEqual(details["errorMessage"], "mid-stream failure")
        # The runtime's keep-alive connection to the Runtime API survived the trailers:
        # the same environment serves the next invocation.
        response, body, complete = stream_events(self.lam, "streamer", {})
        self.assertEqual(body, "one,two")
        self.assertNotIn("ErrorCode", complete)
        arn = self.lam.get_function(FunctionName="streamer")["Configuration"]["FunctionArn"]
        self.assertEqual(len(containers(f"localemu.function={arn}")), 1)

    def test_a_request_response_invoke_of_a_failing_streaming_function_returns_the_error(self):
        response, body = invoke(self.lam, "streamer", {"fail": True})
        self.assertEqual(response["StatusCode"], 200)
        self.assertEqual(response["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Error")
        self.assertEqual(body["errorMessage"], "mid-stream failure")
        response = self.lam.invoke(FunctionName="streamer", Payload=b"{}")
        self.assertNotIn("FunctionError", response)
        self.assertEqual(response["Payload"].read(), b"one,two")


class ProvisionedConcurrency(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env=base_env())
        cls.lam = cls.host.client("lambda")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def test_provisioned_environments_are_prestarted_and_say_so(self):
        arn = create(self.lam, "provisioned", INIT_TYPE)
        version = self.lam.publish_version(FunctionName="provisioned")["Version"]
        self.lam.create_alias(FunctionName="provisioned", Name="live", FunctionVersion=version)
        put = self.lam.put_provisioned_concurrency_config(FunctionName="provisioned", Qualifier="live",
                                                          ProvisionedConcurrentExecutions=2)
        self.assertEqual(put["Status"], "IN_PROGRESS")
        self.assertEqual(put["RequestedProvisionedConcurrentExecutions"], 2)
        self.assertEqual(put["AvailableProvisionedConcurrentExecutions"], 0)

        def ready():
            config = self.lam.get_provisioned_concurrency_config(FunctionName="provisioned", Qualifier="live")
            return config if config["Status"] == "READY" else None

        config = wait_until(ready, timeout=120, interval=0.2)
        self.assertIsNotNone(config, "the provisioned concurrency config never became READY")
        self.assertEqual(config["AvailableProvisionedConcurrentExecutions"], 2)
        self.assertEqual(config["AllocatedProvisionedConcurrentExecutions"], 2)
        # Both environments run before any invoke, for the published version.
        self.assertEqual(len(containers(f"localemu.function={arn}:{version}")), 2)
        self.assertEqual(len(containers(f"localemu.function={arn}")), 0)

        # Two concurrent invokes use the two pre-started environments; a third
        # at the same time spills over to an on-demand one.
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            results = list(pool.map(
                lambda _: invoke(self.host.client("lambda"), "provisioned", {"sleep": 2}, Qualifier="live")[1],
                range(3)))
        kinds = sorted(r["init"] for r in results)
        self.assertEqual(kinds, ["on-demand", "provisioned-concurrency", "provisioned-concurrency"])
        self.assertEqual(len({r["stream"] for r in results}), 3)
        # $LATEST has no provisioned concurrency: on demand.
        _, body = invoke(self.lam, "provisioned")
        self.assertEqual(body["init"], "on-demand")
        # A lone invoke of the alias runs in a provisioned environment.
        _, body = invoke(self.lam, "provisioned", Qualifier="live")
        self.assertEqual(body["init"], "provisioned-concurrency")

        # Reserved concurrency is shared with provisioned concurrency: it may not be less, and when it is all
        # provisioned nothing is left on demand ($LATEST throttled) while the alias still runs.
        self.assertEqual(error_of(self.lam.put_function_concurrency, FunctionName="provisioned",
                                  ReservedConcurrentExecutions=1),
                         (400, "InvalidParameterValueException", " ReservedConcurrentExecutions  1 should not be lower "
                          "than function's total provisioned concurrency [2]."))
        self.lam.put_function_concurrency(FunctionName="provisioned", ReservedConcurrentExecutions=2)
        self.assertEqual(error_of(self.lam.invoke, FunctionName="provisioned", Payload=b"{}"),
                         (429, "TooManyRequestsException", "Rate Exceeded."))
        _, body = invoke(self.lam, "provisioned", Qualifier="live")
        self.assertEqual(body["init"], "provisioned-concurrency")


PRINT_LINES = """
def handler(event, context):
    print("short:" + "x" * 94)
    print("long:" + "y" * 299995)
    return "printed"
"""


class TruncateStdout(unittest.TestCase):
    """LAMBDA_TRUNCATE_STDOUT cuts the lines echoed on the host's log; CloudWatch keeps them."""

    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env=base_env(LAMBDA_TRUNCATE_STDOUT="40",
                                                              LOCALEMU_LOG_LEVEL_LAMBDA="debug"))
        cls.lam = cls.host.client("lambda")
        cls.logs = cls.host.client("logs")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def test_echoed_lines_are_cut_and_cloudwatch_keeps_them(self):
        create(self.lam, "printer", PRINT_LINES)
        _, body = invoke(self.lam, "printer")
        self.assertEqual(body, "printed")
        short = "short:" + "x" * 94
        expected = ["[/aws/lambda/printer] " + short[:40] + "...", "[/aws/lambda/printer] long:" + "y" * 35 + "..."]
        echoed = wait_until(lambda: all(line in self.host.output() for line in expected), timeout=15)
        self.assertTrue(echoed, self.host.output()[-3000:])
        self.assertNotIn(short[:41], self.host.output())
        self.assertNotIn("y" * 41, self.host.output())  # the second 256 KiB piece is echoed as a line too

        def messages():
            events = self.logs.filter_log_events(logGroupName="/aws/lambda/printer")["events"]
            return [e["message"] for e in events]

        found = wait_until(lambda: [m for m in messages() if m.startswith("REPORT")] and messages(), timeout=15)
        self.assertIn(short, found)
        # A line longer than one CloudWatch event (256 KiB) arrives as consecutive events.
        long_parts = [m for m in found if m.startswith("long:") or set(m) == {"y"}]
        self.assertEqual([len(m) for m in long_parts], [262144, 300000 - 262144])
        self.assertEqual("".join(long_parts), "long:" + "y" * 299995)


class LocalRegistry:
    """Debian's docker-registry on a loopback port, holding one tiny image (an empty
    filesystem, imported for the host's architecture) that only it has."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="localemu-registry-")
        self.port = free_port()
        config = os.path.join(self.folder, "config.yml")
        with open(config, "w") as f:
            f.write("version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\n"
                    "http:\n  addr: 127.0.0.1:%d\n" % (os.path.join(self.folder, "data"), self.port))
        self.proc = subprocess.Popen([REGISTRY, "serve", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.image = "127.0.0.1:%d/localemu/prebuild:%d" % (self.port, os.getpid())
        if not wait_until(self.answers, timeout=30, interval=0.1):
            raise RuntimeError("docker-registry did not start")
        empty = os.path.join(self.folder, "empty.tar")
        with tarfile.open(empty, "w"):
            pass
        docker("import", empty, self.image)
        docker("push", self.image)
        docker("rmi", self.image)  # only the registry has it now

    def answers(self):
        try:
            return urllib.request.urlopen("http://127.0.0.1:%d/v2/" % self.port, timeout=1).status == 200
        except OSError:
            return False

    def close(self):
        subprocess.run(["docker", "rmi", self.image], capture_output=True)
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)


def image_present(image):
    return subprocess.run(["docker", "image", "inspect", image], capture_output=True).returncode == 0


class PrebuildImages(unittest.TestCase):
    """LAMBDA_PREBUILD_IMAGES readies images while functions are Pending."""

    @classmethod
    def setUpClass(cls):
        mapping = json.loads(MAPPING)
        # Nothing listens on 127.0.0.1:1: the engine's pull is refused at once.
        mapping["python3.9"] = "127.0.0.1:1/localemu/unreachable:python3.9"
        cls.registry = LocalRegistry() if REGISTRY else None
        if cls.registry:
            mapping["python3.10"] = cls.registry.image
        cls.host = LocalEmuHost(ARGS.localemu, env=base_env(LAMBDA_PREBUILD_IMAGES="1",
                                                              LAMBDA_RUNTIME_IMAGE_MAPPING=json.dumps(mapping),
                                                              LOCALEMU_LOG_LEVEL_LAMBDA="debug"))
        cls.lam = cls.host.client("lambda")
        cls.mapping = mapping

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()
        if cls.registry:
            cls.registry.close()

    def wait_settled(self, name, updating=False):
        def settled():
            config = self.lam.get_function_configuration(FunctionName=name)
            done = config["LastUpdateStatus"] != "InProgress" if updating else config["State"] != "Pending"
            return config if done else None

        config = wait_until(settled, timeout=120, interval=0.1)
        self.assertIsNotNone(config)
        return config

    def test_the_image_is_ready_before_the_function_is_active(self):
        arn = create(self.lam, "prebuilt", HELLO, wait=False)
        config = self.wait_settled("prebuilt")
        self.assertEqual(config["State"], "Active")
        image = self.mapping["python3.12"]
        self.assertIn(f"LAMBDA_PREBUILD_IMAGES: {image} ready for {arn}", self.host.output())
        self.assertEqual(containers(f"localemu.function={arn}"), [])  # nothing ran yet
        _, body = invoke(self.lam, "prebuilt")
        self.assertEqual(body, "hello")

    @unittest.skipUnless(REGISTRY, "needs Debian's docker-registry (apt-get install docker-registry)")
    def test_the_image_is_pulled_while_the_function_is_pending(self):
        image = self.registry.image
        self.assertFalse(image_present(image))
        arn = create(self.lam, "pulled", HELLO, runtime="python3.10", wait=False)
        config = self.wait_settled("pulled")
        self.assertEqual(config["State"], "Active", config.get("StateReason"))
        self.assertTrue(image_present(image))  # pulled at create time, no invoke yet
        self.assertEqual(containers(f"localemu.function={arn}"), [])
        self.assertIn(f"LAMBDA_PREBUILD_IMAGES: {image} ready for {arn}", self.host.output())

    def test_an_image_that_cannot_be_pulled_fails_the_function(self):
        create(self.lam, "unpullable", HELLO, runtime="python3.9", wait=False)
        config = self.wait_settled("unpullable")
        self.assertEqual(config["State"], "Failed")
        self.assertEqual(config["StateReasonCode"], "ImageAccessDenied")
        self.assertIn("127.0.0.1:1/localemu/unreachable:python3.9", config["StateReason"])
        self.assertEqual(config["LastUpdateStatus"], "Failed")

    def test_an_image_for_another_architecture_is_an_invalid_image(self):
        create(self.lam, "armed", HELLO, Architectures=["arm64"], wait=False)
        config = self.wait_settled("armed")
        self.assertEqual(config["State"], "Failed")
        self.assertEqual(config["StateReasonCode"], "InvalidImage")
        self.assertIn("arm64", config["StateReason"])

    def test_an_update_to_an_unpullable_runtime_fails_the_update(self):
        create(self.lam, "switcher", HELLO)
        self.lam.update_function_configuration(FunctionName="switcher", Runtime="python3.9")
        config = self.wait_settled("switcher", updating=True)
        self.assertEqual(config["State"], "Active")
        self.assertEqual(config["LastUpdateStatus"], "Failed")
        self.assertEqual(config["LastUpdateStatusReasonCode"], "ImageAccessDenied")
        self.assertIn("127.0.0.1:1/localemu/unreachable:python3.9", config["LastUpdateStatusReason"])
        # Back to a runtime whose image is there: the next update succeeds.
        self.lam.update_function_configuration(FunctionName="switcher", Runtime="python3.12")
        config = self.wait_settled("switcher", updating=True)
        self.assertEqual(config["LastUpdateStatus"], "Successful")
        self.assertEqual(invoke(self.lam, "switcher")[1], "hello")


def main():
    global ARGS, MAPPING
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    parser.add_argument("--mapping", required=True)
    ARGS, rest = parser.parse_known_args()
    with open(ARGS.mapping) as f:
        MAPPING = json.dumps(json.load(f))
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
