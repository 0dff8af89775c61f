#!/usr/bin/env python3
"""Event-source mappings through the real host with boto3: every ESM operation
(Create/Get/Update/Delete/List, tags on ESM ARNs) with success and error cases,
status codes, error codes and messages; persistence across a restart; and, when
the sqs service is loaded, the queue-existence check.

No function runs here: the docker executor stays selected and is never used.

    test_lambda_esm.py --localemu build/bin/localemu
"""
import argparse
import os
import re
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, wait_until, zip_bytes  # noqa: E402

ARGS = None
ACCOUNT = "000000000000"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/lambda-role"
HANDLER = "def handler(event, context):\n    return event\n"
STREAM = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clicks"
TABLE_STREAM = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders/stream/2024-01-01T00:00:00.000"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$")


def env(**more):
    values = {"LAMBDA_RUNTIME_EXECUTOR": "docker", "LAMBDA_SYNCHRONOUS_CREATE": "0"}
    values.update(more)
    return values


def queue_arn(name):
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


def create_function(lam, name):
    return lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="index.handler",
                               Code={"ZipFile": zip_bytes({"index.py": HANDLER})})["FunctionArn"]


def settled(lam, uuid):
    return wait_until(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] in ("Enabled", "Disabled"), timeout=10)


def sqs_loaded(host):
    return (host.health() or {}).get("services", {}).get("sqs") == "running"


class EsmTestCase(unittest.TestCase):
    def assertError(self, call, status, code, message=None, **kwargs):
        with self.assertRaises(Exception) as caught:
            call(**kwargs)
        error = getattr(caught.exception, "response", None)
        self.assertIsNotNone(error, caught.exception)
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], status, error)
        self.assertEqual(error["Error"]["Code"], code, error)
        if message is not None:
            self.assertEqual(error["Error"]["Message"], message, error)
        return error


