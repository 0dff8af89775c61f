#!/usr/bin/env bash
# Event-source mapping latency: SendMessage leaving the client -> the function's
# handler running (the handler stamps time.time() on entry and reports it on a
# second queue; containers share the host's clock), N messages one at a time
# through an enabled SQS mapping (BatchSize 1, no batching window), p50/p99,
# beside two baselines measured in the same run with the same raw-HTTP client:
#   - a direct synchronous Invoke of the same function (request sent -> handler entry)
#   - an SQS send -> ReceiveMessage long-poll wake-up (another connection waiting)
#
#   bash bench/esm/run.sh <build-dir> [--messages 200] [--gap-ms 20]
# Needs the test images (scripts/build-test-images.sh <build-dir>) and a Docker engine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
shift
messages=200 gap_ms=20
while [[ $# -gt 0 ]]; do
  case $1 in
    --messages) messages=$2 ;;
    --gap-ms) gap_ms=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
mapping=$build/test-images.json
[[ -f $mapping ]] || bash "$root/scripts/build-test-images.sh" "$build" >/dev/null

echo "commit $(git -C "$root" rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
LOCALEMU_ROOT=$root exec python3 - "$build" "$mapping" "$messages" "$gap_ms" <<'PY'
import http.client, json, os, sys, threading, time
build, mapping, messages, gap = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) / 1000
sys.path.insert(0, os.path.join(os.environ["LOCALEMU_ROOT"], "tests", "support", "python"))
from localemu_harness import LocalEmuHost, wait_until, zip_bytes

# Stamps its entry time, then reports it on OUT_QUEUE_URL (raw HTTP, no SDK import).
HANDLER = """
import json, os, time, urllib.request
AUTH = "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"
def handler(event, context):
    t = time.time()
    ids = [r["body"] for r in event["Records"]] if "Records" in event else [event["id"]]
    body = json.dumps({"QueueUrl": os.environ["OUT_QUEUE_URL"], "MessageBody": json.dumps({"ids": ids, "t": t})})
    request = urllib.request.Request(os.environ["AWS_ENDPOINT_URL"] + "/", data=body.encode(), headers={
        "X-Amz-Target": "AmazonSQS.SendMessage", "Content-Type": "application/x-amz-json-1.0", "Authorization": AUTH})
    urllib.request.urlopen(request).read()
    return {}
"""
AUTH = {"lambda": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0",
        "sqs": "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"}


class Client:
    """One keep-alive connection; requests are built before the clock starts."""
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)

    def sqs(self, op, payload, stamp=None):
        body = json.dumps(payload)
        headers = {"X-Amz-Target": "AmazonSQS." + op, "Content-Type": "application/x-amz-json-1.0",
                   "Authorization": AUTH["sqs"]}
        return self._send("POST", "/", body, headers, stamp)

    def invoke(self, function, payload, stamp=None):
        return self._send("POST", f"/2015-03-31/functions/{function}/invocations", json.dumps(payload),
                          {"Content-Type": "application/json", "Authorization": AUTH["lambda"]}, stamp)

    def _send(self, method, path, body, headers, stamp):
        if stamp is not None:
            stamp.append(time.time())
        self.conn.request(method, path, body, headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{path} {response.status}: {data[:300]}")
        return json.loads(data) if data else {}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(name, values):
    ms = [v * 1000 for v in values]
    return name, percentile(ms, 50), percentile(ms, 99), len(ms)


host = LocalEmuHost(os.path.join(build, "bin", "localemu"),
                    env={"LAMBDA_RUNTIME_IMAGE_MAPPING": open(mapping).read(), "LOCALEMU_LOG_LEVEL": "warn"})
try:
    lam, sqs = host.client("lambda"), host.client("sqs")
    in_url = sqs.create_queue(QueueName="esm-bench-in")["QueueUrl"]
    out_url = sqs.create_queue(QueueName="esm-bench-out")["QueueUrl"]
    rt_url = sqs.create_queue(QueueName="esm-bench-rt")["QueueUrl"]
    in_arn = sqs.get_queue_attributes(QueueUrl=in_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    lam.create_function(FunctionName="esm-bench", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                        Handler="app.handler", Code={"ZipFile": zip_bytes({"app.py": HANDLER})}, Timeout=30,
                        Environment={"Variables": {"OUT_QUEUE_URL": out_url}})
    lam.get_waiter("function_active_v2").wait(FunctionName="esm-bench", WaiterConfig={"Delay": 0.1})
    client, receiver = Client(host.port), Client(host.port)

    def handler_time(expected):
        while True:
            got = receiver.sqs("ReceiveMessage", {"QueueUrl": out_url, "WaitTimeSeconds": 10, "MaxNumberOfMessages": 1})
            for m in got.get("Messages", []):
                receiver.sqs("DeleteMessage", {"QueueUrl": out_url, "ReceiptHandle": m["ReceiptHandle"]})
                report = json.loads(m["Body"])
                if str(expected) in report["ids"]:
                    return report["t"]
            if not got.get("Messages"):
                raise RuntimeError(f"message {expected} never reached the handler")

    # Baseline 1: direct synchronous Invoke, request sent -> handler entry.
    invoke = []
    for i in range(-5, messages):
        stamp = []
        client.invoke("esm-bench", {"id": str(i)}, stamp)
        t = handler_time(i)
        if i >= 0:
            invoke.append(t - stamp[0])
        time.sleep(gap)

    # Baseline 2: SQS send -> a waiting ReceiveMessage returns (another connection).
    wake = []
    for i in range(-5, messages):
        got = {}
        def wait():
            got["r"] = receiver.sqs("ReceiveMessage", {"QueueUrl": rt_url, "WaitTimeSeconds": 10})
            got["t"] = time.time()
        thread = threading.Thread(target=wait)
        thread.start()
        time.sleep(0.005)
        stamp = []
        client.sqs("SendMessage", {"QueueUrl": rt_url, "MessageBody": str(i)}, stamp)
        thread.join()
        receiver.sqs("DeleteMessage", {"QueueUrl": rt_url, "ReceiptHandle": got["r"]["Messages"][0]["ReceiptHandle"]})
        if i >= 0:
            wake.append(got["t"] - stamp[0])
        time.sleep(gap)

    # The mapping: SendMessage leaving the client -> handler entry.
    uuid = lam.create_event_source_mapping(EventSourceArn=in_arn, FunctionName="esm-bench", BatchSize=1,
                                           MaximumBatchingWindowInSeconds=0)["UUID"]
    wait_until(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] == "Enabled", timeout=30, interval=0.1)
    esm = []
    for i in range(-5, messages):
        stamp = []
        client.sqs("SendMessage", {"QueueUrl": in_url, "MessageBody": str(i)}, stamp)
        t = handler_time(i)
        if i >= 0:
            esm.append(t - stamp[0])
        time.sleep(gap)
finally:
    host.stop()

rows = [summary("SQS mapping: SendMessage -> handler", esm),
        summary("baseline: Invoke -> handler", invoke),
        summary("baseline: SendMessage -> waiting ReceiveMessage", wake)]
print(f"{'path':48} {'p50 ms':>8} {'p99 ms':>8} {'n':>5}")
for name, p50, p99, n in rows:
    print(f"{name:48} {p50:8.2f} {p99:8.2f} {n:5d}")
print(f"mapping / Invoke p50: {rows[0][1] / rows[1][1]:.2f}x; mapping p50 {rows[0][1]:.2f} ms vs "
      f"Invoke + wake-up p50 {rows[1][1] + rows[2][1]:.2f} ms (the mapping's path is a long-poll wake-up, then an invoke)")
PY
