// Event-source mappings through LambdaApi over a real TestHost: CRUD, states,
// per-source validation with AWS's codes and messages, tags, the listener
// seam, persistence.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <regex>

#include "api_fixture.hpp"
#include "model/event_source_mapping.hpp"

using namespace localemu::lambda;
using namespace localemu::lambda::test;
using Poco::JSON::Object;

namespace {

constexpr const char* kQueue = "arn:aws:sqs:us-east-1:000000000000:orders";
constexpr const char* kStream = "arn:aws:kinesis:us-east-1:000000000000:stream/clicks";
constexpr const char* kTableStream = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024-01-01T00:00:00.000";
constexpr const char* kFunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:fn";

std::string s(const Object::Ptr& o, const std::string& key) { return o->getValue<std::string>(key); }
std::int64_t i(const Object::Ptr& o, const std::string& key) { return o->getValue<std::int64_t>(key); }

std::string sqsInput(const std::string& extra = {}, const std::string& queue = kQueue) {
  return R"({"FunctionName":"fn","EventSourceArn":")" + queue + "\"" + (extra.empty() ? "" : "," + extra) + "}";
}

class EsmTest : public ::testing::Test {
 protected:
  EsmTest() { f.call("CreateFunction", ApiFixture::createInput("fn")); }

  Object::Ptr create(const std::string& input) {
    auto out = f.call("CreateEventSourceMapping", input);
    f.api().drainStateTransitions();
    return out;
  }
  Object::Ptr get(const std::string& uuid) { return f.call("GetEventSourceMapping", R"({"UUID":")" + uuid + "\"}"); }

  void expectError(const std::string& op, const std::string& input, int status, const std::string& code,
                   const std::string& message) {
    const auto e = f.error(op, input);
    EXPECT_EQ(e.status, status) << input;
    EXPECT_EQ(e.code, code) << input;
    EXPECT_EQ(e.message, message) << input;
  }

  ApiFixture f;
};

class RecordingListener : public EventSourceMappingListener {
 public:
  void mappingChanged(MappingChange change, const EventSourceMapping& mapping) override {
    std::lock_guard lock(mutex_);
    events.emplace_back(change, mapping.state);
  }
  std::mutex mutex_;
  std::vector<std::pair<MappingChange, std::string>> events;
};

}  // namespace

TEST_F(EsmTest, CreateSqsMappingAnswersCreatingThenSettlesEnabled) {
  const auto created = f.call("CreateEventSourceMapping", sqsInput());
  EXPECT_TRUE(std::regex_match(s(created, "UUID"), std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}")));
  EXPECT_EQ(s(created, "State"), "Creating");
  EXPECT_EQ(s(created, "StateTransitionReason"), "USER_INITIATED");
  EXPECT_EQ(s(created, "FunctionArn"), kFunctionArn);
  EXPECT_EQ(s(created, "EventSourceArn"), kQueue);
  EXPECT_EQ(s(created, "EventSourceMappingArn"),
            "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" + s(created, "UUID"));
  EXPECT_EQ(i(created, "BatchSize"), 10);
  EXPECT_EQ(i(created, "MaximumBatchingWindowInSeconds"), 0);
  EXPECT_EQ(created->getArray("FunctionResponseTypes")->size(), 0u);
  EXPECT_FALSE(created->has("StartingPosition"));
  EXPECT_FALSE(created->has("ParallelizationFactor"));
  EXPECT_GT(created->getValue<double>("LastModified"), 1.6e9);
  f.api().drainStateTransitions();
  EXPECT_EQ(s(get(s(created, "UUID")), "State"), "Enabled");
}

TEST_F(EsmTest, DisabledWhenCreatedWithEnabledFalse) {
  const auto created = create(sqsInput(R"("Enabled":false)"));
  EXPECT_EQ(s(created, "State"), "Disabled");  // the answer itself, as AWS gives it
  EXPECT_EQ(s(get(s(created, "UUID")), "State"), "Disabled");
}

TEST_F(EsmTest, StreamDefaults) {
  const auto created = create(R"({"FunctionName":"fn","EventSourceArn":")" + std::string(kStream) +
                              R"(","StartingPosition":"LATEST"})");
  EXPECT_EQ(s(created, "StartingPosition"), "LATEST");
  EXPECT_EQ(i(created, "BatchSize"), 100);
  EXPECT_EQ(i(created, "ParallelizationFactor"), 1);
  EXPECT_EQ(i(created, "MaximumRetryAttempts"), -1);
  EXPECT_EQ(i(created, "MaximumRecordAgeInSeconds"), -1);
  EXPECT_EQ(i(created, "TumblingWindowInSeconds"), 0);
  EXPECT_FALSE(created->getValue<bool>("BisectBatchOnFunctionError"));
  EXPECT_TRUE(created->getObject("DestinationConfig")->has("OnFailure"));
  EXPECT_EQ(s(created, "LastProcessingResult"), "No records processed");
  EXPECT_EQ(s(created, "StateTransitionReason"), "User action");
  EXPECT_EQ(s(get(s(created, "UUID")), "State"), "Enabled");
}

