// What the cross-check tools share: their one command-line argument (a JSON file of cases, read
// whole) and JSON rows turned into matrices.
#pragma once

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/json.h"

namespace fb::crosscheck {

/// The cases file named by the tool's only argument; exits 2 with a usage line otherwise.
inline Json read_cases(int argc, char** argv, const char* tool) {
  if (argc != 2) {
    std::cerr << "usage: " << tool << " CASES.json\n";
    std::exit(2);
  }
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}

/// A list of equally long rows as a matrix of M (an Eigen type) with entries read as T.
template <class M, class T = typename M::Scalar>
M matrix(const Json& rows) {
  M m(rows.size(), rows.empty() ? 0 : rows[0].size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) m(r, c) = rows[r][c].template get<T>();
  return m;
}

}  // namespace fb::crosscheck
