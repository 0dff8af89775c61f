#include "localemu/sdk/aws/model_service.hpp"

#include <gtest/gtest.h>

#include "localemu/sdk/aws/validation.hpp"
#include "test_models.hpp"

namespace localemu::sdk::aws {
namespace {

// Answers from the operation name; records what it was called with.
class FakeService : public ModelService {
 public:
  FakeService(std::shared_ptr<const ServiceModel> model)
      : ModelService(PluginContext{Host(nullptr), {}}, std::move(model)) {}
  std::string call(const CallRequest& request) override {
    lastOperation = std::string(request.operation);
    lastInput = std::string(request.inputJson);
    lastRegion = std::string(view(request.context->region));
    if (request.operation == "GetFunction")
      throw AwsError(404, "ResourceNotFoundException",
                     "Function not found: arn:aws:lambda:us-east-1:000000000000:function:f");
    if (request.operation == "CreateFunction") {
      validateInput(model(), request.operation, request.inputJson);
      return R"({"FunctionName":"f","MemorySize":128})";
    }
    if (request.operation == "GetQueueUrl")
      throw AwsError(400, "QueueDoesNotExist", "The specified queue does not exist.");
    if (request.operation == "ListQueues") return R"({"QueueUrls":["http://q"]})";
    return "{}";
  }
  std::string lastOperation, lastInput, lastRegion;
};

localemu_request_context context(std::string_view requestId = "rid-1") {
  localemu_request_context c{};
  c.struct_size = sizeof c;
  c.request_id = toStr(requestId);
  c.region = toStr("eu-west-1");
  c.account_id = toStr("000000000000");
  return c;
}

TEST(SdkModelService, DecodesCallsAndEncodes) {
  FakeService s(test::lambda());
  const auto r = s.respond(WireRequest{"POST",
                                       "/2015-03-31/functions",
                                       {},
                                       {},
                                       R"({"FunctionName":"f","Role":"arn:aws:iam::000000000000:role/r","Code":{}})"},
                           context());
  EXPECT_EQ(s.lastOperation, "CreateFunction");
  EXPECT_EQ(s.lastRegion, "eu-west-1");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"FunctionName":"f","MemorySize":128})");
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid-1");
}

TEST(SdkModelService, AwsErrorsAreEncodedForTheProtocol) {
  FakeService s(test::lambda());
  const auto r = s.respond(WireRequest{"GET", "/2015-03-31/functions/f", {}, {}, {}}, context());
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body,
            R"({"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:f"})");
  EXPECT_EQ(*r.header("x-amzn-ErrorType"), "ResourceNotFoundException");
}

TEST(SdkModelService, ValidationErrorsReachTheWire) {
  FakeService s(test::lambda());
  const auto r = s.respond(
      WireRequest{"POST",
                  "/2015-03-31/functions",
                  {},
                  {},
                  R"({"FunctionName":"f","Role":"arn:aws:iam::000000000000:role/r","Code":{},"MemorySize":64})"},
      context());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(*r.header("x-amzn-ErrorType"), "ValidationException");
  EXPECT_EQ(r.body,
            R"({"message":"1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: )"
            R"(Member must have value greater than or equal to 128"})");
}

TEST(SdkModelService, UnknownOperationAndMalformedInputNeverReachCall) {
  FakeService s(test::lambda());
  const auto unknown = s.respond(WireRequest{"GET", "/nope", {}, {}, {}}, context());
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(*unknown.header("x-amzn-ErrorType"), "UnknownOperationException");
  const auto bad = s.respond(WireRequest{"POST", "/2015-03-31/functions", {}, {}, "{"}, context());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(*bad.header("x-amzn-ErrorType"), "InvalidRequestContentException");
  EXPECT_TRUE(s.lastOperation.empty());
}

TEST(SdkModelService, GeneratesARequestIdWhenTheContextHasNone) {
  FakeService s(test::logs());
  const auto r = s.respond(
      WireRequest{"POST", "/", {}, {{"X-Amz-Target", "Logs_20140328.CreateLogGroup"}}, R"({"logGroupName":"g"})"},
      context(""));
  EXPECT_EQ(r.header("x-amzn-RequestId")->size(), 36u);
}