TEST_F(EsmTest, StreamSettingsAndQualifiedFunctionAreStored) {
  f.call("PublishVersion", R"({"FunctionName":"fn"})");
  f.call("CreateAlias", R"({"FunctionName":"fn","Name":"live","FunctionVersion":"1"})");
  const auto created = create(
      R"({"FunctionName":"fn:live","EventSourceArn":")" + std::string(kTableStream) +
      R"(","StartingPosition":"TRIM_HORIZON","BatchSize":500,"ParallelizationFactor":4,"BisectBatchOnFunctionError":true,)"
      R"("MaximumRetryAttempts":3,"MaximumRecordAgeInSeconds":3600,"TumblingWindowInSeconds":60,)"
      R"("FunctionResponseTypes":["ReportBatchItemFailures"],)"
      R"("DestinationConfig":{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:000000000000:dlq"}},)"
      R"("MetricsConfig":{"Metrics":["EventCount"]},"ProvisionedPollerConfig":{"MinimumPollers":1,"MaximumPollers":3}})");
  const auto got = get(s(created, "UUID"));
  EXPECT_EQ(s(got, "FunctionArn"), std::string(kFunctionArn) + ":live");
  EXPECT_EQ(i(got, "BatchSize"), 500);
  EXPECT_EQ(i(got, "ParallelizationFactor"), 4);
  EXPECT_TRUE(got->getValue<bool>("BisectBatchOnFunctionError"));
  EXPECT_EQ(i(got, "MaximumRetryAttempts"), 3);
  EXPECT_EQ(i(got, "MaximumRecordAgeInSeconds"), 3600);
  EXPECT_EQ(i(got, "TumblingWindowInSeconds"), 60);
  EXPECT_EQ(got->getArray("FunctionResponseTypes")->getElement<std::string>(0), "ReportBatchItemFailures");
  EXPECT_EQ(s(got->getObject("DestinationConfig")->getObject("OnFailure"), "Destination"),
            "arn:aws:sqs:us-east-1:000000000000:dlq");
  EXPECT_EQ(got->getObject("MetricsConfig")->getArray("Metrics")->getElement<std::string>(0), "EventCount");
  EXPECT_EQ(i(got->getObject("ProvisionedPollerConfig"), "MaximumPollers"), 3);
}

TEST_F(EsmTest, FunctionMustExist) {
  expectError("CreateEventSourceMapping", R"({"FunctionName":"nope","EventSourceArn":")" + std::string(kQueue) + "\"}",
              400, "InvalidParameterValueException", "Function does not exist");
  expectError("CreateEventSourceMapping", R"({"FunctionName":"fn:missing","EventSourceArn":")" + std::string(kQueue) + "\"}",
              404, "ResourceNotFoundException",
              "Function not found: arn:aws:lambda:us-east-1:000000000000:function:fn:missing");
  expectError("CreateEventSourceMapping", R"({"EventSourceArn":")" + std::string(kQueue) + "\"}", 400,
              "ValidationException",
              "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");
}

