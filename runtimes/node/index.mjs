// LocalEmu's Lambda Runtime API client for Node.js (core modules only).
//
// An ES module, like AWS's /var/runtime/index.mjs. Started by ./bootstrap
// (which honours AWS_LAMBDA_EXEC_WRAPPER) as
// /var/runtime/bootstrap of the LocalEmu nodejs test image, or as the node
// runtime of the local executor. It loads the handler named by $_HANDLER
// (else argv[2]) from $LAMBDA_TASK_ROOT and loops on the Runtime API at
// $AWS_LAMBDA_RUNTIME_API ("host:port", optionally followed by a path prefix),
// behaving as AWS's own client (aws-lambda-nodejs-runtime-interface-client):
//
// - handler "dir/file.a.b": file, file.js (CommonJS, or ESM under a package.json
//   with "type": "module"), file.mjs (ESM, dynamic import), file.cjs, then
//   Node's resolution from the task root; export path a.b.
// - init failures (Runtime.ImportModuleError, Runtime.HandlerNotFound,
//   Runtime.MalformedHandlerName, Runtime.UserCodeSyntaxError, errors thrown
//   while loading) are logged as "Uncaught Exception" and posted to
//   /runtime/init/error with the errorType as Lambda-Runtime-Function-Error-Type;
//   the process exits with 129.
// - async handlers (promise), callback handlers (callbackWaitsForEmptyEventLoop
//   honoured through 'beforeExit'), context.succeed/fail/done.
// - results as JSON.stringify(result ?? null); errors as
//   {"errorType","errorMessage","trace"} to /invocation/{id}/error with
//   Lambda-Runtime-Function-Error-Type: Unhandled, after the "Invoke Error" log line.
// - console.* lines: "<ISO time>\t<request id>\t<LEVEL>\t<message>", newlines as \r;
//   JSON objects with AWS_LAMBDA_LOG_FORMAT=JSON; AWS_LAMBDA_LOG_LEVEL filters.
// - awslambda.streamifyResponse handlers stream their response (chunked POST,
//   Lambda-Runtime-Function-Response-Mode: streaming, error trailers).
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import util from 'node:util';

// CommonJS handlers are loaded with a require() rooted here, as AWS's index.mjs
// does (so "Require stack" in an ImportModuleError names /var/runtime/index.mjs).
const require = createRequire(import.meta.url);

const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';
const XRAY_ERROR_HEADER = 'Lambda-Runtime-Function-XRay-Error-Cause';
const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

// ---------------------------------------------------------------- errors

