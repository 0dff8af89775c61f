#!/usr/bin/env python3
"""SQS event-source mappings for real: messages sent to a queue reach the
function as AWS SQS events, partial batch failures go back to the queue (and
on to its DLQ), a disabled mapping delivers nothing, and ScalingConfig's
MaximumConcurrency bounds the concurrent invocations (FIFO groups stay in order).

    test_esm_sqs.py --localemu build/bin/localemu --mapping build/test-images-strict.json
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, free_port, wait_until, zip_bytes  # noqa: E402

ARGS = None
MAPPING = None
ROLE = "arn:aws:iam::000000000000:role/lambda-role"

PRINT_EVENT = """
import json
def handler(event, context):
    print("EVENT " + json.dumps(event))
    return {"ok": True}
"""

# Fails every record whose body is "fail", reporting it as a batch item failure.
PARTIAL = """
import json
def handler(event, context):
    print("EVENT " + json.dumps(event))
    return {"batchItemFailures": [{"itemIdentifier": r["messageId"]}
                                  for r in event["Records"] if r["body"] == "fail"]}
"""

# Sleeps, then prints when it ran (the host's clock: containers share it) and in which environment.
SLEEPY = """
import json, os, time
def handler(event, context):
    start = time.time()
    time.sleep(1.2)
    print("SPAN " + json.dumps({"start": start, "end": time.time(), "env": os.environ["AWS_LAMBDA_LOG_STREAM_NAME"],
                                "bodies": [r["body"] for r in event["Records"]],
                                "groups": [r["attributes"].get("MessageGroupId") for r in event["Records"]]}))
    return {}
