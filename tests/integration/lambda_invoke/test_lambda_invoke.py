#!/usr/bin/env python3
"""Invoking functions for real: the host, the docker executor, the offline
runtime images and real clients (boto3, AWS CLI).

    test_lambda_invoke.py --localemu build/bin/localemu --mapping build/test-images-strict.json \
        --provided-bootstrap runtimes/provided/example-bootstrap
"""
import argparse
import base64
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, containers, free_port, wait_until, zip_bytes  # noqa: E402

ARGS = None
MAPPING = None
ROLE = "arn:aws:iam::000000000000:role/lambda-role"

HELLO = """
def handler(event, context):
    return {"statusCode": 200, "body": "hello from LocalEmu"}
"""

INTROSPECT = """
import os, json
def handler(event, context):
    print("line from the function")
    return {
        "env": dict(os.environ),
        "context": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "invoked_function_arn": context.invoked_function_arn,
            "aws_request_id": context.aws_request_id,
            "remaining": context.get_remaining_time_in_millis(),
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
        },
        "event": event,
    }
"""

FAIL = """
def handler(event, context):
    raise ValueError("boom: " + event.get("why", "no reason"))
"""

SLOW = """
import time
def handler(event, context):
    time.sleep(event.get("sleep", 3))
    return {"slept": event.get("sleep", 3)}
"""

# Calls the emulator back through AWS_ENDPOINT_URL: tags its own function, so the
# test can observe asynchronous invocations through the Lambda API.
CALLBACK = """
import json, os, urllib.request
def tag(arn, key, value):
    url = os.environ["AWS_ENDPOINT_URL"] + "/2017-03-31/tags/" + arn
    body = json.dumps({"Tags": {key: value}}).encode()
    urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST",
                           headers={"Content-Type": "application/json"})).read()
def tags(arn):
    url = os.environ["AWS_ENDPOINT_URL"] + "/2017-03-31/tags/" + arn
    return json.loads(urllib.request.urlopen(url).read())["Tags"]
def handler(event, context):
    arn = context.invoked_function_arn.rsplit(":", 1)[0] if context.invoked_function_arn.count(":") > 6 else context.invoked_function_arn
    attempts = int(tags(arn).get("attempts", "0")) + 1
    tag(arn, "attempts", str(attempts))
    if attempts <= event.get("fail_times", 0):
        raise RuntimeError("failing attempt %d" % attempts)
    tag(arn, "marker", event.get("marker", "none"))
    return {"attempts": attempts}
"""

# Debian's boto3 in the test image predates AWS_ENDPOINT_URL support (botocore
# 1.31), so the function passes it explicitly, as users of older SDKs do.
BOTO = """
import os
def handler(event, context):
    import boto3
    client = boto3.client("lambda", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
    names = [f["FunctionName"] for f in client.list_functions()["Functions"]]
    return {"endpoint": os.environ.get("AWS_ENDPOINT_URL"), "functions": names}
"""

NODE = """
exports.handler = async (event, context) => {
  console.log("node says hi");
  return { node: process.version, event, requestId: context.awsRequestId };
};
"""


NODE_STREAM = """
exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  for (const part of ["one,", "two,", "three"]) {
    responseStream.write(part);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  responseStream.end();
});
"""


def create(lam, name, code, handler="app.handler", runtime="python3.12", **extra):
    files = code if isinstance(code, dict) else {"app.py": code}
    lam.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                        Code={"ZipFile": zip_bytes(files)}, **extra)
    lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 300})
    return lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"]


def invoke(lam, name, payload=None, **extra):
    response = lam.invoke(FunctionName=name, Payload=json.dumps(payload or {}), **extra)
    body = response["Payload"].read()
    return response, (json.loads(body) if body else None)


def log_messages(logs, group):
    """The messages of a log group so far: none until the batched delivery has created it."""
    try:
        return [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]]
    except logs.exceptions.ResourceNotFoundException:
        return []


def base_env(**more):
    env = {
        "LAMBDA_RUNTIME_IMAGE_MAPPING": MAPPING,
        "LAMBDA_RUNTIME_EXECUTOR": "docker",
        "LAMBDA_SYNCHRONOUS_CREATE": "0",
    }
    env.update(more)
    return env


