"""LocalEmu's Lambda Runtime API client for Python (standard library only).

Started by client.py (`python3 client.py <handler>`): by ./bootstrap, the
/var/runtime/bootstrap of the LocalEmu python test image, and by the local
executor (`python3 -S client.py <handler>`). It loads the handler named by
$_HANDLER (else argv[1]), then loops on the Runtime API at
$AWS_LAMBDA_RUNTIME_API ("host:port", optionally followed by a path prefix:
"host:port/prefix"), behaving as AWS's own client (awslambdaric and the
images' bootstrap.py) does:

- sys.path as the official bootstrap.py sets it: $LAMBDA_TASK_ROOT first;
  without PYTHONPATH, /opt/python/lib/python3.X/site-packages, /opt/python and
  /var/lang/lib/python3.X/site-packages follow (with PYTHONPATH -- the local
  executor sets it to the code and layer folders -- those come from it);
  .pth files of the task root (and of the /opt folders) are processed;
  PYTHONPATH is set to $LAMBDA_RUNTIME_DIR for child processes when unset.
  The working directory is $LAMBDA_TASK_ROOT. Started with -S (no `site`),
  the interpreter's site-packages are appended as `site` would, with the path
  lines of their .pth files but without running their `import` lines.
- Init failures go to POST /runtime/init/error with the errorType as the
  Lambda-Runtime-Function-Error-Type header (Runtime.ImportModuleError,
  Runtime.HandlerNotFound, Runtime.MalformedHandlerName, ...), then exit(1).
- An event whose Content-Type is other than application/json reaches the
  handler as bytes; results are JSON-encoded (bytes are sent as they are,
  with Content-Type application/unknown).
- Handler errors go to POST /runtime/invocation/{id}/error with
  Lambda-Runtime-Function-Error-Type: Unhandled and the body
  {"errorMessage", "errorType", "requestId", "stackTrace"}, after the
  "[ERROR] Type: message" log line.
- _X_AMZN_TRACE_ID follows Lambda-Runtime-Trace-Id of each invoke; stdout
  and stderr are unbuffered; the root logger writes
  "[LEVEL]\\t<UTC time>Z\\t<request id>\\t<message>", or JSON objects with
  AWS_LAMBDA_LOG_FORMAT=JSON; AWS_LAMBDA_LOG_LEVEL sets the root logger's level.

Start-up cost is the point of this module's shape: it imports only built-in
modules (os, time, _socket, _json) and speaks HTTP/1.1 itself over one
keep-alive socket. `logging` is configured when something first imports it
(an import hook), and traceback, json and decimal are imported only on the
paths that need them.
"""

import os
import sys
import time

import _socket

try:
    import _json
except ImportError:  # not CPython: the json package does the same, slower to import
    _json = None

ERROR_LOG_LINE_TERMINATE = "\r"
ERROR_LOG_IDENT = "\u00a0"
ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
XRAY_ERROR_HEADER = "Lambda-Runtime-Function-XRay-Error-Cause"
UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, "
    "or can be applied automatically. To determine if the runtime has been updated, check the "
    "runtime version in the INIT_START log entry. If this error correlates with a change in the "
    "runtime version, you may be able to mitigate this error by temporarily rolling back to the "
    "previous runtime version. For more information, see "
    "https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)
_CLIENT_FILES = {__file__, os.path.join(os.path.dirname(__file__), "client.py")}


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"
    LAMBDA_CONTEXT_UNMARSHAL_ERROR = "Runtime.LambdaContextUnmarshalError"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


# ---------------------------------------------------------------- Runtime API


class HttpError(Exception):
    pass


