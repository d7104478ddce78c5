#include "reports/job_record.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "core/atomic_output.h"
#include "core/json.h"
#include "reports/jobs.h"

namespace fb::reports {

std::string job_record_path(const std::string& out_dir, const std::string& id) {
  return out_dir + "/state/" + job_file_name(id) + ".json";
}

void write_job_record(const std::string& out_dir, const JobRecord& r) {
  std::filesystem::create_directories(out_dir + "/state");
  Json j = {{"id", r.id},           {"stage", r.stage},
            {"state", r.state},     {"attempt", r.attempt},
            {"started", r.started}, {"ended", r.ended},
            {"seconds", r.seconds}, {"exit_code", r.exit_code},
            {"host", r.host},       {"pid", r.pid},
            {"log", r.log},         {"slurm_task", r.slurm_task}};
  write_file_atomic(job_record_path(out_dir, r.id), j.dump(1) + "\n");
}

std::optional<JobRecord> read_job_record(const std::string& out_dir, const std::string& id) {
  const std::string path = job_record_path(out_dir, id);
  if (!std::filesystem::exists(path)) return std::nullopt;
  Json j = Json::parse(read_file(path), nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  try {
    JobRecord r;
    r.id = j.at("id").get<std::string>();
    r.stage = j.value("stage", "");
    r.state = j.at("state").get<std::string>();
    r.attempt = j.value("attempt", 1);
    r.started = j.value("started", 0.0);
    r.ended = j.value("ended", 0.0);
    r.seconds = j.value("seconds", 0.0);
    r.exit_code = j.value("exit_code", 0);
    r.host = j.value("host", "");
    r.pid = j.value("pid", 0L);
    r.log = j.value("log", "");
    r.slurm_task = j.value("slurm_task", "");
    return r;
  } catch (const Json::exception&) {
    return std::nullopt;
  }
}

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

}  // namespace fb::reports
