#include "store/memory_documents.hpp"

namespace localemu::host {

void MemoryDocuments::put(std::string_view collection, std::string_view id, std::string_view document) {
  checkKey(collection, id);
  auto in = collections_.find(collection);
  if (in == collections_.end()) in = collections_.emplace(std::string(collection), Collection{}).first;
  auto& documents = in->second;
  if (auto at = documents.find(id); at != documents.end())
    at->second.assign(document);
  else
    documents.emplace(std::string(id), std::string(document));
}

std::optional<std::string> MemoryDocuments::get(std::string_view collection, std::string_view id) {
  const auto in = collections_.find(collection);
  if (in == collections_.end()) return std::nullopt;
  const auto at = in->second.find(id);
  if (at == in->second.end()) return std::nullopt;
  return at->second;
}

bool MemoryDocuments::remove(std::string_view collection, std::string_view id) {
  const auto in = collections_.find(collection);
  if (in == collections_.end()) return false;
  const auto at = in->second.find(id);
  if (at == in->second.end()) return false;
  in->second.erase(at);
  return true;
}

void MemoryDocuments::list(std::string_view collection, std::string_view idPrefix,
                           const std::function<bool(std::string_view, std::string_view)>& visit) {
  const auto in = collections_.find(collection);
  if (in == collections_.end()) return;
  for (auto at = in->second.lower_bound(idPrefix); at != in->second.end() && at->first.starts_with(idPrefix); ++at)
    if (!visit(at->first, at->second)) return;
}

void MemoryDocuments::apply(const std::vector<StoreWrite>& writes) {
  for (const auto& w : writes)
    if (w.kind == StoreWrite::Kind::Put) checkKey(w.collection, w.id);
  for (const auto& w : writes) {
    if (w.kind == StoreWrite::Kind::Put)
      put(w.collection, w.id, w.document);
    else
      remove(w.collection, w.id);
  }
}

void MemoryDocuments::clear() { collections_.clear(); }

}  // namespace localemu::host