class RuntimeApi:
    """HTTP/1.1 to the Runtime API over one keep-alive connection."""

    def __init__(self, address):
        hostport, slash, prefix = address.partition("/")
        host, colon, port = hostport.rpartition(":")
        if not colon or not port.isdigit():
            host, port = hostport, "80"
        self.hostport = hostport
        self.host = host.strip("[]") or "localhost"
        self.port = int(port)
        self.base = ("/" + prefix.strip("/") if slash and prefix.strip("/") else "") + "/2018-06-01/runtime"
        self.sock = None
        self.buffer = b""

    def _connect(self):
        # bytes: a str host name would be IDNA-encoded, which imports encodings.idna, re, unicodedata
        host = self.host.encode("ascii", "ignore") if self.host.isascii() else self.host
        error = None
        for family, kind, proto, _, address in _socket.getaddrinfo(host, self.port, 0, _socket.SOCK_STREAM):
            sock = _socket.socket(family, kind, proto)
            try:
                sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
                sock.connect(address)
            except OSError as e:
                sock.close()
                error = e
                continue
            self.sock = sock
            self.buffer = b""
            return
        raise error if error is not None else OSError("no address for %r" % self.host)

    def _close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.buffer = b""

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise HttpError("the Runtime API closed the connection")
        self.buffer += chunk

    def _read_until(self, marker):
        while True:
            end = self.buffer.find(marker)
            if end >= 0:
                data, self.buffer = self.buffer[:end], self.buffer[end + len(marker):]
                return data
            self._fill()

    def _read_exactly(self, size):
        while len(self.buffer) < size:
            self._fill()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def _read_response(self):
        head = self._read_until(b"\r\n\r\n").decode("latin-1").split("\r\n")
        status = head[0].split(" ", 2)
        if len(status) < 2 or not status[0].startswith("HTTP/") or not status[1].isdigit():
            raise HttpError("bad status line %r" % head[0])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = b""
            while True:
                size = int(self._read_until(b"\r\n").split(b";")[0].strip(), 16)
                if size == 0:
                    while self._read_until(b"\r\n"):
                        pass
                    break
                body += self._read_exactly(size)
                self._read_until(b"\r\n")
        elif "content-length" in headers:
            body = self._read_exactly(int(headers["content-length"]))
        else:
            try:
                while True:
                    self._fill()
            except HttpError:
                pass
            body, self.buffer = self.buffer, b""
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close" or status[0] == "HTTP/1.0":
            self._close()
        return int(status[1]), headers, body

    def _request(self, method, path, body=b"", headers=()):
        head = "%s %s%s HTTP/1.1\r\nHost: %s\r\n" % (method, self.base, path, self.hostport)
        for name, value in headers:
            head += "%s: %s\r\n" % (name, value)
        if method != "GET":
            head += "Content-Length: %d\r\n" % len(body)
        request = (head + "\r\n").encode("latin-1") + body
        for attempt in (0, 1):
            reused = self.sock is not None
            if not reused:
                self._connect()
            try:
                self.sock.sendall(request)
                return self._read_response()
            except (OSError, HttpError):
                self._close()
                if attempt == 1 or not reused:
                    raise
        raise AssertionError("unreachable")

    def next(self):
        status, headers, body = self._request("GET", "/invocation/next")
        if status != 200:
            raise RuntimeError("Failed to get next invocation: HTTP %d %r" % (status, body[:200]))
        return headers, body

    def post_result(self, request_id, body, content_type):
        self._request("POST", "/invocation/%s/response" % request_id, body, (("Content-Type", content_type),))

    def post_error(self, request_id, error, xray_fault):
        headers = [("Content-Type", "application/json"), (ERROR_TYPE_HEADER, "Unhandled")]
        xray = to_json(xray_fault)
        if len(xray.encode()) < 1024 * 1024:
            headers.append((XRAY_ERROR_HEADER, xray))
        self._request("POST", "/invocation/%s/error" % request_id, to_json(error).encode(), headers)

    def post_init_error(self, error):
        headers = (("Content-Type", "application/json"), (ERROR_TYPE_HEADER, error["errorType"]))
        self._request("POST", "/init/error", to_json(error).encode(), headers)


# ---------------------------------------------------------------- JSON
#
# json.loads / json.dumps as the json package runs them (its own C scanner and
# encoder, the same arguments), without importing the package (and `re`) at
# start-up. Anything unusual -- an error to report, a BOM, another encoding --
# is left to the json package itself, so results and messages are its own.

_WHITESPACE = " \t\n\r"


class _DecoderContext:
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__


_scan_once = _json.make_scanner(_DecoderContext()) if _json is not None else None


def json_loads(data):
    if _scan_once is not None:
        try:
            text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
            start = len(text) - len(text.lstrip(_WHITESPACE))
            value, end = _scan_once(text, start)
            if not text[end:].strip(_WHITESPACE):
                return value
        except Exception:
            pass
    import json

    return json.loads(data)


