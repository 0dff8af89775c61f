#!/usr/bin/env python3
"""Layers, layer version permissions, function permissions and function URL
configs through boto3 against a real host (class Api), and functions that
import a layer's module and answer through their function URL (class Run).

    test_lambda_layers.py --localemu build/bin/localemu Api
    test_lambda_layers.py --localemu build/bin/localemu --mapping build/test-images.json Run
"""
import argparse
import json
import os
import re
import sys
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "support", "python"))
from localemu_harness import LocalEmuHost, error_of, zip_bytes  # noqa: E402

ARGS = None
ROLE = "arn:aws:iam::000000000000:role/lambda-role"
ACCOUNT = "000000000000"
HANDLER = "def handler(event, context):\n    return {'ok': True}\n"



class Api(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = LocalEmuHost(ARGS.localemu, env={"LAMBDA_SYNCHRONOUS_CREATE": "1"})
        cls.lam = cls.host.client("lambda")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def publish(self, name, **extra):
        return self.lam.publish_layer_version(LayerName=name, Content={"ZipFile": zip_bytes({"python/mylib.py": "X = 1\n"})},
                                              **extra)

    def create_function(self, name, **extra):
        return self.lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                        Code={"ZipFile": zip_bytes({"app.py": HANDLER})}, **extra)

    def test_publish_get_list_delete(self):
        out = self.publish("api-layer", Description="lib", CompatibleRuntimes=["python3.12", "python3.11"],
                           CompatibleArchitectures=["x86_64"], LicenseInfo="MIT")
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual(out["LayerArn"], f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:api-layer")
        self.assertEqual(out["LayerVersionArn"], f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:api-layer:1")
        self.assertEqual(out["Version"], 1)
        self.assertRegex(out["CreatedDate"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")
        self.assertEqual(out["CompatibleRuntimes"], ["python3.12", "python3.11"])
        self.assertEqual(len(out["Content"]["CodeSha256"]), 44)
        with urllib.request.urlopen(out["Content"]["Location"]) as response:
            self.assertEqual(len(response.read()), out["Content"]["CodeSize"])
        self.publish("api-layer", CompatibleRuntimes=["nodejs20.x"])
        got = self.lam.get_layer_version(LayerName="api-layer", VersionNumber=1)
        self.assertEqual(got["Description"], "lib")
        self.assertEqual(got["LicenseInfo"], "MIT")
        by_arn = self.lam.get_layer_version_by_arn(Arn=out["LayerVersionArn"])
        self.assertEqual(by_arn["Version"], 1)
        versions = self.lam.list_layer_versions(LayerName="api-layer")["LayerVersions"]
        self.assertEqual([v["Version"] for v in versions], [2, 1])
        versions = self.lam.list_layer_versions(LayerName="api-layer", CompatibleRuntime="python3.12")["LayerVersions"]
        self.assertEqual([v["Version"] for v in versions], [1])
        page = self.lam.list_layer_versions(LayerName="api-layer", MaxItems=1)
        self.assertEqual(len(page["LayerVersions"]), 1)
        page = self.lam.list_layer_versions(LayerName="api-layer", MaxItems=1, Marker=page["NextMarker"])
        self.assertEqual(page["LayerVersions"][0]["Version"], 1)
        layers = {l["LayerName"]: l for l in self.lam.list_layers(CompatibleRuntime="python3.12")["Layers"]}
        self.assertEqual(layers["api-layer"]["LatestMatchingVersion"]["Version"], 1)
        layers = {l["LayerName"]: l for l in self.lam.list_layers()["Layers"]}
        self.assertEqual(layers["api-layer"]["LatestMatchingVersion"]["Version"], 2)
        self.assertEqual(layers["api-layer"]["LayerArn"], out["LayerArn"])
        self.lam.delete_layer_version(LayerName="api-layer", VersionNumber=2)
        self.lam.delete_layer_version(LayerName="api-layer", VersionNumber=2)  # idempotent
        self.assertEqual(error_of(self.lam.get_layer_version, LayerName="api-layer", VersionNumber=2),
                         (404, "ResourceNotFoundException", "The resource you requested does not exist."))

    def test_layer_errors(self):
        status, code, message = error_of(self.lam.get_layer_version_by_arn,
                                         Arn=f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:nope:3")
        self.assertEqual((status, code, message), (404, "ResourceNotFoundException", "The resource you requested does not exist."))
        status, code, _ = error_of(self.lam.publish_layer_version, LayerName="s3-layer",
                                   Content={"S3Bucket": "bucket", "S3Key": "key.zip"})
        self.assertEqual((status, code), (400, "InvalidParameterValueException"))
        status, code, message = error_of(self.publish, name="too-many", CompatibleRuntimes=["python3.12"] * 16)
        self.assertEqual((status, code), (400, "ValidationException"))
        self.assertIn("Member must have length less than or equal to 15", message)

    def test_layer_version_permissions(self):
        arn = self.publish("shared-layer")["LayerVersionArn"]
        self.assertEqual(error_of(self.lam.get_layer_version_policy, LayerName="shared-layer", VersionNumber=1),
                         (404, "ResourceNotFoundException", "No policy is associated with the given resource."))
        out = self.lam.add_layer_version_permission(LayerName="shared-layer", VersionNumber=1, StatementId="xaccount",
                                                    Action="lambda:GetLayerVersion", Principal="111122223333")
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual(json.loads(out["Statement"]), {
            "Sid": "xaccount", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "lambda:GetLayerVersion", "Resource": arn})
        policy = self.lam.get_layer_version_policy(LayerName="shared-layer", VersionNumber=1)
        self.assertEqual(policy["RevisionId"], out["RevisionId"])
        document = json.loads(policy["Policy"])
        self.assertEqual(document["Version"], "2012-10-17")
        self.assertEqual(document["Id"], "default")
        status, code, message = error_of(self.lam.add_layer_version_permission, LayerName="shared-layer", VersionNumber=1,
                                         StatementId="xaccount", Action="lambda:GetLayerVersion", Principal="*")
        self.assertEqual((status, code), (409, "ResourceConflictException"))
        self.assertEqual(message, "The statement id (xaccount) provided already exists. Please provide a new statement id, "
                                  "or remove the existing statement.")
        status, code, _ = error_of(self.lam.add_layer_version_permission, LayerName="shared-layer", VersionNumber=1,
                                   StatementId="org", Action="lambda:GetLayerVersion", Principal="*", RevisionId="stale")
        self.assertEqual((status, code), (412, "PreconditionFailedException"))
        out = self.lam.add_layer_version_permission(LayerName="shared-layer", VersionNumber=1, StatementId="org",
                                                    Action="lambda:GetLayerVersion", Principal="*",
                                                    OrganizationId="o-abcdefghij", RevisionId=out["RevisionId"])
        self.assertEqual(json.loads(out["Statement"])["Condition"], {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}})
        self.assertEqual(error_of(self.lam.remove_layer_version_permission, LayerName="shared-layer", VersionNumber=1,
                                  StatementId="nope"),
                         (404, "ResourceNotFoundException", "Statement nope is not found in resource policy."))
        response = self.lam.remove_layer_version_permission(LayerName="shared-layer", VersionNumber=1, StatementId="org")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 204)
        statements = json.loads(self.lam.get_layer_version_policy(LayerName="shared-layer", VersionNumber=1)["Policy"])["Statement"]
        self.assertEqual([s["Sid"] for s in statements], ["xaccount"])
        status, code, message = error_of(self.lam.add_layer_version_permission, LayerName="shared-layer", VersionNumber=5,
                                         StatementId="s", Action="lambda:GetLayerVersion", Principal="*")
        self.assertEqual((status, code), (404, "ResourceNotFoundException"))
        self.assertEqual(message, f"Layer version arn:aws:lambda:us-east-1:{ACCOUNT}:layer:shared-layer:5 does not exist.")

    def test_functions_reference_layers(self):
        layer = self.publish("fn-layer")
        out = self.create_function("uses-layer", Layers=[layer["LayerVersionArn"]])
        self.assertEqual(out["Layers"], [{"Arn": layer["LayerVersionArn"], "CodeSize": layer["Content"]["CodeSize"]}])
        config = self.lam.get_function_configuration(FunctionName="uses-layer")
        self.assertEqual(config["Layers"][0]["Arn"], layer["LayerVersionArn"])
        missing = f"arn:aws:lambda:us-east-1:{ACCOUNT}:layer:fn-layer:99"
        self.assertEqual(error_of(self.create_function, name="bad-layer", Layers=[missing]),
                         (400, "InvalidParameterValueException", f"Layer version {missing} does not exist."))
        self.assertEqual(error_of(self.lam.update_function_configuration, FunctionName="uses-layer", Layers=[missing]),
                         (400, "InvalidParameterValueException", f"Layer version {missing} does not exist."))
        status, code, _ = error_of(self.create_function, name="six-layers", Layers=[layer["LayerVersionArn"]] * 6)
        self.assertEqual((status, code), (400, "InvalidParameterValueException"))

    def test_function_permissions(self):
        arn = self.create_function("guarded")["FunctionArn"]
        self.assertEqual(error_of(self.lam.get_policy, FunctionName="guarded"),
                         (404, "ResourceNotFoundException", "The resource you requested does not exist."))
        out = self.lam.add_permission(FunctionName="guarded", StatementId="s3invoke", Action="lambda:InvokeFunction",
                                      Principal="s3.amazonaws.com", SourceArn="arn:aws:s3:::my-bucket",
                                      SourceAccount="111122223333")
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual(json.loads(out["Statement"]), {
            "Sid": "s3invoke", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "lambda:InvokeFunction", "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceAccount": "111122223333"},
                          "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::my-bucket"}}})
        self.lam.add_permission(FunctionName="guarded", StatementId="url", Action="lambda:InvokeFunctionUrl",
                                Principal="*", FunctionUrlAuthType="NONE")
        policy = self.lam.get_policy(FunctionName="guarded")
        document = json.loads(policy["Policy"])
        self.assertEqual((document["Version"], document["Id"]), ("2012-10-17", "default"))
        self.assertEqual([s["Sid"] for s in document["Statement"]], ["s3invoke", "url"])
        self.assertEqual(document["Statement"][1]["Condition"], {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}})
        status, code, message = error_of(self.lam.add_permission, FunctionName="guarded", StatementId="s3invoke",
                                         Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
        self.assertEqual((status, code), (409, "ResourceConflictException"))
        self.assertEqual(message, "The statement id (s3invoke) provided already exists. Please provide a new statement id, "
                                  "or remove the existing statement.")
        status, code, _ = error_of(self.lam.remove_permission, FunctionName="guarded", StatementId="url", RevisionId="stale")
        self.assertEqual((status, code), (412, "PreconditionFailedException"))
        self.assertEqual(error_of(self.lam.remove_permission, FunctionName="guarded", StatementId="nope"),
                         (404, "ResourceNotFoundException", "Statement nope is not found in resource policy."))
        status, code, _ = error_of(self.lam.add_permission, FunctionName="missing-fn", StatementId="x",
                                   Action="lambda:InvokeFunction", Principal="*")
        self.assertEqual((status, code), (404, "ResourceNotFoundException"))
        self.lam.publish_version(FunctionName="guarded")
        out = self.lam.add_permission(FunctionName="guarded", Qualifier="1", StatementId="v1", Action="lambda:InvokeFunction",
                                      Principal="111122223333")
        self.assertEqual(json.loads(out["Statement"])["Resource"], arn + ":1")
        self.assertEqual(json.loads(out["Statement"])["Principal"], {"AWS": "arn:aws:iam::111122223333:root"})
        self.assertEqual(len(json.loads(self.lam.get_policy(FunctionName="guarded", Qualifier="1")["Policy"])["Statement"]), 1)
        response = self.lam.remove_permission(FunctionName="guarded", StatementId="url",
                                              RevisionId=self.lam.get_policy(FunctionName="guarded")["RevisionId"])
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 204)

    def test_function_url_configs(self):
        arn = self.create_function("web")["FunctionArn"]
        out = self.lam.create_function_url_config(FunctionName="web", AuthType="NONE",
                                                  Cors={"AllowOrigins": ["https://example.com"], "MaxAge": 60})
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertRegex(out["FunctionUrl"], r"^http://[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:%d/$" % self.host.port)
        self.assertEqual(out["FunctionArn"], arn)
        self.assertEqual(out["AuthType"], "NONE")
        self.assertEqual(out["InvokeMode"], "BUFFERED")
        self.assertEqual(out["Cors"], {"AllowOrigins": ["https://example.com"], "MaxAge": 60})
        status, code, message = error_of(self.lam.create_function_url_config, FunctionName="web", AuthType="NONE")
        self.assertEqual((status, code), (409, "ResourceConflictException"))
        self.assertEqual(message, f"Failed to create function url config for [functionArn = {arn}]. "
                                  "Error message:  FunctionUrlConfig exists for this Lambda function")
        got = self.lam.get_function_url_config(FunctionName="web")
        self.assertEqual(got["FunctionUrl"], out["FunctionUrl"])
        self.assertIn("LastModifiedTime", got)
        updated = self.lam.update_function_url_config(FunctionName="web", AuthType="AWS_IAM")
        self.assertEqual(updated["AuthType"], "AWS_IAM")
        self.lam.create_alias(FunctionName="web", Name="live", FunctionVersion="$LATEST")
        aliased = self.lam.create_function_url_config(FunctionName="web", Qualifier="live", AuthType="NONE")
        self.assertEqual(aliased["FunctionArn"], arn + ":live")
        urls = self.lam.list_function_url_configs(FunctionName="web")["FunctionUrlConfigs"]
        self.assertEqual(len(urls), 2)
        status, code, _ = error_of(self.lam.create_function_url_config, FunctionName="web", Qualifier="nope", AuthType="NONE")
        self.assertEqual((status, code), (404, "ResourceNotFoundException"))
        status, code, _ = error_of(self.lam.get_function_url_config, FunctionName="missing-fn")
        self.assertEqual((status, code), (404, "ResourceNotFoundException"))
        response = self.lam.delete_function_url_config(FunctionName="web")
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 204)
        self.assertEqual(error_of(self.lam.get_function_url_config, FunctionName="web"),
                         (404, "ResourceNotFoundException", "The resource you requested does not exist."))
        self.assertEqual(error_of(self.lam.delete_function_url_config, FunctionName="web")[1], "ResourceNotFoundException")
        status, _, _ = error_of(self.lam.create_function_url_config, FunctionName="web", AuthType="BASIC")
        self.assertEqual(status, 400)

    def test_unknown_function_url_is_404(self):
        status, _, _ = self.host.request("GET", "/", headers={
            "Host": "0123456789abcdef0123456789abcdef.lambda-url.us-east-1.localhost:%d" % self.host.port})
        self.assertEqual(status, 404)


