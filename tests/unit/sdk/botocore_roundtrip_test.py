"""The SDK's codecs against botocore's own serializers and parsers: what a real AWS
client sends must decode to the operation's input, and what the SDK encodes must
parse back, in botocore, to the output and error codes the service meant.

Run by CTest: python3 botocore_roundtrip_test.py <sdk_wire_tool> <aws-models dir>.
Exits 77 (skipped) when botocore is not installed."""
import base64
import datetime
import json
import subprocess
import sys
import unittest
from urllib.parse import quote, urlencode

try:
    import botocore.parsers
    import botocore.serialize
    import botocore.session
    from botocore.awsrequest import HeadersDict
except ImportError:  # pragma: no cover
    print("botocore is not installed: skipped")
    sys.exit(77)

TOOL, MODELS = sys.argv[1], sys.argv[2]
del sys.argv[1:3]
FILES = {"lambda": "lambda-2015-03-31", "sqs": "sqs-2012-11-05", "logs": "logs-2014-03-28", "sns": "sns-2010-03-31"}
QUERY = 4
UTC = datetime.timezone.utc


class WireTool:
    def __init__(self):
        self.proc = subprocess.Popen([TOOL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.session = botocore.session.get_session()

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)

    def _call(self, service, cmd, protocol):
        cmd["model"] = f"{MODELS}/{FILES[service]}.json.gz"
        if protocol:
            cmd["protocol"] = protocol
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def decode(self, service, operation, params, protocol=None):
        model = self.session.get_service_model(service)
        protocol_name = "query" if protocol == QUERY else model.metadata["protocol"]
        request = botocore.serialize.create_serializer(protocol_name).serialize_to_request(
            params, model.operation_model(operation))
        body = request["body"]
        if isinstance(body, dict):
            body = urlencode(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        path, _, literal = request["url_path"].partition("?")
        query = request["query_string"]
        query = urlencode(query, doseq=True, quote_via=quote) if isinstance(query, dict) else (query or "")
        headers = {k: v.decode() if isinstance(v, bytes) else str(v) for k, v in request["headers"].items()}
        out = self._call(service, {"cmd": "decode", "request": {
            "method": request["method"], "path": path, "query": "&".join(x for x in (literal, query) if x),
            "headers": headers, "body": base64.b64encode(body or b"").decode()}}, protocol)
        if "error" in out:
            raise AssertionError(f"{operation}: {out}")
        return out["operation"], json.loads(out["input"])

    def _parse(self, service, operation, cmd, protocol):
        model = self.session.get_service_model(service)
        out = self._call(service, cmd, protocol)
        if "error" in out:
            raise AssertionError(f"{operation}: {out}")
        response = {"status_code": out["status"], "headers": HeadersDict(out["headers"]),
                    "body": base64.b64decode(out["body"])}
        protocol_name = "query" if protocol == QUERY else model.metadata["protocol"]
        parsed = botocore.parsers.create_parser(protocol_name).parse(
            response, model.operation_model(operation).output_shape)
        return out, parsed

    def encode(self, service, operation, output, protocol=None):
        return self._parse(service, operation, {"cmd": "encode", "operation": operation, "output": json.dumps(output)},
                           protocol)

    def error(self, service, operation, status, code, message, extra="", protocol=None):
        return self._parse(service, operation, {"cmd": "error", "status": status, "code": code, "message": message,
                                                "extra": extra}, protocol)


def b64(data):
    return base64.b64encode(data).decode()


class BotocoreRoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tool = WireTool()

    @classmethod
    def tearDownClass(cls):
        cls.tool.close()

    def assertDecodes(self, service, operation, params, expected, protocol=None):
        got_operation, got = self.tool.decode(service, operation, params, protocol)
        self.assertEqual(got_operation, operation)
        self.assertEqual(got, expected)

    # ---- rest-json (Lambda)
    def test_lambda_requests(self):
        self.assertDecodes("lambda", "Invoke", {
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f:prod", "InvocationType": "Event",
            "LogType": "Tail", "Payload": b'{"a":1}', "Qualifier": "1"}, {
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f:prod", "InvocationType": "Event",
            "LogType": "Tail", "Qualifier": "1", "Payload": b64(b'{"a":1}')})
        self.assertDecodes("lambda", "CreateFunction", {
            "FunctionName": "f", "Role": "r", "Code": {"ZipFile": b"PK"}, "MemorySize": 256,
            "Environment": {"Variables": {"A": "b"}}}, {
            "FunctionName": "f", "Role": "r", "Code": {"ZipFile": b64(b"PK")}, "MemorySize": 256,
            "Environment": {"Variables": {"A": "b"}}})
        self.assertDecodes("lambda", "UntagResource", {"Resource": "arn:aws:lambda:us-east-1:1:function:f",
                                                       "TagKeys": ["a", "b c"]},
                           {"Resource": "arn:aws:lambda:us-east-1:1:function:f", "TagKeys": ["a", "b c"]})
        self.assertDecodes("lambda", "ListFunctions", {"MaxItems": 5, "FunctionVersion": "ALL"},
                           {"MaxItems": 5, "FunctionVersion": "ALL"})
        self.assertDecodes("lambda", "GetLayerVersionByArn", {"Arn": "arn:aws:lambda:us-east-1:123456789012:layer:l:1"},
                           {"Arn": "arn:aws:lambda:us-east-1:123456789012:layer:l:1"})
        self.assertDecodes("lambda", "ListProvisionedConcurrencyConfigs", {"FunctionName": "f"}, {"FunctionName": "f"})
        self.assertDecodes("lambda", "GetProvisionedConcurrencyConfig", {"FunctionName": "f", "Qualifier": "1"},
                           {"FunctionName": "f", "Qualifier": "1"})
        self.assertDecodes("lambda", "CreateEventSourceMapping", {
            "FunctionName": "f", "EventSourceArn": "arn", "StartingPosition": "AT_TIMESTAMP",
            "StartingPositionTimestamp": datetime.datetime(2024, 1, 1, tzinfo=UTC)}, {
            "FunctionName": "f", "EventSourceArn": "arn", "StartingPosition": "AT_TIMESTAMP",
            "StartingPositionTimestamp": 1704067200})
        self.assertDecodes("lambda", "ListDurableExecutionsByFunction", {
            "FunctionName": "f", "StartedAfter": datetime.datetime(2024, 1, 1, 0, 0, 0, 500000, tzinfo=UTC)},
            {"FunctionName": "f", "StartedAfter": 1704067200.5})

    def test_lambda_responses(self):
        _, parsed = self.tool.encode("lambda", "Invoke", {
            "StatusCode": 200, "FunctionError": "Unhandled", "LogResult": "bG9n", "ExecutedVersion": "$LATEST",
            "Payload": b64(b'{"r":1}')})
        payload = parsed["Payload"]  # the raw body: a str for a non-streaming parse
        self.assertEqual(payload.encode() if isinstance(payload, str) else payload, b'{"r":1}')
        self.assertEqual((parsed["StatusCode"], parsed["FunctionError"], parsed["LogResult"], parsed["ExecutedVersion"]),
                         (200, "Unhandled", "bG9n", "$LATEST"))
        _, parsed = self.tool.encode("lambda", "GetFunctionConfiguration", {
            "FunctionName": "f", "MemorySize": 128, "LastModified": "2024-01-01T00:00:00.000+0000"})
        self.assertEqual((parsed["FunctionName"], parsed["MemorySize"], parsed["LastModified"]),
                         ("f", 128, "2024-01-01T00:00:00.000+0000"))
        _, parsed = self.tool.encode("lambda", "GetEventSourceMapping", {"UUID": "u", "LastModified": 1704067200.5})
        self.assertEqual(parsed["LastModified"].timestamp(), 1704067200.5)
        out, parsed = self.tool.encode("lambda", "CreateFunction", {"FunctionName": "f"})
        self.assertEqual(out["status"], 201)
        self.assertEqual(parsed["ResponseMetadata"]["RequestId"], "req-1")

    def test_lambda_errors(self):
        _, parsed = self.tool.error("lambda", "GetFunction", 404, "ResourceNotFoundException", "Function not found: x")
        self.assertEqual(parsed["Error"], {"Code": "ResourceNotFoundException", "Message": "Function not found: x"})
        self.assertEqual(parsed["ResponseMetadata"]["HTTPStatusCode"], 404)
        _, parsed = self.tool.error("lambda", "CreateFunction", 409, "ResourceConflictException", "exists")
        self.assertEqual(parsed["Error"], {"Code": "ResourceConflictException", "Message": "exists"})
        out, parsed = self.tool.error("lambda", "Invoke", 429, "TooManyRequestsException", "Rate Exceeded.",
                                      '{"Reason":"CallerRateLimitExceeded","retryAfterSeconds":"3"}')
        self.assertEqual(parsed["Error"]["Code"], "TooManyRequestsException")
        self.assertEqual(out["headers"]["Retry-After"], "3")

    # ---- json 1.0 / 1.1 (SQS, Logs)
    def test_json_requests(self):
        self.assertDecodes("sqs", "SendMessage", {
            "QueueUrl": "http://q", "MessageBody": "b",
            "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": b"\x00\x01"}}}, {
            "QueueUrl": "http://q", "MessageBody": "b",
            "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": b64(b"\x00\x01")}}})
        self.assertDecodes("logs", "PutLogEvents", {
            "logGroupName": "g", "logStreamName": "s", "logEvents": [{"timestamp": 1704067200000, "message": "m"}]}, {
            "logGroupName": "g", "logStreamName": "s", "logEvents": [{"timestamp": 1704067200000, "message": "m"}]})

    def test_json_responses_and_errors(self):
        _, parsed = self.tool.encode("sqs", "ReceiveMessage", {"Messages": [{"MessageId": "m", "Body": "b"}]})
        self.assertEqual(parsed["Messages"], [{"MessageId": "m", "Body": "b"}])
        _, parsed = self.tool.error("sqs", "GetQueueUrl", 400, "QueueDoesNotExist", "The specified queue does not exist.")
        self.assertEqual(parsed["Error"]["Code"], "QueueDoesNotExist")
        self.assertEqual(parsed["Error"]["Type"], "Sender")
        _, parsed = self.tool.error("logs", "CreateLogGroup", 400, "ResourceAlreadyExistsException", "exists")
        self.assertEqual(parsed["Error"], {"Code": "ResourceAlreadyExistsException", "Message": "exists"})

    # ---- query (SNS, and SQS from query clients)
    def test_query_requests(self):
        self.assertDecodes("sns", "CreateTopic", {"Name": "t", "Attributes": {"DisplayName": "d"},
                                                  "Tags": [{"Key": "k", "Value": "v w"}]},
                           {"Name": "t", "Attributes": {"DisplayName": "d"}, "Tags": [{"Key": "k", "Value": "v w"}]})
        self.assertDecodes("sns", "PublishBatch", {"TopicArn": "arn", "PublishBatchRequestEntries": [
            {"Id": "1", "Message": "m+1", "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": b"xyz"}}}]},
            {"TopicArn": "arn", "PublishBatchRequestEntries": [
                {"Id": "1", "Message": "m+1", "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": b64(b"xyz")}}}]})
        self.assertDecodes("sqs", "ReceiveMessage", {"QueueUrl": "http://q", "MaxNumberOfMessages": 5},
                           {"QueueUrl": "http://q", "MaxNumberOfMessages": 5}, protocol=QUERY)

    def test_query_responses_and_errors(self):
        _, parsed = self.tool.encode("sns", "ListTopics", {"Topics": [{"TopicArn": "a"}, {"TopicArn": "b"}],
                                                           "NextToken": "n"})
        self.assertEqual((parsed["Topics"], parsed["NextToken"]), ([{"TopicArn": "a"}, {"TopicArn": "b"}], "n"))
        _, parsed = self.tool.encode("sns", "GetTopicAttributes", {"Attributes": {"Owner": "1", "Policy": "{}"}})
        self.assertEqual(parsed["Attributes"], {"Owner": "1", "Policy": "{}"})
        out, parsed = self.tool.error("sns", "GetTopicAttributes", 0, "NotFoundException", "Topic does not exist")
        self.assertEqual(out["status"], 404)
        self.assertEqual(parsed["Error"], {"Type": "Sender", "Code": "NotFound", "Message": "Topic does not exist"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