TEST_F(EsmTest, DuplicateMappingIsRefusedAsAwsDoes) {
  const auto first = create(sqsInput());
  expectError("CreateEventSourceMapping", sqsInput(), 409, "ResourceConflictException",
              "An event source mapping with SQS arn (\" " + std::string(kQueue) +
                  " \") and function (\" fn \") already exists. Please update or delete the existing mapping with UUID " +
                  s(first, "UUID"));
  const auto stream = create(R"({"FunctionName":"fn","EventSourceArn":")" + std::string(kStream) +
                             R"(","StartingPosition":"LATEST"})");
  expectError("CreateEventSourceMapping",
              R"({"FunctionName":"fn","EventSourceArn":")" + std::string(kStream) + R"(","StartingPosition":"LATEST"})",
              409, "ResourceConflictException",
              "The event source arn (\" " + std::string(kStream) +
                  " \") and function (\" fn \") provided mapping already exists. Please update or delete the existing mapping with UUID " +
                  s(stream, "UUID"));
  // Another function on the same queue is fine.
  f.call("CreateFunction", ApiFixture::createInput("other"));
  EXPECT_EQ(s(create(R"({"FunctionName":"other","EventSourceArn":")" + std::string(kQueue) + "\"}"), "State"), "Creating");
}

TEST_F(EsmTest, SqsValidation) {
  expectError("CreateEventSourceMapping", sqsInput(R"("StartingPosition":"LATEST")"), 400,
              "InvalidParameterValueException", "StartingPosition is not valid for SQS event sources.");
  expectError("CreateEventSourceMapping", sqsInput(R"("BatchSize":11)"), 400, "InvalidParameterValueException",
              "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
  expectError("CreateEventSourceMapping", sqsInput(R"("BatchSize":0)"), 400, "ValidationException",
              "1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value "
              "greater than or equal to 1");
  expectError("CreateEventSourceMapping", sqsInput(R"("BatchSize":10001,"MaximumBatchingWindowInSeconds":301)"), 400,
              "ValidationException",
              "2 validation errors detected: Value '10001' at 'batchSize' failed to satisfy constraint: Member must have "
              "value less than or equal to 10000; Value '301' at 'maximumBatchingWindowInSeconds' failed to satisfy "
              "constraint: Member must have value less than or equal to 300");
  expectError("CreateEventSourceMapping", sqsInput(R"("ScalingConfig":{"MaximumConcurrency":1})"), 400,
              "ValidationException",
              "1 validation error detected: Value '1' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: "
              "Member must have value greater than or equal to 2");
  expectError("CreateEventSourceMapping", sqsInput(R"("ParallelizationFactor":2)"), 400, "InvalidParameterValueException",
              "Unsupported ParallelizationFactor parameter for given event source mapping type.");
  expectError("CreateEventSourceMapping", sqsInput(R"("FunctionResponseTypes":["Everything"])"), 400,
              "ValidationException",
              "1 validation error detected: Value '[Everything]' at 'functionResponseTypes' failed to satisfy constraint: "
              "Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
  const auto created =
      create(sqsInput(R"("BatchSize":1000,"MaximumBatchingWindowInSeconds":5,"ScalingConfig":{"MaximumConcurrency":5})"));
  EXPECT_EQ(i(created, "BatchSize"), 1000);
  EXPECT_EQ(i(created->getObject("ScalingConfig"), "MaximumConcurrency"), 5);
}

TEST_F(EsmTest, StreamStartingPositionRules) {
  const std::string kinesis = R"({"FunctionName":"fn","EventSourceArn":")" + std::string(kStream) + "\"";
  expectError("CreateEventSourceMapping", kinesis + "}", 400, "InvalidParameterValueException",
              "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
  expectError("CreateEventSourceMapping", kinesis + R"(,"StartingPosition":"EARLIEST"})", 400, "ValidationException",
              "1 validation error detected: Value 'EARLIEST' at 'startingPosition' failed to satisfy constraint: Member must "
              "satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
  expectError("CreateEventSourceMapping", kinesis + R"(,"StartingPosition":"LATEST","StartingPositionTimestamp":1700000000})",
              400, "InvalidParameterValueException", "Timestamp only valid with StartingPosition AT_TIMESTAMP");
  expectError("CreateEventSourceMapping",
              R"({"FunctionName":"fn","EventSourceArn":")" + std::string(kTableStream) + R"(","StartingPosition":"AT_TIMESTAMP"})",
              400, "InvalidParameterValueException",
              "Unsupported starting position for arn type: " + std::string(kTableStream));
  expectError("CreateEventSourceMapping",
              kinesis + R"(,"StartingPosition":"LATEST","DestinationConfig":{"OnSuccess":{"Destination":"arn:aws:sqs:us-east-1:000000000000:q"}}})",
              400, "InvalidParameterValueException",
              "Unsupported DestinationConfig parameter for given event source mapping type.");
  const auto at = create(kinesis + R"(,"StartingPosition":"AT_TIMESTAMP","StartingPositionTimestamp":1700000000})");
  EXPECT_EQ(s(at, "StartingPosition"), "AT_TIMESTAMP");
  EXPECT_TRUE(at->has("StartingPositionTimestamp"));
}

TEST_F(EsmTest, EventSourceMustBeRecognised) {
  expectError("CreateEventSourceMapping", R"({"FunctionName":"fn"})", 400, "InvalidParameterValueException",
              "Unrecognized event source.");
  expectError("CreateEventSourceMapping", R"({"FunctionName":"fn","EventSourceArn":"arn:aws:s3:::bucket"})", 400,
              "InvalidParameterValueException", "Unrecognized event source, must be kinesis, dynamodb stream or sqs.");
  const auto e = f.error("CreateEventSourceMapping", R"({"FunctionName":"fn","EventSourceArn":"queue"})");
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_NE(e.message.find("Value 'queue' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern"),
            std::string::npos);
}

TEST_F(EsmTest, KafkaMqAndDocumentDbFieldsAreStored) {
  const auto msk = create(
      R"({"FunctionName":"fn","EventSourceArn":"arn:aws:kafka:us-east-1:000000000000:cluster/c/abc","StartingPosition":"LATEST",)"
      R"("Topics":["orders"],"AmazonManagedKafkaEventSourceConfig":{"ConsumerGroupId":"group-1"}})");
  EXPECT_EQ(msk->getArray("Topics")->getElement<std::string>(0), "orders");
  EXPECT_EQ(s(msk->getObject("AmazonManagedKafkaEventSourceConfig"), "ConsumerGroupId"), "group-1");
  expectError("CreateEventSourceMapping",
              R"({"FunctionName":"fn","SelfManagedEventSource":{"Endpoints":{"KAFKA_BOOTSTRAP_SERVERS":["broker:9092"]}},)"
              R"("StartingPosition":"LATEST","Topics":["t"]})",
              400, "InvalidParameterValueException", "Required 'sourceAccessConfigurations' parameter is missing.");
  const auto selfManaged = create(
      R"({"FunctionName":"fn","SelfManagedEventSource":{"Endpoints":{"KAFKA_BOOTSTRAP_SERVERS":["broker:9092"]}},)"
      R"("StartingPosition":"TRIM_HORIZON","Topics":["t"],"SourceAccessConfigurations":[{"Type":"BASIC_AUTH","URI":"arn:aws:secretsmanager:us-east-1:000000000000:secret:s"}]})");
  EXPECT_FALSE(selfManaged->has("EventSourceArn"));
  EXPECT_EQ(selfManaged->getObject("SelfManagedEventSource")->getObject("Endpoints")->getArray("KAFKA_BOOTSTRAP_SERVERS")->size(), 1u);
  const auto mq = create(R"({"FunctionName":"fn","EventSourceArn":"arn:aws:mq:us-east-1:000000000000:broker:b:b-1","Queues":["q"]})");
  EXPECT_EQ(mq->getArray("Queues")->getElement<std::string>(0), "q");
  const auto docdb = create(
      R"({"FunctionName":"fn","EventSourceArn":"arn:aws:rds:us-east-1:000000000000:cluster:docs",)"
      R"("DocumentDBEventSourceConfig":{"DatabaseName":"db","CollectionName":"c","FullDocument":"UpdateLookup"}})");
  EXPECT_EQ(s(docdb->getObject("DocumentDBEventSourceConfig"), "FullDocument"), "UpdateLookup");
}

TEST_F(EsmTest, FilterCriteriaPatternsAreValidated) {
  const auto withPattern = [](const std::string& pattern) {
    std::string escaped;
    for (char c : pattern) escaped += (c == '"' ? std::string("\\\"") : std::string(1, c));
    return sqsInput(R"("FilterCriteria":{"Filters":[{"Pattern":")" + escaped + "\"}]}");
  };
  for (const std::string bad : {"not json", "{}", R"({"body":"x"})", R"({"body":[]})", R"({"body":[{"prefix":1}]})",
                                R"({"body":[{"numeric":[">"]}]})", R"({"body":[{"unknown":"x"}]})", "[1]"})
    expectError("CreateEventSourceMapping", withPattern(bad), 400, "InvalidParameterValueException",
                "Invalid filter pattern definition.");
  const std::string good =
      R"({"body":{"kind":["order",{"prefix":"ord"},{"anything-but":["x"]}],"n":[{"numeric":[">",0,"<=",5]}],"e":[{"exists":false}]}})";
  const auto created = create(withPattern(good));
  EXPECT_EQ(s(created->getObject("FilterCriteria")->getArray("Filters")->getObject(0), "Pattern"), good);
  const std::string uuid = s(created, "UUID");
  f.call("UpdateEventSourceMapping", R"({"UUID":")" + uuid + R"(","FilterCriteria":{}})");
  f.api().drainStateTransitions();
  EXPECT_FALSE(get(uuid)->has("FilterCriteria"));
}

TEST_F(EsmTest, UpdateStatesAndRules) {
  const std::string uuid = s(create(sqsInput()), "UUID");
  const std::string prefix = R"({"UUID":")" + uuid + "\"";
  const auto updated = f.call("UpdateEventSourceMapping", prefix + R"(,"BatchSize":5})");
  EXPECT_EQ(s(updated, "State"), "Updating");
  EXPECT_EQ(i(updated, "BatchSize"), 5);
  f.api().drainStateTransitions();
  EXPECT_EQ(s(get(uuid), "State"), "Enabled");
  EXPECT_EQ(s(f.call("UpdateEventSourceMapping", prefix + R"(,"Enabled":false})"), "State"), "Disabling");
  f.api().drainStateTransitions();
  EXPECT_EQ(s(get(uuid), "State"), "Disabled");
  EXPECT_EQ(s(f.call("UpdateEventSourceMapping", prefix + R"(,"Enabled":true})"), "State"), "Enabling");
  f.api().drainStateTransitions();
  EXPECT_EQ(s(get(uuid), "State"), "Enabled");
  expectError("UpdateEventSourceMapping", prefix + R"(,"BatchSize":50})", 400, "InvalidParameterValueException",
              "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
  f.call("UpdateEventSourceMapping", prefix + R"(,"BatchSize":50,"MaximumBatchingWindowInSeconds":2})");
  f.api().drainStateTransitions();
  EXPECT_EQ(i(get(uuid), "BatchSize"), 50);
  expectError("UpdateEventSourceMapping", prefix + R"(,"FunctionName":"ghost"})", 400, "InvalidParameterValueException",
              "Function does not exist");
  f.call("CreateFunction", ApiFixture::createInput("other"));
  EXPECT_EQ(s(f.call("UpdateEventSourceMapping", prefix + R"(,"FunctionName":"other"})"), "FunctionArn"),
            "arn:aws:lambda:us-east-1:000000000000:function:other");
  f.api().drainStateTransitions();
  expectError("UpdateEventSourceMapping", R"({"UUID":"00000000-0000-4000-8000-000000000000","BatchSize":1})", 404,
              "ResourceNotFoundException", "The resource you requested does not exist.");

  // A mapping in transition refuses changes.
  auto stored = f.api().eventSourceMappings().get("us-east-1", "000000000000", uuid);
  ASSERT_TRUE(stored);
  stored->state = "Updating";
  f.api().eventSourceMappings().put(*stored);
  expectError("UpdateEventSourceMapping", prefix + R"(,"BatchSize":3})", 400, "ResourceInUseException",
              "Cannot update the event source mapping because it is in use.");
  expectError("DeleteEventSourceMapping", prefix + "}", 400, "ResourceInUseException",
              "Cannot delete the event source mapping because it is in use.");
}

TEST_F(EsmTest, DeleteAnswersDeletingThenTheMappingIsGone) {
  const std::string uuid = s(create(sqsInput()), "UUID");
  const auto deleted = f.call("DeleteEventSourceMapping", R"({"UUID":")" + uuid + "\"}");
  EXPECT_EQ(s(deleted, "State"), "Deleting");
  EXPECT_EQ(s(deleted, "UUID"), uuid);
  f.api().drainStateTransitions();
  expectError("GetEventSourceMapping", R"({"UUID":")" + uuid + "\"}", 404, "ResourceNotFoundException",
              "The resource you requested does not exist.");
  expectError("DeleteEventSourceMapping", R"({"UUID":")" + uuid + "\"}", 404, "ResourceNotFoundException",
              "The resource you requested does not exist.");
  // Other regions do not see a mapping.
  const std::string other = s(create(sqsInput()), "UUID");
  RequestContext west;
  west.region = "us-west-2";
  try {
    f.api().call("GetEventSourceMapping", R"({"UUID":")" + other + "\"}", west);
    ADD_FAILURE() << "found from another region";
  } catch (const localemu::sdk::AwsError& e) {
    EXPECT_EQ(e.status(), 404);
  }
}