LIBRARY = "GREETING = 'hello from a layer'\n"
USES_LIBRARY = """
import json, mylib
def handler(event, context):
    return {"greeting": mylib.GREETING}
"""
WEB = """
import json, mylib
def handler(event, context):
    if event.get("rawPath") == "/plain":
        return ["not", "an", "object"]
    return {"statusCode": 201, "headers": {"X-Custom": "yes"}, "cookies": ["session=abc"],
            "body": json.dumps({"greeting": mylib.GREETING, "event": event})}
"""


class Run(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(ARGS.mapping) as mapping:
            env = {"LAMBDA_RUNTIME_IMAGE_MAPPING": mapping.read(), "LAMBDA_RUNTIME_EXECUTOR": "docker",
                   "LAMBDA_SYNCHRONOUS_CREATE": "1"}
        cls.host = LocalEmuHost(ARGS.localemu, env=env)
        cls.lam = cls.host.client("lambda")
        cls.layer = cls.lam.publish_layer_version(
            LayerName="pylib", Content={"ZipFile": zip_bytes({"python/mylib.py": LIBRARY})},
            CompatibleRuntimes=["python3.12"])["LayerVersionArn"]

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def create(self, name, code):
        self.lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                 Code={"ZipFile": zip_bytes({"app.py": code})}, Layers=[self.layer])
        self.lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 300})

    def test_function_imports_a_module_of_its_layer(self):
        self.create("layered", USES_LIBRARY)
        response = self.lam.invoke(FunctionName="layered", Payload=b"{}")
        payload = response["Payload"].read()
        self.assertNotIn("FunctionError", response, payload)
        self.assertEqual(json.loads(payload), {"greeting": "hello from a layer"})

    def test_function_url_invokes_the_function(self):
        self.create("webfn", WEB)
        url = self.lam.create_function_url_config(
            FunctionName="webfn", AuthType="NONE",
            Cors={"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET", "POST"], "MaxAge": 30})["FunctionUrl"]
        host = re.match(r"^http://([^/]+)/$", url).group(1)
        request = urllib.request.Request(self.host.url + "/some/path?a=1&b=x%20y", data=b'{"in":1}', method="POST",
                                         headers={"Host": host, "Content-Type": "application/json",
                                                  "Cookie": "c1=v1; c2=v2", "Origin": "https://example.com"})
        with urllib.request.urlopen(request, timeout=60) as response:
            self.assertEqual(response.status, 201)
            self.assertEqual(response.headers["X-Custom"], "yes")
            self.assertEqual(response.headers["Set-Cookie"], "session=abc")
            self.assertEqual(response.headers["Access-Control-Allow-Origin"], "https://example.com")
            body = json.loads(response.read())
        self.assertEqual(body["greeting"], "hello from a layer")
        event = body["event"]
        self.assertEqual(event["version"], "2.0")
        self.assertEqual(event["routeKey"], "$default")
        self.assertEqual(event["rawPath"], "/some/path")
        self.assertEqual(event["rawQueryString"], "a=1&b=x%20y")
        self.assertEqual(event["queryStringParameters"], {"a": "1", "b": "x y"})
        self.assertEqual(event["cookies"], ["c1=v1", "c2=v2"])
        self.assertEqual(event["body"], '{"in":1}')
        self.assertFalse(event["isBase64Encoded"])
        context = event["requestContext"]
        self.assertEqual(context["http"]["method"], "POST")
        self.assertEqual(context["http"]["path"], "/some/path")
        self.assertEqual(context["stage"], "$default")
        self.assertEqual(context["domainPrefix"], host.split(".")[0])
        self.assertEqual(context["accountId"], "anonymous")

        request = urllib.request.Request(self.host.url + "/plain", headers={"Host": host})
        with urllib.request.urlopen(request, timeout=60) as response:
            self.assertEqual(response.status, 200)
            self.assertEqual(json.loads(response.read()), ["not", "an", "object"])

        preflight = urllib.request.Request(self.host.url + "/", method="OPTIONS", headers={
            "Host": host, "Origin": "https://example.com", "Access-Control-Request-Method": "POST"})
        with urllib.request.urlopen(preflight, timeout=60) as response:
            self.assertEqual(response.status, 200)
            self.assertEqual(response.headers["Access-Control-Allow-Methods"], "GET,POST")
            self.assertEqual(response.headers["Access-Control-Max-Age"], "30")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--localemu", required=True)
    parser.add_argument("--mapping")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
