#!/usr/bin/env python3
"""The common Lambda operations through AWS CLI v2 (Debian's awscli 2.x at
/usr/bin/aws, not the v1 `aws` first on PATH) against a real host: functions,
versions, aliases, permissions, tags, concurrency, layers, function URLs, and
AWS's errors as the CLI reports them (exit code 254, its stderr line).

    test_lambda_cli_v2.py --localemu build/bin/localemu [--aws /usr/bin/aws]

No container runs (the API works without running functions).
"""
import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, zip_bytes  # noqa: E402

ARGS = None
ROLE = "arn:aws:iam::000000000000:role/lambda-role"
ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
SOURCE = "def handler(event, context):\n    return event\n"


def sha256_b64(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def aws_error(code, operation, message):
    """What the CLI prints on stderr for an AWS error response."""
    return f"\nAn error occurred ({code}) when calling the {operation} operation: {message}\n"


class LambdaCliV2(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="localemu-cli-v2-")
        cls.host = LocalEmuHost(ARGS.localemu, env={"SERVICES": "lambda", "LAMBDA_SYNCHRONOUS_CREATE": "1"})
        config = os.path.join(cls.dir, "config")
        with open(config, "w") as f:
            f.write("[default]\nregion = us-east-1\noutput = json\n")
        # Only what the CLI needs, so no user configuration, profile or pager leaks in.
        cls.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": cls.dir,
            "AWS_CONFIG_FILE": config,
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(cls.dir, "credentials"),
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_PAGER": "",
        }
        cls.zip_v1 = cls.write("v1.zip", zip_bytes({"index.py": SOURCE}))
        cls.zip_v2 = cls.write("v2.zip", zip_bytes({"index.py": SOURCE + "# v2\n"}))

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def write(cls, name, data):
        path = os.path.join(cls.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def run_cli(self, *args):
        return subprocess.run([ARGS.aws, "--endpoint-url", self.host.url, "lambda", *args], env=self.env,
                              capture_output=True, text=True, timeout=120)

    def cli(self, *args):
        result = self.run_cli(*args)
        self.assertEqual(result.returncode, 0, f"aws lambda {' '.join(args)}: {result.stderr}")
        return json.loads(result.stdout) if result.stdout.strip() else {}

    def cli_error(self, *args):
        result = self.run_cli(*args)
        self.assertEqual(result.stdout, "")
        return result.returncode, result.stderr

    def create(self, name, *extra):
        return self.cli("create-function", "--function-name", name, "--runtime", "python3.12", "--role", ROLE,
                        "--handler", "index.handler", "--zip-file", f"fileb://{self.zip_v1}", *extra)

    def test_function_code_configuration_and_versions(self):
        created = self.create("cli-fn", "--description", "first", "--timeout", "7")
        with open(self.zip_v1, "rb") as f:
            v1 = f.read()
        self.assertEqual(created["FunctionName"], "cli-fn")
        self.assertEqual(created["FunctionArn"], ARN + "cli-fn")
        self.assertEqual(created["Runtime"], "python3.12")
        self.assertEqual(created["Handler"], "index.handler")
        self.assertEqual(created["Role"], ROLE)
        self.assertEqual(created["Description"], "first")
        self.assertEqual(created["Timeout"], 7)
        self.assertEqual(created["MemorySize"], 128)
        self.assertEqual(created["CodeSize"], len(v1))
        self.assertEqual(created["CodeSha256"], sha256_b64(v1))
        self.assertEqual(created["Version"], "$LATEST")
        self.assertEqual(created["PackageType"], "Zip")

        got = self.cli("get-function", "--function-name", "cli-fn")
        self.assertEqual(got["Configuration"]["FunctionArn"], ARN + "cli-fn")
        self.assertEqual(got["Configuration"]["State"], "Active")
        self.assertEqual(got["Code"]["RepositoryType"], "S3")
        self.assertTrue(got["Code"]["Location"].startswith(self.host.url + "/"), got["Code"])
        config = self.cli("get-function-configuration", "--function-name", ARN + "cli-fn")
        self.assertEqual(config["CodeSha256"], created["CodeSha256"])
        self.assertEqual(config["LastUpdateStatus"], "Successful")

        names = [f["FunctionName"] for f in self.cli("list-functions")["Functions"]]
        self.assertIn("cli-fn", names)

        with open(self.zip_v2, "rb") as f:
            v2 = f.read()
        updated = self.cli("update-function-code", "--function-name", "cli-fn", "--zip-file", f"fileb://{self.zip_v2}")
        self.assertEqual(updated["CodeSha256"], sha256_b64(v2))
        self.assertEqual(updated["CodeSize"], len(v2))
        self.assertEqual(self.cli("get-function-configuration", "--function-name", "cli-fn")["LastUpdateStatus"],
                         "Successful")
        reconfigured = self.cli("update-function-configuration", "--function-name", "cli-fn", "--description", "second",
                                "--memory-size", "256", "--environment", "Variables={STAGE=test,MODE=cli}")
        self.assertEqual(reconfigured["Description"], "second")
        self.assertEqual(reconfigured["MemorySize"], 256)
        self.assertEqual(reconfigured["Environment"], {"Variables": {"STAGE": "test", "MODE": "cli"}})

        published = self.cli("publish-version", "--function-name", "cli-fn", "--description", "release 1")
        self.assertEqual(published["Version"], "1")
        self.assertEqual(published["FunctionArn"], ARN + "cli-fn:1")
        self.assertEqual(published["Description"], "release 1")
        self.assertEqual(published["CodeSha256"], sha256_b64(v2))
        # Nothing changed since: the same version comes back.
        self.assertEqual(self.cli("publish-version", "--function-name", "cli-fn")["Version"], "1")
        versions = self.cli("list-versions-by-function", "--function-name", "cli-fn")["Versions"]
        self.assertEqual([v["Version"] for v in versions], ["$LATEST", "1"])
        self.assertEqual(versions[1]["FunctionArn"], ARN + "cli-fn:1")

        rc, err = self.cli_error("publish-version", "--function-name", "cli-fn", "--code-sha256", "bogus")
        self.assertEqual(rc, 254)
        self.assertEqual(err, aws_error("InvalidParameterValueException", "PublishVersion",
                                        f"CodeSHA256 (bogus) is different from current CodeSHA256 in $LATEST "
                                        f"({sha256_b64(v2)}). Please try again with the CodeSHA256 in $LATEST."))

    def test_aliases(self):
        self.create("cli-alias")
        self.cli("publish-version", "--function-name", "cli-alias")
        alias = self.cli("create-alias", "--function-name", "cli-alias", "--name", "live", "--function-version", "1",
                         "--description", "production")
        self.assertEqual(alias["AliasArn"], ARN + "cli-alias:live")
        self.assertEqual(alias["Name"], "live")
        self.assertEqual(alias["FunctionVersion"], "1")
        self.assertEqual(alias["Description"], "production")
        self.assertIn("RevisionId", alias)
        self.assertEqual(self.cli("get-alias", "--function-name", "cli-alias", "--name", "live"), alias)
        listed = self.cli("list-aliases", "--function-name", "cli-alias")["Aliases"]
        self.assertEqual([a["Name"] for a in listed], ["live"])
        updated = self.cli("update-alias", "--function-name", "cli-alias", "--name", "live", "--description", "prod 2")
        self.assertEqual(updated["Description"], "prod 2")
        self.assertNotEqual(updated["RevisionId"], alias["RevisionId"])

        rc, err = self.cli_error("create-alias", "--function-name", "cli-alias", "--name", "live",
                                 "--function-version", "1")
        self.assertEqual((rc, err), (254, aws_error("ResourceConflictException", "CreateAlias",
                                                    f"Alias already exists: {ARN}cli-alias:live")))
        rc, err = self.cli_error("create-alias", "--function-name", "cli-alias", "--name", "next",
                                 "--function-version", "9")
        self.assertEqual((rc, err), (254, aws_error("ResourceNotFoundException", "CreateAlias",
                                                    f"Function not found: {ARN}cli-alias:9")))

        self.assertEqual(self.cli("delete-alias", "--function-name", "cli-alias", "--name", "live"), {})
        rc, err = self.cli_error("get-alias", "--function-name", "cli-alias", "--name", "live")
        self.assertEqual((rc, err), (254, aws_error("ResourceNotFoundException", "GetAlias",
                                                    f"Cannot find alias arn: {ARN}cli-alias:live")))

    def test_permissions(self):
        self.create("cli-perm")
        added = self.cli("add-permission", "--function-name", "cli-perm", "--statement-id", "s3-invoke",
                         "--action", "lambda:InvokeFunction", "--principal", "s3.amazonaws.com",
                         "--source-arn", "arn:aws:s3:::bucket")
        statement = json.loads(added["Statement"])
        self.assertEqual(statement["Sid"], "s3-invoke")
        self.assertEqual(statement["Effect"], "Allow")
        self.assertEqual(statement["Principal"], {"Service": "s3.amazonaws.com"})
        self.assertEqual(statement["Action"], "lambda:InvokeFunction")
        self.assertEqual(statement["Resource"], ARN + "cli-perm")
        self.assertEqual(statement["Condition"], {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::bucket"}})
        policy = self.cli("get-policy", "--function-name", "cli-perm")
        document = json.loads(policy["Policy"])
        self.assertEqual(document["Version"], "2012-10-17")
        self.assertEqual([s["Sid"] for s in document["Statement"]], ["s3-invoke"])
        self.assertIn("RevisionId", policy)

        rc, err = self.cli_error("add-permission", "--function-name", "cli-perm", "--statement-id", "s3-invoke",
                                 "--action", "lambda:InvokeFunction", "--principal", "s3.amazonaws.com")
        self.assertEqual((rc, err), (254, aws_error(
            "ResourceConflictException", "AddPermission",
            "The statement id (s3-invoke) provided already exists. Please provide a new statement id, "
            "or remove the existing statement.")))

        self.cli("add-permission", "--function-name", "cli-perm", "--statement-id", "sns-invoke",
                 "--action", "lambda:InvokeFunction", "--principal", "sns.amazonaws.com")
        self.assertEqual(self.cli("remove-permission", "--function-name", "cli-perm", "--statement-id", "s3-invoke"), {})
        rc, err = self.cli_error("remove-permission", "--function-name", "cli-perm", "--statement-id", "s3-invoke")
        self.assertEqual((rc, err), (254, aws_error("ResourceNotFoundException", "RemovePermission",
                                                    "Statement s3-invoke is not found in resource policy.")))
        self.assertEqual([s["Sid"] for s in json.loads(self.cli("get-policy", "--function-name", "cli-perm")["Policy"])["Statement"]],
                         ["sns-invoke"])
        self.cli("remove-permission", "--function-name", "cli-perm", "--statement-id", "sns-invoke")
        rc, err = self.cli_error("get-policy", "--function-name", "cli-perm")
        self.assertEqual((rc, err), (254, aws_error("ResourceNotFoundException", "GetPolicy",
                                                    "The resource you requested does not exist.")))

    def test_tags_and_concurrency(self):
        self.create("cli-tags", "--tags", "team=core")
        self.assertEqual(self.cli("tag-resource", "--resource", ARN + "cli-tags", "--tags", "env=dev,tier=1"), {})
        self.assertEqual(self.cli("list-tags", "--resource", ARN + "cli-tags")["Tags"],
                         {"team": "core", "env": "dev", "tier": "1"})
        self.assertEqual(self.cli("put-function-concurrency", "--function-name", "cli-tags",
                                  "--reserved-concurrent-executions", "5"),
                         {"ReservedConcurrentExecutions": 5})
        self.assertEqual(self.cli("get-function", "--function-name", "cli-tags")["Concurrency"],
                         {"ReservedConcurrentExecutions": 5})

    def test_layers(self):
        layer_zip = self.write("layer.zip", zip_bytes({"python/helper.py": "VALUE = 1\n"}))
        with open(layer_zip, "rb") as f:
            content = f.read()
        layer = self.cli("publish-layer-version", "--layer-name", "cli-layer", "--description", "helpers",
                         "--zip-file", f"fileb://{layer_zip}", "--compatible-runtimes", "python3.12", "python3.11")
        self.assertEqual(layer["LayerArn"], "arn:aws:lambda:us-east-1:000000000000:layer:cli-layer")
        self.assertEqual(layer["LayerVersionArn"], "arn:aws:lambda:us-east-1:000000000000:layer:cli-layer:1")
        self.assertEqual(layer["Version"], 1)
        self.assertEqual(layer["Content"]["CodeSha256"], sha256_b64(content))
        self.assertEqual(layer["Content"]["CodeSize"], len(content))
        self.assertEqual(layer["CompatibleRuntimes"], ["python3.12", "python3.11"])
        layers = {l["LayerName"]: l for l in self.cli("list-layers")["Layers"]}
        self.assertEqual(layers["cli-layer"]["LatestMatchingVersion"]["LayerVersionArn"], layer["LayerVersionArn"])
        self.assertEqual(layers["cli-layer"]["LatestMatchingVersion"]["Description"], "helpers")

    def test_function_url(self):
        self.create("cli-url")
        url = self.cli("create-function-url-config", "--function-name", "cli-url", "--auth-type", "NONE")
        self.assertEqual(url["FunctionArn"], ARN + "cli-url")
        self.assertEqual(url["AuthType"], "NONE")
        self.assertRegex(url["FunctionUrl"], r"^http://[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost(:\d+)?/$")
        self.assertIn("CreationTime", url)

    def test_delete_function_and_not_found(self):
        self.create("cli-gone")
        result = self.run_cli("delete-function", "--function-name", "cli-gone")
        self.assertEqual((result.returncode, result.stdout, result.stderr), (0, "", ""))
        for operation, args in (("GetFunction", ["get-function"]),
                                ("GetFunctionConfiguration", ["get-function-configuration"]),
                                ("DeleteFunction", ["delete-function"])):
            rc, err = self.cli_error(*args, "--function-name", "cli-gone")
            self.assertEqual(rc, 254)
            self.assertEqual(err, aws_error("ResourceNotFoundException", operation,
                                            f"Function not found: {ARN}cli-gone"))

    def test_create_errors(self):
        self.create("cli-dup")
        rc, err = self.cli_error("create-function", "--function-name", "cli-dup", "--runtime", "python3.12",
                                 "--role", ROLE, "--handler", "index.handler", "--zip-file", f"fileb://{self.zip_v1}")
        self.assertEqual((rc, err), (254, aws_error("ResourceConflictException", "CreateFunction",
                                                    "Function already exist: cli-dup")))
        rc, err = self.cli_error("create-function", "--function-name", "cli-nohandler", "--runtime", "python3.12",
                                 "--role", ROLE, "--zip-file", f"fileb://{self.zip_v1}")
        self.assertEqual((rc, err), (254, aws_error(
            "InvalidParameterValueException", "CreateFunction",
            "Runtime and Handler are mandatory parameters for functions created with deployment packages.")))
        missing_csc = "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0"
        rc, err = self.cli_error("create-function", "--function-name", "cli-csc", "--runtime", "python3.12",
                                 "--role", ROLE, "--handler", "index.handler", "--zip-file", f"fileb://{self.zip_v1}",
                                 "--code-signing-config-arn", missing_csc)
        self.assertEqual((rc, err), (254, aws_error(
            "CodeSigningConfigNotFoundException", "CreateFunction",
            f"The code signing configuration cannot be found. Check that the provided configuration is not "
            f"deleted: {missing_csc}.")))

    def test_create_with_code_signing_config(self):
        csc = self.cli("create-code-signing-config", "--allowed-publishers",
                       "SigningProfileVersionArns=arn:aws:signer:us-east-1:000000000000:/signing-profiles/p/abcdef0123")
        arn = csc["CodeSigningConfig"]["CodeSigningConfigArn"]
        self.create("cli-signed", "--code-signing-config-arn", arn)
        self.assertEqual(self.cli("get-function-code-signing-config", "--function-name", "cli-signed"),
                         {"CodeSigningConfigArn": arn, "FunctionName": "cli-signed"})
        self.assertEqual(self.cli("list-functions-by-code-signing-config", "--code-signing-config-arn", arn)["FunctionArns"],
                         [ARN + "cli-signed"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    parser.add_argument("--aws", default="/usr/bin/aws")
    ARGS, rest = parser.parse_known_args()
    if not os.path.exists(ARGS.aws) or "aws-cli/2." not in subprocess.run(
            [ARGS.aws, "--version"], capture_output=True, text=True).stdout:
        print(f"skipped: AWS CLI v2 not found at {ARGS.aws}")
        sys.exit(77)
    unittest.main(argv=[sys.argv[0]] + rest)