TEST_F(EsmTest, ListFiltersAndPaginates) {
  f.call("CreateFunction", ApiFixture::createInput("other"));
  std::set<std::string> mine;
  for (int n = 0; n < 5; ++n)
    mine.insert(s(create(R"({"FunctionName":"fn","EventSourceArn":"arn:aws:sqs:us-east-1:000000000000:q)" +
                         std::to_string(n) + "\"}"),
                  "UUID"));
  create(R"({"FunctionName":"other","EventSourceArn":"arn:aws:sqs:us-east-1:000000000000:q0"})");
  EXPECT_EQ(f.call("ListEventSourceMappings", "{}")->getArray("EventSourceMappings")->size(), 6u);
  EXPECT_EQ(f.call("ListEventSourceMappings", R"({"EventSourceArn":"arn:aws:sqs:us-east-1:000000000000:q0"})")
                ->getArray("EventSourceMappings")
                ->size(),
            2u);
  std::set<std::string> seen;
  std::string marker;
  int pages = 0;
  do {
    const auto page = f.call("ListEventSourceMappings",
                             R"({"FunctionName":"fn","MaxItems":2)" + (marker.empty() ? "" : R"(,"Marker":")" + marker + "\"") + "}");
    const auto items = page->getArray("EventSourceMappings");
    EXPECT_LE(items->size(), 2u);
    for (std::size_t n = 0; n < items->size(); ++n) {
      EXPECT_EQ(s(items->getObject(static_cast<unsigned>(n)), "FunctionArn"), kFunctionArn);
      seen.insert(s(items->getObject(static_cast<unsigned>(n)), "UUID"));
    }
    marker = page->has("NextMarker") ? s(page, "NextMarker") : "";
    ++pages;
  } while (!marker.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, mine);
  EXPECT_EQ(f.call("ListEventSourceMappings", R"({"FunctionName":"arn:aws:lambda:us-east-1:000000000000:function:other"})")
                ->getArray("EventSourceMappings")
                ->size(),
            1u);
  expectError("ListEventSourceMappings", R"({"MaxItems":0})", 400, "ValidationException",
              "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value "
              "greater than or equal to 1");
}

