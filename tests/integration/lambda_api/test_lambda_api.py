#!/usr/bin/env python3
"""The Lambda API's core through boto3 against a real host: functions (create,
get, list, update, delete, by name, partial and full ARN), versions, aliases,
tags, account settings and the deprecated InvokeAsync, each with AWS's success
shapes and its errors (status, code, message); and every one of the model's
operations answering a boto3 call with a success or an error its model names.

    test_lambda_api.py --localemu build/bin/localemu

No container runs: SERVICES=lambda with no executor engine asked of it.
"""
import argparse
import base64
import hashlib
import os
import sys
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, error_of, error_response, zip_bytes  # noqa: E402

ARGS = None
ACCOUNT = "000000000000"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/lambda-role"
ARN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:"
SOURCE = "def handler(event, context):\n    return event\n"
ZIP = zip_bytes({"index.py": SOURCE})
ZIP_V2 = zip_bytes({"index.py": SOURCE + "# v2\n"})
REVISION_MISMATCH = ("The Revision Id provided does not match the latest Revision Id. "
                     "Call the GetFunction/GetAlias API to retrieve the latest Revision Id")


def sha256_b64(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def not_found(qualified_name):
    return 404, "ResourceNotFoundException", "Function not found: " + ARN + qualified_name


class LambdaApiCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env={"SERVICES": "lambda"})
        cls.lam = cls.host.client("lambda")
        # For what the service itself must refuse: boto3 would stop these before sending.
        cls.raw = cls.host.client("lambda", parameter_validation=False)

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def create(self, name, code=ZIP, wait=True, **extra):
        out = self.lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="index.handler",
                                       Code={"ZipFile": code}, **extra)
        if wait:
            self.lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.05})
        return out


