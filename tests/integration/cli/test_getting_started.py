#!/usr/bin/env python3
"""docs/getting-started.md, verbatim: every ```sh block after the install step runs
in one working folder, in order, with `awsemu` and `localemu` of this build on
PATH, a free GATEWAY_LISTEN, a private state folder and HOME (no ~/.aws), and the
offline runtime images as LAMBDA_RUNTIME_IMAGE_MAPPING (the doc's air-gapped
box). Each block's output is checked for what the doc says it prints.

    test_getting_started.py --bin build/bin --doc docs/getting-started.md --mapping build/test-images.json
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ARGS = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sh_blocks(doc):
    """The ```sh blocks at the start of a line (not the ones quoted in a > box)."""
    return re.findall(r"^```sh\n(.*?)^```", open(doc).read(), re.S | re.M)


class GettingStarted(unittest.TestCase):
    def wait_for_log(self, env, text, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            run = subprocess.run(["awsemu", "logs", "filter-log-events", "--log-group-name", "/aws/lambda/hello",
                                  "--query", "events[].message", "--output", "text"],
                                 env=env, capture_output=True, text=True)
            if text in run.stdout:
                return
            time.sleep(0.5)
        self.fail("%r never reached /aws/lambda/hello" % text)

    def test_walk_through(self):
        blocks = sh_blocks(ARGS.doc)
        self.assertGreaterEqual(len(blocks), 9, "the doc lost its steps")
        self.assertIn("scripts/run.sh", blocks[0])
        work = tempfile.mkdtemp(prefix="awsemu-getting-started-")
        self.addCleanup(shutil.rmtree, work, True)
        os.makedirs(os.path.join(work, "home"))
        env = {
            "PATH": os.path.abspath(ARGS.bin) + ":/usr/bin:/bin",
            "HOME": os.path.join(work, "home"),
            "GATEWAY_LISTEN": "127.0.0.1:%d" % free_port(),
            "LOCALEMU_STATE_DIR": os.path.join(work, "state"),
            "LAMBDA_RUNTIME_IMAGE_MAPPING": open(ARGS.mapping).read(),
            "LANG": "C.UTF-8",
        }
        self.addCleanup(subprocess.run, ["awsemu", "stop"], cwd=work, env=env, capture_output=True)
        outputs = []
        for block in blocks[1:]:
            last = block is blocks[-1]
            script = block if last else "set -e\n" + block
            run = subprocess.run(["bash", "-c", script], cwd=work, env=env, capture_output=True, text=True,
                                 timeout=300)
            text = run.stdout + run.stderr
            outputs.append(text)
            sys.stderr.write("$ " + block.replace("\n", "\n$ ").rstrip("$ ") + "\n" + text + "\n")
            if not last:
                self.assertEqual(run.returncode, 0, "block failed:\n%s\n%s" % (block, text))
            if "create-event-source-mapping" in block:
                # A reader takes a few seconds to type the next command; the poller needs less.
                self.wait_for_log(env, "hello SQS", timeout=30)
        start, create, invoke, async_invoke, alias, layer, sqs, logs, stop = outputs[:9]
        self.assertIn("localemu started on http://" + env["GATEWAY_LISTEN"], start)
        self.assertIn("lambda (running)", start)
        self.assertRegex(create, r"\nState: (Pending|Active)\n")
        self.assertIn("FunctionArn: arn:aws:lambda:us-east-1:000000000000:function:hello", create)
        self.assertIn("StatusCode: 200", invoke)
        self.assertIn('{"message": "hello LocalEmu"}', invoke)
        self.assertIn("StatusCode: 202", async_invoke)
        self.assertIn("Version: '1'", alias)
        self.assertIn("ExecutedVersion: '1'", alias)
        self.assertIn('"hello LocalEmu"', alias)
        self.assertIn('"hello LocalEmu, from the greeting layer"', layer)
        self.assertIn("QueueUrl:", sqs)
        self.assertIn("UUID:", sqs)
        self.assertIn("MessageId:", sqs)
        self.assertIn("hello LocalEmu", logs)
        self.assertIn("hello SQS, from the greeting layer", logs)
        self.assertIn("START RequestId:", logs)
        self.assertIn("localemu stopped", stop)
        self.assertIn("localemu is not running", stop)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="folder with awsemu and localemu")
    parser.add_argument("--doc", required=True)
    parser.add_argument("--mapping", required=True, help="test-images.json of scripts/build-test-images.sh")
    ARGS, rest = parser.parse_known_args()
    if subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
        print("SKIP: no Docker engine answers (scripts/start-dockerd.sh starts one)")
        return 0
    if not os.path.exists(ARGS.mapping):
        print("SKIP: no runtime image mapping at %s (bash scripts/build-test-images.sh)" % ARGS.mapping)
        return 0
    result = unittest.main(argv=[sys.argv[0]] + rest, exit=False).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