def _default(o):
    decimal = sys.modules.get("decimal")
    if decimal is not None and isinstance(o, decimal.Decimal):
        if o.is_nan():
            return float("nan")
        return int(o) if o == o.to_integral_value() else float(o)
    raise TypeError("Object of type %s is not JSON serializable" % o.__class__.__name__)


def to_json(obj, ensure_ascii=True):
    if _json is not None:
        string = _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring
        if isinstance(obj, str):
            return string(obj)
        encoder = _json.make_encoder({}, _default, string, None, ": ", ", ", False, False, True)
        return "".join(encoder(obj, 0))
    import json

    return json.JSONEncoder(ensure_ascii=ensure_ascii, default=_default).encode(obj)


def unmarshal_event(body, content_type):
    if content_type is not None and content_type.split(";")[0].strip() != "application/json":
        return body
    try:
        return json_loads(body)
    except Exception as e:
        raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)), None)


def marshal_response(response):
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        return to_json(response).encode(), "application/json"
    except Exception as e:
        raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)), None)


# ---------------------------------------------------------------- context


def _make_obj(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field))
    return obj


class CognitoIdentity:
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client:
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext:
    __slots__ = ["custom", "env", "client"]


class LambdaContext:
    def __init__(self, request_id, client_context, cognito_identity, deadline_ms, invoked_function_arn):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.client_context = _make_obj(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _make_obj(Client, self.client_context.client)
        self.identity = _make_obj(CognitoIdentity, {})
        if cognito_identity is not None:
            self.identity.cognito_identity_id = cognito_identity.get("cognitoIdentityId")
            self.identity.cognito_identity_pool_id = cognito_identity.get("cognitoIdentityPoolId")
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        delta = self._deadline_ms - int(time.time() * 1000)
        return delta if delta > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))


def _parse_json_header(value, name):
    try:
        return json_loads(value)
    except Exception as e:
        raise FaultException(
            FaultException.LAMBDA_CONTEXT_UNMARSHAL_ERROR, "Unable to parse {} JSON: {}".format(name, str(e)), None
        )


# ---------------------------------------------------------------- logging


class Unbuffered:
    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, attr):
        return getattr(self.stream, attr)

    def write(self, msg):
        self.stream.write(msg)
        self.stream.flush()

    def writelines(self, msgs):
        self.stream.writelines(msgs)
        self.stream.flush()


_current_request_id = ""
JSON_LOGS = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"
_RESERVED_FIELDS = {
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text",
    "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "aws_request_id", "tenant_id", "_frame_type", "taskName",
}


def setup_logging(logging):
    """The root logger as awslambdaric sets it up, on the freshly imported `logging` module."""

    class RequestIdFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = _current_request_id
            return True

    class StdoutHandler(logging.Handler):
        def emit(self, record):
            sys.stdout.write(self.format(record))

    class JsonFormatter(logging.Formatter):
        """AWS_LAMBDA_LOG_FORMAT=JSON: one JSON object per record, as awslambdaric writes it."""

        def format(self, record):
            record.levelno = min(50, max(0, record.levelno)) // 10 * 10
            record.levelname = logging.getLevelName(record.levelno)
            exc_info = record.exc_info
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            result = {
                "timestamp": "%s.%03dZ" % (stamp, int(record.msecs)),
                "level": record.levelname,
                "message": record.getMessage(),
                "logger": record.name,
                "stackTrace": _format_tb(exc_info[2]) if exc_info else None,
                "errorType": exc_info[0].__name__ if exc_info else None,
                "errorMessage": str(exc_info[1]) if exc_info else None,
                "requestId": getattr(record, "aws_request_id", None),
                "location": "%s:%s:%s" % (record.pathname, record.funcName, record.lineno) if exc_info else None,
            }
            result.update((k, v) for k, v in record.__dict__.items() if k not in _RESERVED_FIELDS and k not in result)
            return to_json({k: v for k, v in result.items() if v is not None}, ensure_ascii=False) + "\n"

    logging.Formatter.converter = time.gmtime
    handler = StdoutHandler()
    if JSON_LOGS:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter(
                "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"
            )
        )
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    level = "DEBUG" if level == "TRACE" else level
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


