#!/usr/bin/env python3
"""The project's runtime clients in the test images, against a fake Runtime API.

Each test starts a container from the image that the mapping file
(scripts/build-test-images.sh -> <build>/test-images.json) gives for a runtime,
with `--network host`, the function code mounted at /var/task, and
AWS_LAMBDA_RUNTIME_API pointing at a Runtime API served by this test on
127.0.0.1:<free port>. It asserts the exact requests the client posts.

    runtime_clients_test.py --mapping build/test-images.json [--engine podman] [unittest args]

With --engine podman the same containers run under podman (the images must have
been copied there: LOCALEMU_IMAGES_PODMAN=1 scripts/build-test-images.sh).
"""

import argparse
import base64
import http.server
import json
import os
import queue
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MAPPING = {}
STRICT_MAPPING = {}
ENGINE = ["docker"]
FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:fn"
TRACE_ID = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
WAIT_S = 60
CLIENT_CONTEXT = {"custom": {"k": "v"}, "env": {"e": "1"}, "client": {"installation_id": "inst-1"}}
COGNITO_IDENTITY = {"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}


class Recorded:
    def __init__(self, method, path, headers, body, trailers=None):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.trailers = trailers or {}

    def json(self):
        return json.loads(self.body)


class FakeRuntimeApi:
    """A Runtime API on 127.0.0.1:<free port>, optionally under a path prefix."""

    def __init__(self, prefix=""):
        self.prefix = prefix
        self.events = queue.Queue()
        self.posts = queue.Queue()
        self.closed = threading.Event()
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _runtime_path(self):
                if not self.path.startswith(api.prefix + "/2018-06-01/runtime/"):
                    return None
                return self.path[len(api.prefix) :]

            def _reply(self, status, body=b"", headers=None):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _client_gone(self):
                # A stopped container's /next must not swallow an event meant for the next one.
                try:
                    readable, _, _ = select.select([self.connection], [], [], 0)
                    return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
                except OSError:  # reset by a killed container
                    return True

            def do_GET(self):
                if self._runtime_path() != "/2018-06-01/runtime/invocation/next":
                    return self._reply(404, b'{"errorType":"NotFound"}')
                while not api.closed.is_set():
                    if self._client_gone():
                        self.close_connection = True
                        return
                    try:
                        request_id, payload = api.events.get(timeout=0.1)
                    except queue.Empty:
                        continue
                    if self._client_gone():  # stopped while this waited: the event is the next client's
                        api.events.put((request_id, payload))
                        self.close_connection = True
                        return
                    return self._reply(
                        200,
                        payload,
                        {
                            "Content-Type": "application/json",
                            "Lambda-Runtime-Aws-Request-Id": request_id,
                            "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 30000),
                            "Lambda-Runtime-Invoked-Function-Arn": FUNCTION_ARN,
                            "Lambda-Runtime-Trace-Id": TRACE_ID,
                            "Lambda-Runtime-Client-Context": json.dumps(CLIENT_CONTEXT),
                            "Lambda-Runtime-Cognito-Identity": json.dumps(COGNITO_IDENTITY),
                        },
                    )
                self.close_connection = True

            def _read_chunked(self):
                body, trailers = b"", {}
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        break
                    body += self.rfile.read(size)
                    self.rfile.readline()
                while True:
                    line = self.rfile.readline().strip()
                    if not line:
                        return body, trailers
                    name, _, value = line.decode().partition(":")
                    trailers[name.strip()] = value.strip()

            def do_POST(self):
                path = self._runtime_path()
                trailers = None
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    body, trailers = self._read_chunked()
                else:
                    body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                api.posts.put(Recorded("POST", path, self.headers, body, trailers))
                if path is None:
                    return self._reply(404, b'{"errorType":"NotFound"}')
                self._reply(202, b'{"status":"OK"}', {"Content-Type": "application/json"})

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # clients killed mid-request (containers stopped by the test)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def address(self):
        return "127.0.0.1:%d%s" % (self.server.server_address[1], self.prefix)

    def invoke(self, event):
        request_id = str(uuid.uuid4())
        self.events.put((request_id, json.dumps(event).encode()))
        return request_id

    def next_post(self):
        try:
            return self.posts.get(timeout=WAIT_S)
        except queue.Empty:
            raise AssertionError("the runtime client posted nothing within %d s" % WAIT_S)

    def close(self):
        self.closed.set()
        self.server.shutdown()
        self.server.server_close()


class Container:
    """`docker run --network host` of a test image with code at /var/task."""

    def __init__(self, image, handler, code_dir, api_address, env=None, entrypoint=None):
        self.name = "localemu-runtime-test-%s" % uuid.uuid4().hex[:12]
        args = [
            ENGINE[0], "run", "--rm", "--name", self.name, "--network", "host",
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
            "--label", "org.localemu.test=runtime-clients",
            "-v", "%s:/var/task:ro" % code_dir,
            "-e", "AWS_LAMBDA_RUNTIME_API=%s" % api_address,
            "-e", "AWS_LAMBDA_FUNCTION_NAME=fn",
            "-e", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
            "-e", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
            "-e", "AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/fn",
            "-e", "AWS_LAMBDA_LOG_STREAM_NAME=2026/01/01/[$LATEST]0123456789abcdef",
            "-e", "_HANDLER=%s" % handler,
        ]
        for key, value in (env or {}).items():
            args += ["-e", "%s=%s" % (key, value)]
        if entrypoint:
            args += ["--entrypoint", entrypoint, image]
        else:
            args += [image, handler]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.output = b""

    def wait(self, timeout=WAIT_S):
        self.output, _ = self.process.communicate(timeout=timeout)
        return self.process.returncode

    def stop(self):
        if self.process.poll() is None:
            kill_now = ["--time", "0"] if ENGINE[0] == "podman" else []  # podman rm -f waits 10 s after SIGTERM
            subprocess.run([ENGINE[0], "rm", "-f", *kill_now, self.name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.output, _ = self.process.communicate(timeout=WAIT_S)
        return self.output.decode("utf-8", "replace")


class RuntimeTestCase(unittest.TestCase):
    runtime = None

    mapping = MAPPING

    def setUp(self):
        self.image = self.mapping[self.runtime]
        self.code = tempfile.mkdtemp(prefix="localemu-runtime-test-")
        os.chmod(self.code, 0o755)
        self.api = FakeRuntimeApi(getattr(self, "prefix", ""))
        self.containers = []

    def tearDown(self):
        for container in self.containers:
            output = container.stop()
            if self._outcome_failed():
                sys.stderr.write("--- container output (%s)\n%s\n" % (self.image, output))
        self.api.close()
        shutil.rmtree(self.code, ignore_errors=True)

    def _outcome_failed(self):
        result = getattr(self, "_outcome", None)
        errors = getattr(result, "errors", None) if result else None
        return bool(errors) and any(error for _, error in errors)

    def write(self, name, text, mode=0o644):
        path = os.path.join(self.code, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)

    def start(self, handler, env=None, entrypoint=None):
        container = Container(self.image, handler, self.code, self.api.address, env, entrypoint)
        self.containers.append(container)
        return container

    def assert_response(self, post, request_id):
        self.assertEqual(post.path, "/2018-06-01/runtime/invocation/%s/response" % request_id)

    def assert_invoke_error(self, post, request_id):
        self.assertEqual(post.path, "/2018-06-01/runtime/invocation/%s/error" % request_id)
        self.assertEqual(post.headers.get("Lambda-Runtime-Function-Error-Type"), "Unhandled")
        self.assertEqual(post.headers.get("Content-Type"), "application/json")

    def assert_init_error(self, container, post, error_type):
        self.assertEqual(post.path, "/2018-06-01/runtime/init/error")
        self.assertEqual(post.headers.get("Lambda-Runtime-Function-Error-Type"), error_type)
        return container.wait()


PYTHON_APP = """\
import os

def handler(event, context):
    print("got", event["name"])
    return {
        "statusCode": 200,
        "body": "hello " + event["name"],
        "requestId": context.aws_request_id,
        "functionName": context.function_name,
        "functionVersion": context.function_version,
        "memory": context.memory_limit_in_mb,
        "arn": context.invoked_function_arn,
        "logGroup": context.log_group_name,
        "logStream": context.log_stream_name,
        "remainingPositive": 0 < context.get_remaining_time_in_millis() <= 30000,
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
        "cwd": os.getcwd(),
        "custom": context.client_context.custom,
        "installation": context.client_context.client.installation_id,
        "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
    }

def fail(event, context):
    raise ValueError("boom " + event["name"])

def raw(event, context):
    return b"raw-bytes"

def text(event, context):
    return "just text"

def unmarshallable(event, context):
    return {1, 2}
"""


class PythonRuntimeTest(RuntimeTestCase):
    runtime = "python3.12"
    prefix = "/api-prefix"

    def test_success_error_and_results(self):
        self.write("app.py", PYTHON_APP)
        container = self.start("app.handler")
        request_id = self.api.invoke({"name": "LocalEmu"})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.headers.get("Content-Type"), "application/json")
        self.assertEqual(
            post.json(),
            {
                "statusCode": 200,
                "body": "hello LocalEmu",
                "requestId": request_id,
                "functionName": "fn",
                "functionVersion": "$LATEST",
                "memory": "128",
                "arn": FUNCTION_ARN,
                "logGroup": "/aws/lambda/fn",
                "logStream": "2026/01/01/[$LATEST]0123456789abcdef",
                "remainingPositive": True,
                "trace": TRACE_ID,
                "cwd": "/var/task",
                "custom": {"k": "v"},
                "installation": "inst-1",
                "identity": ["id-1", "pool-1"],
            },
        )
        # a warm second invoke on the same client
        second = self.api.invoke({"name": "again"})
        post = self.api.next_post()
        self.assert_response(post, second)
        self.assertEqual(post.json()["body"], "hello again")
        output = container.stop()
        self.assertIn("got LocalEmu\n", output)

    def test_raised_error(self):
        self.write("app.py", PYTHON_APP)
        container = self.start("app.fail")
        request_id = self.api.invoke({"name": "x"})
        post = self.api.next_post()
        self.assert_invoke_error(post, request_id)
        body = post.json()
        self.assertEqual(list(body), ["errorMessage", "errorType", "requestId", "stackTrace"])
        self.assertEqual(body["errorMessage"], "boom x")
        self.assertEqual(body["errorType"], "ValueError")
        self.assertEqual(body["requestId"], request_id)
        self.assertEqual(len(body["stackTrace"]), 1)
        self.assertRegex(body["stackTrace"][0], r'^  File "/var/task/app.py", line 24, in fail\n    raise ValueError')
        output = container.stop()
        self.assertIn(
            "[ERROR] ValueError: boom x\rTraceback (most recent call last):\r"
            '\u00a0\u00a0File "/var/task/app.py", line 24, in fail\r',
            output,
        )

    def test_bytes_and_str_results(self):
        self.write("app.py", PYTHON_APP)
        raw = self.start("app.raw")
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.body, b"raw-bytes")
        self.assertEqual(post.headers.get("Content-Type"), "application/unknown")
        raw.stop()

        self.start("app.text")
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assertEqual(post.body, b'"just text"')

    def test_marshal_error(self):
        self.write("app.py", PYTHON_APP)
        self.start("app.unmarshallable")
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assert_invoke_error(post, request_id)
        self.assertEqual(
            post.json(),
            {
                "errorMessage": "Unable to marshal response: Object of type set is not JSON serializable",
                "errorType": "Runtime.MarshalError",
                "requestId": request_id,
                "stackTrace": [],
            },
        )

    def test_import_error(self):
        container = self.start("missing.handler")
        post = self.api.next_post()
        self.assertEqual(self.assert_init_error(container, post, "Runtime.ImportModuleError"), 1)
        self.assertEqual(
            post.body.decode(),
            '{"errorMessage": "Unable to import module \'missing\': No module named \'missing\'", '
            '"errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []}',
        )
        output = container.output.decode()
        self.assertIn("LAMBDA_WARNING: Unhandled exception.", output)
        self.assertIn(
            "[ERROR] Runtime.ImportModuleError: Unable to import module 'missing': No module named 'missing'\r"
            "Traceback (most recent call last):\n",
            output,
        )

    def test_handler_not_found(self):
        self.write("app.py", PYTHON_APP)
        container = self.start("app.nope")
        post = self.api.next_post()
        self.assertEqual(self.assert_init_error(container, post, "Runtime.HandlerNotFound"), 1)
        self.assertEqual(
            post.json(),
            {
                "errorMessage": "Handler 'nope' missing on module 'app'",
                "errorType": "Runtime.HandlerNotFound",
                "requestId": "",
                "stackTrace": [],
            },
        )

    def test_syntax_error(self):
        self.write("app.py", "def handler(event, context)\n    return 1\n")
        container = self.start("app.handler")
        post = self.api.next_post()
        self.assertEqual(self.assert_init_error(container, post, "Runtime.UserCodeSyntaxError"), 1)
        body = post.json()
        self.assertEqual(body["errorMessage"], "Syntax error in module 'app': expected ':' (app.py, line 1)")
        self.assertEqual(body["stackTrace"], ['  File "/var/task/app.py" Line 1\n    def handler(event, context)\n'])

    def test_exec_wrapper(self):
        self.write("wrapper.sh", '#!/bin/sh\necho "wrapping $1"\nexport WRAPPED_BY=wrapper.sh\nexec "$@"\n', 0o755)
        self.write("app.py", "import os\ndef handler(event, context):\n    return os.environ.get('WRAPPED_BY')\n")
        container = self.start("app.handler", {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/wrapper.sh"})
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.body, b'"wrapper.sh"')
        self.assertIn("wrapping /var/lang/bin/python3", container.stop())

    def test_json_log_format(self):
        self.write(
            "app.py",
            "import logging\ndef handler(event, context):\n"
            "    logging.getLogger().debug('hidden')\n"
            "    logging.getLogger('app').info('hi %s', 'there', extra={'orderId': 7})\n"
            "    raise KeyError('k')\n",
        )
        container = self.start("app.handler", {"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO"})
        request_id = self.api.invoke({})
        self.assert_invoke_error(self.api.next_post(), request_id)
        lines = [json.loads(line) for line in container.stop().splitlines() if line.startswith("{")]
        self.assertEqual(len(lines), 2, lines)
        info, error = lines
        self.assertRegex(info.pop("timestamp"), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(info, {"level": "INFO", "message": "hi there", "logger": "app", "requestId": request_id,
                                "orderId": 7})
        self.assertRegex(error.pop("timestamp"), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")
        self.assertEqual(error["level"], "ERROR")
        self.assertEqual(error["errorType"], "KeyError")
        self.assertEqual(error["errorMessage"], "'k'")
        self.assertEqual(error["requestId"], request_id)

    def test_layer_paths_and_packages(self):
        os.makedirs(os.path.join(self.code, "pkg", "sub"))
        self.write("pkg/__init__.py", "")
        self.write("pkg/sub/__init__.py", "")
        self.write("pkg/sub/mod.py", "import sys\ndef h(e, c):\n    return sys.path[:3]\n")
        self.start("pkg.sub.mod.h")
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.json(), ["/var/task", "/opt/python/lib/python3.11/site-packages", "/opt/python"])


NODE_INDEX = """\
exports.handler = async (event, context) => {
  console.log('got', event.name);
  return {
    statusCode: 200,
    body: 'hello ' + event.name,
    requestId: context.awsRequestId,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    memory: context.memoryLimitInMB,
    arn: context.invokedFunctionArn,
    logGroup: context.logGroupName,
    logStream: context.logStreamName,
    remainingPositive: context.getRemainingTimeInMillis() > 0,
    waits: context.callbackWaitsForEmptyEventLoop,
    trace: process.env._X_AMZN_TRACE_ID,
    clientContext: context.clientContext,
    identity: context.identity,
  };
};
exports.callback = (event, context, callback) => {
  setTimeout(() => callback(null, { via: 'callback', name: event.name }), 10);
};
exports.fail = async (event) => {
  throw new Error('boom ' + event.name);
};
exports.nested = { deeper: { fn: async () => 'nested' } };
exports.wrapped = async () => process.env.WRAPPED_BY;
exports.logs = async () => {
  console.debug('hidden');
  console.info('hi', 1);
  throw new TypeError('bad type');
};
exports.stream = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  responseStream.write('hello ');
  await new Promise((resolve) => setTimeout(resolve, 20));
  responseStream.write(event.name);
  responseStream.end();
});
exports.streamFail = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('partial');
  throw new Error('stream broke');
});
"""


class NodeRuntimeTest(RuntimeTestCase):
    runtime = "nodejs20.x"
    prefix = "/n/1"

    def test_async_handler_and_logs(self):
        self.write("index.js", NODE_INDEX)
        container = self.start("index.handler")
        request_id = self.api.invoke({"name": "LocalEmu"})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.headers.get("Content-Type"), "application/json")
        self.assertEqual(
            post.json(),
            {
                "statusCode": 200,
                "body": "hello LocalEmu",
                "requestId": request_id,
                "functionName": "fn",
                "functionVersion": "$LATEST",
                "memory": "128",
                "arn": FUNCTION_ARN,
                "logGroup": "/aws/lambda/fn",
                "logStream": "2026/01/01/[$LATEST]0123456789abcdef",
                "remainingPositive": True,
                "waits": True,
                "trace": TRACE_ID,
                "clientContext": CLIENT_CONTEXT,
                "identity": COGNITO_IDENTITY,
            },
        )
        second = self.api.invoke({"name": "again"})
        self.assert_response(self.api.next_post(), second)
        output = container.stop()
        self.assertRegex(
            output, r"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t%s\tINFO\tgot LocalEmu$" % re.escape(request_id)
        )

    def test_callback_and_nested_export(self):
        self.write("index.js", NODE_INDEX)
        callback = self.start("index.callback")
        request_id = self.api.invoke({"name": "cb"})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.body, b'{"via":"callback","name":"cb"}')
        callback.stop()

        self.start("index.nested.deeper.fn")
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.body, b'"nested"')

    def test_exec_wrapper(self):
        self.write("wrapper.sh", '#!/bin/sh\necho "wrapping $1"\nexport WRAPPED_BY=wrapper.sh\nexec "$@"\n', 0o755)
        self.write("index.js", NODE_INDEX)
        container = self.start("index.wrapped", {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/wrapper.sh"})
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.body, b'"wrapper.sh"')
        self.assertIn("wrapping /var/lang/bin/node", container.stop())

    def test_json_log_format(self):
        self.write("index.js", NODE_INDEX)
        container = self.start("index.logs", {"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO"})
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assert_invoke_error(post, request_id)
        self.assertEqual(post.json()["errorType"], "TypeError")
        lines = [json.loads(line) for line in container.stop().splitlines() if line.startswith("{")]
        self.assertEqual(len(lines), 2, lines)
        info, error = lines
        self.assertRegex(info.pop("timestamp"), r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(info, {"level": "INFO", "requestId": request_id, "message": "hi 1"})
        self.assertEqual(error["level"], "ERROR")
        self.assertEqual(error["message"]["errorType"], "TypeError")
        self.assertEqual(error["message"]["errorMessage"], "bad type")
        self.assertEqual(error["message"]["stackTrace"][0], "TypeError: bad type")

    def test_streaming_response(self):
        self.write("index.js", NODE_INDEX)
        container = self.start("index.stream")
        request_id = self.api.invoke({"name": "stream"})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.headers.get("Lambda-Runtime-Function-Response-Mode"), "streaming")
        self.assertEqual(post.headers.get("Transfer-Encoding"), "chunked")
        self.assertEqual(post.headers.get("Content-Type"), "text/plain")
        self.assertEqual(post.body, b"hello stream")
        self.assertEqual(post.trailers, {})
        second = self.api.invoke({"name": "again"})
        self.assertEqual(self.api.next_post().body, b"hello again")
        container.stop()
        del second

    def test_streaming_error_trailers(self):
        self.write("index.js", NODE_INDEX)
        self.start("index.streamFail")
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.body, b"partial")
        self.assertEqual(post.trailers.get("Lambda-Runtime-Function-Error-Type"), "Error")
        error = json.loads(base64.b64decode(post.trailers["Lambda-Runtime-Function-Error-Body"]))
        self.assertEqual(error["errorType"], "Error")
        self.assertEqual(error["errorMessage"], "stream broke")
        self.assertEqual(error["trace"][0], "Error: stream broke")

    def test_esm_handler(self):
        self.write("app.mjs", "export const handler = async (event) => ({ esm: true, n: event.n + 1 });\n")
        self.start("app.handler")
        request_id = self.api.invoke({"n": 41})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.body, b'{"esm":true,"n":42}')

    def test_thrown_error(self):
        self.write("index.js", NODE_INDEX)
        container = self.start("index.fail")
        request_id = self.api.invoke({"name": "x"})
        post = self.api.next_post()
        self.assert_invoke_error(post, request_id)
        body = post.json()
        self.assertEqual(list(body), ["errorType", "errorMessage", "trace"])
        self.assertEqual(body["errorType"], "Error")
        self.assertEqual(body["errorMessage"], "boom x")
        self.assertEqual(body["trace"][0], "Error: boom x")
        self.assertIn("/var/task/index.js:", body["trace"][1])
        output = container.stop()
        self.assertRegex(
            output,
            r'\t%s\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"boom x","stack":\["Error: boom x",'
            % re.escape(request_id),
        )

    def test_import_error(self):
        container = self.start("missing.handler")
        post = self.api.next_post()
        self.assertEqual(self.assert_init_error(container, post, "Runtime.ImportModuleError"), 129)
        body = post.json()
        self.assertEqual(body["errorType"], "Runtime.ImportModuleError")
        self.assertEqual(body["errorMessage"], "Error: Cannot find module 'missing'\nRequire stack:\n- /var/runtime/index.mjs")
        self.assertEqual(body["trace"][0], "Runtime.ImportModuleError: Error: Cannot find module 'missing'")
        self.assertIn("\tundefined\tERROR\tUncaught Exception \t{\"errorType\":\"Runtime.ImportModuleError\"",
                      container.output.decode())

    def test_syntax_error(self):
        self.write("index.js", "exports.handler = async (event => 1;\n")
        container = self.start("index.handler")
        post = self.api.next_post()
        self.assertEqual(self.assert_init_error(container, post, "Runtime.UserCodeSyntaxError"), 129)
        body = post.json()
        self.assertEqual(body["errorType"], "Runtime.UserCodeSyntaxError")
        self.assertTrue(body["errorMessage"].startswith("SyntaxError: "), body["errorMessage"])

    def test_handler_not_found(self):
        self.write("index.js", NODE_INDEX)
        container = self.start("index.nope")
        post = self.api.next_post()
        self.assertEqual(self.assert_init_error(container, post, "Runtime.HandlerNotFound"), 129)
        body = post.json()
        self.assertEqual(body["errorMessage"], "index.nope is undefined or not exported")
        self.assertEqual(body["trace"][0], "Runtime.HandlerNotFound: index.nope is undefined or not exported")


