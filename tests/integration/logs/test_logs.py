#!/usr/bin/env python3
"""CloudWatch Logs through the real host: every operation with boto3 (success
and AWS's errors), GetLogEvents and FilterLogEvents paging, filter patterns,
the AWS CLI, and state across a restart with PERSISTENCE=1.

    test_logs.py --localemu build/bin/localemu
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost  # noqa: E402

ARGS = None
HOST = None


def now_ms():
    return int(time.time() * 1000)


class LogsTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.logs = HOST.client("logs")

    def assertError(self, code, fn, message=None, **kwargs):
        with self.assertRaises(self.logs.exceptions.ClientError) as ctx:
            fn(**kwargs)
        error = ctx.exception.response["Error"]
        self.assertEqual(error["Code"], code, error)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        if message is not None:
            self.assertEqual(error["Message"], message)
        return error

    def group(self, name, **kwargs):
        self.logs.create_log_group(logGroupName=name, **kwargs)
        self.addCleanup(lambda: self._delete_group(name))
        return name

    def _delete_group(self, name):
        try:
            self.logs.delete_log_group(logGroupName=name)
        except self.logs.exceptions.ResourceNotFoundException:
            pass

    def put(self, group, stream, messages, start=None, step=1):
        base = start if start is not None else now_ms() - 60000
        events = [{"timestamp": base + i * step, "message": m} for i, m in enumerate(messages)]
        return self.logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)


class LogGroupTest(LogsTestCase):
    def test_create_describe_delete(self):
        self.group("/it/groups/a", tags={"team": "core"}, logGroupClass="INFREQUENT_ACCESS")
        self.assertError("ResourceAlreadyExistsException", self.logs.create_log_group,
                         "The specified log group already exists", logGroupName="/it/groups/a")
        groups = self.logs.describe_log_groups(logGroupNamePrefix="/it/groups/")["logGroups"]
        self.assertEqual([g["logGroupName"] for g in groups], ["/it/groups/a"])
        g = groups[0]
        self.assertEqual(g["arn"], "arn:aws:logs:us-east-1:000000000000:log-group:/it/groups/a:*")
        self.assertEqual(g["logGroupArn"], "arn:aws:logs:us-east-1:000000000000:log-group:/it/groups/a")
        self.assertEqual(g["logGroupClass"], "INFREQUENT_ACCESS")
        self.assertEqual(g["metricFilterCount"], 0)
        self.assertEqual(g["storedBytes"], 0)
        self.assertIsInstance(g["creationTime"], int)
        self.assertNotIn("retentionInDays", g)
        self.logs.delete_log_group(logGroupName="/it/groups/a")
        self.assertError("ResourceNotFoundException", self.logs.delete_log_group,
                         "The specified log group does not exist.", logGroupName="/it/groups/a")
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix="/it/groups/")["logGroups"], [])

    def test_invalid_names(self):
        self.assertError("InvalidParameterException", self.logs.create_log_group, logGroupName="bad name!")
        self.assertError("InvalidParameterException", self.logs.create_log_group, logGroupName="a" * 513)

    def test_describe_prefix_pattern_and_paging(self):
        names = [f"/it/page/g{i:02d}" for i in range(7)] + ["/it/page/Other"]
        for n in names:
            self.group(n)
        seen, token = [], None
        while True:
            kwargs = {"logGroupNamePrefix": "/it/page/", "limit": 3}
            if token:
                kwargs["nextToken"] = token
            page = self.logs.describe_log_groups(**kwargs)
            self.assertLessEqual(len(page["logGroups"]), 3)
            seen += [g["logGroupName"] for g in page["logGroups"]]
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual(seen, sorted(names))
        pattern = self.logs.describe_log_groups(logGroupNamePattern="Other")["logGroups"]
        self.assertEqual([g["logGroupName"] for g in pattern], ["/it/page/Other"])
        self.assertEqual(set(pattern[0]), {"logGroupName", "creationTime", "arn"})
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePattern="other")["logGroups"], [])
        self.assertError("InvalidParameterException", self.logs.describe_log_groups,
                         "LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.",
                         logGroupNamePrefix="/it", logGroupNamePattern="x")
        self.assertError("InvalidParameterException", self.logs.describe_log_groups, limit=51)
        listed = self.logs.list_log_groups(logGroupNamePattern="^/it/page/g01|page/g02")["logGroups"]
        self.assertEqual([g["logGroupName"] for g in listed], ["/it/page/g01", "/it/page/g02"])

    def test_retention(self):
        self.group("/it/retention")
        self.logs.put_retention_policy(logGroupName="/it/retention", retentionInDays=14)
        g = self.logs.describe_log_groups(logGroupNamePrefix="/it/retention")["logGroups"][0]
        self.assertEqual(g["retentionInDays"], 14)
        error = self.assertError("InvalidParameterException", self.logs.put_retention_policy,
                                 logGroupName="/it/retention", retentionInDays=2)
        self.assertIn("Member must satisfy enum value set: [1, 3, 5, 7, 14, 30", error["Message"])
        self.assertError("ResourceNotFoundException", self.logs.put_retention_policy,
                         logGroupName="/it/none", retentionInDays=7)
        self.logs.delete_retention_policy(logGroupName="/it/retention")
        g = self.logs.describe_log_groups(logGroupNamePrefix="/it/retention")["logGroups"][0]
        self.assertNotIn("retentionInDays", g)
        self.assertError("ResourceNotFoundException", self.logs.delete_retention_policy, logGroupName="/it/none")

    def test_tags_both_flavours(self):
        self.group("/it/tags", tags={"a": "1"})
        self.logs.tag_log_group(logGroupName="/it/tags", tags={"b": "2"})
        self.assertEqual(self.logs.list_tags_log_group(logGroupName="/it/tags")["tags"], {"a": "1", "b": "2"})
        self.logs.untag_log_group(logGroupName="/it/tags", tags=["a"])
        arn = "arn:aws:logs:us-east-1:000000000000:log-group:/it/tags"
        self.logs.tag_resource(resourceArn=arn, tags={"c": "3"})
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=arn)["tags"], {"b": "2", "c": "3"})
        self.logs.untag_resource(resourceArn=arn, tagKeys=["b", "c"])
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=arn)["tags"], {})
        self.assertError("ResourceNotFoundException", self.logs.list_tags_log_group, logGroupName="/it/none")
        self.assertError("ResourceNotFoundException", self.logs.tag_resource,
                         resourceArn="arn:aws:logs:us-east-1:000000000000:log-group:/it/none", tags={"a": "b"})
        self.logs.tag_resource(resourceArn=arn, tags={"one": "more"})
        self.assertError("TooManyTagsException", self.logs.tag_resource, resourceArn=arn,
                         tags={f"k{i}": "v" for i in range(50)})

    def test_kms_and_deletion_protection(self):
        self.group("/it/kms")
        key = "arn:aws:kms:us-east-1:000000000000:key/1234"
        self.logs.associate_kms_key(logGroupName="/it/kms", kmsKeyId=key)
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix="/it/kms")["logGroups"][0]["kmsKeyId"], key)
        self.logs.disassociate_kms_key(logGroupName="/it/kms")
        self.assertNotIn("kmsKeyId", self.logs.describe_log_groups(logGroupNamePrefix="/it/kms")["logGroups"][0])
        self.assertError("ResourceNotFoundException", self.logs.associate_kms_key, logGroupName="/it/none", kmsKeyId=key)
        self.logs.put_log_group_deletion_protection(logGroupIdentifier="/it/kms", deletionProtectionEnabled=True)
        self.assertError("OperationAbortedException", self.logs.delete_log_group, logGroupName="/it/kms")
        self.logs.put_log_group_deletion_protection(logGroupIdentifier="/it/kms", deletionProtectionEnabled=False)


class LogStreamTest(LogsTestCase):
    def test_create_describe_delete(self):
        g = self.group("/it/streams")
        for s in ["b", "a", "c"]:
            self.logs.create_log_stream(logGroupName=g, logStreamName=s)
        self.assertError("ResourceAlreadyExistsException", self.logs.create_log_stream,
                         "The specified log stream already exists", logGroupName=g, logStreamName="a")
        self.assertError("ResourceNotFoundException", self.logs.create_log_stream,
                         "The specified log group does not exist.", logGroupName="/it/none", logStreamName="a")
        self.put(g, "c", ["one"], start=now_ms() - 3000)
        self.put(g, "a", ["two"], start=now_ms() - 2000)
        streams = self.logs.describe_log_streams(logGroupName=g)["logStreams"]
        self.assertEqual([s["logStreamName"] for s in streams], ["a", "b", "c"])
        a = streams[0]
        self.assertEqual(a["arn"], "arn:aws:logs:us-east-1:000000000000:log-group:/it/streams:log-stream:a")
        for key in ("firstEventTimestamp", "lastEventTimestamp", "lastIngestionTime", "uploadSequenceToken"):
            self.assertIn(key, a)
        self.assertNotIn("firstEventTimestamp", streams[1])
        by_time = self.logs.describe_log_streams(logGroupName=g, orderBy="LastEventTime", descending=True)["logStreams"]
        self.assertEqual([s["logStreamName"] for s in by_time], ["a", "c", "b"])
        prefixed = self.logs.describe_log_streams(logGroupName=g, logStreamNamePrefix="b")["logStreams"]
        self.assertEqual([s["logStreamName"] for s in prefixed], ["b"])
        self.assertError("InvalidParameterException", self.logs.describe_log_streams,
                         "Cannot order by LastEventTime with a logStreamNamePrefix.",
                         logGroupName=g, orderBy="LastEventTime", logStreamNamePrefix="a")
        page1 = self.logs.describe_log_streams(logGroupName=g, limit=2)
        page2 = self.logs.describe_log_streams(logGroupName=g, limit=2, nextToken=page1["nextToken"])
        self.assertEqual([s["logStreamName"] for s in page1["logStreams"] + page2["logStreams"]], ["a", "b", "c"])
        self.assertNotIn("nextToken", page2)
        by_arn = self.logs.describe_log_streams(
            logGroupIdentifier="arn:aws:logs:us-east-1:000000000000:log-group:/it/streams")["logStreams"]
        self.assertEqual(len(by_arn), 3)
        self.logs.delete_log_stream(logGroupName=g, logStreamName="a")
        self.assertError("ResourceNotFoundException", self.logs.delete_log_stream,
                         "The specified log stream does not exist.", logGroupName=g, logStreamName="a")
        self.assertError("ResourceNotFoundException", self.logs.describe_log_streams, logGroupName="/it/none")


class LogEventsTest(LogsTestCase):
    def test_put_and_get(self):
        g = self.group("/it/events")
        self.logs.create_log_stream(logGroupName=g, logStreamName="s")
        out = self.put(g, "s", ["first", "second"])
        self.assertIn("nextSequenceToken", out)
        self.assertNotIn("rejectedLogEventsInfo", out)
        events = self.logs.get_log_events(logGroupName=g, logStreamName="s")["events"]
        self.assertEqual([e["message"] for e in events], ["first", "second"])
        self.assertTrue(all("ingestionTime" in e and "timestamp" in e for e in events))
        self.assertError("InvalidParameterException", lambda: self.put(g, "s", ["b", "a"], start=now_ms(), step=-1),
                         "Log events in a single PutLogEvents request must be in chronological order.")
        old, new = now_ms() - 15 * 86400000, now_ms() + 3 * 3600000
        out = self.logs.put_log_events(logGroupName=g, logStreamName="s",
                                       logEvents=[{"timestamp": old, "message": "old"}])
        self.assertEqual(out["rejectedLogEventsInfo"], {"tooOldLogEventEndIndex": 1})  # exclusive
        out = self.logs.put_log_events(logGroupName=g, logStreamName="s",
                                       logEvents=[{"timestamp": now_ms(), "message": "ok"},
                                                  {"timestamp": new, "message": "new"}])
        self.assertEqual(out["rejectedLogEventsInfo"], {"tooNewLogEventStartIndex": 1})
        self.assertError("ResourceNotFoundException", lambda: self.put(g, "missing", ["x"]),
                         "The specified log stream does not exist.")
        big = "x" * 200000
        error = self.assertError("InvalidParameterException", lambda: self.put(g, "s", [big] * 6))
        self.assertTrue(error["Message"].startswith("Upload too large: "), error)
        error = self.assertError("InvalidParameterException", lambda: self.put(g, "s", ["e"] * 10001))
        self.assertIn("Member must have length less than or equal to 10000", error["Message"])
        self.assertIn("nextSequenceToken", self.put(g, "s", ["e"] * 10000))

    def test_get_log_events_time_range_and_tokens(self):
        g = self.group("/it/paging")
        self.logs.create_log_stream(logGroupName=g, logStreamName="s")
        base = now_ms() - 100000
        self.put(g, "s", [f"m{i}" for i in range(10)], start=base, step=10)
        ranged = self.logs.get_log_events(logGroupName=g, logStreamName="s", startTime=base + 20,
                                          endTime=base + 50, startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in ranged], ["m2", "m3", "m4"])

        def get(**kw):
            return self.logs.get_log_events(logGroupName=g, logStreamName="s", limit=3, **kw)

        forward, page = [], get(startFromHead=True)
        while page["events"]:
            forward += [e["message"] for e in page["events"]]
            token = page["nextForwardToken"]
            page = get(nextToken=token)
        self.assertEqual(forward, [f"m{i}" for i in range(10)])
        self.assertEqual(page["nextForwardToken"], token)  # the end answers the same token

        backward, page = [], get()
        while page["events"]:
            backward = [e["message"] for e in page["events"]] + backward
            token = page["nextBackwardToken"]
            page = get(nextToken=token)
        self.assertEqual(backward, [f"m{i}" for i in range(10)])
        self.assertEqual(page["nextBackwardToken"], token)
        self.assertError("InvalidParameterException", get, "The specified nextToken is invalid.", nextToken="bogus")
        self.assertError("ResourceNotFoundException", self.logs.get_log_events, logGroupName=g, logStreamName="nope")

    def test_filter_log_events(self):
        g = self.group("/it/filter")
        for s in ("app-1", "app-2", "web"):
            self.logs.create_log_stream(logGroupName=g, logStreamName=s)
        base = now_ms() - 50000
        self.put(g, "app-1", ["ERROR db down", "INFO ok", json.dumps({"level": "ERROR", "latency": 250})],
                 start=base, step=10)
        self.put(g, "app-2", ["WARN slow", "ERROR Retrying now", json.dumps({"level": "INFO", "latency": 50})],
                 start=base + 1, step=10)
        self.put(g, "web", ["GET /index.html 200", "GET /missing 404"], start=base + 2, step=10)

        def messages(**kw):
            return [e["message"] for e in self.logs.filter_log_events(logGroupName=g, **kw)["events"]]

        self.assertEqual(len(messages()), 8)
        self.assertEqual(messages(filterPattern="ERROR"), ["ERROR db down", "ERROR Retrying now",
                                                     json.dumps({"level": "ERROR", "latency": 250})])
        self.assertEqual(messages(filterPattern="ERROR -Retrying"), ["ERROR db down", json.dumps({"level": "ERROR", "latency": 250})])
        self.assertEqual(messages(filterPattern="ERROR -Retrying -latency"), ["ERROR db down"])
        self.assertEqual(messages(filterPattern="?WARN ?404"), ["WARN slow", "GET /missing 404"])
        self.assertEqual(messages(filterPattern='"db down"'), ["ERROR db down"])
        self.assertEqual(messages(filterPattern='{ $.level = "ERROR" }'), [json.dumps({"level": "ERROR", "latency": 250})])
        self.assertEqual(messages(filterPattern="{ $.latency > 100 }"), [json.dumps({"level": "ERROR", "latency": 250})])
        self.assertEqual(len(messages(filterPattern='{ $.level = "ERROR" || $.latency < 100 }')), 2)
        self.assertEqual(messages(filterPattern="[method, path, status = 404]"), ["GET /missing 404"])
        self.assertEqual(messages(logStreamNamePrefix="app-2"), ["WARN slow", "ERROR Retrying now",
                                                                  json.dumps({"level": "INFO", "latency": 50})])
        self.assertEqual(messages(logStreamNames=["web"], filterPattern="GET"), ["GET /index.html 200", "GET /missing 404"])
        self.assertEqual(messages(startTime=base + 10, endTime=base + 12), ["INFO ok", "ERROR Retrying now"])
        event = self.logs.filter_log_events(logGroupName=g, filterPattern="WARN")["events"][0]
        self.assertEqual(event["logStreamName"], "app-2")
        self.assertTrue(event["eventId"].isdigit())
        self.assertIn("ingestionTime", event)

        seen, token = [], None
        while True:
            kw = {"limit": 3}
            if token:
                kw["nextToken"] = token
            page = self.logs.filter_log_events(logGroupName=g, **kw)
            seen += [e["message"] for e in page["events"]]
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual(seen, messages())
        paginated = [e["message"] for p in self.logs.get_paginator("filter_log_events").paginate(
            logGroupName=g, filterPattern="ERROR", PaginationConfig={"PageSize": 1}) for e in p["events"]]
        self.assertEqual(paginated, ["ERROR db down", "ERROR Retrying now", json.dumps({"level": "ERROR", "latency": 250})])

        self.assertError("InvalidParameterException", self.logs.filter_log_events, logGroupName=g,
                         logStreamNames=["web"], logStreamNamePrefix="app")
        self.assertError("InvalidParameterException", self.logs.filter_log_events, logGroupName=g,
                         filterPattern="{ $.level = ")
        self.assertError("InvalidParameterException", self.logs.filter_log_events, logGroupName=g,
                         filterPattern="user@example.com",
                         message="Invalid filter pattern: Invalid character(s) in term 'user@example.com'")
        self.assertEqual(messages(filterPattern='"/missing"'), ["GET /missing 404"])
        self.assertError("ResourceNotFoundException", self.logs.filter_log_events, logGroupName="/it/none")

    def test_aws_cli_filter_log_events(self):
        if not shutil.which("aws"):
            self.skipTest("the AWS CLI is not installed")
        g = self.group("/it/cli")
        self.logs.create_log_stream(logGroupName=g, logStreamName="s")
        self.put(g, "s", ["hello from the function", "ERROR something", "bye"])
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="us-east-1")
        out = subprocess.run(["aws", "--endpoint-url", HOST.url, "logs", "filter-log-events", "--log-group-name", g,
                              "--query", "events[].message", "--output", "json"],
                             env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout), ["hello from the function", "ERROR something", "bye"])
        out = subprocess.run(["aws", "--endpoint-url", HOST.url, "logs", "filter-log-events", "--log-group-name", g,
                              "--filter-pattern", "ERROR", "--query", "events[].message", "--output", "text"],
                             env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(out.stdout.strip(), "ERROR something", out.stderr)
        out = subprocess.run(["aws", "--endpoint-url", HOST.url, "logs", "describe-log-groups",
                              "--log-group-name-prefix", "/it/nothing-here"], env=env, capture_output=True, text=True)
        self.assertEqual(json.loads(out.stdout), {"logGroups": []})


class FiltersAndPoliciesTest(LogsTestCase):
    def test_metric_filters(self):
        g = self.group("/it/metric")
        transformation = [{"metricName": "Errors", "metricNamespace": "App", "metricValue": "1"}]
        self.logs.put_metric_filter(logGroupName=g, filterName="errors", filterPattern="ERROR",
                                    metricTransformations=transformation)
        filters = self.logs.describe_metric_filters(logGroupName=g)["metricFilters"]
        self.assertEqual([f["filterName"] for f in filters], ["errors"])
        self.assertEqual(filters[0]["metricTransformations"][0]["metricName"], "Errors")
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix=g)["logGroups"][0]["metricFilterCount"], 1)
        by_metric = self.logs.describe_metric_filters(metricName="Errors", metricNamespace="App")["metricFilters"]
        self.assertEqual(len(by_metric), 1)
        self.assertError("InvalidParameterException", self.logs.put_metric_filter, logGroupName=g, filterName="bad",
                         filterPattern="{ $.x = ", metricTransformations=transformation)
        self.assertError("ResourceNotFoundException", self.logs.put_metric_filter, logGroupName="/it/none",
                         filterName="x", filterPattern="", metricTransformations=transformation)
        self.logs.delete_metric_filter(logGroupName=g, filterName="errors")
        self.assertError("ResourceNotFoundException", self.logs.delete_metric_filter, logGroupName=g, filterName="errors")

    def test_test_metric_filter(self):
        out = self.logs.test_metric_filter(filterPattern="[ip, user, status = 404]",
                                           logEventMessages=["1.2.3.4 bob 404", "1.2.3.4 bob 200"])
        self.assertEqual(out["matches"], [{"eventNumber": 1, "eventMessage": "1.2.3.4 bob 404",
                                           "extractedValues": {"$ip": "1.2.3.4", "$user": "bob", "$status": "404"}}])
        self.assertError("InvalidParameterException", self.logs.test_metric_filter, filterPattern="{",
                         logEventMessages=["x"])

    def test_subscription_filters(self):
        g = self.group("/it/subs")
        dest = "arn:aws:lambda:us-east-1:000000000000:function:f"
        for name in ("one", "two"):
            self.logs.put_subscription_filter(logGroupName=g, filterName=name, filterPattern="", destinationArn=dest)
        self.assertError("LimitExceededException", self.logs.put_subscription_filter, logGroupName=g,
                         filterName="three", filterPattern="", destinationArn=dest)
        subs = self.logs.describe_subscription_filters(logGroupName=g)["subscriptionFilters"]
        self.assertEqual([s["filterName"] for s in subs], ["one", "two"])
        self.assertEqual(subs[0]["distribution"], "ByLogStream")
        self.logs.delete_subscription_filter(logGroupName=g, filterName="one")
        self.assertError("ResourceNotFoundException", self.logs.delete_subscription_filter, logGroupName=g,
                         filterName="one")

    def test_account_resources(self):
        doc = json.dumps({"Version": "2012-10-17", "Statement": []})
        out = self.logs.put_resource_policy(policyName="p1", policyDocument=doc)
        self.assertEqual(out["resourcePolicy"]["policyName"], "p1")
        self.assertIn("p1", [p["policyName"] for p in self.logs.describe_resource_policies()["resourcePolicies"]])
        self.logs.delete_resource_policy(policyName="p1")
        self.assertError("ResourceNotFoundException", self.logs.delete_resource_policy, policyName="p1")

        qid = self.logs.put_query_definition(name="q", queryString="fields @message")["queryDefinitionId"]
        self.assertIn(qid, [q["queryDefinitionId"] for q in self.logs.describe_query_definitions()["queryDefinitions"]])
        self.assertTrue(self.logs.delete_query_definition(queryDefinitionId=qid)["success"])
        self.assertError("ResourceNotFoundException", self.logs.delete_query_definition, queryDefinitionId=qid)

        d = self.logs.put_destination(destinationName="d", targetArn="arn:aws:kinesis:us-east-1:000000000000:stream/s",
                                      roleArn="arn:aws:iam::000000000000:role/r")["destination"]
        self.assertEqual(d["arn"], "arn:aws:logs:us-east-1:000000000000:destination:d")
        self.logs.put_destination_policy(destinationName="d", accessPolicy=doc)
        self.assertEqual(self.logs.describe_destinations()["destinations"][0]["accessPolicy"], doc)
        self.logs.delete_destination(destinationName="d")
        self.assertError("ResourceNotFoundException", self.logs.delete_destination, destinationName="d")

    def test_account_policies_transformers_index_policies(self):
        doc = json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": []})
        out = self.logs.put_account_policy(policyName="ap", policyDocument=doc, policyType="DATA_PROTECTION_POLICY")
        self.assertEqual(out["accountPolicy"]["accountId"], "000000000000")
        self.assertEqual(out["accountPolicy"]["scope"], "ALL")
        listed = self.logs.describe_account_policies(policyType="DATA_PROTECTION_POLICY")["accountPolicies"]
        self.assertEqual([p["policyName"] for p in listed], ["ap"])
        self.assertEqual(self.logs.describe_account_policies(policyType="SUBSCRIPTION_FILTER_POLICY")["accountPolicies"], [])
        self.logs.delete_account_policy(policyName="ap", policyType="DATA_PROTECTION_POLICY")
        self.assertError("ResourceNotFoundException", self.logs.delete_account_policy, policyName="ap",
                         policyType="DATA_PROTECTION_POLICY")

        g = self.group("/it/transform")
        config = [{"parseJSON": {}}]
        self.logs.put_transformer(logGroupIdentifier=g, transformerConfig=config)
        got = self.logs.get_transformer(logGroupIdentifier=g)
        self.assertEqual(got["transformerConfig"], config)
        self.assertIn("creationTime", got)
        self.logs.delete_transformer(logGroupIdentifier=g)
        self.assertError("ResourceNotFoundException", self.logs.get_transformer, logGroupIdentifier=g)
        self.assertError("ResourceNotFoundException", self.logs.put_transformer, logGroupIdentifier="/it/none",
                         transformerConfig=config)

        index = json.dumps({"Fields": ["requestId"]})
        self.assertEqual(self.logs.put_index_policy(logGroupIdentifier=g, policyDocument=index)["indexPolicy"]["source"],
                         "LOG_GROUP")
        policies = self.logs.describe_index_policies(logGroupIdentifiers=[g])["indexPolicies"]
        self.assertEqual(policies[0]["policyDocument"], index)
        self.logs.delete_log_group(logGroupName=g)
        self.logs.create_log_group(logGroupName=g)
        self.assertEqual(self.logs.describe_index_policies(logGroupIdentifiers=[g])["indexPolicies"], [])
        self.assertError("ResourceNotFoundException", self.logs.delete_index_policy, logGroupIdentifier=g)

    def test_anomaly_detectors(self):
        g = self.group("/it/anomaly")
        garn = "arn:aws:logs:us-east-1:000000000000:log-group:/it/anomaly"
        arn = self.logs.create_log_anomaly_detector(logGroupArnList=[garn], detectorName="d",
                                                    evaluationFrequency="FIVE_MIN")["anomalyDetectorArn"]
        self.assertTrue(arn.startswith("arn:aws:logs:us-east-1:000000000000:anomaly-detector:"))
        got = self.logs.get_log_anomaly_detector(anomalyDetectorArn=arn)
        self.assertEqual((got["detectorName"], got["logGroupArnList"], got["evaluationFrequency"]), ("d", [garn], "FIVE_MIN"))
        self.logs.update_log_anomaly_detector(anomalyDetectorArn=arn, enabled=False)
        self.assertEqual(self.logs.get_log_anomaly_detector(anomalyDetectorArn=arn)["anomalyDetectorStatus"], "PAUSED")
        listed = self.logs.list_log_anomaly_detectors(filterLogGroupArn=garn)["anomalyDetectors"]
        self.assertEqual([d["anomalyDetectorArn"] for d in listed], [arn])
        self.logs.delete_log_anomaly_detector(anomalyDetectorArn=arn)
        self.assertError("ResourceNotFoundException", self.logs.get_log_anomaly_detector, anomalyDetectorArn=arn)
        self.assertError("ResourceNotFoundException", self.logs.create_log_anomaly_detector,
                         logGroupArnList=["arn:aws:logs:us-east-1:000000000000:log-group:/it/none"])
        self.assertEqual(g, "/it/anomaly")

    def test_data_protection_policy(self):
        g = self.group("/it/dp")
        doc = json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": []})
        self.logs.put_data_protection_policy(logGroupIdentifier=g, policyDocument=doc)
        self.assertEqual(self.logs.get_data_protection_policy(logGroupIdentifier=g)["policyDocument"], doc)
        self.logs.delete_data_protection_policy(logGroupIdentifier=g)
        self.assertError("ResourceNotFoundException", self.logs.delete_data_protection_policy, logGroupIdentifier=g)

    def test_no_operation_answers_501(self):
        import botocore
        model = self.logs.meta.service_model
        for name in model.operation_names:
            op = model.operation_model(name)
            if op.input_shape is not None and op.input_shape.required_members:
                continue  # needs real input; the explicit tests above cover those
            try:
                self.logs._make_api_call(name, {})
            except botocore.exceptions.ClientError as e:
                status = e.response["ResponseMetadata"]["HTTPStatusCode"]
                self.assertLess(status, 500, (name, e.response["Error"]))
                self.assertNotEqual(e.response["Error"]["Code"], "InternalFailure", name)


class InsightsTest(LogsTestCase):
    def test_start_query_and_results(self):
        g = self.group("/it/insights")
        self.logs.create_log_stream(logGroupName=g, logStreamName="s")
        self.put(g, "s", [json.dumps({"level": "ERROR", "latency": 300}), "INFO fine",
                          json.dumps({"level": "INFO", "latency": 20})])
        start, end = int(time.time()) - 3600, int(time.time()) + 60
        qid = self.logs.start_query(logGroupName=g, startTime=start, endTime=end,
                                    queryString="fields @timestamp, @message, latency | filter level = 'ERROR' "
                                                "| sort @timestamp desc | limit 20")["queryId"]
        out = self.logs.get_query_results(queryId=qid)
        self.assertEqual(out["status"], "Complete")
        self.assertEqual(len(out["results"]), 1)
        row = {c["field"]: c["value"] for c in out["results"][0]}
        self.assertEqual(row["latency"], "300")
        self.assertIn("@ptr", row)
        self.assertEqual(out["statistics"]["recordsMatched"], 1.0)
        self.assertEqual(out["statistics"]["recordsScanned"], 3.0)
        record = self.logs.get_log_record(logRecordPointer=row["@ptr"])["logRecord"]
        self.assertEqual(record["@message"], json.dumps({"level": "ERROR", "latency": 300}))
        self.assertEqual(record["@logStream"], "s")

        stats = self.logs.start_query(logGroupNames=[g], startTime=start, endTime=end,
                                      queryString="stats count(*) as n by level")["queryId"]
        rows = [{c["field"]: c["value"] for c in r} for r in self.logs.get_query_results(queryId=stats)["results"]]
        self.assertEqual(rows, [{"level": "ERROR", "n": "1"}, {"n": "1"}, {"level": "INFO", "n": "1"}])
        self.assertIn(qid, [q["queryId"] for q in self.logs.describe_queries(logGroupName=g)["queries"]])
        self.assertFalse(self.logs.stop_query(queryId=qid)["success"])

        self.assertError("MalformedQueryException", self.logs.start_query, logGroupName=g, startTime=start,
                         endTime=end, queryString="fields | bogus")
        self.assertError("ResourceNotFoundException", self.logs.start_query, logGroupName="/it/none",
                         startTime=start, endTime=end, queryString="fields @message")
        self.assertError("ResourceNotFoundException", self.logs.get_query_results,
                         queryId="00000000-0000-0000-0000-000000000000")
        self.assertError("InvalidParameterException", self.logs.get_log_record, logRecordPointer="bogus")


class ResetTest(unittest.TestCase):
    def test_reset_forgets_everything(self):
        host = LocalEmuHost(localemu=ARGS.localemu, env={"SERVICES": "logs"})
        try:
            logs = host.client("logs")
            logs.create_log_group(logGroupName="/reset/g")
            logs.create_log_stream(logGroupName="/reset/g", logStreamName="s")
            logs.put_log_events(logGroupName="/reset/g", logStreamName="s",
                                logEvents=[{"timestamp": now_ms(), "message": "x"}])
            status, _, body = host.request("POST", "/_localemu/reset")
            self.assertEqual(status, 200, body)
            self.assertEqual(logs.describe_log_groups()["logGroups"], [])
            logs.create_log_group(logGroupName="/reset/g")  # no ResourceAlreadyExists
        finally:
            host.stop()


class PersistenceTest(unittest.TestCase):
    def test_state_survives_restart(self):
        data = tempfile.mkdtemp(prefix="localemu-logs-")
        env = {"SERVICES": "logs", "PERSISTENCE": "1", "LOCALEMU_DATA_DIR": data}
        try:
            first = LocalEmuHost(localemu=ARGS.localemu, env=env)
            try:
                logs = first.client("logs")
                logs.create_log_group(logGroupName="/persist/g", tags={"k": "v"})
                logs.put_retention_policy(logGroupName="/persist/g", retentionInDays=30)
                logs.create_log_stream(logGroupName="/persist/g", logStreamName="s")
                base = now_ms() - 1000
                logs.put_log_events(logGroupName="/persist/g", logStreamName="s",
                                    logEvents=[{"timestamp": base + i, "message": f"line {i}"} for i in range(5)])
                before = (logs.describe_log_groups()["logGroups"], logs.describe_log_streams(logGroupName="/persist/g")["logStreams"],
                          logs.filter_log_events(logGroupName="/persist/g")["events"])
            finally:
                first.stop()
            second = LocalEmuHost(localemu=ARGS.localemu, env=env, port=first.port)
            try:
                logs = second.client("logs")
                after = (logs.describe_log_groups()["logGroups"], logs.describe_log_streams(logGroupName="/persist/g")["logStreams"],
                         logs.filter_log_events(logGroupName="/persist/g")["events"])
                self.assertEqual(after, before)
                self.assertEqual(logs.list_tags_log_group(logGroupName="/persist/g")["tags"], {"k": "v"})
                logs.put_log_events(logGroupName="/persist/g", logStreamName="s",
                                    logEvents=[{"timestamp": now_ms(), "message": "after restart"}])
                events = logs.get_log_events(logGroupName="/persist/g", logStreamName="s")["events"]
                self.assertEqual([e["message"] for e in events], [f"line {i}" for i in range(5)] + ["after restart"])
                ids = [e["eventId"] for e in logs.filter_log_events(logGroupName="/persist/g")["events"]]
                self.assertEqual(len(ids), len(set(ids)))
            finally:
                second.stop()
        finally:
            shutil.rmtree(data, ignore_errors=True)


def main():
    global ARGS, HOST
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    ARGS, rest = parser.parse_known_args()
    HOST = LocalEmuHost(localemu=ARGS.localemu, env={"SERVICES": "logs"})
    try:
        program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    finally:
        HOST.stop()
    sys.exit(0 if program.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
