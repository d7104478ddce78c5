// The fields of a typed config (core/config.h) as help texts show them, read from its visit():
// key, value and description. Kept out of config.h so that only the code printing help includes it.
#pragma once

#include <string>
#include <vector>

#include "core/config.h"

namespace fb {

/// One field of a config struct: key, value (the default for a fresh struct) and description.
struct FieldDoc {
  std::string key;
  Json value;
  std::string doc;
};

namespace detail {
struct FieldDocLister {
  std::vector<FieldDoc>& out;
  template <class M>
  void operator()(const char* name, const M& member, const char* doc = "") {
    out.push_back({name, write_value(member), doc});
  }
};
}  // namespace detail

/// The fields of `cfg` in visit order (the defaults when `cfg` is freshly constructed).
template <class T>
std::vector<FieldDoc> describe_fields(const T& cfg = T{}) {
  std::vector<FieldDoc> out;
  detail::FieldDocLister lister{out};
  const_cast<T&>(cfg).visit(lister);  // visit only reads through the lister
  return out;
}

}  // namespace fb