TEST_F(EsmTest, TagsOnMappingArns) {
  const auto created = create(sqsInput(R"("Tags":{"team":"a"})"));
  const std::string arn = s(created, "EventSourceMappingArn");
  const auto tags = [&] { return f.call("ListTags", R"({"Resource":")" + arn + "\"}")->getObject("Tags"); };
  EXPECT_EQ(s(tags(), "team"), "a");
  f.call("TagResource", R"({"Resource":")" + arn + R"(","Tags":{"env":"dev"}})");
  EXPECT_EQ(s(tags(), "env"), "dev");
  f.call("UntagResource", R"({"Resource":")" + arn + R"(","TagKeys":["team"]})");
  EXPECT_FALSE(tags()->has("team"));
  EXPECT_EQ(tags()->size(), 1u);
  const std::string missing = "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:00000000-0000-4000-8000-000000000000";
  expectError("ListTags", R"({"Resource":")" + missing + "\"}", 404, "ResourceNotFoundException",
              "The resource you requested does not exist.");
  expectError("TagResource", R"({"Resource":")" + missing + R"(","Tags":{"a":"b"}})", 404, "ResourceNotFoundException",
              "The resource you requested does not exist.");
}

TEST_F(EsmTest, ListenersLearnOfEveryChangeInOrder) {
  RecordingListener listener;
  f.api().eventSourceMappings().subscribe(&listener);
  const std::string uuid = s(create(sqsInput()), "UUID");
  const std::string prefix = R"({"UUID":")" + uuid + "\"";
  f.call("UpdateEventSourceMapping", prefix + R"(,"Enabled":false})");
  f.api().drainStateTransitions();
  f.call("UpdateEventSourceMapping", prefix + R"(,"Enabled":true})");
  f.api().drainStateTransitions();
  f.call("UpdateEventSourceMapping", prefix + R"(,"BatchSize":3})");
  f.api().drainStateTransitions();
  f.call("DeleteEventSourceMapping", prefix + "}");
  f.api().drainStateTransitions();
  f.api().eventSourceMappings().unsubscribe(&listener);
  const std::vector<std::pair<MappingChange, std::string>> expected{{MappingChange::Created, "Enabled"},
                                                                    {MappingChange::Disabled, "Disabled"},
                                                                    {MappingChange::Enabled, "Enabled"},
                                                                    {MappingChange::Updated, "Enabled"},
                                                                    {MappingChange::Deleted, "Deleting"}};
  EXPECT_EQ(listener.events, expected);
}

