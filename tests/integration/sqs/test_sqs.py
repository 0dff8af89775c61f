#!/usr/bin/env python3
"""SQS end to end: the real `localemu` host with the service-sqs plugin, driven
by boto3 (JSON protocol), hand-signed query-protocol requests (form in, XML
out, as AWS CLI v2 2.9 and older SDKs speak it) and the AWS CLI.

    test_sqs.py --localemu build/bin/localemu
"""
import argparse
import base64
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, error_response, wait_until  # noqa: E402

import botocore.auth  # noqa: E402
import botocore.awsrequest  # noqa: E402
import botocore.credentials  # noqa: E402

ARGS = None
NS = {"q": "http://queue.amazonaws.com/doc/2012-11-05/"}


def md5_of_attributes(attrs):
    h = hashlib.md5()
    for name in sorted(attrs):
        a = attrs[name]
        h.update(struct.pack(">I", len(name.encode())) + name.encode())
        h.update(struct.pack(">I", len(a["DataType"].encode())) + a["DataType"].encode())
        if "StringValue" in a:
            v = a["StringValue"].encode()
            h.update(b"\x01" + struct.pack(">I", len(v)) + v)
        else:
            v = a["BinaryValue"]
            h.update(b"\x02" + struct.pack(">I", len(v)) + v)
    return h.hexdigest()


def error_of(fn, *args, **kwargs):
    """(code, message, response) of an AWS error the call must raise."""
    r = error_response(fn, *args, **kwargs)
    return r["Error"]["Code"], r["Error"]["Message"], r


class SqsTestBase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(localemu=ARGS.localemu, env={"SERVICES": "sqs"})
        cls.sqs = cls.host.client("sqs")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def queue(self, name, **attrs):
        return self.sqs.create_queue(QueueName=name, Attributes={k: str(v) for k, v in attrs.items()})["QueueUrl"]

    def arn(self, url):
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


