#include <gtest/gtest.h>

#include <map>

#include <Poco/JSON/Parser.h>

#include "localemu/sdk/aws/protocol.hpp"
#include "localemu/sdk/core.hpp"
#include "test_models.hpp"

namespace localemu::sdk::aws {
namespace {

const Protocol& lambda() {
  static const auto p = protocolFor(test::lambda());
  return *p;
}

DecodedRequest decode(std::string_view method, std::string_view path, std::string_view query = {},
                      std::vector<std::pair<std::string_view, std::string_view>> headers = {},
                      std::string_view body = {}) {
  return lambda().decode(WireRequest{method, path, query, std::move(headers), body});
}

TEST(SdkRestJson, EveryLambdaOperationIsReachableByItsOwnRequestUri) {
  const auto model = test::lambda();
  ASSERT_EQ(model->operations().size(), 85u);
  for (const auto& op : model->operations()) {
    std::string uri = op.requestUri;
    std::string query;
    if (const auto q = uri.find('?'); q != std::string::npos) query = uri.substr(q + 1), uri.resize(q);
    const Shape* shape = model->inputOf(op);
    const auto labelMember = [&](const std::string& name) {
      return std::find_if(shape->members.begin(), shape->members.end(),
                          [&](const Member& mem) { return mem.location == "uri" && mem.wireName() == name; });
    };
    // Fill each {Label} / {Label+} with a value of the label's type.
    std::map<std::string, std::string> labels;
    std::string path;
    for (std::size_t at = 0; at < uri.size();) {
      const auto open = uri.find('{', at);
      if (open == std::string::npos) {
        path += uri.substr(at);
        break;
      }
      const auto close = uri.find('}', open);
      path += uri.substr(at, open - at);
      std::string name = uri.substr(open + 1, close - open - 1);
      const bool greedy = name.back() == '+';
      if (greedy) name.pop_back();
      const auto member = labelMember(name);
      ASSERT_NE(member, shape->members.end()) << op.name << " " << name;
      const ShapeType type = model->shape(member->shape)->type;
      const std::string value = greedy                                                    ? "a/b"
                                : (type == ShapeType::Long || type == ShapeType::Integer) ? "7"
                                                                                          : "v-" + name;
      labels[name] = value;
      path += value;
      at = close + 1;
    }
    const auto decoded = decode(op.method, path, query);
    EXPECT_EQ(decoded.operation, op.name) << op.method << " " << path << "?" << query;
    const auto input = test::parse(decoded.inputJson);
    for (const auto& [name, value] : labels)
      EXPECT_EQ(input->get(labelMember(name)->name).convert<std::string>(), value) << op.name;
  }
}

TEST(SdkRestJson, MostSpecificRouteWinsAndLiteralQueryDisambiguates) {
  EXPECT_EQ(decode("GET", "/2018-10-31/layers").operation, "ListLayers");
  EXPECT_EQ(
      decode("GET", "/2018-10-31/layers", "find=LayerVersion&Arn=arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Alayer%3Ax%3A1")
          .operation,
      "GetLayerVersionByArn");
  EXPECT_EQ(decode("GET", "/2019-09-30/functions/f/provisioned-concurrency", "Qualifier=1").operation,
            "GetProvisionedConcurrencyConfig");
  EXPECT_EQ(decode("GET", "/2019-09-30/functions/f/provisioned-concurrency", "List=ALL").operation,
            "ListProvisionedConcurrencyConfigs");
  EXPECT_EQ(decode("GET", "/2015-03-31/functions/f/configuration").operation, "GetFunctionConfiguration");
  EXPECT_EQ(decode("GET", "/2015-03-31/functions/f").operation, "GetFunction");
}

TEST(SdkRestJson, PathWithAndWithoutTrailingSlashMatches) {
  EXPECT_EQ(decode("GET", "/2015-03-31/functions/").operation, "ListFunctions");
  EXPECT_EQ(decode("GET", "/2015-03-31/functions").operation, "ListFunctions");
  EXPECT_EQ(decode("POST", "/2015-03-31/functions/", {}, {}, R"({"FunctionName":"f"})").operation, "CreateFunction");
}

TEST(SdkRestJson, DecodesLabelsQueryAndTypes) {
  const auto d = decode("GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af",
                        "Qualifier=%24LATEST");
  EXPECT_EQ(d.operation, "GetFunction");
  EXPECT_EQ(d.inputJson,
            R"({"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:f","Qualifier":"$LATEST"})");
  const auto list = test::parse(decode("GET", "/2015-03-31/functions/", "MaxItems=10&Marker=abc").inputJson);
  EXPECT_EQ(list->get("MaxItems").type(), typeid(Poco::Int64));
  EXPECT_EQ(list->getValue<int>("MaxItems"), 10);
  EXPECT_EQ(list->getValue<std::string>("Marker"), "abc");
}

TEST(SdkRestJson, DecodesQueryStringLists) {
  const auto d =
      decode("DELETE", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af", "tagKeys=a&tagKeys=b%20c");
  EXPECT_EQ(d.operation, "UntagResource");
  EXPECT_EQ(d.inputJson, R"({"Resource":"arn:aws:lambda:us-east-1:1:function:f","TagKeys":["a","b c"]})");
}

TEST(SdkRestJson, DecodesHeadersAndBlobPayload) {
  const auto d = decode("POST", "/2015-03-31/functions/f/invocations", "Qualifier=live",
                        {{"x-amz-invocation-type", "Event"}, {"X-Amz-Log-Type", "Tail"}}, R"({"k":1})");
  EXPECT_EQ(d.operation, "Invoke");
  const auto in = test::parse(d.inputJson);
  EXPECT_EQ(in->getValue<std::string>("FunctionName"), "f");
  EXPECT_EQ(in->getValue<std::string>("InvocationType"), "Event");
  EXPECT_EQ(in->getValue<std::string>("LogType"), "Tail");
  EXPECT_EQ(in->getValue<std::string>("Qualifier"), "live");
  EXPECT_EQ(in->getValue<std::string>("Payload"), "eyJrIjoxfQ==");
}

TEST(SdkRestJson, DecodesJsonBodyMembers) {
  const auto d =
      decode("POST", "/2015-03-31/functions", {}, {},
             R"({"FunctionName":"f","MemorySize":256,"Publish":true,"Environment":{"Variables":{"A":"1"}}})");
  EXPECT_EQ(d.inputJson,
            R"({"FunctionName":"f","MemorySize":256,"Publish":true,"Environment":{"Variables":{"A":"1"}}})");
}

// Long strings are cut out before Poco's parser runs and put back: values, keys, escapes,
// UTF-8 and arrays come out exactly as written.
TEST(SdkRestJson, DecodesLongStringsAsWritten) {
  const std::string zip(100000, 'Q');
  const std::string plain(20000, 'p');
  const std::string escaped = std::string(20000, 'e') + "\\n\\\"";
  const std::string utf8 = std::string(20000, 'u') + "\xC3\xA9";
  const std::string key(20000, 'k');
  const std::string body = R"({"FunctionName":"f","Code":{"ZipFile":")" + zip + R"("},"Environment":{"Variables":{)" +
                           R"("A":")" + plain + R"(","B":")" + escaped + R"(","C":")" + utf8 + R"(",")" + key +
                           R"(" : "k"}},"Layers":[")" + plain + R"(", "x", ")" + plain + R"("]})";
  const auto d = decode("POST", "/2015-03-31/functions", {}, {}, body);
  Poco::JSON::Parser parser;
  const auto in = parser.parse(d.inputJson).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(in->getObject("Code")->getValue<std::string>("ZipFile"), zip);
  const auto vars = in->getObject("Environment")->getObject("Variables");
  EXPECT_EQ(vars->getValue<std::string>("A"), plain);
  EXPECT_EQ(vars->getValue<std::string>("B"), std::string(20000, 'e') + "\n\"");
  EXPECT_EQ(vars->getValue<std::string>("C"), utf8);
  EXPECT_EQ(vars->getValue<std::string>(key), "k");
  const auto layers = in->getArray("Layers");
  ASSERT_EQ(layers->size(), 3u);
  EXPECT_EQ(layers->getElement<std::string>(0), plain);
  EXPECT_EQ(layers->getElement<std::string>(1), "x");
  EXPECT_EQ(layers->getElement<std::string>(2), plain);

  for (const std::string& bad : {R"({"FunctionName":")" + plain + R"(" "x"})", R"({"FunctionName":")" + plain,
                                R"({"FunctionName":")" + plain + "\x01\"}", R"([")" + plain + R"("])",
                                R"({"Code":{"ZipFile":")" + plain + R"(!"}})"}) {
    try {
      decode("POST", "/2015-03-31/functions", {}, {}, bad);
      FAIL() << bad.substr(bad.size() - 10);
    } catch (const AwsError& e) {
      EXPECT_EQ(e.code(), "InvalidRequestContentException");
      EXPECT_TRUE(std::string(e.what()).starts_with("Could not parse request body into json")) << e.what();
    }
  }
}

