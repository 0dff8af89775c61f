// store/document_table.hpp — the documents of the state store: JSON texts in
// named collections, keyed by id, read in id order, written in atomic batches.
// Two implementations: SqliteDocuments (PERSISTENCE=1: a file that survives
// the process) and MemoryDocuments (a run that keeps nothing).
//
// Threading: implementations are NOT thread-safe; Store serializes every call.
// Errors: put()/apply() throw std::invalid_argument for an empty collection or
// id (checkKey); get/remove of an empty key find nothing.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace localemu::host {

class DocumentTable {
 public:
  virtual ~DocumentTable() = default;

  virtual void put(std::string_view collection, std::string_view id, std::string_view document) = 0;
  virtual std::optional<std::string> get(std::string_view collection, std::string_view id) = 0;
  virtual bool remove(std::string_view collection, std::string_view id) = 0;
  // Documents whose id starts with idPrefix, in id order (bytes compared unsigned).
  virtual void list(std::string_view collection, std::string_view idPrefix,
                    const std::function<bool(std::string_view id, std::string_view document)>& visit) = 0;
  virtual void apply(const std::vector<StoreWrite>& writes) = 0;  // all or nothing
  virtual void clear() = 0;

 protected:
  static void checkKey(std::string_view collection, std::string_view id) {
    if (collection.empty()) throw std::invalid_argument("store: the collection name is empty");
    if (id.empty()) throw std::invalid_argument("store: empty document id in collection " + std::string(collection));
  }
};

}  // namespace localemu::host