class QueueLifecycleTest(SqsTestBase):
    def test_create_get_list_delete(self):
        url = self.queue("life-one", VisibilityTimeout=45)
        self.assertEqual(url, f"http://sqs.us-east-1.localhost:{self.host.port}/000000000000/life-one")
        self.assertEqual(self.queue("life-one", VisibilityTimeout=45), url)
        code, message, response = error_of(self.queue, "life-one", VisibilityTimeout=50)
        self.assertEqual(code, "QueueAlreadyExists")
        self.assertIn("different value for attribute VisibilityTimeout", message)
        self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-query-error"], "QueueAlreadyExists;Sender")
        self.assertEqual(self.sqs.get_queue_url(QueueName="life-one")["QueueUrl"], url)
        self.assertEqual(self.sqs.get_queue_url(QueueName="life-one", QueueOwnerAWSAccountId="000000000000")["QueueUrl"], url)
        code, message, _ = error_of(self.sqs.get_queue_url, QueueName="life-none")
        self.assertEqual((code, message), ("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."))
        for i in range(3):
            self.queue(f"life-page-{i}")
        first = self.sqs.list_queues(QueueNamePrefix="life-page", MaxResults=2)
        self.assertEqual(len(first["QueueUrls"]), 2)
        second = self.sqs.list_queues(QueueNamePrefix="life-page", MaxResults=2, NextToken=first["NextToken"])
        self.assertEqual(len(second["QueueUrls"]), 1)
        self.assertNotIn("NextToken", second)
        self.assertNotIn("QueueUrls", self.sqs.list_queues(QueueNamePrefix="nothing-here"))
        code, _, _ = error_of(self.sqs.list_queues, MaxResults=0)
        self.assertEqual(code, "InvalidParameterValue")
        self.sqs.delete_queue(QueueUrl=url)
        code, _, _ = error_of(self.sqs.delete_queue, QueueUrl=url)
        self.assertEqual(code, "AWS.SimpleQueueService.NonExistentQueue")
        # the name is free again at once (AWS makes you wait 60 s)
        self.assertEqual(self.queue("life-one"), url)

    def test_path_style_url_is_accepted(self):
        self.queue("life-path")
        path_style = f"{self.host.url}/000000000000/life-path"
        self.sqs.send_message(QueueUrl=path_style, MessageBody="x")
        attrs = self.sqs.get_queue_attributes(QueueUrl=path_style, AttributeNames=["ApproximateNumberOfMessages"])
        self.assertEqual(attrs["Attributes"]["ApproximateNumberOfMessages"], "1")

    def test_attributes(self):
        url = self.queue("attrs")
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        for k, v in {"VisibilityTimeout": "30", "MaximumMessageSize": "262144", "MessageRetentionPeriod": "345600",
                     "DelaySeconds": "0", "ReceiveMessageWaitTimeSeconds": "0", "SqsManagedSseEnabled": "true",
                     "ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0",
                     "ApproximateNumberOfMessagesDelayed": "0",
                     "QueueArn": "arn:aws:sqs:us-east-1:000000000000:attrs"}.items():
            self.assertEqual(attrs[k], v, k)
        self.assertIn("CreatedTimestamp", attrs)
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "5", "KmsMasterKeyId": "alias/aws/sqs"})
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["DelaySeconds", "KmsMasterKeyId"])["Attributes"]
        self.assertEqual(attrs, {"DelaySeconds": "5", "KmsMasterKeyId": "alias/aws/sqs"})
        code, message, _ = error_of(self.sqs.set_queue_attributes, QueueUrl=url, Attributes={"VisibilityTimeout": "-1"})
        self.assertEqual((code, message), ("InvalidAttributeValue", "Invalid value for the parameter VisibilityTimeout."))
        code, message, _ = error_of(self.sqs.get_queue_attributes, QueueUrl=url, AttributeNames=["Bogus"])
        self.assertEqual((code, message), ("InvalidAttributeName", "Unknown Attribute Bogus."))

    def test_tags(self):
        url = self.sqs.create_queue(QueueName="tagged", tags={"team": "a"})["QueueUrl"]
        self.sqs.tag_queue(QueueUrl=url, Tags={"env": "dev"})
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"team": "a", "env": "dev"})
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["team", "env"])
        self.assertNotIn("Tags", self.sqs.list_queue_tags(QueueUrl=url))
        for call in (lambda: self.sqs.list_queue_tags(QueueUrl=url + "-none"),
                     lambda: self.sqs.tag_queue(QueueUrl=url + "-none", Tags={"a": "b"}),
                     lambda: self.sqs.untag_queue(QueueUrl=url + "-none", TagKeys=["a"])):
            code, message, _ = error_of(call)
            self.assertEqual((code, message), ("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."))

    def test_permissions(self):
        url = self.queue("perms")
        self.sqs.add_permission(QueueUrl=url, Label="l1", AWSAccountIds=["111111111111"], Actions=["SendMessage"])
        policy = json.loads(self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
        statement = policy["Statement"][0]
        self.assertEqual(statement["Sid"], "l1")
        self.assertEqual(statement["Principal"], {"AWS": "arn:aws:iam::111111111111:root"})
        self.assertEqual(statement["Action"], "SQS:SendMessage")
        code, message, _ = error_of(self.sqs.add_permission, QueueUrl=url, Label="l1", AWSAccountIds=["1"], Actions=["SendMessage"])
        self.assertEqual(code, "InvalidParameterValue")
        self.assertEqual(message, "Value l1 for parameter Label is invalid. Reason: Already exists.")
        self.sqs.remove_permission(QueueUrl=url, Label="l1")
        self.assertNotIn("Attributes", self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"]))
        code, message, _ = error_of(self.sqs.remove_permission, QueueUrl=url, Label="l1")
        self.assertEqual(message, "Value l1 for parameter Label is invalid. Reason: can't find label on existing policy.")

    def test_purge(self):
        url = self.queue("purged")
        self.sqs.send_message(QueueUrl=url, MessageBody="x")
        self.sqs.purge_queue(QueueUrl=url)
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        code, message, _ = error_of(self.sqs.purge_queue, QueueUrl=url)
        self.assertEqual(code, "AWS.SimpleQueueService.PurgeQueueInProgress")
        self.assertEqual(message, "Only one PurgeQueue operation on purged is allowed every 60 seconds.")


class MessageTest(SqsTestBase):
    def test_send_receive_delete_with_attributes_and_digests(self):
        url = self.queue("msgs")
        attrs = {"color": {"DataType": "String", "StringValue": "red"},
                 "n": {"DataType": "Number", "StringValue": "42"},
                 "raw": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"},
                 "c": {"DataType": "String.custom", "StringValue": "x"}}
        trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="héllo ✓", MessageAttributes=attrs,
                                     MessageSystemAttributes={"AWSTraceHeader": {"DataType": "String", "StringValue": trace}})
        self.assertEqual(sent["MD5OfMessageBody"], hashlib.md5("héllo ✓".encode()).hexdigest())
        self.assertEqual(sent["MD5OfMessageAttributes"], md5_of_attributes(attrs))
        self.assertEqual(sent["MD5OfMessageSystemAttributes"],
                         md5_of_attributes({"AWSTraceHeader": {"DataType": "String", "StringValue": trace}}))
        got = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"])
        m = got["Messages"][0]
        self.assertEqual(m["MessageId"], sent["MessageId"])
        self.assertEqual(m["Body"], "héllo ✓")
        self.assertEqual(m["MessageAttributes"], attrs)
        self.assertEqual(m["MD5OfMessageAttributes"], md5_of_attributes(attrs))
        for k in ("SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "AWSTraceHeader"):
            self.assertIn(k, m["Attributes"])
        self.assertEqual(m["Attributes"]["AWSTraceHeader"], trace)
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0)
        again = self.sqs.receive_message(QueueUrl=url, MessageAttributeNames=["color"], AttributeNames=["ApproximateReceiveCount"])
        m2 = again["Messages"][0]
        self.assertEqual(m2["MessageAttributes"], {"color": attrs["color"]})
        self.assertEqual(m2["Attributes"], {"ApproximateReceiveCount": "2"})
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m2["ReceiptHandle"])
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url, VisibilityTimeout=0))

    def test_message_errors(self):
        url = self.queue("msg-errors", MaximumMessageSize=1024)
        code, message, _ = error_of(self.sqs.send_message, QueueUrl=url, MessageBody="x" * 1025)
        self.assertEqual((code, message), ("InvalidParameterValue",
                                           "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes."))
        code, _, _ = error_of(self.sqs.send_message, QueueUrl=url, MessageBody="bad \x01 char")
        self.assertEqual(code, "InvalidMessageContents")
        code, message, _ = error_of(self.sqs.send_message, QueueUrl=url, MessageBody="x",
                                    MessageAttributes={"a": {"DataType": "Weird", "StringValue": "1"}})
        self.assertEqual(code, "InvalidParameterValue")
        self.assertIn("supported type prefixes", message)
        code, message, _ = error_of(self.sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=11)
        self.assertEqual(message, "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.")
        code, message, _ = error_of(self.sqs.delete_message, QueueUrl=url, ReceiptHandle="nope")
        self.assertEqual((code, message), ("ReceiptHandleIsInvalid", 'The input receipt handle "nope" is not a valid receipt handle.'))
        code, message, _ = error_of(self.sqs.change_message_visibility, QueueUrl=url, ReceiptHandle="nope", VisibilityTimeout=1)
        self.assertEqual(code, "ReceiptHandleIsInvalid")
        self.sqs.send_message(QueueUrl=url, MessageBody="v")
        m = self.sqs.receive_message(QueueUrl=url)["Messages"][0]
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0)
        code, _, _ = error_of(self.sqs.change_message_visibility, QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=5)
        self.assertEqual(code, "AWS.SimpleQueueService.MessageNotInflight")

    def test_batches(self):
        url = self.queue("batches")
        out = self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "a", "MessageBody": "one"}, {"Id": "b", "MessageBody": "two", "DelaySeconds": 1000}])
        self.assertEqual([e["Id"] for e in out["Successful"]], ["a"])
        self.assertEqual(out["Successful"][0]["MD5OfMessageBody"], hashlib.md5(b"one").hexdigest())
        self.assertEqual(out["Failed"][0]["Id"], "b")
        self.assertTrue(out["Failed"][0]["SenderFault"])
        code, message, _ = error_of(self.sqs.send_message_batch, QueueUrl=url, Entries=[{"Id": "x", "MessageBody": "1"}] * 2)
        self.assertEqual((code, message), ("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Id x repeated."))
        code, message, _ = error_of(self.sqs.send_message_batch, QueueUrl=url,
                                    Entries=[{"Id": str(i), "MessageBody": "1"} for i in range(11)])
        self.assertEqual((code, message), ("AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                                           "Maximum number of entries per request are 10. You have sent 11."))
        code, _, _ = error_of(self.sqs.send_message_batch, QueueUrl=url, Entries=[])
        self.assertEqual(code, "AWS.SimpleQueueService.EmptyBatchRequest")
        code, _, _ = error_of(self.sqs.delete_message_batch, QueueUrl=url, Entries=[{"Id": "bad id!", "ReceiptHandle": "x"}])
        self.assertEqual(code, "AWS.SimpleQueueService.InvalidBatchEntryId")
        m = self.sqs.receive_message(QueueUrl=url)["Messages"][0]
        changed = self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
            {"Id": "ok", "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0},
            {"Id": "bad", "ReceiptHandle": "garbage", "VisibilityTimeout": 0}])
        self.assertEqual([e["Id"] for e in changed["Successful"]], ["ok"])
        self.assertEqual(changed["Failed"][0]["Code"], "ReceiptHandleIsInvalid")
        m = self.sqs.receive_message(QueueUrl=url)["Messages"][0]
        deleted = self.sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": "ok", "ReceiptHandle": m["ReceiptHandle"]}, {"Id": "bad", "ReceiptHandle": "garbage"}])
        self.assertEqual([e["Id"] for e in deleted["Successful"]], ["ok"])
        self.assertEqual(deleted["Failed"][0]["Code"], "ReceiptHandleIsInvalid")

    def test_fifo(self):
        url = self.queue("orders.fifo", FifoQueue="true", ContentBasedDeduplication="true")
        a = self.sqs.send_message(QueueUrl=url, MessageBody="1", MessageGroupId="g")
        dup = self.sqs.send_message(QueueUrl=url, MessageBody="1", MessageGroupId="g")
        self.assertEqual(a["MessageId"], dup["MessageId"])
        self.assertEqual(len(a["SequenceNumber"]), 20)
        self.sqs.send_message(QueueUrl=url, MessageBody="2", MessageGroupId="g")
        self.sqs.send_message(QueueUrl=url, MessageBody="3", MessageGroupId="h")
        first = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, AttributeNames=["All"])["Messages"][0]
        self.assertEqual(first["Body"], "1")
        self.assertEqual(first["Attributes"]["MessageGroupId"], "g")
        self.assertEqual(first["Attributes"]["SequenceNumber"], a["SequenceNumber"])
        rest = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        self.assertEqual([m["Body"] for m in rest], ["3"])
        code, message, _ = error_of(self.sqs.send_message, QueueUrl=url, MessageBody="x")
        self.assertEqual((code, message), ("MissingParameter", "The request must contain the parameter MessageGroupId."))
        code, _, _ = error_of(self.sqs.send_message, QueueUrl=url, MessageBody="x", MessageGroupId="g", DelaySeconds=3)
        self.assertEqual(code, "InvalidParameterValue")
        code, _, _ = error_of(self.queue, "notfifo", FifoQueue="true")
        self.assertEqual(code, "InvalidParameterValue")

    def test_delay(self):
        url = self.queue("delayed")
        self.sqs.send_message(QueueUrl=url, MessageBody="d", DelaySeconds=1)
        attrs = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesDelayed"])
        self.assertEqual(attrs["Attributes"]["ApproximateNumberOfMessagesDelayed"], "1")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url))
        start = time.time()
        got = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5)
        self.assertEqual(got["Messages"][0]["Body"], "d")
        self.assertLess(time.time() - start, 2)

    def test_long_poll_returns_when_a_message_is_sent(self):
        url = self.queue("long-poll", ReceiveMessageWaitTimeSeconds=10)
        sender = self.host.client("sqs")

        def send_later():
            time.sleep(0.5)
            sender.send_message(QueueUrl=url, MessageBody="wake")

        thread = threading.Thread(target=send_later)
        start = time.time()
        thread.start()
        got = self.sqs.receive_message(QueueUrl=url)  # queue default wait: 10 s
        elapsed = time.time() - start
        thread.join()
        self.assertEqual(got["Messages"][0]["Body"], "wake")
        self.assertLess(elapsed, 2.0)
        start = time.time()
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1))
        self.assertGreaterEqual(time.time() - start, 0.9)