class ImportModuleError extends Error {}
class HandlerNotFound extends Error {}
class MalformedHandlerName extends Error {}
class UserCodeSyntaxError extends Error {}
class NodeJsExit extends Error {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a ' +
        'Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}
for (const cls of [ImportModuleError, HandlerNotFound, MalformedHandlerName, UserCodeSyntaxError, NodeJsExit]) {
  cls.prototype.name = `Runtime.${cls.name}`;
}

function isError(e) {
  return (
    util.types.isNativeError(e) ||
    (e && typeof e.name === 'string' && typeof e.message === 'string' && typeof e.stack === 'string')
  );
}

function toRapidResponse(error) {
  try {
    if (isError(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch (_) {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function withEnumerableProperties(value) {
  if (value instanceof Error) {
    const ret = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
    if (typeof value.stack === 'string') ret.stack = value.stack.split('\n');
    return ret;
  }
  return value;
}

function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_k, v) => withEnumerableProperties(v));
  } catch (_) {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

function xrayCause(error) {
  const stack = [];
  const paths = new Set();
  if (isError(error)) {
    for (const line of error.stack.split('\n').slice(1)) {
      const m = line.match(/^\s*at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/);
      if (!m) continue;
      stack.push({ path: m[2], line: Number(m[3]), label: m[1] || 'anonymous' });
      paths.add(m[2]);
    }
  }
  return JSON.stringify({
    working_directory: process.cwd(),
    exceptions: [{ type: isError(error) ? error.name : typeof error, message: String(isError(error) ? error.message : error), stack }],
    paths: [...paths],
  });
}

// ---------------------------------------------------------------- logging

let currentRequestId;
const JSON_LOGS = (process.env.AWS_LAMBDA_LOG_FORMAT || '').toUpperCase() === 'JSON';

const jsonErrorReplacer = (_, value) => {
  if (value instanceof Error) {
    return Object.assign(
      {
        errorType: value?.constructor?.name ?? 'UnknownError',
        errorMessage: value.message,
        stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
      },
      value,
    );
  }
  return value;
};

// AWS_LAMBDA_LOG_FORMAT=JSON: one JSON object per line, as AWS's client writes it.
function formatJson(time, level, message, params) {
  const result = { timestamp: time, level, requestId: currentRequestId };
  if (params.length === 0) {
    result.message = message;
    try {
      return JSON.stringify(result, jsonErrorReplacer);
    } catch (_) {
      result.message = util.format(result.message);
      return JSON.stringify(result);
    }
  }
  result.message = util.format(message, ...params);
  for (const param of [message, ...params]) {
    if (param instanceof Error) {
      result.errorType = param?.constructor?.name ?? 'UnknownError';
      result.errorMessage = param.message;
      result.stackTrace = typeof param.stack === 'string' ? param.stack.split('\n') : [];
      break;
    }
  }
  return JSON.stringify(result);
}

function patchConsole() {
  const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
  const wanted = levels.indexOf((process.env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase());
  const threshold = wanted < 0 ? 0 : wanted;
  const make = (level) => {
    if (levels.indexOf(level) < threshold && level !== 'FATAL') return () => {};
    return (message, ...params) => {
      const time = new Date().toISOString();
      const line = JSON_LOGS
        ? formatJson(time, level, message, params)
        : `${time}\t${currentRequestId}\t${level}\t${util.format(message, ...params)}`;
      process.stdout.write(line.replace(/\n/g, '\r') + '\n');
    };
  };
  console.trace = make('TRACE');
  console.debug = make('DEBUG');
  console.info = make('INFO');
  console.log = console.info;
  console.warn = make('WARN');
  console.error = make('ERROR');
  console.fatal = make('FATAL');
}

function logError(label, error) {
  const err = isError(error) ? error : new Error(error);
  if (JSON_LOGS) console.error(err);
  else console.error(label, toFormatted(err));
}

// ---------------------------------------------------------------- Runtime API

class RuntimeApi {
  constructor(address) {
    const slash = address.indexOf('/');
    const hostPort = slash < 0 ? address : address.slice(0, slash);
    const prefix = slash < 0 ? '' : address.slice(slash).replace(/\/+$/, '');
    const colon = hostPort.lastIndexOf(':');
    this.hostname = hostPort.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    this.port = parseInt(hostPort.slice(colon + 1), 10);
    this.base = `${prefix}/2018-06-01/runtime`;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  options(method, urlPath, headers) {
    return { hostname: this.hostname, port: this.port, path: this.base + urlPath, method, headers, agent: this.agent };
  }

  request(method, urlPath, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(body);
      if (data) headers = { 'Content-Length': data.length, ...headers };
      const req = http.request(this.options(method, urlPath, headers), (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(data);
    });
  }

  async next() {
    const res = await this.request('GET', '/invocation/next');
    if (res.status !== 200) throw new Error(`Failed to get next invocation: HTTP ${res.status} ${res.body}`);
    return res;
  }

  postResponse(id, bodyString) {
    return this.request('POST', `/invocation/${encodeURIComponent(id)}/response`, bodyString, {
      'Content-Type': 'application/json',
    });
  }

  postError(id, error) {
    const headers = { 'Content-Type': 'application/json', [ERROR_TYPE_HEADER]: 'Unhandled' };
    const cause = xrayCause(error);
    if (Buffer.byteLength(cause) < 1024 * 1024) headers[XRAY_ERROR_HEADER] = cause;
    return this.request('POST', `/invocation/${encodeURIComponent(id)}/error`, serialize(toRapidResponse(error)), headers);
  }

  postInitError(error) {
    const response = toRapidResponse(error);
    return this.request('POST', '/init/error', serialize(response), {
      'Content-Type': 'application/json',
      [ERROR_TYPE_HEADER]: response.errorType,
    });
  }

  // A chunked POST for a streaming handler. Resolves once the Runtime API answered.
  openStream(id, contentType) {
    const req = http.request(
      this.options('POST', `/invocation/${encodeURIComponent(id)}/response`, {
        'Content-Type': contentType,
        'Lambda-Runtime-Function-Response-Mode': 'streaming',
        'Transfer-Encoding': 'chunked',
        Trailer: `${ERROR_TYPE_HEADER}, Lambda-Runtime-Function-Error-Body`,
      }),
    );
    const done = new Promise((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
    });
    return { req, done };
  }
}

function serialize(body) {
  try {
    return JSON.stringify(body === undefined ? null : body);
  } catch (_) {
    throw new Error('Unable to stringify response body');
  }
}

// ---------------------------------------------------------------- handler loading

function hasTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const pj = path.join(folder, 'package.json');
  if (fs.existsSync(pj)) {
    try {
      return JSON.parse(fs.readFileSync(pj)).type === 'module';
    } catch (_) {
      return false;
    }
  }
  if (folder === '/') return false;
  return hasTypeModule(path.resolve(folder, '..'));
}

function tryRequire(file) {
  return fs.existsSync(file) ? require(file) : undefined;
}

async function tryImport(file) {
  return fs.existsSync(file) ? import(pathToFileURL(file).href) : undefined;
}

async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  const extensionless = tryRequire(base);
  if (extensionless) return extensionless;
  const typeModule = hasTypeModule(path.dirname(base));
  if (!typeModule) {
    const loaded = tryRequire(`${base}.js`);
    if (loaded) return loaded;
  }
  const loaded =
    (typeModule && (await tryImport(`${base}.js`))) || (await tryImport(`${base}.mjs`)) || tryRequire(`${base}.cjs`);
  if (loaded) return loaded;
  return require(require.resolve(moduleName, { paths: [appRoot, moduleRoot] }));
}

async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const moduleAndHandler = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(moduleAndHandler));
  const match = moduleAndHandler.match(/^([^.]*)\.(.*)$/);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, handlerPath] = match;

  globalThis.awslambda = {
    streamifyResponse: (handler) => {
      handler[HANDLER_STREAMING] = 'response';
      return handler;
    },
    HttpResponseStream,
  };

  let userModule;
  try {
    userModule = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) throw new UserCodeSyntaxError(e);
    if (e && e.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(e);
    throw e;
  }
  const handler = handlerPath.split('.').reduce((obj, key) => obj && obj[key], userModule);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}

// HttpResponseStream.from(stream, {statusCode, headers, cookies}): the prelude
// of a function URL streaming response, then 8 NUL bytes, then the body.
class HttpResponseStream {
  static from(stream, prelude) {
    stream.setContentType('application/vnd.awslambda.http-integration-response');
    stream.write(JSON.stringify(prelude));
    stream.write(Buffer.alloc(8));
    return stream;
  }
}

// ---------------------------------------------------------------- invoke loop

let beforeExit = null;
process.on('beforeExit', () => {
  const listener = beforeExit;
  beforeExit = null;
  if (listener) listener();
});

function buildContext(headers, callbacks) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (value, name) => {
    if (value === undefined) return undefined;
    try {
      return JSON.parse(value);
    } catch (err) {
      throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
    }
  };
  return Object.assign(callbacks, {
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parse(headers['lambda-runtime-client-context'], 'ClientContext'),
    identity: parse(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}

class Runtime {
  constructor(api, handler) {
    this.api = api;
    this.handler = handler;
    this.isAsync = handler.constructor && handler.constructor.name === 'AsyncFunction';
    this.streaming = handler[HANDLER_STREAMING] === 'response';
  }

  scheduleNext() {
    setImmediate(() => {
      this.handleOnce().catch((err) => {
        console.log(`Unexpected Top Level Error: ${err.toString()}`);
        process.exit(1);
      });
    });
  }

  async handleOnce() {
    const next = await this.api.next();
    const headers = next.headers;
    const id = headers['lambda-runtime-aws-request-id'];
    currentRequestId = id;
    if (headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
    else delete process.env._X_AMZN_TRACE_ID;
    this.invokeId = id;
    if (this.streaming) return this.invokeStreaming(id, headers, next.body.toString('utf8'));
    return this.invoke(id, headers, next.body.toString('utf8'));
  }

  invoke(id, headers, body) {
    let finished = false;
    let completed = false;
    let waitForEmptyEventLoop = true;
    const scheduleNext = () => this.scheduleNext();
    const postError = (err) => {
      logError('Invoke Error', err);
      this.api.postError(id, err).then(scheduleNext, fatal);
    };
    const complete = (result) => {
      if (completed) {
        console.error(
          'Invocation has already been reported as done. Cannot call complete more than once per invocation.',
        );
        return;
      }
      completed = true;
      let payload;
      try {
        payload = serialize(result);
      } catch (err) {
        postError(err);
        return;
      }
      this.api.postResponse(id, payload).then(scheduleNext, fatal);
    };
    const done = (err, result) => {
      beforeExit = null;
      if (err !== undefined && err !== null) postError(err);
      else complete(result);
    };
    const once = (fn) =>
      function (...args) {
        if (!finished) {
          finished = true;
          fn(...args);
        }
      };
    const callback = once((err, result) => {
      beforeExit = null;
      if (err !== undefined && err !== null) postError(err);
      else if (!waitForEmptyEventLoop) complete(result);
      else beforeExit = () => setImmediate(() => complete(result));
    });
    const callbacks = {
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitForEmptyEventLoop = value;
      },
      succeed: once((result) => done(null, result)),
      fail: once((err) => done(err === undefined || err === null ? 'handled' : err, null)),
      done: once(done),
    };

    beforeExit = () => {
      completed = true;
      finished = true;
      if (this.isAsync) {
        const exitError = new NodeJsExit();
        logError('Invoke Error', exitError);
        this.api.postError(id, exitError).then(scheduleNext, fatal);
      } else {
        this.api.postResponse(id, 'null').then(scheduleNext, fatal);
      }
    };

    try {
      const result = this.handler(JSON.parse(body), buildContext(headers, callbacks), callback);
      if (result && typeof result.then === 'function') {
        result.then(callbacks.succeed, callbacks.fail);
      }
    } catch (err) {
      callback(err);
    }
  }

  async invokeStreaming(id, headers, body) {
    let contentType = 'application/octet-stream';
    let opened = null;
    const open = () => {
      if (!opened) opened = this.api.openStream(id, contentType);
      return opened;
    };
    const stream = {
      setContentType(type) {
        if (opened) throw new Error('Cannot set content-type, too late.');
        contentType = type;
      },
      write(chunk, encoding, cb) {
        return open().req.write(chunk, encoding, cb);
      },
      end(chunk, encoding, cb) {
        open().req.end(chunk, encoding, cb);
        stream.writableFinished = true;
      },
      writableFinished: false,
    };
    beforeExit = () => this.scheduleNext();
    try {
      const result = this.handler(JSON.parse(body), stream, buildContext(headers, {}));
      if (!result || typeof result.then !== 'function') throw new Error('Streaming does not support non-async handlers.');
      await result;
      if (!stream.writableFinished) stream.end();
    } catch (err) {
      logError('Invoke Error', err);
      const { req } = open();
      const response = toRapidResponse(err);
      req.addTrailers({
        [ERROR_TYPE_HEADER]: response.errorType,
        'Lambda-Runtime-Function-Error-Body': Buffer.from(serialize(response)).toString('base64'),
      });
      req.end();
    }
    beforeExit = null;
    await open().done;
    this.scheduleNext();
  }
}

function fatal(err) {
  console.log(`Unexpected Top Level Error: ${err && err.toString()}`);
  process.exit(1);
}

async function main() {
  patchConsole();
  const address = process.env.AWS_LAMBDA_RUNTIME_API;
  if (!address) {
    process.stderr.write('AWS_LAMBDA_RUNTIME_API is not set\n');
    process.exit(1);
  }
  const api = new RuntimeApi(address);
  const appRoot = process.env.LAMBDA_TASK_ROOT || '/var/task';
  if (fs.existsSync(appRoot)) process.chdir(appRoot);

  let initDone = false;
  const initError = (label, error) => {
    logError(label, error);
    api.postInitError(error).then(
      () => process.exit(129),
      () => process.exit(129),
    );
  };
  process.on('uncaughtException', (error) => {
    if (!initDone) return initError('Uncaught Exception', error);
    logError('Uncaught Exception', error);
    api.postError(currentRequestId, error).then(
      () => process.exit(129),
      () => process.exit(129),
    );
  });
  process.on('unhandledRejection', (reason) => {
    const error = new Error(reason === undefined ? 'undefined' : String(reason));
    error.name = 'Runtime.UnhandledPromiseRejection';
    error.reason = reason;
    if (!initDone) return initError('Unhandled Promise Rejection', error);
    logError('Unhandled Promise Rejection', error);
    api.postError(currentRequestId, error).then(
      () => process.exit(128),
      () => process.exit(128),
    );
  });

  let handler;
  try {
    handler = await loadHandler(appRoot, process.env._HANDLER || process.argv[2] || '');
  } catch (error) {
    initError('Uncaught Exception', error);
    return;
  }
  initDone = true;
  new Runtime(api, handler).scheduleNext();
}

main();