class EventSourceMappings(EsmTestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env=env(SERVICES="lambda"))
        cls.lam = cls.host.client("lambda")
        # Without botocore's own checks, so that the server's answers to out-of-range values show.
        cls.raw = cls.host.client("lambda", parameter_validation=False)
        cls.fn_arn = create_function(cls.lam, "esm-fn")
        create_function(cls.lam, "esm-other")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def create(self, **kwargs):
        kwargs.setdefault("FunctionName", "esm-fn")
        out = self.lam.create_event_source_mapping(**kwargs)
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertTrue(settled(self.lam, out["UUID"]))
        return out

    def test_create_get_sqs(self):
        out = self.lam.create_event_source_mapping(FunctionName="esm-fn", EventSourceArn=queue_arn("create-get"))
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertRegex(out["UUID"], UUID)
        self.assertEqual(out["State"], "Creating")
        self.assertEqual(out["StateTransitionReason"], "USER_INITIATED")
        self.assertEqual(out["FunctionArn"], self.fn_arn)
        self.assertEqual(out["EventSourceArn"], queue_arn("create-get"))
        self.assertEqual(out["BatchSize"], 10)
        self.assertEqual(out["MaximumBatchingWindowInSeconds"], 0)
        self.assertEqual(out["FunctionResponseTypes"], [])
        self.assertEqual(out["EventSourceMappingArn"],
                         f"arn:aws:lambda:{REGION}:{ACCOUNT}:event-source-mapping:{out['UUID']}")
        self.assertLess(abs(out["LastModified"].timestamp() - time.time()), 60)
        self.assertTrue(settled(self.lam, out["UUID"]))
        got = self.lam.get_event_source_mapping(UUID=out["UUID"])
        self.assertEqual(got["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(got["State"], "Enabled")
        self.assertEqual(got["LastModified"], out["LastModified"])

    def test_create_disabled_and_stream_defaults(self):
        out = self.create(EventSourceArn=STREAM, StartingPosition="TRIM_HORIZON", Enabled=False)
        self.assertEqual(out["State"], "Disabled")  # at once, as AWS answers
        got = self.lam.get_event_source_mapping(UUID=out["UUID"])
        self.assertEqual(got["State"], "Disabled")
        self.assertEqual(got["StartingPosition"], "TRIM_HORIZON")
        self.assertEqual(got["BatchSize"], 100)
        self.assertEqual(got["ParallelizationFactor"], 1)
        self.assertEqual(got["MaximumRetryAttempts"], -1)
        self.assertEqual(got["MaximumRecordAgeInSeconds"], -1)
        self.assertFalse(got["BisectBatchOnFunctionError"])
        self.assertEqual(got["DestinationConfig"], {"OnFailure": {}})
        self.assertEqual(got["StateTransitionReason"], "User action")
        self.assertEqual(got["LastProcessingResult"], "No records processed")

    def test_create_full_sqs_settings(self):
        pattern = '{"body":{"kind":["order"]}}'
        out = self.create(EventSourceArn=queue_arn("full"), BatchSize=500, MaximumBatchingWindowInSeconds=5,
                          FunctionResponseTypes=["ReportBatchItemFailures"], ScalingConfig={"MaximumConcurrency": 10},
                          FilterCriteria={"Filters": [{"Pattern": pattern}]}, MetricsConfig={"Metrics": ["EventCount"]},
                          Tags={"team": "a"})
        got = self.lam.get_event_source_mapping(UUID=out["UUID"])
        self.assertEqual(got["BatchSize"], 500)
        self.assertEqual(got["MaximumBatchingWindowInSeconds"], 5)
        self.assertEqual(got["FunctionResponseTypes"], ["ReportBatchItemFailures"])
        self.assertEqual(got["ScalingConfig"], {"MaximumConcurrency": 10})
        self.assertEqual(got["FilterCriteria"], {"Filters": [{"Pattern": pattern}]})
        self.assertEqual(got["MetricsConfig"], {"Metrics": ["EventCount"]})
        self.assertEqual(self.lam.list_tags(Resource=got["EventSourceMappingArn"])["Tags"], {"team": "a"})

    def test_create_errors(self):
        create = self.lam.create_event_source_mapping
        self.assertError(create, 400, "InvalidParameterValueException", "Function does not exist",
                         FunctionName="nobody", EventSourceArn=queue_arn("x"))
        self.assertError(create, 400, "InvalidParameterValueException",
                         "StartingPosition is not valid for SQS event sources.",
                         FunctionName="esm-fn", EventSourceArn=queue_arn("x"), StartingPosition="LATEST")
        self.assertError(create, 400, "InvalidParameterValueException",
                         "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
                         FunctionName="esm-fn", EventSourceArn=queue_arn("x"), BatchSize=11)
        self.assertError(create, 400, "ValidationException",
                         "1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint: "
                         "Member must have value less than or equal to 10000",
                         FunctionName="esm-fn", EventSourceArn=queue_arn("x"), BatchSize=10001,
                         MaximumBatchingWindowInSeconds=1)
        self.assertError(self.raw.create_event_source_mapping, 400, "ValidationException",
                         "1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: "
                         "Member must have value greater than or equal to 1",
                         FunctionName="esm-fn", EventSourceArn=queue_arn("x"), BatchSize=0)
        self.assertError(self.raw.create_event_source_mapping, 400, "ValidationException",
                         "1 validation error detected: Value '1' at 'scalingConfig.maximumConcurrency' failed to "
                         "satisfy constraint: Member must have value greater than or equal to 2",
                         FunctionName="esm-fn", EventSourceArn=queue_arn("x"), ScalingConfig={"MaximumConcurrency": 1})
        self.assertError(create, 400, "InvalidParameterValueException", "Invalid filter pattern definition.",
                         FunctionName="esm-fn", EventSourceArn=queue_arn("x"),
                         FilterCriteria={"Filters": [{"Pattern": '{"body": "not-a-list"}'}]})
        self.assertError(create, 400, "InvalidParameterValueException",
                         "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: "
                         "Member must not be null.",
                         FunctionName="esm-fn", EventSourceArn=STREAM)
        self.assertError(create, 400, "InvalidParameterValueException",
                         f"Unsupported starting position for arn type: {TABLE_STREAM}",
                         FunctionName="esm-fn", EventSourceArn=TABLE_STREAM, StartingPosition="AT_TIMESTAMP")
        self.assertError(create, 400, "InvalidParameterValueException",
                         "Timestamp only valid with StartingPosition AT_TIMESTAMP",
                         FunctionName="esm-fn", EventSourceArn=STREAM, StartingPosition="LATEST",
                         StartingPositionTimestamp=1700000000)
        self.assertError(create, 400, "InvalidParameterValueException",
                         "Unrecognized event source, must be kinesis, dynamodb stream or sqs.",
                         FunctionName="esm-fn", EventSourceArn="arn:aws:s3:::bucket")

    def test_duplicate_is_refused(self):
        first = self.create(EventSourceArn=queue_arn("dup"))
        self.assertError(self.lam.create_event_source_mapping, 409, "ResourceConflictException",
                         f'An event source mapping with SQS arn (" {queue_arn("dup")} ") and function (" esm-fn ") '
                         f"already exists. Please update or delete the existing mapping with UUID {first['UUID']}",
                         FunctionName="esm-fn", EventSourceArn=queue_arn("dup"))
        # The same queue for another function is a different mapping.
        self.create(FunctionName="esm-other", EventSourceArn=queue_arn("dup"))

    def test_update(self):
        uuid = self.create(EventSourceArn=queue_arn("update"))["UUID"]
        out = self.lam.update_event_source_mapping(UUID=uuid, BatchSize=5)
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(out["State"], "Updating")
        self.assertEqual(out["BatchSize"], 5)
        self.assertTrue(settled(self.lam, uuid))
        out = self.lam.update_event_source_mapping(UUID=uuid, Enabled=False)
        self.assertEqual(out["State"], "Disabling")
        self.assertTrue(wait_until(lambda: self.lam.get_event_source_mapping(UUID=uuid)["State"] == "Disabled", timeout=10))
        out = self.lam.update_event_source_mapping(UUID=uuid, Enabled=True, FunctionName="esm-other")
        self.assertEqual(out["State"], "Enabling")
        self.assertEqual(out["FunctionArn"], f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:esm-other")
        self.assertTrue(wait_until(lambda: self.lam.get_event_source_mapping(UUID=uuid)["State"] == "Enabled", timeout=10))

    def test_update_errors(self):
        uuid = self.create(EventSourceArn=queue_arn("update-errors"))["UUID"]
        update = self.lam.update_event_source_mapping
        self.assertError(update, 404, "ResourceNotFoundException", "The resource you requested does not exist.",
                         UUID="00000000-0000-4000-8000-000000000000", BatchSize=1)
        self.assertError(update, 400, "InvalidParameterValueException",
                         "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
                         UUID=uuid, BatchSize=100)
        self.assertError(update, 400, "InvalidParameterValueException",
                         "Unsupported ParallelizationFactor parameter for given event source mapping type.",
                         UUID=uuid, ParallelizationFactor=2)
        self.assertError(update, 400, "InvalidParameterValueException", "Function does not exist",
                         UUID=uuid, FunctionName="ghost")
        self.lam.update_event_source_mapping(UUID=uuid, BatchSize=2)
        # Right after an update the mapping may still be Updating: AWS refuses changes then.
        try:
            update(UUID=uuid, BatchSize=3)
        except Exception as e:  # noqa: BLE001 - the error is asserted
            self.assertEqual(e.response["Error"]["Code"], "ResourceInUseException")
            self.assertEqual(e.response["Error"]["Message"], "Cannot update the event source mapping because it is in use.")

    def test_delete(self):
        uuid = self.create(EventSourceArn=queue_arn("delete"))["UUID"]
        out = self.lam.delete_event_source_mapping(UUID=uuid)
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(out["State"], "Deleting")
        self.assertEqual(out["UUID"], uuid)

        def gone():
            try:
                self.lam.get_event_source_mapping(UUID=uuid)
                return False
            except self.lam.exceptions.ResourceNotFoundException:
                return True
        self.assertTrue(wait_until(gone, timeout=10))
        self.assertError(self.lam.get_event_source_mapping, 404, "ResourceNotFoundException",
                         "The resource you requested does not exist.", UUID=uuid)
        self.assertError(self.lam.delete_event_source_mapping, 404, "ResourceNotFoundException",
                         "The resource you requested does not exist.", UUID=uuid)

    def test_list_filters_and_pagination(self):
        mine = {self.create(FunctionName="esm-other", EventSourceArn=queue_arn(f"list-{n}"))["UUID"] for n in range(5)}
        listed = self.lam.list_event_source_mappings(EventSourceArn=queue_arn("list-3"))
        self.assertEqual(listed["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual([m["EventSourceArn"] for m in listed["EventSourceMappings"]], [queue_arn("list-3")])
        seen, pages, marker = set(), 0, None
        while True:
            kwargs = {"FunctionName": "esm-other", "MaxItems": 2}
            if marker:
                kwargs["Marker"] = marker
            page = self.lam.list_event_source_mappings(**kwargs)
            pages += 1
            self.assertLessEqual(len(page["EventSourceMappings"]), 2)
            seen |= {m["UUID"] for m in page["EventSourceMappings"] if m["EventSourceArn"].startswith(queue_arn("list-"))}
            marker = page.get("NextMarker")
            if not marker:
                break
        self.assertEqual(seen, mine)
        self.assertGreaterEqual(pages, 3)
        paginated = self.lam.get_paginator("list_event_source_mappings").paginate(FunctionName="esm-other",
                                                                                   PaginationConfig={"PageSize": 1})
        self.assertTrue(mine <= {m["UUID"] for page in paginated for m in page["EventSourceMappings"]})
        self.assertError(self.raw.list_event_source_mappings, 400, "ValidationException",
                         "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
                         "Member must have value greater than or equal to 1", MaxItems=0)

    def test_tags_on_mapping_arns(self):
        arn = self.create(EventSourceArn=queue_arn("tags"))["EventSourceMappingArn"]
        self.lam.tag_resource(Resource=arn, Tags={"env": "dev", "team": "b"})
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {"env": "dev", "team": "b"})
        self.lam.untag_resource(Resource=arn, TagKeys=["team"])
        self.assertEqual(self.lam.list_tags(Resource=arn)["Tags"], {"env": "dev"})
        missing = f"arn:aws:lambda:{REGION}:{ACCOUNT}:event-source-mapping:00000000-0000-4000-8000-000000000000"
        for call, kwargs in ((self.lam.list_tags, {}), (self.lam.tag_resource, {"Tags": {"a": "b"}}),
                             (self.lam.untag_resource, {"TagKeys": ["a"]})):
            self.assertError(call, 404, "ResourceNotFoundException", "The resource you requested does not exist.",
                             Resource=missing, **kwargs)


class Persistence(EsmTestCase):
    def test_mappings_survive_a_restart(self):
        data = tempfile.mkdtemp(prefix="localemu-esm-")
        try:
            config = env(SERVICES="lambda", PERSISTENCE="1", LOCALEMU_DATA_DIR=data)
            host = LocalEmuHost(ARGS.localemu, env=config)
            lam = host.client("lambda")
            create_function(lam, "keep")
            uuid = lam.create_event_source_mapping(FunctionName="keep", EventSourceArn=queue_arn("keep"),
                                                   Tags={"k": "v"})["UUID"]
            self.assertTrue(settled(lam, uuid))
            before = lam.get_event_source_mapping(UUID=uuid)
            listed = lam.list_event_source_mappings()["EventSourceMappings"]
            arn = before["EventSourceMappingArn"]
            host.stop()
            host = LocalEmuHost(ARGS.localemu, env=config, port=host.port)
            try:
                lam = host.client("lambda")
                after = lam.get_event_source_mapping(UUID=uuid)
                for response in (before, after):
                    response.pop("ResponseMetadata")
                self.assertEqual(after, before)
                self.assertEqual(lam.list_event_source_mappings()["EventSourceMappings"], listed)
                self.assertEqual(lam.list_tags(Resource=arn)["Tags"], {"k": "v"})
            finally:
                host.stop()
        finally:
            shutil.rmtree(data, ignore_errors=True)


class QueueMustExist(EsmTestCase):
    """With the sqs service loaded, a mapping needs an existing queue, as on AWS."""

    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env=env())
        if not sqs_loaded(cls.host):
            cls.host.stop()
            raise unittest.SkipTest("the sqs service plugin is not built")
        cls.lam = cls.host.client("lambda")
        cls.sqs = cls.host.client("sqs")
        create_function(cls.lam, "esm-queue-fn")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def test_missing_queue_is_refused(self):
        self.assertError(self.lam.create_event_source_mapping, 400, "InvalidParameterValueException",
                         "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. "
                         "SQS Error Message: The specified queue does not exist or you do not have access to it.",
                         FunctionName="esm-queue-fn", EventSourceArn=queue_arn("never-created"))

    def test_existing_queue_is_accepted(self):
        url = self.sqs.create_queue(QueueName="esm-exists")["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        out = self.lam.create_event_source_mapping(FunctionName="esm-queue-fn", EventSourceArn=arn, BatchSize=10)
        self.assertEqual(out["State"], "Creating")
        self.assertTrue(settled(self.lam, out["UUID"]))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
