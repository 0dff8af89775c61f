// store/memory_documents.hpp — the documents of a store that keeps nothing
// across runs (PERSISTENCE=0): ordered maps in this process's memory. An
// in-memory SQLite database would answer the same, at several times the cost
// of each write (a transaction of three small documents took ~30 us).
//
// Threading and errors: see document_table.hpp. apply() checks every write
// before it changes anything, so a batch is all or nothing (short of running
// out of memory, which ends the process).
#pragma once

#include <map>
#include <string>

#include "store/document_table.hpp"

namespace localemu::host {

class MemoryDocuments final : public DocumentTable {
 public:
  void put(std::string_view collection, std::string_view id, std::string_view document) override;
  std::optional<std::string> get(std::string_view collection, std::string_view id) override;
  bool remove(std::string_view collection, std::string_view id) override;
  void list(std::string_view collection, std::string_view idPrefix,
            const std::function<bool(std::string_view id, std::string_view document)>& visit) override;
  void apply(const std::vector<StoreWrite>& writes) override;
  void clear() override;

 private:
  using Collection = std::map<std::string, std::string, std::less<>>;
  std::map<std::string, Collection, std::less<>> collections_;
};

}  // namespace localemu::host