class Invoke(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env=base_env(LAMBDA_RETRY_BASE_DELAY_SECONDS="1"))
        cls.lam = cls.host.client("lambda")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def test_quick_start_sync_and_async(self):
        create(self.lam, "hello", HELLO)
        response, body = invoke(self.lam, "hello")
        self.assertEqual(response["StatusCode"], 200)
        self.assertEqual(body, {"statusCode": 200, "body": "hello from LocalEmu"})
        self.assertEqual(response["ExecutedVersion"], "$LATEST")
        self.assertNotIn("FunctionError", response)
        response = self.lam.invoke(FunctionName="hello", InvocationType="Event", Payload=b"{}")
        self.assertEqual(response["StatusCode"], 202)
        response = self.lam.invoke(FunctionName="hello", InvocationType="DryRun")
        self.assertEqual(response["StatusCode"], 204)

    def test_environment_variables_and_context_are_lambdas(self):
        arn = create(self.lam, "introspect", INTROSPECT, MemorySize=256, Timeout=7,
                     Environment={"Variables": {"GREETING": "hi"}})
        response, body = invoke(self.lam, "introspect", {"x": 1}, LogType="Tail")
        env, ctx = body["env"], body["context"]
        self.assertEqual(env["GREETING"], "hi")
        self.assertEqual(env["AWS_REGION"], "us-east-1")
        self.assertEqual(env["AWS_DEFAULT_REGION"], "us-east-1")
        self.assertEqual(env["AWS_LAMBDA_FUNCTION_NAME"], "introspect")
        self.assertEqual(env["AWS_LAMBDA_FUNCTION_VERSION"], "$LATEST")
        self.assertEqual(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "256")
        self.assertEqual(env["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/introspect")
        self.assertRegex(env["AWS_LAMBDA_LOG_STREAM_NAME"], r"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$")
        self.assertEqual(env["_HANDLER"], "app.handler")
        self.assertEqual(env["LAMBDA_TASK_ROOT"], "/var/task")
        self.assertEqual(env["LAMBDA_RUNTIME_DIR"], "/var/runtime")
        self.assertEqual(env["AWS_EXECUTION_ENV"], "AWS_Lambda_python3.12")
        self.assertEqual(env["AWS_LAMBDA_INITIALIZATION_TYPE"], "on-demand")
        self.assertEqual(env["TZ"], ":UTC")
        self.assertEqual(env["AWS_ENDPOINT_URL"], self.host.url)
        self.assertRegex(env["AWS_LAMBDA_RUNTIME_API"], r"^127\.0\.0\.1:\d+$")
        self.assertIn("AWS_ACCESS_KEY_ID", env)
        self.assertEqual(ctx["function_name"], "introspect")
        self.assertEqual(ctx["memory_limit_in_mb"], "256")  # a string in AWS's python runtime too
        self.assertEqual(ctx["invoked_function_arn"], arn)
        self.assertGreater(ctx["remaining"], 5000)
        self.assertLessEqual(ctx["remaining"], 7000)
        self.assertEqual(body["event"], {"x": 1})
        tail = base64.b64decode(response["LogResult"]).decode()
        self.assertIn(f"START RequestId: {ctx['aws_request_id']} Version: $LATEST", tail)
        self.assertIn("line from the function", tail)
        self.assertIn(f"END RequestId: {ctx['aws_request_id']}", tail)
        self.assertRegex(tail, r"REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\t"
                               r"Memory Size: 256 MB\tMax Memory Used: \d+ MB\t")
        # The container's real peak (its cgroup), not the configured MemorySize.
        used = int(re.search(r"Max Memory Used: (\d+) MB", tail).group(1))
        self.assertGreater(used, 0)
        self.assertLess(used, 256)
        self.assertEqual(response["ResponseMetadata"]["RequestId"], ctx["aws_request_id"])

    def test_function_output_reaches_cloudwatch_logs(self):
        create(self.lam, "logged", INTROSPECT)
        _, body = invoke(self.lam, "logged")
        request_id = body["context"]["aws_request_id"]
        logs = self.host.client("logs")

        def messages():
            return [m for m in log_messages(logs, "/aws/lambda/logged") if request_id in m or "line from" in m]

        found = wait_until(lambda: len(messages()) >= 4 and messages(), timeout=15)
        self.assertEqual(found[0], f"START RequestId: {request_id} Version: $LATEST")
        self.assertIn("line from the function", found[1])
        self.assertEqual(found[2], f"END RequestId: {request_id}")
        self.assertTrue(found[3].startswith(f"REPORT RequestId: {request_id}\tDuration: "))
        # Sampled after the response, off the invocation's path: still the real peak.
        used = int(re.search(r"\tMemory Size: 128 MB\tMax Memory Used: (\d+) MB\t", found[3]).group(1))
        self.assertGreater(used, 0)
        self.assertLess(used, 128)
        streams = logs.describe_log_streams(logGroupName="/aws/lambda/logged")["logStreams"]
        self.assertEqual(len(streams), 1)
        first = logs.get_log_events(logGroupName="/aws/lambda/logged", logStreamName=streams[0]["logStreamName"],
                                    startFromHead=True)["events"][0]["message"]
        self.assertRegex(first, r"^INIT_START Runtime Version: python:3\.12\.v1\tRuntime Version ARN: "
                                r"arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$")
        self.assertEqual(streams[0]["logStreamName"], body["env"]["AWS_LAMBDA_LOG_STREAM_NAME"])

    def test_back_to_back_invokes_keep_the_stream_in_order(self):
        # One caller, one environment: END/REPORT of each invocation come before the next START
        # (they take their place when the invocation ends, whatever the memory sampler's delay).
        create(self.lam, "ordered", "def handler(event, context):\n"
                                    "    print('first', event['i'])\n"
                                    "    print('second', event['i'])\n"
                                    "    return {'id': context.aws_request_id, 'stream': context.log_stream_name}\n")
        results = [invoke(self.lam, "ordered", {"i": i})[1] for i in range(20)]
        ids = [r["id"] for r in results]
        self.assertEqual({r["stream"] for r in results}, {results[0]["stream"]})
        logs = self.host.client("logs")

        def events():
            try:
                return logs.get_log_events(logGroupName="/aws/lambda/ordered", logStreamName=results[0]["stream"],
                                           startFromHead=True)["events"]
            except logs.exceptions.ResourceNotFoundException:
                return []

        found = wait_until(lambda: (lambda e: sum(m["message"].startswith("REPORT ") for m in e) >= 20 and e)(events()),
                           timeout=20)
        stamps = [e["timestamp"] for e in found]
        self.assertEqual(stamps, sorted(stamps))
        platform = [e["message"] for e in found if e["message"].startswith(("START ", "END ", "REPORT "))]
        expected = []
        for request_id in ids:
            expected += [f"START RequestId: {request_id} Version: $LATEST", f"END RequestId: {request_id}",
                         f"REPORT RequestId: {request_id}"]
        self.assertEqual([m.split("\tDuration")[0] for m in platform], expected)
        # Each function line comes after its own invocation's START.
        messages = [e["message"] for e in found]
        for i, request_id in enumerate(ids):
            start = messages.index(f"START RequestId: {request_id} Version: $LATEST")
            for word in ("first", "second"):
                self.assertGreater(messages.index(f"{word} {i}\n" if f"{word} {i}\n" in messages else f"{word} {i}"),
                                   start)

    def test_a_raised_error_is_an_unhandled_function_error(self):
        create(self.lam, "fail", FAIL)
        response, body = invoke(self.lam, "fail", {"why": "testing"})
        self.assertEqual(response["StatusCode"], 200)
        self.assertEqual(response["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "ValueError")
        self.assertEqual(body["errorMessage"], "boom: testing")
        self.assertIsInstance(body["stackTrace"], list)
        # The runtime writes the record's lines joined by '\r'; CloudWatch shows one event of '\n'-joined lines.
        logs = self.host.client("logs")

        def error_records():
            return [m for m in log_messages(logs, "/aws/lambda/fail") if m.startswith("[ERROR]")]

        record = wait_until(error_records, timeout=15)[0]
        self.assertTrue(record.startswith("[ERROR] ValueError: boom: testing\nTraceback (most recent call last):\n"), record)
        self.assertNotIn("\r", record)

    def test_a_timeout_discards_the_environment(self):
        arn = create(self.lam, "slow", SLOW, Timeout=1)
        started = time.time()
        response, body = invoke(self.lam, "slow", {"sleep": 5})
        self.assertLess(time.time() - started, 4.5)
        self.assertEqual(response["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Sandbox.Timedout")
        self.assertRegex(body["errorMessage"], r"^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$")
        self.assertTrue(wait_until(lambda: not containers(f"localemu.function={arn}"), timeout=20))
        response, body = invoke(self.lam, "slow", {"sleep": 0})
        self.assertEqual(body, {"slept": 0})

    def test_an_import_error_is_reported_as_aws_does(self):
        create(self.lam, "broken", HELLO, handler="missing.handler")
        response, body = invoke(self.lam, "broken")
        self.assertEqual(response["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Runtime.ImportModuleError")
        self.assertEqual(body["errorMessage"], "Unable to import module 'missing': No module named 'missing'")

    def test_runtime_exits_and_init_errors_are_worded_as_lambda_does(self):
        create(self.lam, "exits", "import sys\n\ndef handler(event, context):\n    sys.exit(event['code'])\n")
        _, body = invoke(self.lam, "exits", {"code": 0})
        self.assertEqual(body["errorType"], "Runtime.ExitError")
        self.assertRegex(body["errorMessage"], r"^RequestId: [0-9a-f-]{36} Error: Runtime exited without providing a reason$")
        _, body = invoke(self.lam, "exits", {"code": 3})
        self.assertRegex(body["errorMessage"], r"Error: Runtime exited with error: exit status 3$")
        create(self.lam, "dies-at-init", "import os\nos._exit(3)\n")  # during init: its status too
        _, body = invoke(self.lam, "dies-at-init")
        self.assertRegex(body["errorMessage"], r"Error: Runtime exited with error: exit status 3$")
        create(self.lam, "raises-at-init", {"app.py": 'raise Exception("Runtime startup fails")\n'})
        response, body = invoke(self.lam, "raises-at-init")
        self.assertEqual((response["FunctionError"], body["errorType"], body["errorMessage"]),
                         ("Unhandled", "Exception", "Runtime startup fails"))
        self.assertIn("in import_module", body["stackTrace"][0])  # importlib's frames, as AWS's client keeps them
        self.assertIn('/var/task/app.py", line 1, in <module>', body["stackTrace"][-1])

    def test_an_oversized_response_is_refused_and_the_environment_serves_on(self):
        create(self.lam, "big", "def handler(event, context):\n    return 'a' * event['n']\n")
        response, body = invoke(self.lam, "big", {"n": 6 * 1024 * 1024})  # 6 MiB and its quotes: within the limit
        self.assertNotIn("FunctionError", response)
        self.assertEqual(len(body), 6 * 1024 * 1024)
        for _ in range(2):  # the runtime is not broken by a refused response
            response, body = invoke(self.lam, "big", {"n": 7 * 1024 * 1024})
            self.assertEqual(response["FunctionError"], "Unhandled")
            self.assertEqual(body, {"errorMessage": "Response payload size exceeded maximum allowed payload size "
                                                    "(6291556 bytes).", "errorType": "Function.ResponseSizeTooLarge"})

    def test_a_missing_function_is_named_with_latest(self):
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException) as caught:
            self.lam.invoke(FunctionName="no-such-function", Payload=b"{}")
        self.assertEqual(caught.exception.response["Error"]["Message"],
                         "Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function:$LATEST")

    def test_node_and_provided_runtimes(self):
        create(self.lam, "node", {"index.js": NODE}, handler="index.handler", runtime="nodejs20.x")
        response, body = invoke(self.lam, "node", {"n": 1})
        self.assertEqual(body["event"], {"n": 1})
        self.assertTrue(body["node"].startswith("v"))
        with open(ARGS.provided_bootstrap, "rb") as f:
            bootstrap = f.read()
        create(self.lam, "provided", {"bootstrap": bootstrap}, handler="echo", runtime="provided.al2023")
        response, body = invoke(self.lam, "provided", {"p": 2})
        self.assertEqual(body["handler"], "echo")
        self.assertEqual(body["event"], {"p": 2})

    def test_parallel_invokes_start_environments_then_reuse_them(self):
        arn = create(self.lam, "parallel", SLOW)
        with concurrent.futures.ThreadPoolExecutor(5) as pool:
            results = list(pool.map(lambda _: invoke(self.host.client("lambda"), "parallel", {"sleep": 1.5})[1], range(5)))
        self.assertEqual(results, [{"slept": 1.5}] * 5)
        self.assertEqual(len(containers(f"localemu.function={arn}")), 5)
        for _ in range(5):
            invoke(self.lam, "parallel", {"sleep": 0})
        self.assertEqual(len(containers(f"localemu.function={arn}")), 5)

    def test_updating_code_retires_old_environments(self):
        create(self.lam, "updated", HELLO)
        invoke(self.lam, "updated")
        self.lam.update_function_code(FunctionName="updated",
                                      ZipFile=zip_bytes({"app.py": "def handler(e, c):\n    return 'v2'\n"}))
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="updated", WaiterConfig={"Delay": 0.1})
        self.assertEqual(invoke(self.lam, "updated")[1], "v2")

    def test_async_invocation_runs_and_retries(self):
        arn = create(self.lam, "callback", CALLBACK)
        response = self.lam.invoke(FunctionName="callback", InvocationType="Event",
                                   Payload=json.dumps({"marker": "async-ok", "fail_times": 2}))
        self.assertEqual(response["StatusCode"], 202)
        tags = wait_until(lambda: self.lam.list_tags(Resource=arn)["Tags"].get("marker") and
                          self.lam.list_tags(Resource=arn)["Tags"], timeout=30)
        self.assertEqual(tags["marker"], "async-ok")
        self.assertEqual(tags["attempts"], "3")

    def test_versions_and_aliases_route_invocations(self):
        create(self.lam, "versioned", HELLO)
        v1 = self.lam.publish_version(FunctionName="versioned")["Version"]
        self.lam.update_function_code(FunctionName="versioned",
                                      ZipFile=zip_bytes({"app.py": "def handler(e, c):\n    return 'v2'\n"}))
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="versioned", WaiterConfig={"Delay": 0.1})
        v2 = self.lam.publish_version(FunctionName="versioned")["Version"]
        self.lam.create_alias(FunctionName="versioned", Name="live", FunctionVersion=v1)
        response, body = invoke(self.lam, "versioned", Qualifier="live")
        self.assertEqual(response["ExecutedVersion"], v1)
        self.assertEqual(body["body"], "hello from LocalEmu")
        response, body = invoke(self.lam, f"versioned:{v2}")
        self.assertEqual((response["ExecutedVersion"], body), (v2, "v2"))
        self.lam.update_alias(FunctionName="versioned", Name="live", RoutingConfig={"AdditionalVersionWeights": {v2: 0.5}})
        executed = {invoke(self.lam, "versioned", Qualifier="live")[0]["ExecutedVersion"] for _ in range(30)}
        self.assertEqual(executed, {v1, v2})

    def test_response_streaming(self):
        create(self.lam, "streamer", {"index.js": NODE_STREAM}, handler="index.handler", runtime="nodejs20.x")
        response = self.lam.invoke_with_response_stream(FunctionName="streamer", Payload=b"{}")
        self.assertEqual(response["StatusCode"], 200)
        self.assertEqual(response["ExecutedVersion"], "$LATEST")
        chunks, complete = [], None
        for event in response["EventStream"]:
            if "PayloadChunk" in event:
                chunks.append(event["PayloadChunk"]["Payload"].decode())
            if "InvokeComplete" in event:
                complete = event["InvokeComplete"]
        self.assertEqual("".join(chunks), "one,two,three")
        self.assertGreaterEqual(len(chunks), 2)
        self.assertIsNotNone(complete)
        self.assertNotIn("ErrorCode", complete)
        create(self.lam, "buffered", HELLO)
        response = self.lam.invoke_with_response_stream(FunctionName="buffered", Payload=b"{}")
        payload = b"".join(e["PayloadChunk"]["Payload"] for e in response["EventStream"] if "PayloadChunk" in e)
        self.assertEqual(json.loads(payload)["body"], "hello from LocalEmu")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.invoke_with_response_stream(FunctionName="nope", Payload=b"{}")

    def test_boto3_inside_the_function_reaches_the_gateway(self):
        create(self.lam, "botocaller", BOTO, Timeout=30)
        response, body = invoke(self.lam, "botocaller")
        self.assertNotIn("FunctionError", response, body)
        self.assertEqual(body["endpoint"], self.host.url)
        self.assertIn("botocaller", body["functions"])

    def test_aws_cli_invokes_too(self):
        create(self.lam, "clihello", HELLO)
        out = tempfile.mktemp()
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1")
        result = subprocess.run([ARGS.aws, "--endpoint-url", self.host.url, "lambda", "invoke",
                                 "--function-name", "clihello", out], env=env, capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout)["StatusCode"], 200)
        with open(out) as f:
            self.assertEqual(json.load(f)["body"], "hello from LocalEmu")


class Lifecycle(unittest.TestCase):
    def test_keepalive_tears_down_idle_environments(self):
        host = LocalEmuHost(ARGS.localemu, env=base_env(LAMBDA_KEEPALIVE_MS="1000"))
        try:
            lam = host.client("lambda")
            arn = create(lam, "keepalive", HELLO)
            invoke(lam, "keepalive")
            self.assertEqual(len(containers(f"localemu.function={arn}")), 1)
            self.assertTrue(wait_until(lambda: not containers(f"localemu.function={arn}"), timeout=15))
            self.assertEqual(invoke(lam, "keepalive")[1]["body"], "hello from LocalEmu")
        finally:
            host.stop()

    def test_a_stop_during_an_invocation_is_prompt_and_clean(self):
        # The environment is shut down by the stop and by its invocation ending, at once.
        host = LocalEmuHost(ARGS.localemu, env=base_env())
        lam = host.client("lambda")
        arn = create(lam, "interrupted", SLOW, Timeout=30)
        lam.invoke(FunctionName="interrupted", InvocationType="Event", Payload=json.dumps({"sleep": 20}))
        self.assertTrue(wait_until(lambda: containers(f"localemu.function={arn}"), timeout=30))
        time.sleep(1)
        started = time.time()
        self.assertEqual(host.stop(timeout=60), 0, host.output()[-2000:])
        self.assertLess(time.time() - started, 15)
        self.assertFalse(containers(f"localemu.function={arn}"))

    def test_orphans_of_a_killed_host_are_removed_at_start(self):
        port = free_port()
        host = LocalEmuHost(ARGS.localemu, env=base_env(), port=port)
        lam = host.client("lambda")
        arn = create(lam, "orphan", HELLO)
        invoke(lam, "orphan")
        host.kill()
        self.assertEqual(len(containers(f"localemu.function={arn}")), 1)
        host = LocalEmuHost(ARGS.localemu, env=base_env(), port=port)
        try:
            self.assertTrue(wait_until(lambda: not containers(f"localemu.function={arn}"), timeout=15))
        finally:
            host.stop()

    def test_a_queued_async_event_survives_a_restart(self):
        data = tempfile.mkdtemp()
        port = free_port()
        env = base_env(PERSISTENCE="1", LOCALEMU_DATA_DIR=data, LAMBDA_RETRY_BASE_DELAY_SECONDS="3")
        host = LocalEmuHost(ARGS.localemu, env=env, port=port)
        try:
            lam = host.client("lambda")
            arn = create(lam, "durable", CALLBACK)
            lam.invoke(FunctionName="durable", InvocationType="Event",
                       Payload=json.dumps({"marker": "after-restart", "fail_times": 1}))
            self.assertTrue(wait_until(lambda: lam.list_tags(Resource=arn)["Tags"].get("attempts") == "1", timeout=20))
            host.kill()  # the retry is queued, 3 s away
            host = LocalEmuHost(ARGS.localemu, env=env, port=port)
            lam = host.client("lambda")
            tags = wait_until(lambda: lam.list_tags(Resource=arn)["Tags"].get("marker") and
                              lam.list_tags(Resource=arn)["Tags"], timeout=30)
            self.assertEqual(tags["marker"], "after-restart")
            self.assertEqual(tags["attempts"], "2")
        finally:
            host.stop()
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    parser.add_argument("--mapping", required=True)
    parser.add_argument("--provided-bootstrap", required=True)
    # AWS CLI v2 (Debian's awscli) when present, else whichever aws comes first.
    parser.add_argument("--aws", default="/usr/bin/aws" if os.path.exists("/usr/bin/aws") else shutil.which("aws") or "aws")
    ARGS, rest = parser.parse_known_args()
    with open(ARGS.mapping) as mapping:
        MAPPING = mapping.read()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
