// One registry per family (datasets, models, metrics, selectors): name -> {summary, defaults, factory}.
// Implementation files register themselves with FB_REGISTER; families are built as OBJECT libraries so the
// linker never drops a registration.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>
#include "core/json.h"

#include "core/error.h"

namespace fb {

/// Names in `candidates` closest to `name` by edit distance (at most `limit`), best first.
std::vector<std::string> nearest_names(const std::string& name,
                                       const std::vector<std::string>& candidates,
                                       std::size_t limit = 3);

/// A registry of entries built by `Factory` (a std::function type).
template <class Factory>
class Registry {
 public:
  struct Entry {
    std::string name;
    std::string summary;
    Json defaults;  ///< the resolved default configuration, for `list` and docs
    Factory make;
  };

  explicit Registry(std::string family) : family_(std::move(family)) {}

  /// Adds an entry registered in source file `file`. A duplicate name is a programming error (two files claim
  /// one name): it aborts naming both files, since it happens before main() where nothing could catch it.
  bool add(Entry entry, const char* file = __builtin_FILE()) {
    const std::string key = entry.name;
    const auto [it, added] = files_.emplace(key, file);
    FB_CHECK(added, "duplicate " + family_ + " registration '" + key + "': in " + it->second +
                        " and in " + file);
    entries_.emplace(key, std::move(entry));
    return true;
  }

  bool contains(const std::string& name) const { return entries_.count(name) != 0; }

  /// The entry called `name`; an unknown name throws UnknownName listing the nearest names.
  const Entry& get(const std::string& name) const {
    auto it = entries_.find(name);
    if (it != entries_.end()) return it->second;
    std::string msg = "unknown " + family_ + " '" + name + "'";
    auto near = nearest_names(name, names());
    if (!near.empty()) {
      msg += "; did you mean ";
      for (std::size_t i = 0; i < near.size(); ++i)
        msg += (i ? ", " : "") + std::string("'") + near[i] + "'";
      msg += "?";
    }
    msg += " (see `factorbench list " + family_ + "s`)";
    throw UnknownName(msg);
  }

  /// All names, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& kv : entries_) out.push_back(kv.first);
    return out;
  }

  /// All entries, sorted by name.
  std::vector<const Entry*> entries() const {
    std::vector<const Entry*> out;
    for (const auto& kv : entries_) out.push_back(&kv.second);
    return out;
  }

  const std::string& family() const { return family_; }

 private:
  std::string family_;
  std::map<std::string, Entry> entries_;
  std::map<std::string, std::string> files_;  ///< name -> the source file that registered it
};

/// What `factorbench list FAMILY` prints about one entry.
struct FamilyMember {
  std::string name, summary;
  Json defaults;
};
using FamilyLister = std::function<std::vector<FamilyMember>()>;
/// Families by plural name ("datasets", "models", ...); filled at static-initialisation time.
std::map<std::string, FamilyLister>& family_index();

/// Lists a registry's entries as FamilyMembers.
template <class Factory>
FamilyLister lister_of(Registry<Factory>& (*registry)()) {
  return [registry] {
    std::vector<FamilyMember> out;
    for (const auto* e : registry().entries()) out.push_back({e->name, e->summary, e->defaults});
    return out;
  };
}

}  // namespace fb

#define FB_CONCAT_INNER(a, b) a##b
#define FB_CONCAT(a, b) FB_CONCAT_INNER(a, b)
/// Registers an entry at static-initialisation time: FB_REGISTER(dataset_registry(), {...});
#define FB_REGISTER(registry, ...) \
  static const bool FB_CONCAT(fb_registered_, __LINE__) = (registry).add(__VA_ARGS__, __FILE__)
/// Makes a family visible to `factorbench list`: FB_REGISTER_FAMILY("datasets", dataset_registry);
#define FB_REGISTER_FAMILY(plural, accessor)          \
  static const bool FB_CONCAT(fb_family_, __LINE__) = \
      (::fb::family_index()[plural] = ::fb::lister_of(&accessor), true)
