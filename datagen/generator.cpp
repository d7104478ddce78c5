#include "datagen/generator.h"

#include <filesystem>

namespace fb::data {

GenerateReport finish_report(std::int64_t images, std::chrono::steady_clock::time_point start,
                             const std::string& out) {
  GenerateReport report;
  report.images = images;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.bytes = static_cast<std::int64_t>(std::filesystem::file_size(out));
  return report;
}

}  // namespace fb::data
