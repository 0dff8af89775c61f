"""Shared harness for LocalEmu's python integration tests.

Starts the real `localemu` executable on a free loopback port with the
configuration a test asks for, waits until /_localemu/health answers, hands
out boto3 clients pointed at it, and stops it with SIGTERM (or SIGKILL).

    host = LocalEmuHost(localemu="build/bin/localemu", env={"SERVICES": "lambda"})
    lam = host.client("lambda")
    ...
    host.stop()

Only the standard library and boto3 (python3 on these machines ships it).
"""
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import zipfile


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """moto_server, the peer the benchmarks compare against, on a free loopback port.

        with MotoServer() as moto:
            ... http://127.0.0.1:{moto.port} ...
    """

    def __init__(self, timeout=30):
        self.port = free_port()
        self.process = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                if time.time() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("moto_server did not start")
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def zip_bytes(files):
    """A deployment package from {name: text or bytes}; names ending in 'bootstrap' are executable."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if name.endswith("bootstrap") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


class LocalEmuHost:
    """One run of the localemu executable."""

    def __init__(self, localemu, env=None, port=None, plugin_path=None, wait=True, log_path=None):
        self.localemu = localemu
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        base = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "GATEWAY_LISTEN": f"127.0.0.1:{self.port}",
        }
        if plugin_path:
            base["LOCALEMU_PLUGIN_PATH"] = plugin_path
        base.update(env or {})
        self.env = base
        self.log_path = log_path or tempfile.mktemp(prefix="localemu-", suffix=".log")
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([localemu], env=base, stdout=self._log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_healthy()

    def output(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def request(self, method, path, body=None, headers=None, timeout=30):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def health(self):
        status, _, body = self.request("GET", "/_localemu/health", timeout=2)
        return json.loads(body) if status == 200 else None

    def wait_healthy(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"localemu exited with {self.proc.returncode}:\n{self.output()}")
            try:
                if self.health():
                    return
            except OSError:
                pass
            time.sleep(0.01)
        raise RuntimeError(f"localemu was not healthy within {timeout}s:\n{self.output()}")

    def client(self, service, region="us-east-1", **config):
        import boto3
        from botocore.config import Config

        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 0}, read_timeout=120, **config),
        )

    def stop(self, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def error_response(call, *args, **kwargs):
    """botocore's parsed response of an AWS error a boto3 call must raise."""
    from botocore.exceptions import ClientError

    try:
        call(*args, **kwargs)
    except ClientError as e:
        return e.response
    raise AssertionError(f"{getattr(call, '__name__', call)} succeeded; an error was expected")


def error_of(call, *args, **kwargs):
    """(HTTP status, error code, message) of an AWS error a boto3 call must raise."""
    r = error_response(call, *args, **kwargs)
    return r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"], r["Error"]["Message"]


def docker(*args):
    """Runs the docker CLI (tests only inspect the engine with it) and returns stdout."""
    return subprocess.run(["docker", *args], check=True, capture_output=True, text=True).stdout


def containers(label_filter):
    """Ids of containers (running or not) carrying `label_filter` ("key=value")."""
    return [line for line in docker("ps", "-aq", "--filter", f"label={label_filter}").split() if line]


def wait_until(predicate, timeout=30, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