class DeadLetterTest(SqsTestBase):
    def test_redrive_and_move_tasks(self):
        dlq = self.queue("dl-target")
        dlq_arn = self.arn(dlq)
        src = self.queue("dl-source", VisibilityTimeout=0,
                         RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"}))
        self.sqs.send_message(QueueUrl=src, MessageBody="poison")
        self.assertIn("Messages", self.sqs.receive_message(QueueUrl=src))
        self.assertIn("Messages", self.sqs.receive_message(QueueUrl=src))
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=src))
        moved = self.sqs.receive_message(QueueUrl=dlq, AttributeNames=["All"], VisibilityTimeout=0)["Messages"][0]
        self.assertEqual(moved["Body"], "poison")
        self.assertEqual(moved["Attributes"]["DeadLetterQueueSourceArn"], self.arn(src))
        self.assertEqual(self.sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"], [src])
        self.assertEqual(self.sqs.list_dead_letter_source_queues(QueueUrl=src)["queueUrls"], [])
        code, _, _ = error_of(self.sqs.list_dead_letter_source_queues, QueueUrl=dlq + "-none")
        self.assertEqual(code, "AWS.SimpleQueueService.NonExistentQueue")
        # a move task brings it back to its source
        code, message, _ = error_of(self.sqs.start_message_move_task, SourceArn=self.arn(src))
        self.assertEqual((code, message), ("InvalidParameterValue", "Source queue must be configured as a Dead Letter Queue."))
        code, _, _ = error_of(self.sqs.start_message_move_task, SourceArn=dlq_arn + "-none")
        self.assertEqual(code, "ResourceNotFoundException")
        handle = self.sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
        wait_until(lambda: self.sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]["Status"] == "COMPLETED", 10)
        task = self.sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]
        self.assertEqual(task["ApproximateNumberOfMessagesMoved"], 1)
        self.assertNotIn("TaskHandle", task)
        back = self.sqs.receive_message(QueueUrl=src)["Messages"][0]
        self.assertEqual(back["Body"], "poison")
        code, message, _ = error_of(self.sqs.cancel_message_move_task, TaskHandle=handle)  # already completed
        self.assertEqual((code, message), ("ResourceNotFoundException", "Task does not exist."))
        code, message, _ = error_of(self.sqs.list_message_move_tasks, SourceArn=dlq_arn, MaxResults=11)
        self.assertEqual(message, "Value 11 for parameter MaxResults is invalid. Reason: Must be between 1 and 10.")
        # a slow task can be cancelled
        for i in range(5):
            self.sqs.send_message(QueueUrl=dlq, MessageBody=str(i))
        handle = self.sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=self.arn(src),
                                                  MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
        self.assertEqual(self.sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=10)["Results"][0]["Status"], "RUNNING")
        code, message, _ = error_of(self.sqs.start_message_move_task, SourceArn=dlq_arn)
        self.assertEqual((code, message), ("InvalidParameterValue", "There is already a task running. Only one active "
                                           "task is allowed for a source queue arn at a given time."))
        self.sqs.cancel_message_move_task(TaskHandle=handle)
        self.assertEqual(self.sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]["Status"], "CANCELLED")
        code, message, _ = error_of(self.sqs.cancel_message_move_task, TaskHandle="foobared")
        self.assertEqual((code, message), ("InvalidParameterValue", "Value for parameter TaskHandle is invalid."))

    def test_redrive_policy_errors(self):
        closed = self.queue("dl-closed", RedriveAllowPolicy=json.dumps({"redrivePermission": "denyAll"}))
        code, _, _ = error_of(self.queue, "dl-denied",
                              RedrivePolicy=json.dumps({"deadLetterTargetArn": self.arn(closed), "maxReceiveCount": 1}))
        self.assertEqual(code, "InvalidParameterValue")
        code, message, _ = error_of(self.queue, "dl-missing",
                                    RedrivePolicy=json.dumps({"deadLetterTargetArn": "arn:aws:sqs:us-east-1:000000000000:none",
                                                              "maxReceiveCount": 1}))
        self.assertIn("Dead letter target does not exist", message)