"""


def max_overlap(spans):
    edges = sorted([(s["start"], 1) for s in spans] + [(s["end"], -1) for s in spans])
    current = best = 0
    for _, step in edges:
        current += step
        best = max(best, current)
    return best


def create(lam, name, code):
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                        Code={"ZipFile": zip_bytes({"app.py": code})}, Timeout=30)
    lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 300})
    return lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"]


def queue_arn(sqs, url):
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def wait_mapping(lam, uuid, state):
    return wait_until(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] == state, timeout=30, interval=0.2)


def counts(sqs, url):
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]), int(attrs["ApproximateNumberOfMessagesNotVisible"])


class EsmSqs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env={
            "LAMBDA_RUNTIME_IMAGE_MAPPING": MAPPING,
            "LAMBDA_RUNTIME_EXECUTOR": "docker",
            "LAMBDA_SYNCHRONOUS_CREATE": "0",
        })
        cls.lam = cls.host.client("lambda")
        cls.sqs = cls.host.client("sqs")
        cls.logs = cls.host.client("logs")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def events(self, function):
        try:
            found = self.logs.filter_log_events(logGroupName=f"/aws/lambda/{function}", filterPattern="EVENT")
        except self.logs.exceptions.ResourceNotFoundException:
            return []
        out = []
        for e in found["events"]:
            message = e["message"]
            if message.startswith("EVENT "):
                out.append(json.loads(message[len("EVENT "):]))
        return out

    def test_message_reaches_the_function_and_leaves_the_queue(self):
        url = self.sqs.create_queue(QueueName="esm-basic")["QueueUrl"]
        arn = queue_arn(self.sqs, url)
        create(self.lam, "esm-basic", PRINT_EVENT)
        uuid = self.lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="esm-basic",
                                                    BatchSize=10)["UUID"]
        self.assertTrue(wait_mapping(self.lam, uuid, "Enabled"))
        sent = self.sqs.send_message(QueueUrl=url, MessageBody='{"hello": "world"}',
                                     MessageAttributes={"color": {"DataType": "String", "StringValue": "red"}})

        events = wait_until(lambda: self.events("esm-basic"), timeout=60, interval=0.5)
        self.assertTrue(events, self.host.output() if hasattr(self.host, "output") else "")
        record = events[0]["Records"][0]
        self.assertEqual(record["messageId"], sent["MessageId"])
        self.assertEqual(record["body"], '{"hello": "world"}')
        self.assertEqual(record["eventSource"], "aws:sqs")
        self.assertEqual(record["eventSourceARN"], arn)
        self.assertEqual(record["awsRegion"], "us-east-1")
        self.assertEqual(record["md5OfBody"], sent["MD5OfMessageBody"])
        self.assertEqual(record["attributes"]["ApproximateReceiveCount"], "1")
        for key in ("SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"):
            self.assertIn(key, record["attributes"])
        self.assertEqual(record["messageAttributes"]["color"], {
            "stringValue": "red", "stringListValues": [], "binaryListValues": [], "dataType": "String"})
        self.assertTrue(wait_until(lambda: counts(self.sqs, url) == (0, 0), timeout=15, interval=0.2))

    def test_partial_batch_failure_ends_in_the_dlq(self):
        dlq_url = self.sqs.create_queue(QueueName="esm-partial-dlq")["QueueUrl"]
        dlq_arn = queue_arn(self.sqs, dlq_url)
        url = self.sqs.create_queue(QueueName="esm-partial", Attributes={
            "VisibilityTimeout": "2",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "1"})})["QueueUrl"]
        create(self.lam, "esm-partial", PARTIAL)
        uuid = self.lam.create_event_source_mapping(
            EventSourceArn=queue_arn(self.sqs, url), FunctionName="esm-partial", BatchSize=10,
            MaximumBatchingWindowInSeconds=1, FunctionResponseTypes=["ReportBatchItemFailures"])["UUID"]
        self.assertTrue(wait_mapping(self.lam, uuid, "Enabled"))
        self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "a", "MessageBody": "ok"}, {"Id": "b", "MessageBody": "fail"}])

        def dead():
            messages = self.sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
            return messages.get("Messages")
        moved = wait_until(dead, timeout=60, interval=0.2)
        self.assertTrue(moved)
        self.assertEqual([m["Body"] for m in moved], ["fail"])
        bodies = [r["body"] for e in self.events("esm-partial") for r in e["Records"]]
        self.assertIn("ok", bodies)
        self.assertEqual(bodies.count("ok"), 1)
        self.assertEqual(counts(self.sqs, url), (0, 0))

    def test_filter_criteria_drops_non_matching_messages(self):
        url = self.sqs.create_queue(QueueName="esm-filter")["QueueUrl"]
        create(self.lam, "esm-filter", PRINT_EVENT)
        uuid = self.lam.create_event_source_mapping(
            EventSourceArn=queue_arn(self.sqs, url), FunctionName="esm-filter", BatchSize=10,
            FilterCriteria={"Filters": [{"Pattern": json.dumps({"body": {"kind": ["keep"]}})},
                                        {"Pattern": json.dumps({"body": {"n": [{"numeric": [">", 10]}]}})}]})["UUID"]
        self.assertTrue(wait_mapping(self.lam, uuid, "Enabled"))
        for body in ('{"kind": "drop"}', "not json", '{"n": 5}', '{"kind": "keep"}', '{"n": 11}'):
            self.sqs.send_message(QueueUrl=url, MessageBody=body)
        self.assertTrue(wait_until(
            lambda: len([r for e in self.events("esm-filter") for r in e["Records"]]) >= 2, timeout=60, interval=0.5))
        self.assertTrue(wait_until(lambda: counts(self.sqs, url) == (0, 0), timeout=15, interval=0.2))
        bodies = sorted(r["body"] for e in self.events("esm-filter") for r in e["Records"])
        self.assertEqual(bodies, ['{"kind": "keep"}', '{"n": 11}'])

    def test_disabled_mapping_delivers_nothing(self):
        url = self.sqs.create_queue(QueueName="esm-disabled")["QueueUrl"]
        create(self.lam, "esm-disabled", PRINT_EVENT)
        uuid = self.lam.create_event_source_mapping(EventSourceArn=queue_arn(self.sqs, url),
                                                    FunctionName="esm-disabled", BatchSize=10)["UUID"]
        self.assertTrue(wait_mapping(self.lam, uuid, "Enabled"))
        self.sqs.send_message(QueueUrl=url, MessageBody="first")
        self.assertTrue(wait_until(lambda: self.events("esm-disabled"), timeout=60, interval=0.5))

        self.lam.update_event_source_mapping(UUID=uuid, Enabled=False)
        self.assertTrue(wait_mapping(self.lam, uuid, "Disabled"))
        time.sleep(2)  # a poll already in flight ends
        self.sqs.send_message(QueueUrl=url, MessageBody="second")
        time.sleep(5)
        bodies = [r["body"] for e in self.events("esm-disabled") for r in e["Records"]]
        self.assertEqual(bodies, ["first"])
        self.assertEqual(counts(self.sqs, url), (1, 0))

        self.lam.update_event_source_mapping(UUID=uuid, Enabled=True)
        self.assertTrue(wait_mapping(self.lam, uuid, "Enabled"))
        self.assertTrue(wait_until(
            lambda: "second" in [r["body"] for e in self.events("esm-disabled") for r in e["Records"]],
            timeout=60, interval=0.5))


    def spans(self, function):
        try:
            found = self.logs.filter_log_events(logGroupName=f"/aws/lambda/{function}", filterPattern="SPAN")
        except self.logs.exceptions.ResourceNotFoundException:
            return []
        return [json.loads(e["message"][len("SPAN "):]) for e in found["events"] if e["message"].startswith("SPAN ")]

    def test_maximum_concurrency_bounds_concurrent_invocations(self):
        url = self.sqs.create_queue(QueueName="esm-concurrency", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
        create(self.lam, "esm-concurrency", SLEEPY)
        uuid = self.lam.create_event_source_mapping(EventSourceArn=queue_arn(self.sqs, url),
                                                    FunctionName="esm-concurrency", BatchSize=1,
                                                    ScalingConfig={"MaximumConcurrency": 2})["UUID"]
        self.assertTrue(wait_mapping(self.lam, uuid, "Enabled"))
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(8)])
        self.assertTrue(wait_until(lambda: len(self.spans("esm-concurrency")) >= 8, timeout=90, interval=0.5))
        spans = self.spans("esm-concurrency")
        self.assertEqual(sorted(b for s in spans for b in s["bodies"]), [f"m{i}" for i in range(8)])
        self.assertEqual(max_overlap(spans), 2, spans)
        self.assertEqual(len({s["env"] for s in spans}), 2, spans)

        # A new MaximumConcurrency applies at once, to the batches that follow.
        self.lam.update_event_source_mapping(UUID=uuid, ScalingConfig={"MaximumConcurrency": 3})
        self.assertTrue(wait_mapping(self.lam, uuid, "Enabled"))
        self.assertEqual(self.lam.get_event_source_mapping(UUID=uuid)["ScalingConfig"], {"MaximumConcurrency": 3})
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"n{i}"} for i in range(9)])
        self.assertTrue(wait_until(lambda: len(self.spans("esm-concurrency")) >= 17, timeout=90, interval=0.5))
        later = [s for s in self.spans("esm-concurrency") if s["bodies"][0].startswith("n")]
        self.assertEqual(max_overlap(later), 3, later)
        self.assertTrue(wait_until(lambda: counts(self.sqs, url) == (0, 0), timeout=15, interval=0.2))

    def test_reserved_concurrency_bounds_the_pollers_too(self):
        url = self.sqs.create_queue(QueueName="esm-reserved", Attributes={"VisibilityTimeout": "120"})["QueueUrl"]
        create(self.lam, "esm-reserved", SLEEPY)
        self.lam.put_function_concurrency(FunctionName="esm-reserved", ReservedConcurrentExecutions=1)
        uuid = self.lam.create_event_source_mapping(EventSourceArn=queue_arn(self.sqs, url), FunctionName="esm-reserved",
                                                    BatchSize=1, ScalingConfig={"MaximumConcurrency": 5})["UUID"]
        self.assertTrue(wait_mapping(self.lam, uuid, "Enabled"))
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"r{i}"} for i in range(4)])
        # A throttled batch would come back only after the 120 s visibility timeout.
        self.assertTrue(wait_until(lambda: len(self.spans("esm-reserved")) >= 4, timeout=60, interval=0.5))
        self.assertEqual(max_overlap(self.spans("esm-reserved")), 1)

    def test_fifo_groups_run_in_parallel_but_each_in_order(self):
        url = self.sqs.create_queue(QueueName="esm-fifo.fifo", Attributes={
            "FifoQueue": "true", "ContentBasedDeduplication": "true", "VisibilityTimeout": "60"})["QueueUrl"]
        create(self.lam, "esm-fifo", SLEEPY)
        uuid = self.lam.create_event_source_mapping(EventSourceArn=queue_arn(self.sqs, url), FunctionName="esm-fifo",
                                                    BatchSize=1, ScalingConfig={"MaximumConcurrency": 5})["UUID"]
        self.assertTrue(wait_mapping(self.lam, uuid, "Enabled"))
        for i in range(4):
            for group in ("a", "b"):
                self.sqs.send_message(QueueUrl=url, MessageBody=f"{group}{i}", MessageGroupId=group)
        self.assertTrue(wait_until(lambda: len(self.spans("esm-fifo")) >= 8, timeout=90, interval=0.5))
        spans = self.spans("esm-fifo")
        for group in ("a", "b"):
            mine = sorted((s for s in spans if s["groups"] == [group]), key=lambda s: s["start"])
            self.assertEqual([s["bodies"][0] for s in mine], [f"{group}{i}" for i in range(4)])
            self.assertEqual(max_overlap(mine), 1, mine)
        self.assertEqual(max_overlap(spans), 2, spans)

    def test_an_enabled_mapping_polls_again_after_a_restart(self):
        data = tempfile.mkdtemp()
        port = free_port()
        env = {"LAMBDA_RUNTIME_IMAGE_MAPPING": MAPPING, "LAMBDA_RUNTIME_EXECUTOR": "docker",
               "LAMBDA_SYNCHRONOUS_CREATE": "0", "PERSISTENCE": "1", "LOCALEMU_DATA_DIR": data}
        host = LocalEmuHost(ARGS.localemu, env=env, port=port)
        try:
            lam, sqs = host.client("lambda"), host.client("sqs")
            url = sqs.create_queue(QueueName="esm-restart")["QueueUrl"]
            create(lam, "esm-restart", PRINT_EVENT)
            uuid = lam.create_event_source_mapping(EventSourceArn=queue_arn(sqs, url), FunctionName="esm-restart",
                                                   BatchSize=10)["UUID"]
            self.assertTrue(wait_mapping(lam, uuid, "Enabled"))
            host.stop()
            host = LocalEmuHost(ARGS.localemu, env=env, port=port)
            sqs = host.client("sqs")
            sqs.send_message(QueueUrl=url, MessageBody="after restart")
            self.assertTrue(wait_until(lambda: counts(sqs, url) == (0, 0), timeout=60, interval=0.5))
            logs = host.client("logs")
            self.assertTrue(wait_until(lambda: any(
                "after restart" in e["message"] for e in logs.filter_log_events(
                    logGroupName="/aws/lambda/esm-restart", filterPattern="EVENT")["events"]), timeout=15, interval=0.5))
        finally:
            host.stop()
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    parser.add_argument("--mapping", required=True)
    ARGS, rest = parser.parse_known_args()
    with open(ARGS.mapping) as mapping:
        MAPPING = mapping.read()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
