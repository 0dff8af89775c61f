#!/usr/bin/env python3
"""Lambda concurrency, event invoke configs, function settings, code signing
configs, capacity providers and durable executions through boto3 against a real
host (no container is started).

    test_lambda_configs.py --localemu build/bin/localemu
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
from localemu_harness import LocalEmuHost, error_of, zip_bytes  # noqa: E402

ARGS = None
ROLE = "arn:aws:iam::000000000000:role/lambda-role"
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
CODE = zip_bytes({"index.py": "def handler(event, context):\n    return event\n"})



class LambdaConfigs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.mkdtemp(prefix="localemu-configs-")
        cls.env = {"LAMBDA_SYNCHRONOUS_CREATE": "1", "PERSISTENCE": "1", "LOCALEMU_DATA_DIR": cls.data,
                   "SERVICES": "lambda"}
        cls.host = LocalEmuHost(ARGS.localemu, env=cls.env)
        cls.aws = cls.host.client("lambda")
        cls.aws.create_function(FunctionName="fn", Runtime="python3.12", Role=ROLE, Handler="index.handler",
                                Code={"ZipFile": CODE})
        cls.aws.publish_version(FunctionName="fn")
        cls.aws.create_alias(FunctionName="fn", Name="live", FunctionVersion="1")
        cls.aws.create_function(FunctionName="other", Runtime="python3.12", Role=ROLE, Handler="index.handler",
                                Code={"ZipFile": CODE})

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()
        shutil.rmtree(cls.data, ignore_errors=True)

    def test_reserved_concurrency(self):
        out = self.aws.put_function_concurrency(FunctionName="other", ReservedConcurrentExecutions=10)
        self.assertEqual(out["ReservedConcurrentExecutions"], 10)
        self.assertEqual(self.aws.get_function_concurrency(FunctionName="other")["ReservedConcurrentExecutions"], 10)
        limit = self.aws.get_account_settings()["AccountLimit"]
        self.assertEqual(limit["UnreservedConcurrentExecutions"], limit["ConcurrentExecutions"] - 10)
        self.assertEqual(error_of(self.aws.put_function_concurrency, FunctionName="other", ReservedConcurrentExecutions=995),
                         (400, "InvalidParameterValueException",
                          "Specified ReservedConcurrentExecutions for function decreases account's "
                          "UnreservedConcurrentExecution below its minimum value of [100]."))
        self.assertEqual(error_of(self.aws.get_function_concurrency, FunctionName="ghost")[:2], (404, "ResourceNotFoundException"))
        resp = self.aws.delete_function_concurrency(FunctionName="other")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertNotIn("ReservedConcurrentExecutions", self.aws.get_function_concurrency(FunctionName="other"))

    def test_reserved_zero_throttles_invoke(self):
        self.aws.create_function(FunctionName="throttled", Runtime="python3.12", Role=ROLE, Handler="index.handler",
                                 Code={"ZipFile": CODE})
        self.aws.put_function_concurrency(FunctionName="throttled", ReservedConcurrentExecutions=0)
        try:
            self.aws.invoke(FunctionName="throttled", Payload=b"{}")
            self.fail("expected throttling")
        except self.aws.exceptions.TooManyRequestsException as e:
            self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 429)
            self.assertEqual(e.response["Reason"], "ReservedFunctionConcurrentInvocationLimitExceeded")
        self.aws.delete_function(FunctionName="throttled")

    def test_provisioned_concurrency(self):
        out = self.aws.put_provisioned_concurrency_config(FunctionName="fn", Qualifier="1",
                                                          ProvisionedConcurrentExecutions=1)
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(out["Status"], "IN_PROGRESS")
        deadline = time.time() + 60
        while time.time() < deadline:
            got = self.aws.get_provisioned_concurrency_config(FunctionName="fn", Qualifier="1")
            if got["Status"] != "IN_PROGRESS":
                break
            time.sleep(0.1)
        self.assertIn(got["Status"], ("READY", "FAILED"))
        listed = self.aws.list_provisioned_concurrency_configs(FunctionName="fn")["ProvisionedConcurrencyConfigs"]
        self.assertEqual([c["FunctionArn"] for c in listed], [ARN + "fn:1"])
        self.assertEqual(error_of(self.aws.put_provisioned_concurrency_config, FunctionName="fn", Qualifier="$LATEST",
                               ProvisionedConcurrentExecutions=1),
                         (400, "InvalidParameterValueException",
                          "Provisioned Concurrency Configs cannot be applied to unpublished function versions."))
        self.aws.delete_provisioned_concurrency_config(FunctionName="fn", Qualifier="1")
        self.assertEqual(error_of(self.aws.get_provisioned_concurrency_config, FunctionName="fn", Qualifier="1"),
                         (404, "ProvisionedConcurrencyConfigNotFoundException",
                          "No Provisioned Concurrency Config found for this function"))

    def test_event_invoke_config(self):
        put = self.aws.put_function_event_invoke_config(
            FunctionName="fn", Qualifier="live", MaximumRetryAttempts=1,
            DestinationConfig={"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:dlq"}})
        self.assertEqual(put["FunctionArn"], ARN + "fn:live")
        self.assertEqual(put["DestinationConfig"]["OnFailure"]["Destination"], "arn:aws:sqs:us-east-1:000000000000:dlq")
        self.assertIsNotNone(put["LastModified"].year)
        upd = self.aws.update_function_event_invoke_config(FunctionName="fn", Qualifier="live", MaximumEventAgeInSeconds=300)
        self.assertEqual((upd["MaximumRetryAttempts"], upd["MaximumEventAgeInSeconds"]), (1, 300))
        got = self.aws.get_function_event_invoke_config(FunctionName="fn", Qualifier="live")
        self.assertEqual(got["MaximumEventAgeInSeconds"], 300)
        self.assertEqual(len(self.aws.list_function_event_invoke_configs(FunctionName="fn")["FunctionEventInvokeConfigs"]), 1)
        self.assertEqual(error_of(self.aws.put_function_event_invoke_config, FunctionName="fn", MaximumRetryAttempts=3)[:2],
                         (400, "ValidationException"))
        self.assertEqual(error_of(self.aws.put_function_event_invoke_config, FunctionName="fn",
                               DestinationConfig={"OnSuccess": {"Destination": "arn:aws:s3:::bucket"}}),
                         (400, "InvalidParameterValueException",
                          "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination="
                          "arn:aws:s3:::bucket), onFailure=null) is invalid."))
        self.aws.delete_function_event_invoke_config(FunctionName="fn", Qualifier="live")
        self.assertEqual(error_of(self.aws.get_function_event_invoke_config, FunctionName="fn", Qualifier="live"),
                         (404, "ResourceNotFoundException",
                          "The function " + ARN + "fn:live doesn't have an EventInvokeConfig"))

    def test_function_settings(self):
        self.assertEqual(self.aws.get_function_recursion_config(FunctionName="fn")["RecursiveLoop"], "Terminate")
        self.aws.put_function_recursion_config(FunctionName="fn", RecursiveLoop="Allow")
        self.assertEqual(self.aws.get_function_recursion_config(FunctionName="fn")["RecursiveLoop"], "Allow")
        self.assertEqual(error_of(self.aws.put_function_recursion_config, FunctionName="ghost", RecursiveLoop="Allow")[:2],
                         (404, "ResourceNotFoundException"))
        out = self.aws.put_runtime_management_config(FunctionName="fn", UpdateRuntimeOn="FunctionUpdate")
        self.assertEqual(out["UpdateRuntimeOn"], "FunctionUpdate")
        self.assertEqual(self.aws.get_runtime_management_config(FunctionName="fn")["UpdateRuntimeOn"], "FunctionUpdate")
        self.assertEqual(error_of(self.aws.get_runtime_management_config, FunctionName="fn", Qualifier="9")[:2],
                         (404, "ResourceNotFoundException"))
        out = self.aws.put_function_scaling_config(FunctionName="fn", Qualifier="1",
                                                   FunctionScalingConfig={"MinExecutionEnvironments": 0,
                                                                          "MaxExecutionEnvironments": 3})
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 202)
        got = self.aws.get_function_scaling_config(FunctionName="fn", Qualifier="1")
        self.assertEqual(got["RequestedFunctionScalingConfig"]["MaxExecutionEnvironments"], 3)
        self.assertEqual(error_of(self.aws.get_function_scaling_config, FunctionName="fn", Qualifier="42")[:2],
                         (404, "ResourceNotFoundException"))

    def test_code_signing(self):
        csc = self.aws.create_code_signing_config(
            AllowedPublishers={"SigningProfileVersionArns": ["arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/1"]},
            Tags={"team": "a"})
        self.assertEqual(csc["ResponseMetadata"]["HTTPStatusCode"], 201)
        arn = csc["CodeSigningConfig"]["CodeSigningConfigArn"]
        self.assertRegex(arn, r"^arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-[0-9a-f]{17}$")
        self.assertEqual(self.aws.list_tags(Resource=arn)["Tags"], {"team": "a"})
        self.aws.tag_resource(Resource=arn, Tags={"x": "1"})
        self.aws.untag_resource(Resource=arn, TagKeys=["team"])
        self.assertEqual(self.aws.list_tags(Resource=arn)["Tags"], {"x": "1"})
        self.aws.update_code_signing_config(CodeSigningConfigArn=arn, Description="new")
        self.assertEqual(self.aws.get_code_signing_config(CodeSigningConfigArn=arn)["CodeSigningConfig"]["Description"], "new")
        self.aws.put_function_code_signing_config(FunctionName="other", CodeSigningConfigArn=arn)
        self.assertEqual(self.aws.get_function_code_signing_config(FunctionName="other")["CodeSigningConfigArn"], arn)
        self.assertEqual(self.aws.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"], [ARN + "other"])
        self.assertEqual(error_of(self.aws.delete_code_signing_config, CodeSigningConfigArn=arn)[:2], (409, "ResourceConflictException"))
        self.aws.delete_function_code_signing_config(FunctionName="other")
        self.aws.delete_code_signing_config(CodeSigningConfigArn=arn)
        self.assertEqual(error_of(self.aws.get_code_signing_config, CodeSigningConfigArn=arn),
                         (404, "ResourceNotFoundException", "The Lambda code signing configuration " + arn + " can not be found."))
        self.assertEqual(error_of(self.aws.put_function_code_signing_config, FunctionName="other", CodeSigningConfigArn=arn)[:2],
                         (404, "CodeSigningConfigNotFoundException"))

    def test_create_function_binds_code_signing_and_keeps_capacity_provider_config(self):  # control-plane
        arn = self.aws.create_code_signing_config(
            AllowedPublishers={"SigningProfileVersionArns": ["arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/2"]}
        )["CodeSigningConfig"]["CodeSigningConfigArn"]
        provider = "arn:aws:lambda:us-east-1:000000000000:capacity-provider:managed"
        capacity = {"LambdaManagedInstancesCapacityProviderConfig": {
            "CapacityProviderArn": provider, "PerExecutionEnvironmentMaxConcurrency": 4}}
        created = self.aws.create_function(FunctionName="signed", Runtime="python3.12", Role=ROLE, Handler="index.handler",
                                           Code={"ZipFile": CODE}, CodeSigningConfigArn=arn, CapacityProviderConfig=capacity)
        self.assertEqual(created["CapacityProviderConfig"], capacity)
        self.assertEqual(self.aws.get_function_configuration(FunctionName="signed")["CapacityProviderConfig"], capacity)
        self.assertEqual(self.aws.get_function_code_signing_config(FunctionName="signed")["CodeSigningConfigArn"], arn)
        self.assertEqual(self.aws.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"],
                         [ARN + "signed"])
        missing = "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0"
        self.assertEqual(error_of(self.aws.create_function, FunctionName="unsigned", Runtime="python3.12", Role=ROLE,
                               Handler="index.handler", Code={"ZipFile": CODE}, CodeSigningConfigArn=missing),
                         (404, "CodeSigningConfigNotFoundException",
                          "The code signing configuration cannot be found. Check that the provided configuration is not "
                          f"deleted: {missing}."))
        self.assertEqual(error_of(self.aws.get_function, FunctionName="unsigned")[:2], (404, "ResourceNotFoundException"))
        self.aws.delete_function(FunctionName="signed")
        self.aws.delete_code_signing_config(CodeSigningConfigArn=arn)

    def test_capacity_providers(self):
        out = self.aws.create_capacity_provider(
            CapacityProviderName="cp", VpcConfig={"SubnetIds": ["subnet-1"], "SecurityGroupIds": []},
            PermissionsConfig={"CapacityProviderOperatorRoleArn": "arn:aws:iam::000000000000:role/op"}, Tags={"a": "b"})
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 202)
        arn = out["CapacityProvider"]["CapacityProviderArn"]
        self.assertEqual(arn, "arn:aws:lambda:us-east-1:000000000000:capacity-provider:cp")
        self.assertEqual(self.aws.get_capacity_provider(CapacityProviderName="cp")["CapacityProvider"]["State"], "Active")
        self.aws.update_capacity_provider(CapacityProviderName="cp", CapacityProviderScalingConfig={"MaxVCpuCount": 16})
        self.assertEqual(len(self.aws.list_capacity_providers()["CapacityProviders"]), 1)
        self.assertEqual(self.aws.list_function_versions_by_capacity_provider(CapacityProviderName="cp")["FunctionVersions"], [])
        self.assertEqual(self.aws.list_tags(Resource=arn)["Tags"], {"a": "b"})
        self.assertEqual(error_of(self.aws.create_capacity_provider, CapacityProviderName="cp",
                               VpcConfig={"SubnetIds": ["subnet-1"], "SecurityGroupIds": []},
                               PermissionsConfig={"CapacityProviderOperatorRoleArn": "arn:aws:iam::000000000000:role/op"})[:2],
                         (409, "ResourceConflictException"))
        self.aws.delete_capacity_provider(CapacityProviderName="cp")
        self.assertEqual(error_of(self.aws.get_capacity_provider, CapacityProviderName="cp")[:2], (404, "ResourceNotFoundException"))

    def test_durable_execution_errors(self):
        unknown = ARN + "fn:1/durable-execution/run/abc"
        self.assertEqual(error_of(self.aws.get_durable_execution, DurableExecutionArn=unknown),
                         (404, "ResourceNotFoundException", "Durable execution not found: " + unknown))
        self.assertEqual(error_of(self.aws.get_durable_execution_history, DurableExecutionArn=unknown)[:2],
                         (404, "ResourceNotFoundException"))
        self.assertEqual(error_of(self.aws.stop_durable_execution, DurableExecutionArn=unknown)[:2],
                         (404, "ResourceNotFoundException"))
        self.assertEqual(error_of(self.aws.get_durable_execution_state, DurableExecutionArn=unknown, CheckpointToken="abc")[:2],
                         (400, "InvalidParameterValueException"))
        self.assertEqual(error_of(self.aws.checkpoint_durable_execution, DurableExecutionArn=unknown, CheckpointToken="abc")[:2],
                         (400, "InvalidParameterValueException"))
        for call in (self.aws.send_durable_execution_callback_heartbeat, self.aws.send_durable_execution_callback_failure):
            self.assertEqual(error_of(call, CallbackId="abc")[:2], (400, "InvalidParameterValueException"))
        self.assertEqual(error_of(self.aws.send_durable_execution_callback_success, CallbackId="abc", Result=b"{}")[:2],
                         (400, "InvalidParameterValueException"))
        self.assertEqual(self.aws.list_durable_executions_by_function(FunctionName="fn")["DurableExecutions"], [])

    def test_z_persistence(self):
        self.aws.put_function_concurrency(FunctionName="fn", ReservedConcurrentExecutions=7)
        self.aws.put_function_event_invoke_config(FunctionName="fn", MaximumRetryAttempts=0)
        self.aws.put_provisioned_concurrency_config(FunctionName="fn", Qualifier="live", ProvisionedConcurrentExecutions=1)
        csc = self.aws.create_code_signing_config(
            AllowedPublishers={"SigningProfileVersionArns": ["arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/2"]})
        arn = csc["CodeSigningConfig"]["CodeSigningConfigArn"]
        before = (self.aws.get_function_concurrency(FunctionName="fn")["ReservedConcurrentExecutions"],
                  self.aws.get_function_event_invoke_config(FunctionName="fn")["MaximumRetryAttempts"],
                  self.aws.get_code_signing_config(CodeSigningConfigArn=arn)["CodeSigningConfig"],
                  self.aws.get_provisioned_concurrency_config(FunctionName="fn", Qualifier="live")["RequestedProvisionedConcurrentExecutions"])
        type(self).host.stop()
        type(self).host = LocalEmuHost(ARGS.localemu, env=self.env)
        aws = type(self).host.client("lambda")
        type(self).aws = aws
        after = (aws.get_function_concurrency(FunctionName="fn")["ReservedConcurrentExecutions"],
                 aws.get_function_event_invoke_config(FunctionName="fn")["MaximumRetryAttempts"],
                 aws.get_code_signing_config(CodeSigningConfigArn=arn)["CodeSigningConfig"],
                 aws.get_provisioned_concurrency_config(FunctionName="fn", Qualifier="live")["RequestedProvisionedConcurrentExecutions"])
        self.assertEqual(before, after)
        # The restarted host provisions the stored config again (READY, or FAILED without a container engine).
        deadline = time.time() + 60
        while time.time() < deadline:
            status = aws.get_provisioned_concurrency_config(FunctionName="fn", Qualifier="live")["Status"]
            if status != "IN_PROGRESS":
                break
            time.sleep(0.1)
        self.assertIn(status, ("READY", "FAILED"))


class AsyncDestinations(unittest.TestCase):
    """An event that cannot run (reserved concurrency 0) is retried until its
    MaximumEventAgeInSeconds passes, then its record goes to OnFailure and the
    event to the function's dead-letter queue, through the SQS service."""

    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env={"LAMBDA_SYNCHRONOUS_CREATE": "1", "SERVICES": "lambda,sqs",
                                                    "LAMBDA_RETRY_BASE_DELAY_SECONDS": "1"})
        cls.aws = cls.host.client("lambda")
        cls.sqs = cls.host.client("sqs")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def receive(self, url, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            messages = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=1,
                                                MessageAttributeNames=["All"]).get("Messages", [])
            if messages:
                return messages[0]
        self.fail("no message in " + url)

    def test_event_age_exceeded_goes_to_on_failure_and_dlq(self):
        failures = self.sqs.create_queue(QueueName="failures")["QueueUrl"]
        dlq = self.sqs.create_queue(QueueName="dlq")["QueueUrl"]
        self.aws.create_function(FunctionName="blocked", Runtime="python3.12", Role=ROLE, Handler="index.handler",
                                 Code={"ZipFile": CODE},
                                 DeadLetterConfig={"TargetArn": "arn:aws:sqs:us-east-1:000000000000:dlq"})
        self.aws.put_function_concurrency(FunctionName="blocked", ReservedConcurrentExecutions=0)
        self.aws.put_function_event_invoke_config(
            FunctionName="blocked", MaximumEventAgeInSeconds=60,
            DestinationConfig={"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:failures"}})
        out = self.aws.invoke(FunctionName="blocked", InvocationType="Event", Payload=b'{"n":1}')
        self.assertEqual(out["StatusCode"], 202)
        record = json.loads(self.receive(failures, 150)["Body"])
        self.assertEqual(record["version"], "1.0")
        self.assertEqual(record["requestContext"]["condition"], "EventAgeExceeded")
        self.assertEqual(record["requestContext"]["functionArn"], ARN + "blocked:$LATEST")
        self.assertGreater(record["requestContext"]["approximateInvokeCount"], 1)
        self.assertEqual(record["requestPayload"], {"n": 1})
        self.assertEqual(record["responseContext"]["statusCode"], 429)
        dead = self.receive(dlq, 10)
        self.assertEqual(json.loads(dead["Body"]), {"n": 1})
        self.assertEqual(dead["MessageAttributes"]["ErrorCode"]["StringValue"], "TooManyRequestsException")
        self.assertIn("RequestID", dead["MessageAttributes"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)