TEST(SdkRestJson, MalformedBodyIsInvalidRequestContent) {
  try {
    decode("POST", "/2015-03-31/functions", {}, {}, "{not json");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.code(), "InvalidRequestContentException");
    EXPECT_TRUE(std::string(e.what()).starts_with("Could not parse request body into json"));
  }
  try {
    decode("POST", "/2015-03-31/functions", {}, {}, R"({"MemorySize":"big"})");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code(), "InvalidRequestContentException");
    EXPECT_EQ(std::string(e.what()),
              "Could not parse request body into json: class java.lang.String can not be converted to an Integer");
  }
  EXPECT_THROW(decode("GET", "/2015-03-31/functions/", "MaxItems=ten"), AwsError);
}

TEST(SdkRestJson, UnknownRouteIsUnknownOperation) {
  try {
    decode("GET", "/2015-03-31/nothing-here");
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_EQ(e.code(), "UnknownOperationException");
  }
  EXPECT_THROW(decode("PATCH", "/2015-03-31/functions/f"), AwsError);
}

TEST(SdkRestJson, EncodesJsonOutputWithResponseCode) {
  const auto r = lambda().encode("CreateFunction", R"({"FunctionName":"f","MemorySize":128})", "rid-1");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"FunctionName":"f","MemorySize":128})");
  ASSERT_NE(r.header("x-amzn-RequestId"), nullptr);
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid-1");
  EXPECT_EQ(*r.header("Content-Type"), "application/json");
}