class ProvidedRuntimeTest(RuntimeTestCase):
    runtime = "provided.al2023"
    prefix = "/p"

    def setUp(self):
        super().setUp()
        with open(os.path.join(ROOT, "runtimes", "provided", "example-bootstrap")) as f:
            self.write("bootstrap", f.read(), 0o755)

    def test_echo(self):
        container = self.start("echo")
        request_id = self.api.invoke({"hello": "world"})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.json(), {"handler": "echo", "requestId": request_id, "event": {"hello": "world"}})
        self.assertEqual(post.headers.get("Content-Type"), "application/json")
        second = self.api.invoke([1, 2])
        self.assertEqual(self.api.next_post().json()["event"], [1, 2])
        self.assertIn("%s handling echo" % request_id, container.stop())
        del second

    def test_error(self):
        self.start("fail")
        request_id = self.api.invoke({})
        post = self.api.next_post()
        self.assert_invoke_error(post, request_id)
        self.assertEqual(post.json(), {"errorMessage": "handler failed", "errorType": "HandlerError"})

    def test_init_error(self):
        container = self.start("nope")
        post = self.api.next_post()
        self.assertEqual(self.assert_init_error(container, post, "Runtime.HandlerNotFound"), 1)
        self.assertEqual(
            post.json(),
            {
                "errorMessage": "Handler 'nope' not found: this bootstrap knows 'echo' and 'fail'",
                "errorType": "Runtime.HandlerNotFound",
            },
        )

    def test_missing_bootstrap(self):
        os.remove(os.path.join(self.code, "bootstrap"))
        container = self.start("echo")
        self.assertEqual(container.wait(), 127)
        self.assertIn("Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]", container.output.decode())


