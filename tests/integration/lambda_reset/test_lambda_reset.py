#!/usr/bin/env python3
"""POST /_localemu/reset with Lambda, SQS and Logs loaded, against the real host
and the docker executor: every Lambda resource and environment is gone afterwards
and the same names work again.

    test_lambda_reset.py --localemu build/bin/localemu --mapping build/test-images.json
"""
import argparse
import concurrent.futures
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, containers, wait_until, zip_bytes  # noqa: E402

ARGS = None
MAPPING = None
ROLE = "arn:aws:iam::000000000000:role/lambda-role"

HELLO = """
import time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    return {"hello": event.get("who", "world")}
"""


def create(lam, name, **extra):
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                        Code={"ZipFile": zip_bytes({"app.py": HELLO})}, **extra)
    lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 300})
    return lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"]


def invoke(lam, name, payload):
    response = lam.invoke(FunctionName=name, Payload=json.dumps(payload))
    return response["StatusCode"], json.loads(response["Payload"].read())


class Reset(unittest.TestCase):
    def setUp(self):
        self.host = LocalEmuHost(ARGS.localemu, env={
            "LAMBDA_RUNTIME_IMAGE_MAPPING": MAPPING,
            "LAMBDA_RUNTIME_EXECUTOR": "docker",
        })
        self.lam = self.host.client("lambda")
        self.sqs = self.host.client("sqs")

    def tearDown(self):
        self.host.stop()

    def reset(self):
        status, _, body = self.host.request("POST", "/_localemu/reset", timeout=60)
        self.assertEqual(status, 200, body)
        return json.loads(body)

    def test_reset_removes_every_lambda_resource_and_environment(self):
        queue_url = self.sqs.create_queue(QueueName="reset-queue")["QueueUrl"]
        queue_arn = self.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        layer = self.lam.publish_layer_version(LayerName="reset-layer", Content={"ZipFile": zip_bytes({"python/x.py": "X = 1\n"})})
        arn = create(self.lam, "reset-fn", Layers=[layer["LayerVersionArn"]], Tags={"team": "before"})
        version = self.lam.publish_version(FunctionName="reset-fn")["Version"]
        self.lam.create_alias(FunctionName="reset-fn", Name="live", FunctionVersion=version)
        mapping = self.lam.create_event_source_mapping(FunctionName="reset-fn", EventSourceArn=queue_arn, BatchSize=1)
        self.assertTrue(wait_until(
            lambda: self.lam.get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Enabled", timeout=20))
        self.assertEqual(invoke(self.lam, "reset-fn", {"who": "before"}), (200, {"hello": "before"}))
        self.assertGreaterEqual(len(containers(f"localemu.function={arn}")), 1)

        body = self.reset()
        for service in ("lambda", "sqs", "logs"):
            self.assertIn(service, body["reset"])

        self.assertEqual(self.lam.list_functions()["Functions"], [])
        self.assertEqual(self.lam.list_layers()["Layers"], [])
        self.assertEqual(self.lam.list_event_source_mappings()["EventSourceMappings"], [])
        self.assertEqual(self.sqs.list_queues().get("QueueUrls", []), [])
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.get_alias(FunctionName="reset-fn", Name="live")
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.lam.get_event_source_mapping(UUID=mapping["UUID"])
        self.assertTrue(wait_until(lambda: not containers(f"localemu.function={arn}"), timeout=20),
                        "the function's container outlived the reset")
        settings = self.lam.get_account_settings()["AccountUsage"]
        self.assertEqual((settings["FunctionCount"], settings["TotalCodeSize"]), (0, 0))

        # The same names work again, with nothing of before attached.
        self.assertEqual(create(self.lam, "reset-fn"), arn)
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {})
        self.assertEqual(self.lam.get_function(FunctionName="reset-fn")["Configuration"].get("Layers", []), [])
        self.assertEqual(invoke(self.lam, "reset-fn", {"who": "after"}), (200, {"hello": "after"}))
        self.assertEqual(self.lam.publish_layer_version(
            LayerName="reset-layer", Content={"ZipFile": zip_bytes({"python/x.py": "X = 2\n"})})["Version"], 1)

    def test_a_request_in_flight_finishes_before_the_reset(self):
        create(self.lam, "slow-fn", Timeout=10)
        invoke(self.lam, "slow-fn", {})  # warm: the next invoke only sleeps
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            running = pool.submit(invoke, self.lam, "slow-fn", {"who": "in-flight", "sleep": 3})
            time.sleep(1.0)
            started = time.time()
            self.assertIn("lambda", self.reset()["reset"])
            self.assertGreater(time.time() - started, 1.0, "the reset did not wait for the invoke in flight")
            self.assertTrue(running.done())
            self.assertEqual(running.result(), (200, {"hello": "in-flight"}))
        self.assertEqual(self.lam.list_functions()["Functions"], [])

    def test_reset_twice_and_with_nothing_stored(self):
        self.assertIn("lambda", self.reset()["reset"])
        self.assertIn("lambda", self.reset()["reset"])
        self.assertEqual(self.lam.list_functions()["Functions"], [])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    parser.add_argument("--mapping", required=True)
    ARGS, rest = parser.parse_known_args()
    with open(ARGS.mapping) as mapping:
        MAPPING = mapping.read()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