class Functions(LambdaApiCase):
    def test_create_is_pending_then_active_with_the_package_digest(self):
        out = self.create("fn-create", wait=False, Description="first", MemorySize=256, Timeout=5,
                          Environment={"Variables": {"A": "1"}}, Tags={"team": "x"})
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual((out["State"], out["StateReason"], out["StateReasonCode"]),
                         ("Pending", "The function is being created.", "Creating"))
        self.assertEqual(out["FunctionArn"], ARN + "fn-create")
        self.assertEqual((out["CodeSha256"], out["CodeSize"]), (sha256_b64(ZIP), len(ZIP)))
        self.assertEqual((out["Version"], out["PackageType"], out["Architectures"]), ("$LATEST", "Zip", ["x86_64"]))
        self.assertEqual(out["LoggingConfig"], {"LogFormat": "Text", "LogGroup": "/aws/lambda/fn-create"})
        self.assertEqual(out["EphemeralStorage"], {"Size": 512})
        self.assertEqual(out["SnapStart"], {"ApplyOn": "None", "OptimizationStatus": "Off"})
        self.assertEqual(out["TracingConfig"], {"Mode": "PassThrough"})

        self.lam.get_waiter("function_active_v2").wait(FunctionName="fn-create", WaiterConfig={"Delay": 0.05})
        got = self.lam.get_function(FunctionName="fn-create")
        config = got["Configuration"]
        self.assertEqual((config["State"], config["LastUpdateStatus"]), ("Active", "Successful"))
        self.assertNotIn("StateReason", config)
        self.assertNotEqual(config["RevisionId"], out["RevisionId"])  # activation is an update
        self.assertEqual((config["Description"], config["MemorySize"], config["Timeout"]), ("first", 256, 5))
        self.assertEqual(got["Tags"], {"team": "x"})
        self.assertEqual(got["Code"]["RepositoryType"], "S3")
        with urllib.request.urlopen(got["Code"]["Location"], timeout=10) as package:
            self.assertEqual(package.read(), ZIP)
        self.assertEqual(self.lam.get_function_configuration(FunctionName="fn-create")["CodeSha256"], sha256_b64(ZIP))

    def test_create_errors(self):
        self.create("fn-exists")
        self.assertEqual(error_of(self.create, "fn-exists", wait=False),
                         (409, "ResourceConflictException", "Function already exist: fn-exists"))
        create = self.raw.create_function
        base = {"FunctionName": "fn-bad", "Role": ROLE, "Handler": "index.handler", "Code": {"ZipFile": ZIP}}
        self.assertEqual(error_of(create, **base, Runtime="python3.12", MemorySize=127),
                         (400, "ValidationException", "1 validation error detected: Value '127' at 'memorySize' failed "
                          "to satisfy constraint: Member must have value greater than or equal to 128"))
        self.assertEqual(error_of(create, **{**base, "Role": "not-a-role"}, Runtime="python3.12"),
                         (400, "ValidationException", "1 validation error detected: Value 'not-a-role' at 'role' failed "
                          "to satisfy constraint: Member must satisfy regular expression pattern: "
                          r"arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+"))
        status, code, message = error_of(create, **base, Runtime="python2.0")
        self.assertEqual((status, code), (400, "InvalidParameterValueException"))
        self.assertTrue(message.startswith("Value python2.0 at 'runtime' failed to satisfy constraint: Member must "
                                           "satisfy enum value set: ["), message)
        self.assertTrue(message.endswith("] or be a valid ARN"), message)
        self.assertEqual(error_of(create, **{**base, "Code": {"ZipFile": b"not a zip"}}, Runtime="python3.12"),
                         (400, "InvalidParameterValueException",
                          "Could not unzip uploaded file. Please check your file, then try to upload again."))
        self.assertEqual(error_of(create, **{k: v for k, v in base.items() if k != "Handler"}, Runtime="python3.12"),
                         (400, "InvalidParameterValueException",
                          "Runtime and Handler are mandatory parameters for functions created with deployment packages."))
        status, code, message = error_of(create, **base, Runtime="python3.12",
                                         Environment={"Variables": {"BIG": "x" * 4096}})
        self.assertEqual((status, code), (400, "InvalidParameterValueException"))
        self.assertTrue(message.startswith("Lambda was unable to configure your environment variables because the "
                                           "environment variables you have provided exceeded the 4KB limit. "
                                           'String measured: {"BIG":"xxx'), message[:200])
        layer = f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:missing:1"
        self.assertEqual(error_of(create, **base, Runtime="python3.12", Layers=[layer]),
                         (400, "InvalidParameterValueException", f"Layer version {layer} does not exist."))
        self.assertEqual(error_of(self.lam.get_function, FunctionName="fn-bad"), not_found("fn-bad"))

    def test_names_partial_and_full_arns_and_qualifiers(self):
        self.create("fn-names")
        self.lam.publish_version(FunctionName="fn-names")
        for name in ("fn-names", f"{ACCOUNT}:function:fn-names", ARN + "fn-names"):
            self.assertEqual(self.lam.get_function(FunctionName=name)["Configuration"]["FunctionArn"], ARN + "fn-names")
        for name, qualifier in ((ARN + "fn-names:1", None), ("fn-names", "1"), ("fn-names:1", None)):
            args = {"FunctionName": name, **({"Qualifier": qualifier} if qualifier else {})}
            config = self.lam.get_function_configuration(**args)
            self.assertEqual((config["Version"], config["FunctionArn"]), ("1", ARN + "fn-names:1"))
        latest = self.lam.get_function_configuration(FunctionName="fn-names", Qualifier="$LATEST")
        self.assertEqual(latest["FunctionArn"], ARN + "fn-names:$LATEST")

        self.assertEqual(error_of(self.lam.get_function, FunctionName=ARN + "fn-names:1", Qualifier="2"),
                         (400, "InvalidParameterValueException",
                          "The derived qualifier from the function name does not match the specified qualifier."))
        self.assertEqual(error_of(self.lam.get_function, FunctionName=f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:fn-names"),
                         (404, "ResourceNotFoundException",
                          "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')"))
        self.assertEqual(error_of(self.lam.get_function, FunctionName="fn-names", Qualifier="7"), not_found("fn-names:7"))
        self.assertEqual(error_of(self.lam.get_function, FunctionName="fn-names", Qualifier="no-alias"),
                         not_found("fn-names:no-alias"))
        self.assertEqual(error_of(self.lam.get_function_configuration, FunctionName="fn-missing"), not_found("fn-missing"))

    def test_update_configuration_and_code(self):
        before = self.create("fn-update")
        revision = self.lam.get_function(FunctionName="fn-update")["Configuration"]["RevisionId"]
        self.assertEqual(error_of(self.lam.update_function_configuration, FunctionName="fn-update", RevisionId="stale"),
                         (412, "PreconditionFailedException", REVISION_MISMATCH))
        out = self.lam.update_function_configuration(FunctionName="fn-update", RevisionId=revision, Description="two",
                                                     MemorySize=512)
        self.assertEqual((out["LastUpdateStatus"], out["LastUpdateStatusReasonCode"]), ("InProgress", "Creating"))
        self.assertNotEqual(out["RevisionId"], revision)
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="fn-update", WaiterConfig={"Delay": 0.05})
        self.assertEqual(self.lam.get_function_configuration(FunctionName="fn-update")["MemorySize"], 512)
        self.assertEqual(error_of(self.raw.update_function_configuration, FunctionName="fn-update", Timeout=901),
                         (400, "ValidationException", "1 validation error detected: Value '901' at 'timeout' failed to "
                          "satisfy constraint: Member must have value less than or equal to 900"))

        code = self.lam.update_function_code(FunctionName="fn-update", ZipFile=ZIP_V2, Publish=True)
        self.assertEqual((code["CodeSha256"], code["CodeSize"], code["Version"]), (sha256_b64(ZIP_V2), len(ZIP_V2), "1"))
        self.assertNotEqual(code["CodeSha256"], before["CodeSha256"])
        self.assertEqual(error_of(self.lam.update_function_code, FunctionName="fn-update", ZipFile=b"not a zip"),
                         (400, "InvalidParameterValueException",
                          "Could not unzip uploaded file. Please check your file, then try to upload again."))
        self.assertEqual(error_of(self.raw.update_function_code, FunctionName="fn-update"),
                         (400, "InvalidParameterValueException", "Please provide a source for function code."))
        self.assertEqual(error_of(self.lam.update_function_code, FunctionName="fn-missing", ZipFile=ZIP),
                         not_found("fn-missing"))

    def test_list_functions_pages_and_all_versions(self):
        names = [f"fn-list-{i}" for i in range(5)]
        for name in names:
            self.create(name, wait=False)
        self.lam.publish_version(FunctionName=names[0])
        pages = list(self.lam.get_paginator("list_functions").paginate(PaginationConfig={"PageSize": 2}))
        self.assertGreater(len(pages), 1)
        listed = [f["FunctionName"] for page in pages for f in page["Functions"]]
        self.assertEqual(len(listed), len(set(listed)))
        self.assertTrue(set(names) <= set(listed))
        everything = [f["FunctionArn"] for page in self.lam.get_paginator("list_functions").paginate(FunctionVersion="ALL")
                      for f in page["Functions"]]
        self.assertIn(ARN + names[0] + ":$LATEST", everything)
        self.assertIn(ARN + names[0] + ":1", everything)
        self.assertEqual(error_of(self.lam.list_functions, Marker="not-a-marker"),
                         (400, "InvalidParameterValueException", "Invalid Marker: not-a-marker"))
        self.assertEqual(error_of(self.raw.list_functions, FunctionVersion="SOME"),
                         (400, "ValidationException", "1 validation error detected: Value 'SOME' at 'functionVersion' "
                          "failed to satisfy constraint: Member must satisfy enum value set: [ALL]"))

    def test_delete(self):
        self.create("fn-delete")
        self.lam.publish_version(FunctionName="fn-delete")
        self.lam.create_alias(FunctionName="fn-delete", Name="live", FunctionVersion="1")
        self.assertEqual(error_of(self.lam.delete_function, FunctionName="fn-delete", Qualifier="$LATEST"),
                         (400, "InvalidParameterValueException",
                          "$LATEST version cannot be deleted without deleting the function."))
        self.assertEqual(error_of(self.lam.delete_function, FunctionName="fn-delete", Qualifier="live"),
                         (400, "InvalidParameterValueException", "Deletion of aliases is not currently supported."))
        self.assertEqual(error_of(self.lam.delete_function, FunctionName="fn-delete", Qualifier="1"),
                         (409, "ResourceConflictException",
                          "Unable to delete version because the following aliases reference it: [live]"))
        self.lam.delete_alias(FunctionName="fn-delete", Name="live")
        self.assertEqual(self.lam.delete_function(FunctionName="fn-delete", Qualifier="1")["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertEqual(error_of(self.lam.get_function, FunctionName="fn-delete", Qualifier="1"), not_found("fn-delete:1"))
        self.assertEqual(self.lam.delete_function(FunctionName="fn-delete")["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertEqual(error_of(self.lam.get_function, FunctionName="fn-delete"), not_found("fn-delete"))
        self.assertEqual(error_of(self.lam.delete_function, FunctionName="fn-delete"), not_found("fn-delete"))

    def test_invoke_async_is_refused_for_a_missing_function(self):
        self.assertEqual(error_of(self.lam.invoke_async, FunctionName="fn-missing", InvokeArgs=b"{}"),
                         not_found("fn-missing:$LATEST"))  # as Invoke names it

    def test_a_throttled_invocation_is_refused_before_any_stream(self):
        self.create("fn-throttled")
        self.lam.put_function_concurrency(FunctionName="fn-throttled", ReservedConcurrentExecutions=0)
        throttled = (429, "TooManyRequestsException", "Rate Exceeded.")
        self.assertEqual(error_of(self.lam.invoke, FunctionName="fn-throttled", Payload=b"{}"), throttled)
        self.assertEqual(error_of(self.lam.invoke_with_response_stream, FunctionName="fn-throttled", Payload=b"{}"),
                         throttled)

    def test_tags(self):
        self.create("fn-tags", Tags={"a": "1"})
        self.lam.tag_resource(Resource=ARN + "fn-tags", Tags={"b": "2"})
        self.lam.untag_resource(Resource=ARN + "fn-tags", TagKeys=["a", "never-set"])
        self.assertEqual(self.lam.list_tags(Resource=ARN + "fn-tags")["Tags"], {"b": "2"})
        self.assertEqual(self.lam.get_function(FunctionName="fn-tags")["Tags"], {"b": "2"})
        self.assertEqual(error_of(self.lam.tag_resource, Resource=ARN + "fn-tags:1", Tags={"c": "3"}),
                         (400, "InvalidParameterValueException",
                          "Tags on function aliases and versions are not supported. Please specify a function ARN."))
        self.assertEqual(error_of(self.lam.list_tags, Resource=ARN + "fn-missing"), not_found("fn-missing"))

    def test_account_settings_count_functions_and_code(self):
        before = self.lam.get_account_settings()["AccountUsage"]
        self.create("fn-account")
        after = self.lam.get_account_settings()
        self.assertEqual(after["AccountUsage"]["FunctionCount"], before["FunctionCount"] + 1)
        self.assertEqual(after["AccountUsage"]["TotalCodeSize"], before["TotalCodeSize"] + len(ZIP))
        self.assertEqual(after["AccountLimit"]["CodeSizeZipped"], 52428800)
        self.lam.delete_function(FunctionName="fn-account")
        self.assertEqual(self.lam.get_account_settings()["AccountUsage"], before)


class VersionsAndAliases(LambdaApiCase):
    def test_publish_version_snapshots_the_configuration(self):
        created = self.create("fn-versions", Description="one")
        first = self.lam.publish_version(FunctionName="fn-versions", Description="v1")
        self.assertEqual(first["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual((first["Version"], first["FunctionArn"], first["Description"]),
                         ("1", ARN + "fn-versions:1", "v1"))
        self.assertEqual(self.lam.publish_version(FunctionName="fn-versions")["Version"], "1")  # nothing changed
        self.assertEqual(error_of(self.lam.publish_version, FunctionName="fn-versions", CodeSha256="wrong"),
                         (400, "InvalidParameterValueException",
                          f"CodeSHA256 (wrong) is different from current CodeSHA256 in $LATEST ({created['CodeSha256']}). "
                          "Please try again with the CodeSHA256 in $LATEST."))
        self.assertEqual(error_of(self.lam.publish_version, FunctionName="fn-versions", RevisionId="stale"),
                         (412, "PreconditionFailedException", REVISION_MISMATCH))
        self.lam.update_function_configuration(FunctionName="fn-versions", Description="two")
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="fn-versions", WaiterConfig={"Delay": 0.05})
        self.assertEqual(self.lam.publish_version(FunctionName="fn-versions")["Version"], "2")
        self.assertEqual(self.lam.get_function_configuration(FunctionName="fn-versions", Qualifier="1")["Description"], "v1")

        pages = list(self.lam.get_paginator("list_versions_by_function").paginate(
            FunctionName="fn-versions", PaginationConfig={"PageSize": 1}))
        self.assertEqual(len(pages), 3)
        self.assertEqual([v["Version"] for page in pages for v in page["Versions"]], ["$LATEST", "1", "2"])
        self.assertEqual(error_of(self.lam.list_versions_by_function, FunctionName="fn-missing"), not_found("fn-missing"))
        self.assertEqual(error_of(self.lam.publish_version, FunctionName="fn-missing"), not_found("fn-missing"))

    def test_aliases(self):
        self.create("fn-alias")
        self.lam.publish_version(FunctionName="fn-alias")
        self.lam.update_function_configuration(FunctionName="fn-alias", Description="two")
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="fn-alias", WaiterConfig={"Delay": 0.05})
        self.lam.publish_version(FunctionName="fn-alias")

        created = self.lam.create_alias(FunctionName="fn-alias", Name="live", FunctionVersion="1", Description="d")
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual((created["AliasArn"], created["FunctionVersion"]), (ARN + "fn-alias:live", "1"))
        self.assertEqual(error_of(self.lam.create_alias, FunctionName="fn-alias", Name="live", FunctionVersion="1"),
                         (409, "ResourceConflictException", "Alias already exists: " + ARN + "fn-alias:live"))
        self.assertEqual(error_of(self.lam.create_alias, FunctionName="fn-alias", Name="other", FunctionVersion="9"),
                         not_found("fn-alias:9"))

        updated = self.lam.update_alias(FunctionName="fn-alias", Name="live", RevisionId=created["RevisionId"],
                                        RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}})
        self.assertEqual(updated["RoutingConfig"], {"AdditionalVersionWeights": {"2": 0.25}})
        self.assertEqual(error_of(self.lam.update_alias, FunctionName="fn-alias", Name="live", RevisionId="stale"),
                         (412, "PreconditionFailedException", REVISION_MISMATCH))
        self.assertEqual(error_of(self.lam.update_alias, FunctionName="fn-alias", Name="live", FunctionVersion="1",
                                  RoutingConfig={"AdditionalVersionWeights": {"1": 0.5}}),
                         (400, "InvalidParameterValueException",
                          "Invalid function version 1. Function version 1 is already included in routing configuration."))
        self.assertEqual(error_of(self.lam.create_alias, FunctionName="fn-alias", Name="latest", FunctionVersion="$LATEST",
                                  RoutingConfig={"AdditionalVersionWeights": {"1": 0.5}}),
                         (400, "InvalidParameterValueException",
                          "$LATEST is not supported for an alias pointing to more than 1 version"))
        self.assertEqual(error_of(self.raw.create_alias, FunctionName="fn-alias", Name="heavy", FunctionVersion="1",
                                  RoutingConfig={"AdditionalVersionWeights": {"2": 1.5}}),
                         (400, "ValidationException", "1 validation error detected: Value '{2=1.5}' at "
                          "'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy "
                          "constraint: [Member must have value less than or equal to 1.0, Member must have value greater "
                          "than or equal to 0.0, Member must not be null]"))

        self.lam.create_alias(FunctionName="fn-alias", Name="next", FunctionVersion="2")
        pages = list(self.lam.get_paginator("list_aliases").paginate(FunctionName="fn-alias",
                                                                     PaginationConfig={"PageSize": 1}))
        self.assertEqual([a["Name"] for page in pages for a in page["Aliases"]], ["live", "next"])
        self.assertEqual([a["Name"] for a in self.lam.list_aliases(FunctionName="fn-alias", FunctionVersion="2")["Aliases"]],
                         ["next"])
        self.assertEqual(self.lam.get_alias(FunctionName="fn-alias", Name="live")["RoutingConfig"],
                         {"AdditionalVersionWeights": {"2": 0.25}})
        self.assertEqual(self.lam.delete_alias(FunctionName="fn-alias", Name="next")["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertEqual(error_of(self.lam.get_alias, FunctionName="fn-alias", Name="next"),
                         (404, "ResourceNotFoundException", "Cannot find alias arn: " + ARN + "fn-alias:next"))
        self.assertEqual(error_of(self.lam.list_aliases, FunctionName="fn-missing"), not_found("fn-missing"))


class CodeSigningConfigs(LambdaApiCase):
    def test_list_pages_through_every_config(self):
        arns = [self.lam.create_code_signing_config(
            AllowedPublishers={"SigningProfileVersionArns": [f"arn:aws:signer:us-east-1:{ACCOUNT}:/signing-profiles/p/{i}"]},
            Description=f"csc {i}")["CodeSigningConfig"]["CodeSigningConfigArn"] for i in range(3)]
        pages = list(self.lam.get_paginator("list_code_signing_configs").paginate(PaginationConfig={"PageSize": 2}))
        self.assertEqual(len(pages), 2)
        self.assertEqual(sorted(c["CodeSigningConfigArn"] for page in pages for c in page["CodeSigningConfigs"]),
                         sorted(arns))
        self.assertEqual(error_of(self.raw.list_code_signing_configs, MaxItems=0),
                         (400, "ValidationException", "1 validation error detected: Value '0' at 'maxItems' failed to "
                          "satisfy constraint: Member must have value greater than or equal to 1"))


def answer(call, **kwargs):
    """(status, code, message, whether the body has "Type") of an AWS error a call must raise."""
    r = error_response(call, **kwargs)
    return r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"], r["Error"]["Message"], "Type" in r


class AwsWording(LambdaApiCase):
    """Answers whose status, code, wording or members differ from one operation
    to the next, as AWS gives them (recorded against AWS)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        lam = cls.lam
        lam.create_function(FunctionName="fn-words", Runtime="python3.12", Role=ROLE, Handler="index.handler",
                            Code={"ZipFile": ZIP})
        lam.get_waiter("function_active_v2").wait(FunctionName="fn-words", WaiterConfig={"Delay": 0.05})
        lam.publish_version(FunctionName="fn-words")
        lam.create_alias(FunctionName="fn-words", Name="live", FunctionVersion="1")
        cls.layer = lam.publish_layer_version(LayerName="words-layer", Content={"ZipFile": ZIP})["LayerVersionArn"]

    def test_functions(self):
        raw = self.raw
        base = {"Role": ROLE, "Handler": "index.handler", "Code": {"ZipFile": ZIP}, "Runtime": "python3.12"}
        self.assertEqual(answer(raw.create_function, FunctionName="a" * 65, **base),
                         (400, "InvalidParameterValueException", f"1 validation error detected: Value '{'a' * 65}' at "
                          "'functionName' failed to satisfy constraint: Member must have length less than or equal to 64",
                          True))
        self.assertEqual(answer(raw.create_function, FunctionName="arn:aws:lambda:us-east-1:123456789012:function:x",
                                **base)[:2], (403, "AccessDeniedException"))
        self.assertEqual(answer(raw.create_function, FunctionName="fn-snap", **{**base, "Runtime": "python3.9"},
                                SnapStart={"ApplyOn": "PublishedVersions"}),
                         (400, "InvalidParameterValueException",
                          "python3.9 is not supported for SnapStart enabled functions.", True))
        status, code, message, _ = answer(raw.create_function, FunctionName="fn-env", **base,
                                          Environment={"Variables": {"SMALL": "ok", "LARGE": "x" * 4080}})
        self.assertIn('String measured: {"SMALL":"ok","LARGE":"xxx', message)  # the request's order
        self.assertEqual(answer(raw.get_function, FunctionName=ARN + "fn-none:$LATEST", Qualifier="$LATEST")[2],
                         "Function not found: " + ARN + "fn-none:$LATEST")
        self.assertEqual(answer(raw.delete_function, FunctionName=ARN + "fn-none:$LATEST", Qualifier="$LATEST")[:3],
                         (400, "InvalidParameterValueException",
                          "$LATEST version cannot be deleted without deleting the function."))
        self.assertEqual(raw.delete_function(FunctionName="fn-words", Qualifier="1233")["ResponseMetadata"]["HTTPStatusCode"],
                         204)  # a version that is not there: nothing to do
        self.assertEqual(answer(raw.update_function_code, FunctionName="fn-words", ImageUri="repo/image:latest")[2],
                         "Please don't provide ImageUri when updating a function with packageType Zip.")
        self.assertEqual(answer(raw.tag_resource, Resource=ARN + "fn-words", Tags={})[:3],
                         (400, "InvalidParameterValueException", "An error occurred and the request cannot be processed."))

    def test_layers_of_a_function(self):
        other_region = self.layer.replace(":us-east-1:", ":us-west-2:")
        self.assertEqual(answer(self.raw.update_function_configuration, FunctionName="fn-words", Layers=[other_region])[2],
                         "Layers are not in the same region as the function. Layers are expected to be in region us-east-1.")
        self.assertEqual(answer(self.raw.update_function_configuration, FunctionName="fn-words",
                                Layers=[self.layer, self.layer])[2],
                         "Two different versions of the same layer are not allowed to be referenced in the same "
                         f"function. {self.layer} and {self.layer} are versions of the same layer.")
        for number in (0, -1):
            self.assertEqual(answer(self.raw.get_layer_version, LayerName="words-layer", VersionNumber=number)[:3],
                             (400, "InvalidParameterValueException", "Layer Version Cannot be less than 1"))
        self.assertEqual(answer(self.raw.delete_layer_version, LayerName="words-layer", VersionNumber=-1)[:2],
                         (400, "InvalidParameterValueException"))
        self.assertEqual(answer(self.raw.add_layer_version_permission, LayerName="words-layer", VersionNumber=1,
                                StatementId="s", Action="lambda:GetLayerVersion", Principal="*", RevisionId="stale")[2],
                         "The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API "
                         "to retrieve the latest Revision Id")
        status, code, message, _ = answer(self.raw.publish_layer_version, LayerName="words-layer-2",
                                          Content={"ZipFile": ZIP}, CompatibleRuntimes=["nope"])
        self.assertTrue(message.startswith("1 validation error detected: Value '[nope]' at 'compatibleRuntimes' failed "
                                           "to satisfy constraint: Member must satisfy enum value set: ["), message)

    def test_aliases(self):
        raw = self.raw
        self.assertEqual(answer(raw.create_alias, FunctionName="fn-words", Name="two", FunctionVersion="1",
                                RoutingConfig={"AdditionalVersionWeights": {"1": 0.8, "2": 0.2}}),
                         (400, "InvalidParameterValueException",
                          "Number of items in AdditionalVersionWeights cannot be greater than 1", True))
        self.assertIn("Value '{2=2.0}' at 'routingConfig.additionalVersionWeights'",
                      answer(raw.create_alias, FunctionName="fn-words", Name="two", FunctionVersion="1",
                             RoutingConfig={"AdditionalVersionWeights": {"2": 2}})[2])
        self.assertEqual(answer(raw.create_alias, FunctionName="fn-words", Name="two", FunctionVersion="$LATEST",
                                RoutingConfig={"AdditionalVersionWeights": {"1": 0.5}}),
                         (400, "InvalidParameterValueException",
                          "$LATEST is not supported for an alias pointing to more than 1 version", False))
        self.assertEqual(answer(raw.create_alias, FunctionName="fn-none", Name="two", FunctionVersion="1")[2],
                         "Function not found: " + ARN + "fn-none:1")

    def test_permissions(self):
        raw = self.raw
        grant = {"StatementId": "s", "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com"}
        self.assertEqual(answer(raw.add_permission, FunctionName="fn-words:$LATEST", Qualifier="$LATEST", **grant)[:3],
                         (400, "InvalidParameterValueException", "We currently do not support adding policies for $LATEST."))
        self.assertEqual(answer(raw.add_permission, FunctionName="fn-words", **{**grant, "Principal": "invalid.nonaws.com"})[2],
                         "The provided principal was invalid. Please check the principal and try again.")
        self.assertEqual(answer(raw.add_permission, FunctionName="fn-words:no-alias", **grant)[2],
                         "Cannot find alias arn: " + ARN + "fn-words:no-alias")
        self.assertEqual(answer(raw.add_permission, FunctionName="fn-words", Qualifier="42", **grant)[2],
                         "Function not found: " + ARN + "fn-words:42")
        self.assertEqual(answer(raw.remove_permission, FunctionName="fn-none", StatementId="s")[2],
                         "No policy found for: " + ARN + "fn-none")
        self.assertEqual(answer(raw.remove_permission, FunctionName="fn-words", StatementId="s")[2],
                         "No policy is associated with the given resource.")
        self.assertEqual(answer(raw.remove_permission, FunctionName="fn-words", StatementId="s", Qualifier="no-alias")[2],
                         "Cannot find alias arn: " + ARN + "fn-words:no-alias")
        self.assertEqual(answer(raw.get_policy, FunctionName="fn-words", Qualifier="77")[2],
                         "The resource you requested does not exist.")

    def test_concurrency(self):
        raw = self.raw
        self.assertEqual(answer(raw.put_function_concurrency, FunctionName="fn-none", ReservedConcurrentExecutions=1)[2],
                         "Function not found: " + ARN + "fn-none:$LATEST")
        self.assertEqual(answer(raw.put_function_concurrency, FunctionName=ARN + "fn-words:$LATEST",
                                ReservedConcurrentExecutions=1)[2],
                         "This operation is permitted on Lambda functions only. Aliases and versions do not support this "
                         "operation. Please specify either a function name or an unqualified function ARN.")
        self.assertEqual(answer(raw.put_function_concurrency, FunctionName="fn-words", ReservedConcurrentExecutions=1000),
                         (400, "InvalidParameterValueException", "Specified ReservedConcurrentExecutions for function "
                          "decreases account's UnreservedConcurrentExecution below its minimum value of [100].", False))
        provision = raw.put_provisioned_concurrency_config
        self.assertEqual(answer(provision, FunctionName="fn-words", Qualifier="1", ProvisionedConcurrentExecutions=1001),
                         (400, "InvalidParameterValueException", "Specified ConcurrentExecutions for function is greater "
                          "than account's unreserved concurrency [1000].", False))
        self.assertEqual(answer(provision, FunctionName="fn-words", Qualifier="1", ProvisionedConcurrentExecutions=1000)[2],
                         "Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
                         "below its minimum value of [100].")
        self.assertEqual(answer(provision, FunctionName="fn-none", Qualifier="noalias", ProvisionedConcurrentExecutions=1)[2],
                         "Cannot find alias arn: " + ARN + "fn-none:noalias")
        self.assertEqual(answer(provision, FunctionName="fn-none", Qualifier="1", ProvisionedConcurrentExecutions=1)[2],
                         "Function not found: " + ARN + "fn-none:1")
        self.assertEqual(answer(raw.get_provisioned_concurrency_config, FunctionName="fn-words", Qualifier="noalias")[2],
                         "Cannot find alias arn: " + ARN + "fn-words:noalias")
        self.assertEqual(answer(raw.delete_provisioned_concurrency_config, FunctionName="fn-words", Qualifier="10")[2],
                         "Function not found: " + ARN + "fn-words:10")

    def test_function_urls_and_event_invoke_configs(self):
        raw = self.raw
        for call in (raw.create_function_url_config, raw.update_function_url_config):
            self.assertEqual(answer(call, FunctionName="fn-none", AuthType="NONE")[2], "Function does not exist")
            self.assertEqual(answer(call, FunctionName="fn-words", Qualifier="no-alias", AuthType="NONE")[2],
                             "Function does not exist")
        for call in (raw.get_function_url_config, raw.delete_function_url_config):
            self.assertEqual(answer(call, FunctionName="fn-none")[2], "The resource you requested does not exist.")
        self.assertEqual(answer(raw.list_function_url_configs, FunctionName="fn-none")[2], "Function does not exist")
        self.assertEqual(answer(raw.delete_function_event_invoke_config, FunctionName="fn-none")[2],
                         "The function " + ARN + "fn-none:$LATEST doesn't have an EventInvokeConfig")

    def test_code_signing_configs(self):
        missing = f"arn:aws:lambda:us-east-1:{ACCOUNT}:code-signing-config:csc-0123456789abcdef0"
        self.assertEqual(answer(self.raw.get_code_signing_config, CodeSigningConfigArn=missing),
                         (404, "ResourceNotFoundException",
                          f"The Lambda code signing configuration {missing} can not be found.", False))
        bare = self.lam.get_function_code_signing_config(FunctionName="fn-words")
        self.assertNotIn("CodeSigningConfigArn", bare)

    def test_event_source_mappings(self):
        self.assertEqual(answer(self.raw.create_event_source_mapping, FunctionName="fn-words")[:3],
                         (400, "InvalidParameterValueException", "Unrecognized event source."))
        stream = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/words"
        self.assertEqual(answer(self.raw.create_event_source_mapping, FunctionName="fn-words", EventSourceArn=stream,
                                StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=-1700000000)[2],
                         "Received Exception while reading from provided stream. class java.lang.Long can not be "
                         "converted to a Timestamp")


class EveryOperation(LambdaApiCase):
    """Each of the model's operations, called by boto3 with its required members
    filled in, answers a success or an error its model (or, for every AWS API,
    ValidationException) names: none is missing, none fails inside, and the
    function they name is throttled (reserved concurrency 0), so none runs."""

    GENERIC_ERRORS = {"ValidationException"}
    # Values for the members whose name says what they hold; others get a placeholder of their type.
    KNOWN = {
        "FunctionName": "fn-probe",
        "Resource": ARN + "fn-probe",
        "Role": ROLE,
        "Handler": "index.handler",
        "Principal": "s3.amazonaws.com",
        "StatementId": "probe",
        "FunctionVersion": "$LATEST",
    }

    def value_for(self, name, shape, operation, depth=0):
        if name == "Action":
            return "lambda:GetLayerVersion" if "Layer" in operation else "lambda:InvokeFunction"
        if name in self.KNOWN:
            return self.KNOWN[name]
        if shape.type_name == "structure":
            return {m: self.value_for(m, shape.members[m], operation, depth + 1) for m in shape.required_members}
        if shape.type_name == "list":
            return [self.value_for(name, shape.member, operation, depth + 1)] if depth < 3 else []
        if shape.type_name == "map":
            return {}
        if shape.type_name in ("integer", "long"):
            return int(shape.metadata.get("min", 1))
        if shape.type_name in ("float", "double"):
            return 0.5
        if shape.type_name == "boolean":
            return False
        if shape.type_name == "blob":
            return b"{}"
        if shape.type_name == "timestamp":
            return 0
        if shape.enum:
            return shape.enum[0]
        return "probe"

    def test_every_operation_answers_with_a_modelled_outcome(self):
        self.create("fn-probe")
        # Throttled: Invoke answers 429 rather than starting an execution environment.
        self.lam.put_function_concurrency(FunctionName="fn-probe", ReservedConcurrentExecutions=0)
        model = self.raw.meta.service_model
        self.assertEqual(len(model.operation_names), 85)
        # Deletions last and DeleteFunction the very last, so the others meet what they name.
        for name in sorted(model.operation_names, key=lambda n: (n == "DeleteFunction", n.startswith("Delete"), n)):
            operation = model.operation_model(name)
            params = self.value_for(name, operation.input_shape, name) if operation.input_shape is not None else {}
            with self.subTest(operation=name):
                try:
                    out = self.raw._make_api_call(name, params)
                    self.assertLess(out["ResponseMetadata"]["HTTPStatusCode"], 300)
                except self.raw.exceptions.ClientError as e:
                    modelled = {shape.name for shape in operation.error_shapes} | self.GENERIC_ERRORS
                    status = e.response["ResponseMetadata"]["HTTPStatusCode"]
                    self.assertLess(status, 500, e.response["Error"])
                    self.assertIn(e.response["Error"]["Code"], modelled, e.response["Error"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