TEST(SdkRestJson, BodyTextOutputIsWrittenAsItIsWhenEveryMemberIsInTheBody) {
  const std::string text = R"({"FunctionName":"f","MemorySize":128,"NotInTheShape":1})";
  const auto r = lambda().encodeParsed("CreateFunction", bodyTextOutput(text), "rid-2");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, text);  // unchanged: no shape check
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid-2");
  EXPECT_EQ(*r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.headers, lambda().encode("CreateFunction", text, "rid-2").headers);

  // An output with header members is encoded from the text as from a tree.
  const auto invoke = lambda().encodeParsed("Invoke", bodyTextOutput(R"({"StatusCode":200,"ExecutedVersion":"1",)"
                                                                      R"("Payload":"eyJrIjoxfQ=="})"),
                                            "rid");
  EXPECT_EQ(invoke.body, R"({"k":1})");
  EXPECT_EQ(*invoke.header("X-Amz-Executed-Version"), "1");

  EXPECT_EQ(bodyTextOf(bodyTextOutput("{}")) != nullptr, true);
  Poco::JSON::Object::Ptr tree = new Poco::JSON::Object;
  tree->set("FunctionName", "f");
  EXPECT_EQ(bodyTextOf(tree), nullptr);
  EXPECT_EQ(bodyTextOf(nullptr), nullptr);
}

TEST(SdkRestJson, EncodesNoOutputAsEmptyBody) {
  const auto r = lambda().encode("DeleteAlias", "", "rid");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
}

TEST(SdkRestJson, StatusCodeMemberOf204SendsNoBody) {
  const auto r = lambda().encode("DeleteFunction", R"({"StatusCode":204})", "rid");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.header("Content-Type"), nullptr);
  EXPECT_EQ(lambda().encode("DeleteFunction", "{}", "rid").body, "{}");
}

TEST(SdkRestJson, EncodesInvokeOutputHeadersStatusAndRawPayload) {
  const auto r = lambda().encode(
      "Invoke",
      R"({"StatusCode":200,"FunctionError":"Unhandled","ExecutedVersion":"$LATEST","Payload":"eyJrIjoxfQ=="})", "rid");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"k":1})");
  EXPECT_EQ(*r.header("X-Amz-Function-Error"), "Unhandled");
  EXPECT_EQ(*r.header("X-Amz-Executed-Version"), "$LATEST");
  const auto event = lambda().encode("Invoke", R"({"StatusCode":202})", "rid");
  EXPECT_EQ(event.status, 202);
  EXPECT_TRUE(event.body.empty());
}