class QueryProtocolTest(SqsTestBase):
    """Form-encoded requests answered in XML, as pre-JSON SDKs and CLI v2 2.9 speak."""

    def query(self, params, path="/"):
        body = urllib.parse.urlencode({**params, "Version": "2012-11-05"})
        request = botocore.awsrequest.AWSRequest(
            method="POST", url=self.host.url + path, data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        botocore.auth.SigV4Auth(botocore.credentials.Credentials("test", "test"), "sqs", "us-east-1").add_auth(request)
        status, headers, data = self.host.request("POST", path, body=body, headers=dict(request.headers.items()))
        return status, ET.fromstring(data)

    def test_query_round_trip_and_errors(self):
        status, xml = self.query({"Action": "CreateQueue", "QueueName": "query-q",
                                  "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "40",
                                  "Tag.1.Key": "team", "Tag.1.Value": "a"})
        self.assertEqual(status, 200)
        url = xml.find("q:CreateQueueResult/q:QueueUrl", NS).text
        self.assertTrue(url.endswith("/000000000000/query-q"))
        status, xml = self.query({"Action": "SendMessage", "QueueUrl": url, "MessageBody": "hi",
                                  "MessageAttribute.1.Name": "k", "MessageAttribute.1.Value.DataType": "String",
                                  "MessageAttribute.1.Value.StringValue": "v"})
        self.assertEqual(status, 200)
        self.assertEqual(xml.find("q:SendMessageResult/q:MD5OfMessageBody", NS).text, hashlib.md5(b"hi").hexdigest())
        self.assertEqual(xml.find("q:SendMessageResult/q:MD5OfMessageAttributes", NS).text,
                         md5_of_attributes({"k": {"DataType": "String", "StringValue": "v"}}))
        status, xml = self.query({"Action": "ReceiveMessage", "QueueUrl": url, "AttributeName.1": "All",
                                  "MessageAttributeName.1": "All"})
        message = xml.find("q:ReceiveMessageResult/q:Message", NS)
        self.assertEqual(message.find("q:Body", NS).text, "hi")
        names = [a.find("q:Name", NS).text for a in message.findall("q:Attribute", NS)]
        self.assertIn("SentTimestamp", names)
        self.assertEqual(message.find("q:MessageAttribute/q:Name", NS).text, "k")
        self.assertEqual(message.find("q:MessageAttribute/q:Value/q:StringValue", NS).text, "v")
        status, xml = self.query({"Action": "GetQueueAttributes", "QueueUrl": url, "AttributeName.1": "VisibilityTimeout"})
        attr = xml.find("q:GetQueueAttributesResult/q:Attribute", NS)
        self.assertEqual((attr.find("q:Name", NS).text, attr.find("q:Value", NS).text), ("VisibilityTimeout", "40"))
        # posted to the queue's own path, without QueueUrl (pre-JSON SDKs)
        status, xml = self.query({"Action": "GetQueueAttributes", "AttributeName.1": "QueueArn"}, path="/000000000000/query-q")
        self.assertEqual(xml.find("q:GetQueueAttributesResult/q:Attribute/q:Value", NS).text,
                         "arn:aws:sqs:us-east-1:000000000000:query-q")
        status, xml = self.query({"Action": "ListQueueTags", "QueueUrl": url})
        self.assertEqual(xml.find("q:ListQueueTagsResult/q:Tag/q:Key", NS).text, "team")
        status, xml = self.query({"Action": "ListQueues", "QueueNamePrefix": "query-"})
        self.assertEqual([u.text for u in xml.findall("q:ListQueuesResult/q:QueueUrl", NS)], [url])
        status, xml = self.query({"Action": "GetQueueUrl", "QueueName": "query-none"})
        self.assertEqual(status, 400)
        self.assertEqual(xml.find("q:Error/q:Code", NS).text, "AWS.SimpleQueueService.NonExistentQueue")
        self.assertEqual(xml.find("q:Error/q:Type", NS).text, "Sender")
        self.assertEqual(xml.find("q:Error/q:Message", NS).text, "The specified queue does not exist.")
        status, xml = self.query({"Action": "SendMessageBatch", "QueueUrl": url,
                                  "SendMessageBatchRequestEntry.1.Id": "a", "SendMessageBatchRequestEntry.1.MessageBody": "1",
                                  "SendMessageBatchRequestEntry.2.Id": "a", "SendMessageBatchRequestEntry.2.MessageBody": "2"})
        self.assertEqual(xml.find("q:Error/q:Code", NS).text, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")
        status, xml = self.query({"Action": "SendMessageBatch", "QueueUrl": url,
                                  "SendMessageBatchRequestEntry.1.Id": "a", "SendMessageBatchRequestEntry.1.MessageBody": "1",
                                  "SendMessageBatchRequestEntry.2.Id": "b", "SendMessageBatchRequestEntry.2.MessageBody": "2"})
        ids = [e.find("q:Id", NS).text for e in xml.findall("q:SendMessageBatchResult/q:SendMessageBatchResultEntry", NS)]
        self.assertEqual(ids, ["a", "b"])
        status, xml = self.query({"Action": "DeleteQueue", "QueueUrl": url})
        self.assertEqual(status, 200)


class CliTest(SqsTestBase):
    def aws(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1",
                   AWS_MAX_ATTEMPTS="1")
        return subprocess.run(["aws", "--endpoint-url", self.host.url, "--output", "json", "sqs", *args],
                              capture_output=True, text=True, env=env, timeout=60)

    @unittest.skipUnless(shutil.which("aws"), "the AWS CLI is not installed")
    def test_cli_common_operations_and_errors(self):
        out = self.aws("create-queue", "--queue-name", "cli-q")
        self.assertEqual(out.returncode, 0, out.stderr)
        url = json.loads(out.stdout)["QueueUrl"]
        out = self.aws("send-message", "--queue-url", url, "--message-body", "from the cli")
        self.assertEqual(json.loads(out.stdout)["MD5OfMessageBody"], hashlib.md5(b"from the cli").hexdigest())
        out = self.aws("receive-message", "--queue-url", url, "--wait-time-seconds", "1")
        self.assertEqual(json.loads(out.stdout)["Messages"][0]["Body"], "from the cli")
        out = self.aws("get-queue-url", "--queue-name", "cli-none")
        self.assertIn(out.returncode, (254, 255))  # CLI v2 / v1 for a service error
        self.assertIn("An error occurred (AWS.SimpleQueueService.NonExistentQueue) when calling the GetQueueUrl "
                      "operation: The specified queue does not exist.", out.stderr)
        out = self.aws("delete-message", "--queue-url", url, "--receipt-handle", "bogus")
        self.assertIn("(ReceiptHandleIsInvalid)", out.stderr)
        out = self.aws("delete-queue", "--queue-url", url)
        self.assertEqual(out.returncode, 0, out.stderr)


class PersistenceTest(unittest.TestCase):
    def test_queues_and_messages_survive_a_restart(self):
        data = tempfile.mkdtemp(prefix="sqs-persist-")
        try:
            env = {"SERVICES": "sqs", "PERSISTENCE": "1", "LOCALEMU_DATA_DIR": data}
            host = LocalEmuHost(localemu=ARGS.localemu, env=env)
            sqs = host.client("sqs")
            url = sqs.create_queue(QueueName="kept", Attributes={"VisibilityTimeout": "77"}, tags={"t": "1"})["QueueUrl"]
            fifo = sqs.create_queue(QueueName="kept.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
            sent = sqs.send_message(QueueUrl=url, MessageBody="survives",
                                    MessageAttributes={"a": {"DataType": "String", "StringValue": "b"}})
            sqs.send_message(QueueUrl=url, MessageBody="in flight")
            sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=600)
            f1 = sqs.send_message(QueueUrl=fifo, MessageBody="f", MessageGroupId="g", MessageDeduplicationId="d")
            host.stop()
            host = LocalEmuHost(localemu=ARGS.localemu, env=env, port=host.port)
            sqs = host.client("sqs")
            self.assertEqual(sqs.get_queue_url(QueueName="kept")["QueueUrl"], url)
            attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
            self.assertEqual(attrs["VisibilityTimeout"], "77")
            self.assertEqual(attrs["ApproximateNumberOfMessages"], "1")
            self.assertEqual(attrs["ApproximateNumberOfMessagesNotVisible"], "1")
            self.assertEqual(sqs.list_queue_tags(QueueUrl=url)["Tags"], {"t": "1"})
            m = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"][0]
            self.assertEqual(m["Body"], "in flight" if m["MessageId"] != sent["MessageId"] else "survives")
            f2 = sqs.send_message(QueueUrl=fifo, MessageBody="f", MessageGroupId="g", MessageDeduplicationId="d")
            self.assertEqual(f2["MessageId"], f1["MessageId"])  # the deduplication window survives too
            host.stop()
        finally:
            shutil.rmtree(data, ignore_errors=True)

    def test_every_acknowledged_send_survives_sigkill(self):
        data = tempfile.mkdtemp(prefix="sqs-kill-")
        try:
            env = {"SERVICES": "sqs", "PERSISTENCE": "1", "LOCALEMU_DATA_DIR": data}
            host = LocalEmuHost(localemu=ARGS.localemu, env=env)
            url = host.client("sqs").create_queue(QueueName="burst")["QueueUrl"]
            acknowledged, lock, stop = set(), threading.Lock(), threading.Event()

            def writer(n):
                sqs = host.client("sqs")
                i = 0
                while not stop.is_set():
                    body = f"w{n}-{i}"
                    try:
                        sqs.send_message(QueueUrl=url, MessageBody=body)
                    except Exception:  # the host died mid-request: not acknowledged
                        return
                    with lock:
                        acknowledged.add(body)
                    i += 1

            threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
            for t in threads:
                t.start()
            while len(acknowledged) < 300:
                time.sleep(0.005)
            host.kill()
            stop.set()
            for t in threads:
                t.join()
            host = LocalEmuHost(localemu=ARGS.localemu, env=env, port=host.port)
            sqs = host.client("sqs")
            received = set()
            while True:
                batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=600).get("Messages", [])
                if not batch:
                    break
                received.update(m["Body"] for m in batch)
            self.assertFalse(acknowledged - received, f"{len(acknowledged - received)} acknowledged sends were lost")
            host.stop()
        finally:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
