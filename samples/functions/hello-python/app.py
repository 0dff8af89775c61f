"""The quick-start function: what scripts/run.sh deploys and invokes."""
import json
import os


def handler(event, context):
    print(f"hello from {context.function_name} ({os.environ['AWS_EXECUTION_ENV']}), event: {json.dumps(event)}")
    return {"statusCode": 200, "body": "hello from LocalEmu"}