TEST(SdkRestJson, EncodesTimestampsAsEpochSeconds) {
  const auto r =
      lambda().encode("GetEventSourceMapping", R"({"UUID":"u","LastModified":"2024-01-01T00:00:00.500Z"})", "rid");
  EXPECT_EQ(r.body, R"({"UUID":"u","LastModified":1704067200.5})");
  EXPECT_EQ(lambda().encode("GetEventSourceMapping", R"({"LastModified":1704067200.123})", "rid").body,
            R"({"LastModified":1704067200.123})");
  EXPECT_EQ(lambda().encode("GetEventSourceMapping", R"({"LastModified":"2024-01-01T00:00:00.000+0000"})", "rid").body,
            R"({"LastModified":1704067200})");
}

TEST(SdkRestJson, ErrorsMatchLambdaByteForByte) {
  const auto r =
      lambda().encodeError(404, "ResourceNotFoundException",
                           "Function not found: arn:aws:lambda:us-east-1:000000000000:function:f", "", "rid");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body,
            R"({"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:000000000000:function:f"})");
  EXPECT_EQ(*r.header("x-amzn-ErrorType"), "ResourceNotFoundException");
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid");
  EXPECT_EQ(*r.header("Content-Type"), "application/json");

  const auto conflict = lambda().encodeError(409, "ResourceConflictException", "Function already exist: f", "", "rid");
  EXPECT_EQ(conflict.body, R"({"Type":"User","message":"Function already exist: f"})");

  const auto service = lambda().encodeError(500, "ServiceException", "boom", "", "rid");
  EXPECT_EQ(service.body, R"({"Type":"Service","Message":"boom"})");

  const auto validation = lambda().encodeError(400, "ValidationException", "1 validation error detected: x", "", "rid");
  EXPECT_EQ(validation.body, R"({"message":"1 validation error detected: x"})");
  EXPECT_EQ(*validation.header("x-amzn-ErrorType"), "ValidationException");
}

TEST(SdkRestJson, ErrorExtraMembersGoToBodyAndHeaders) {
  const auto r = lambda().encodeError(
      429, "TooManyRequestsException", "Rate Exceeded.",
      R"({"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","retryAfterSeconds":"1"})", "rid");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(
      r.body,
      R"({"Type":"User","message":"Rate Exceeded.","Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"})");
  ASSERT_NE(r.header("Retry-After"), nullptr);
  EXPECT_EQ(*r.header("Retry-After"), "1");
}

TEST(SdkRestJson, StatusZeroTakesTheModelsStatus) {
  EXPECT_EQ(lambda().encodeError(0, "ResourceNotFoundException", "x", "", "r").status, 404);
  EXPECT_EQ(lambda().encodeError(0, "Whatever", "x", "", "r").status, 400);
}

