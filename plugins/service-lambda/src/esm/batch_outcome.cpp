#include "esm/batch_outcome.hpp"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

namespace localemu::lambda {

BatchVerdict batchVerdict(bool functionError, bool reportBatchItemFailures, const std::string& responsePayload,
                          const std::set<std::string>& batchIds) {
  using Poco::JSON::Array;
  using Poco::JSON::Object;
  if (functionError) return {LOCALEMU_BATCH_FAILED, "[]"};
  if (!reportBatchItemFailures) return {};
  const auto first = responsePayload.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || responsePayload.compare(first, 4, "null") == 0) return {};
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(responsePayload);
  } catch (const Poco::Exception&) {
    return {LOCALEMU_BATCH_FAILED, "[]"};
  }
  if (parsed.isEmpty()) return {};
  if (parsed.type() != typeid(Object::Ptr)) return {LOCALEMU_BATCH_FAILED, "[]"};
  const auto response = parsed.extract<Object::Ptr>();
  if (!response->has("batchItemFailures") || response->get("batchItemFailures").isEmpty()) return {};
  if (response->get("batchItemFailures").type() != typeid(Array::Ptr)) return {LOCALEMU_BATCH_FAILED, "[]"};
  const auto failures = response->getArray("batchItemFailures");
  if (failures->size() == 0) return {};
  Array ids;
  for (std::size_t i = 0; i < failures->size(); ++i) {
    const auto item = failures->getObject(static_cast<unsigned>(i));
    if (!item || !item->has("itemIdentifier") || !item->get("itemIdentifier").isString())
      return {LOCALEMU_BATCH_FAILED, "[]"};
    const std::string id = item->getValue<std::string>("itemIdentifier");
    if (id.empty() || !batchIds.contains(id)) return {LOCALEMU_BATCH_FAILED, "[]"};
    ids.add(id);
  }
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(ids, out);
  return {LOCALEMU_BATCH_PARTIAL, out.str()};
}

}  // namespace localemu::lambda