class _ConfiguringLoader:
    """Wraps the loader of `logging` to set the root logger up right after the module ran."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        setup_logging(module)


class LoggingImportHook:
    """A meta path finder that sees `import logging` (the function's, or a library's) once."""

    @classmethod
    def install(cls):
        if "logging" in sys.modules:
            setup_logging(sys.modules["logging"])
        else:
            sys.meta_path.insert(0, cls)

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "logging":
            return None
        sys.meta_path.remove(cls)
        for finder in sys.meta_path:
            find_spec = getattr(finder, "find_spec", None)
            spec = find_spec(name, path, target) if find_spec is not None else None
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _ConfiguringLoader(spec.loader)
                return spec
        return None


def _reindent(line):
    count = len(line) - len(line.lstrip(" "))
    return ERROR_LOG_IDENT * count + line[count:]


def log_error(error):
    if JSON_LOGS:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        sys.stdout.write(to_json({"timestamp": stamp, "level": "ERROR", **error}) + "\n")
        return
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description]
    stack = error.get("stackTrace")
    if stack is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack:
            if element == "":
                lines.append("")
            else:
                lines.extend(_reindent(line) for line in element.splitlines())
    sys.stdout.write(ERROR_LOG_LINE_TERMINATE.join(lines) + "\n")


# ---------------------------------------------------------------- handler


def make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message if message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _format_tb(tb):
    import traceback

    return traceback.format_tb(tb)


def _user_frames(tb):
    import traceback

    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i, frame in enumerate(frames):
        if frame[0] not in _CLIENT_FILES:
            return frames[i:]
    return frames


def _format_frames(frames):
    import traceback

    return traceback.format_list(frames)


def get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(FaultException.MALFORMED_HANDLER_NAME, "Bad handler '{}': {}".format(handler, str(e)))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                FaultException.BUILT_IN_MODULE_CONFLICT,
                "Cannot use built-in module {} as a handler module".format(modname),
            )
        # importlib.import_module, as AWS's runtime client imports: an exception raised while
        # importing then carries its frames (import_module, <frozen importlib._bootstrap>).
        import importlib

        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            FaultException.IMPORT_MODULE_ERROR, "Unable to import module '{}': {}".format(modname, str(e))
        )
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultException(
            FaultException.USER_CODE_SYNTAX_ERROR, "Syntax error in module '{}': {}".format(modname, str(e)), trace
        )
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException(
            FaultException.HANDLER_NOT_FOUND, "Handler '{}' missing on module '{}'".format(fname, modname), None
        )


def handle_invoke(api, request_handler, headers, body):
    request_id = headers.get("lambda-runtime-aws-request-id")
    xray_fault = None
    error = None
    try:
        client_context = headers.get("lambda-runtime-client-context")
        cognito_identity = headers.get("lambda-runtime-cognito-identity")
        context = LambdaContext(
            request_id,
            _parse_json_header(client_context, "Client Context") if client_context else None,
            _parse_json_header(cognito_identity, "Cognito Identity") if cognito_identity else None,
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
        )
        event = unmarshal_event(body, headers.get("content-type"))
        result, content_type = marshal_response(request_handler(event, context))
    except FaultException as e:
        xray_fault = _xray_fault("LambdaValidationError", e.msg, [])
        error = make_error(e.msg, e.exception_type, e.trace, request_id)
    except Exception:
        etype, value, tb = sys.exc_info()
        frames = _user_frames(tb)
        xray_fault = _xray_fault(etype.__name__, str(value), frames)
        error = make_error(str(value), etype.__name__, _format_frames(frames), request_id)
    if error is not None:
        log_error(error)
        api.post_error(request_id, error, xray_fault)
    else:
        api.post_result(request_id, result, content_type)


def _xray_fault(error_type, message, frames):
    stack = [{"label": name, "path": path, "line": line} for path, line, name, _ in frames]
    return {
        "working_directory": os.getcwd(),
        "exceptions": [{"message": message, "type": error_type, "stack": stack}],
        "paths": sorted({path for path, _, _, _ in frames}),
    }


# ---------------------------------------------------------------- sys.path


def _pth_files(directory):
    try:
        return sorted(name for name in os.listdir(directory) if name.endswith(".pth") and not name.startswith("."))
    except OSError:
        return []


def _add_site_dir(directory):
    """site.addsitedir(directory), importing `site` only when the folder has .pth files."""
    if _pth_files(directory):
        import site

        site.addsitedir(directory)
    elif directory not in sys.path:
        sys.path.append(directory)


def _venv_prefix():
    """site.venv()'s reading of pyvenv.cfg: (the venv's prefix, include-system-site-packages), or (None, True)."""
    exe_dir = os.path.dirname(os.path.abspath(sys.executable))
    for conf in (os.path.join(exe_dir, "pyvenv.cfg"), os.path.join(os.path.dirname(exe_dir), "pyvenv.cfg")):
        if not os.path.isfile(conf):
            continue
        system_site = True
        with open(conf, encoding="utf-8") as f:
            for line in f:
                key, equals, value = line.partition("=")
                if equals and key.strip().lower() == "include-system-site-packages":
                    system_site = value.strip().lower() == "true"
        return os.path.dirname(exe_dir), system_site
    return None, True


def _add_interpreter_site_packages():
    """What `site` adds under -S, in its order: a venv's site-packages (sys.prefix becomes the venv),
    the user's, the interpreter's; with the path lines of their .pth files, not their `import` lines."""
    import site

    prefixes = [sys.prefix] if sys.exec_prefix == sys.prefix else [sys.prefix, sys.exec_prefix]
    user_site = site.check_enableusersite()
    directories = []
    venv, system_site = _venv_prefix()
    if venv is not None:
        sys.prefix = sys.exec_prefix = venv
        directories.extend(site.getsitepackages([venv]))
        if not system_site:
            prefixes, user_site = [], False
    if user_site:
        directories.append(site.getusersitepackages())
    directories.extend(site.getsitepackages(prefixes))
    known = set(sys.path)
    for directory in directories:
        if directory in known or not os.path.isdir(directory):
            continue
        known.add(directory)
        sys.path.append(directory)
        for name in _pth_files(directory):
            try:
                with open(os.path.join(directory, name), encoding="utf-8") as f:
                    lines = f.read().splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for line in lines:
                line = line.rstrip()
                if not line or line.startswith(("#", "import ", "import\t")):
                    continue
                path = os.path.join(directory, line)
                if path not in known and os.path.exists(path):
                    known.add(path)
                    sys.path.append(path)


def setup_path(task_root):
    """sys.path and PYTHONPATH as the official images' bootstrap.py sets them."""
    if sys.flags.no_site:
        _add_interpreter_site_packages()
    pythonpath_set = "PYTHONPATH" in os.environ
    version = "python%d.%d" % sys.version_info[:2]
    opt_site_packages = "/opt/python/lib/%s/site-packages" % version
    if not pythonpath_set:
        sys.path.insert(0, "/var/lang/lib/%s/site-packages" % version)
        sys.path.insert(0, "/opt/python")
        sys.path.insert(0, opt_site_packages)
    sys.path.insert(0, task_root)
    _add_site_dir(task_root)
    if not pythonpath_set:
        _add_site_dir(opt_site_packages)
        _add_site_dir("/opt/python")
        os.environ["PYTHONPATH"] = os.environ.get("LAMBDA_RUNTIME_DIR", "/var/runtime")