// A synthetic model for what Lambda does not use: querystring maps, prefix header
// maps, greedy labels, jsonvalue and timestamp headers, structure payloads.
constexpr const char* kSynthetic = R"({
  "metadata": {"protocol": "rest-json", "apiVersion": "2020-01-01", "endpointPrefix": "syn", "signingName": "syn"},
  "operations": {
    "GetObject": {"name": "GetObject", "http": {"method": "GET", "requestUri": "/{Bucket}/{Key+}"},
                  "input": {"shape": "GetObjectRequest"}, "output": {"shape": "GetObjectOutput"}},
    "GetBucket": {"name": "GetBucket", "http": {"method": "GET", "requestUri": "/{Bucket}"},
                  "input": {"shape": "GetObjectRequest"}},
    "PutDoc": {"name": "PutDoc", "http": {"method": "PUT", "requestUri": "/docs/{Id}", "responseCode": 200},
               "input": {"shape": "PutDocRequest"}, "output": {"shape": "PutDocOutput"}}
  },
  "shapes": {
    "GetObjectRequest": {"type": "structure", "members": {
      "Bucket": {"shape": "S", "location": "uri", "locationName": "Bucket"},
      "Key": {"shape": "S", "location": "uri", "locationName": "Key"},
      "Since": {"shape": "T", "location": "header", "locationName": "If-Modified-Since"},
      "Ids": {"shape": "IntList", "location": "header", "locationName": "X-Ids"},
      "Meta": {"shape": "StrMap", "location": "headers", "locationName": "x-meta-"},
      "Ctx": {"shape": "S", "location": "header", "locationName": "X-Ctx", "jsonvalue": true},
      "Filters": {"shape": "ListMap", "location": "querystring"},
      "Limit": {"shape": "I", "location": "querystring", "locationName": "limit"},
      "At": {"shape": "T", "location": "querystring", "locationName": "at"}}},
    "GetObjectOutput": {"type": "structure", "members": {
      "Modified": {"shape": "T", "location": "header", "locationName": "Last-Modified"},
      "Meta": {"shape": "StrMap", "location": "headers", "locationName": "x-meta-"},
      "Body": {"shape": "B"}}, "payload": "Body"},
    "PutDocRequest": {"type": "structure", "members": {
      "Id": {"shape": "S", "location": "uri", "locationName": "Id"},
      "Doc": {"shape": "Doc"}}, "payload": "Doc"},
    "PutDocOutput": {"type": "structure", "members": {"Doc": {"shape": "Doc"}, "Etag": {"shape": "S", "location": "header", "locationName": "ETag"}}, "payload": "Doc"},
    "Doc": {"type": "structure", "members": {"Title": {"shape": "S"}, "At": {"shape": "T"}}},
    "ListMap": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "StrList"}},
    "StrList": {"type": "list", "member": {"shape": "S"}},
    "IntList": {"type": "list", "member": {"shape": "I"}},
    "StrMap": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}},
    "S": {"type": "string"}, "I": {"type": "integer"}, "T": {"type": "timestamp"}, "B": {"type": "blob"}
  }})";

TEST(SdkRestJson, SyntheticModelCoversGreedyLabelsMapsAndHeaders) {
  const auto p = protocolFor(ServiceModel::fromJson(kSynthetic));
  const auto d = p->decode(WireRequest{"GET",
                                       "/b/dir/sub/file.txt",
                                       "limit=5&a=1&a=2&b=x&at=2024-01-01T00%3A00%3A00Z",
                                       {{"If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT"},
                                        {"X-Ids", "1, 2,3"},
                                        {"x-meta-color", "red"},
                                        {"X-Meta-Size", "L"},
                                        {"X-Ctx", "eyJhIjoxfQ=="}},
                                       {}});
  EXPECT_EQ(d.operation, "GetObject");
  EXPECT_EQ(
      d.inputJson,
      R"({"Bucket":"b","Key":"dir/sub/file.txt","Since":1704067200,"Ids":[1,2,3],"Meta":{"color":"red","Size":"L"},)"
      R"("Ctx":"{\"a\":1}","Filters":{"a":["1","2"],"b":["x"]},"Limit":5,"At":1704067200})");
  EXPECT_EQ(p->decode(WireRequest{"GET", "/b", {}, {}, {}}).operation, "GetBucket");

  const auto r = p->encode("GetObject", R"({"Modified":1704067200,"Meta":{"color":"red"},"Body":"aGVsbG8="})", "rid");
  EXPECT_EQ(r.body, "hello");
  EXPECT_EQ(*r.header("Last-Modified"), "Mon, 01 Jan 2024 00:00:00 GMT");
  EXPECT_EQ(*r.header("x-meta-color"), "red");

  const auto put = p->decode(WireRequest{"PUT", "/docs/7", {}, {}, R"({"Title":"t","At":1.5})"});
  EXPECT_EQ(put.inputJson, R"({"Id":"7","Doc":{"Title":"t","At":1.5}})");
  const auto out = p->encode("PutDoc", R"({"Doc":{"Title":"t"},"Etag":"e1"})", "rid");
  EXPECT_EQ(out.body, R"({"Title":"t"})");
  EXPECT_EQ(*out.header("ETag"), "e1");
}

TEST(SdkRestJson, GatewayErrorWithoutModel) {
  const auto r = encodeErrorFor(LOCALEMU_PROTOCOL_REST_JSON, 404, "UnknownOperationException", "no route", "rid");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"message":"no route"})");
  EXPECT_EQ(*r.header("x-amzn-ErrorType"), "UnknownOperationException");
  EXPECT_EQ(*r.header("x-amzn-RequestId"), "rid");
}

}  // namespace
}  // namespace localemu::sdk::aws