class BareProvidedImageTest(RuntimeTestCase):
    """test-provided-bare has no /var/runtime/bootstrap, as the official provided.al2/al2023 images:
    a zip function's own bootstrap runs only when the executor starts it (as Lambda does)."""

    runtime = "provided.al2023"
    mapping = STRICT_MAPPING

    def setUp(self):
        super().setUp()
        with open(os.path.join(ROOT, "runtimes", "provided", "example-bootstrap")) as f:
            self.write("bootstrap", f.read(), 0o755)

    def test_entrypoint_alone_finds_no_bootstrap(self):
        container = self.start("echo")
        self.assertEqual(container.wait(), 127)
        self.assertIn("/var/runtime/bootstrap", container.output.decode())

    def test_function_bootstrap_as_entrypoint(self):
        container = self.start("echo", {"_HANDLER": "echo"}, entrypoint="/var/task/bootstrap")
        request_id = self.api.invoke({"x": 1})
        post = self.api.next_post()
        self.assert_response(post, request_id)
        self.assertEqual(post.json(), {"handler": "echo", "requestId": request_id, "event": {"x": 1}})
        container.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mapping", required=True, help="test-images.json written by scripts/build-test-images.sh")
    parser.add_argument("--engine", default="docker", choices=["docker", "podman"], help="container CLI to run with")
    args, rest = parser.parse_known_args()
    ENGINE[0] = args.engine
    if subprocess.run([args.engine, "info"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        hint = "scripts/start-dockerd.sh starts one" if args.engine == "docker" else "is podman installed?"
        sys.stderr.write("FAIL: `%s info` fails (%s)\n" % (args.engine, hint))
        return 1
    with open(args.mapping) as f:
        MAPPING.update(json.load(f))
    with open(os.path.join(os.path.dirname(args.mapping), "test-images-strict.json")) as f:
        STRICT_MAPPING.update(json.load(f))
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