# ---------------------------------------------------------------- main


def main():
    global _current_request_id
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)

    args = sys.argv[1:]
    handler_name = os.environ.get("_HANDLER") or (args[0] if args else "")
    address = os.environ.get("AWS_LAMBDA_RUNTIME_API")
    if not address:
        sys.stderr.write("AWS_LAMBDA_RUNTIME_API is not set\n")
        return 1
    api = RuntimeApi(address)

    task_root = os.environ.get("LAMBDA_TASK_ROOT", "/var/task")
    setup_path(task_root)
    if os.path.isdir(task_root):
        os.chdir(task_root)

    try:
        LoggingImportHook.install()
        request_handler = get_handler(handler_name)
    except Exception as e:
        if isinstance(e, FaultException):
            error = make_error(e.msg, e.exception_type, e.trace)
        else:
            etype, value, tb = sys.exc_info()
            error = make_error(str(value), etype.__name__, _format_frames(_user_frames(tb)))
        import logging

        logging.warning(UNHANDLED_WARNING)
        log_error(error)
        api.post_init_error(error)
        return 1

    while True:
        headers, body = api.next()
        _current_request_id = headers.get("lambda-runtime-aws-request-id") or ""
        trace_id = headers.get("lambda-runtime-trace-id")
        if trace_id is not None:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        handle_invoke(api, request_handler, headers, body)