TEST(EventSourceMappingPersistence, MappingsSurviveARestart) {
  const PersistentState state("lambda-esm-persistence");
  std::vector<std::string> reads;
  std::vector<std::string> before;
  {
    ApiFixture f(state.config, state.dir);
    f.call("CreateFunction", ApiFixture::createInput("fn"));
    const auto sqs = f.call("CreateEventSourceMapping", sqsInput(R"("Tags":{"k":"v"},"FilterCriteria":{"Filters":[{"Pattern":"{\"a\":[1]}"}]})"));
    f.call("CreateEventSourceMapping",
           R"({"FunctionName":"fn","EventSourceArn":")" + std::string(kStream) + R"(","StartingPosition":"LATEST","Enabled":false})");
    f.api().drainStateTransitions();
    reads = {R"({"UUID":")" + s(sqs, "UUID") + "\"}", "{}", R"({"Resource":")" + s(sqs, "EventSourceMappingArn") + "\"}"};
    before = {f.api().call("GetEventSourceMapping", reads[0], {}), f.api().call("ListEventSourceMappings", reads[1], {}),
              f.api().call("ListTags", reads[2], {})};
    EXPECT_EQ(f.api().eventSourceMappings().all().size(), 2u);
  }
  {
    ApiFixture f(state.config, state.dir);
    EXPECT_EQ(f.api().call("GetEventSourceMapping", reads[0], {}), before[0]);
    EXPECT_EQ(f.api().call("ListEventSourceMappings", reads[1], {}), before[1]);
    EXPECT_EQ(f.api().call("ListTags", reads[2], {}), before[2]);
  }
}

