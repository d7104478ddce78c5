#include "reports/job.h"

#include "core/config.h"
#include "core/error.h"

namespace fb::reports {

namespace {

// Parses `options` as the kind named `kind` into `task`; false when no kind has that name.
template <std::size_t I = 0>
bool parse_task(const std::string& kind, const Json& options, const std::string& where,
                JobTask& task) {
  if constexpr (I == std::variant_size_v<JobTask>) {
    return false;
  } else {
    using T = std::variant_alternative_t<I, JobTask>;
    if (kind != T::kKind) return parse_task<I + 1>(kind, options, where, task);
    task = parse<T>(options, where + ".options");
    return true;
  }
}

// Applies `fix` to every string (and list of strings) option of a task: its paths, and names that cannot
// start with an absolute directory.
template <class F>
struct StringFields {
  F& fix;
  template <class M>
  void operator()(const char*, M& member, const char* = "") {
    if constexpr (std::is_same_v<M, std::string>) {
      fix(member);
    } else if constexpr (std::is_same_v<M, std::vector<std::string>>) {
      for (auto& s : member) fix(s);
    }
  }
};

}  // namespace

std::string Job::kind() const {
  return std::visit([](const auto& t) { return std::string(t.kKind); }, task);
}

Json job_to_json(const Job& j) {
  return {{"id", j.id},
          {"stage", j.stage},
          {"kind", j.kind()},
          {"options", std::visit([](const auto& t) { return fb::to_json(t); }, j.task)},
          {"device", j.device},
          {"outputs", j.outputs},
          {"after", j.after},
          {"meta", j.meta},
          {"cost", j.cost}};
}

Job job_from_json(const Json& j, const std::string& where) {
  if (j.is_object() && j.contains("argv") && !j.contains("kind"))
    throw DataError(
        where +
        ": written by an older factorbench (jobs as command lines); run the same "
        "`factorbench reproduce` again to rewrite the manifest (finished jobs are kept)");
  try {
    Job job;
    job.id = j.at("id").get<std::string>();
    job.stage = j.at("stage").get<std::string>();
    const std::string kind = j.at("kind").get<std::string>();
    if (!parse_task(kind, j.at("options"), where, job.task))
      throw DataError(where + ".kind: unknown job kind '" + kind + "'");
    job.device = j.at("device").get<std::string>();
    job.outputs = j.at("outputs").get<std::vector<std::string>>();
    job.after = j.at("after").get<std::vector<std::string>>();
    job.meta = j.value("meta", Json::object());
    job.cost = j.value("cost", 0.0);
    return job;
  } catch (const Json::exception& e) {
    throw DataError(where + ": malformed job (" + std::string(e.what()) + ")");
  } catch (const ConfigError& e) {
    throw DataError(
        e.what());  // an unknown or mistyped option: the file is wrong, not the user's flags
  }
}

void rebase_job(Job& job, const std::string& from, const std::string& to) {
  auto fix = [&](std::string& s) {
    if (s.compare(0, from.size(), from) == 0 && (s.size() == from.size() || s[from.size()] == '/'))
      s = to + s.substr(from.size());
  };
  for (auto& o : job.outputs) fix(o);
  std::visit(
      [&](auto& t) {
        StringFields<decltype(fix)> fields{fix};
        t.visit(fields);
      },
      job.task);
  for (auto it = job.meta.begin(); it != job.meta.end(); ++it)
    if (it->is_string()) {
      std::string v = it->get<std::string>();
      fix(v);
      *it = v;
    }
}

}  // namespace fb::reports
