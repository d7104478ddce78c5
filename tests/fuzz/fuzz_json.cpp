// libFuzzer target: the JSON a user hands in: table specs and run presets (reports/spec.*, through
// load_spec / load_preset on a file), a dataset's typed config (core/config.h's parse), and a
// `--set key=value` override. Only fb::Error may leave the parsers.
#include <cstdint>

#include "core/config.h"
#include "core/error.h"
#include "datagen/mnist.h"
#include "reports/spec.h"
#include "tests/fuzz/fuzz_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string path = fb::fuzz::scratch() + "/input.json";
  fb::fuzz::write_file(path, text);
  fb::reports::Preset preset;
  try {
    preset = fb::reports::load_preset(path);
  } catch (const fb::Error&) {
  }
  try {
    const fb::reports::Spec spec = fb::reports::load_spec(path);
    for (const auto& row : spec.rows) {
      preset.runs(row);
      preset.steps(row);
      preset.epochs(row);
    }
    for (const auto& sel : spec.selections) fb::reports::pool_size(spec, sel, preset);
    preset.batch(spec);
  } catch (const fb::Error&) {
  }
  try {
    fb::parse<fb::data::MnistConfig>(fb::Json::parse(text), "config");
  } catch (const fb::Error&) {
  } catch (const fb::Json::parse_error&) {  // not JSON: the loaders above report it as fb::Error
  }
  try {
    fb::Json config = fb::Json::object();
    fb::apply_override(config, text);
  } catch (const fb::Error&) {
  }
  return 0;
}