TEST(EventSourceMappingModel, KindsAndFilterPatterns) {
  EXPECT_EQ(eventSourceKind("arn:aws:sqs:us-east-1:000000000000:q"), EventSourceKind::Sqs);
  EXPECT_EQ(eventSourceKind("arn:aws:kinesis:us-east-1:000000000000:stream/s"), EventSourceKind::Kinesis);
  EXPECT_EQ(eventSourceKind(kTableStream), EventSourceKind::DynamoDbStreams);
  EXPECT_EQ(eventSourceKind("arn:aws:kafka:us-east-1:000000000000:cluster/c/1"), EventSourceKind::ManagedKafka);
  EXPECT_EQ(eventSourceKind(""), EventSourceKind::SelfManagedKafka);
  EXPECT_EQ(eventSourceKind("arn:aws:s3:::b"), EventSourceKind::Unknown);
  EXPECT_TRUE(isValidFilterPattern(R"({"body":{"a":[{"suffix":"x"}, {"equals-ignore-case":"Y"}, {"wildcard":"*z"}]}})"));
  EXPECT_TRUE(isValidFilterPattern(R"({"a":[{"anything-but":{"prefix":"x"}}], "b":[null, true, 3]})"));
  EXPECT_TRUE(isValidFilterPattern(R"({"a":[{"numeric":["=", 5]}], "ip":[{"cidr":"10.0.0.0/24"}]})"));
  EXPECT_FALSE(isValidFilterPattern(R"({"a":[{"numeric":["=", 5, "<", 3]}]})"));
  EXPECT_FALSE(isValidFilterPattern(R"({"a":[{"exists":"yes"}]})"));
  EXPECT_FALSE(isValidFilterPattern(R"({"a":[{"prefix":"x","suffix":"y"}]})"));
  EXPECT_FALSE(isValidFilterPattern(R"({"a":[[1]]})"));
}

TEST_F(EsmTest, StartSettlesMappingsLeftInTransition) {
  const std::string enabled = s(create(sqsInput()), "UUID");
  const std::string deleted = s(create(R"({"FunctionName":"fn","EventSourceArn":")" + std::string(kStream) +
                                       R"(","StartingPosition":"LATEST"})"),
                                "UUID");
  auto& repository = f.api().eventSourceMappings();
  auto first = repository.get("us-east-1", "000000000000", enabled);
  auto second = repository.get("us-east-1", "000000000000", deleted);
  ASSERT_TRUE(first && second);
  first->state = "Creating";
  second->state = "Deleting";
  repository.put(*first);
  repository.put(*second);
  f.api().start();
  f.api().drainStateTransitions();
  EXPECT_EQ(s(get(enabled), "State"), "Enabled");
  EXPECT_FALSE(repository.get("us-east-1", "000000000000", deleted));
  f.api().stop();
}