TEST(SdkModelService, QueryCompatibleServiceAnswersFormRequestsInXml) {
  FakeService s(test::sqs());
  const auto json =
      s.respond(WireRequest{"POST", "/", {}, {{"X-Amz-Target", "AmazonSQS.ListQueues"}}, "{}"}, context());
  EXPECT_EQ(json.body, R"({"QueueUrls":["http://q"]})");
  const auto xml = s.respond(WireRequest{"POST",
                                         "/",
                                         {},
                                         {{"Content-Type", "application/x-www-form-urlencoded"}},
                                         "Action=GetQueueUrl&QueueName=missing&Version=2012-11-05"},
                             context());
  EXPECT_EQ(s.lastInput, R"({"QueueName":"missing"})");
  EXPECT_EQ(xml.status, 400);
  EXPECT_NE(xml.body.find("<Code>QueueDoesNotExist</Code>"), std::string::npos) << xml.body;
}

// Opts in to parsed calls: CreateFunction answers an object built out of order; the rest
// goes through the default, which is call().
class ParsedService : public FakeService {
 public:
  using FakeService::FakeService;
  bool parsedCalls() const noexcept override { return true; }
  Poco::JSON::Object::Ptr callParsed(const ParsedCall& c) override {
    parsedOperation = std::string(c.operation);
    parsedInput = c.input;
    bodySize = c.request.body.size();
    if (c.operation != "CreateFunction") return ModelService::callParsed(c);
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    out->set("MemorySize", 128);
    out->set("FunctionName", "f");
    out->set("Unmodelled", true);
    return out;
  }
  std::string parsedOperation;
  Poco::JSON::Object::Ptr parsedInput;
  std::size_t bodySize = 0;
};

TEST(SdkModelService, ParsedCallsAnswerAsTextCalls) {
  const std::string create = R"({"FunctionName":"f","Role":"arn:aws:iam::000000000000:role/r","Code":{"ZipFile":"UEs="}})";
  FakeService text(test::lambda());
  ParsedService parsed(test::lambda());
  const WireRequest request{"POST", "/2015-03-31/functions", {}, {}, create};
  const auto a = text.respond(request, context());
  const auto b = parsed.respond(request, context());
  EXPECT_EQ(parsed.parsedOperation, "CreateFunction");
  EXPECT_EQ(parsed.bodySize, create.size());
  EXPECT_EQ(parsed.parsedInput->getObject("Code")->getValue<std::string>("ZipFile"), "UEs=");
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.headers, b.headers);

  const WireRequest list{"GET", "/2015-03-31/functions/", "MaxItems=5&Marker=m", {}, {}};
  const auto c = text.respond(list, context());
  const auto d = parsed.respond(list, context());
  EXPECT_EQ(parsed.parsedInput->getValue<int>("MaxItems"), 5);
  EXPECT_EQ(text.lastInput, R"({"Marker":"m","MaxItems":5})");
  EXPECT_EQ(c.body, d.body);

  const WireRequest missing{"GET", "/2015-03-31/functions/f", {}, {}, {}};
  EXPECT_EQ(text.respond(missing, context()).body, parsed.respond(missing, context()).body);
  const WireRequest badBlob{"POST", "/2015-03-31/functions", {}, {},
                            R"({"FunctionName":"f","Role":"arn:aws:iam::000000000000:role/r","Code":{"ZipFile":"U s="}})"};
  const auto e = text.respond(badBlob, context());
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.body, parsed.respond(badBlob, context()).body);
}

TEST(SdkModelService, HandleWritesThroughTheResponseWriter) {
  struct Captured {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string operation;
  } captured;
  localemu_http_response_writer writer{};
  writer.struct_size = sizeof writer;
  writer.ctx = &captured;
  writer.set_status = [](void* c, int32_t st) { static_cast<Captured*>(c)->status = st; };
  writer.add_header = [](void* c, localemu_str n, localemu_str v) {
    static_cast<Captured*>(c)->headers.emplace_back(std::string(view(n)), std::string(view(v)));
  };
  writer.write = [](void* c, localemu_str chunk) -> localemu_status {
    static_cast<Captured*>(c)->body.append(view(chunk));
    return LOCALEMU_OK;
  };
  writer.set_operation = [](void* c, localemu_str operation) { static_cast<Captured*>(c)->operation = view(operation); };
  const auto ctx = context();
  localemu_http_request raw{};
  raw.struct_size = sizeof raw;
  raw.method = toStr("GET");
  raw.path = toStr("/2015-03-31/functions/f");
  raw.context = &ctx;
  FakeService s(test::lambda());
  s.handle(HttpRequest(&raw), HttpResponse(&writer));
  EXPECT_EQ(captured.status, 404);
  EXPECT_FALSE(captured.body.empty());
  EXPECT_EQ(captured.operation, "GetFunction");  // for the gateway's per-operation metrics
  EXPECT_NE(std::find(captured.headers.begin(), captured.headers.end(),
                      std::pair<std::string, std::string>{"x-amzn-RequestId", "rid-1"}),
            captured.headers.end());
}

}  // namespace
}  // namespace localemu::sdk::aws
