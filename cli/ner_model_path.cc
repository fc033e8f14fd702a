// The default NER model: installed beside the binary, or in the source tree.
#include "cli/ner_model_path.h"

#include <filesystem>
#include <system_error>

// Set by cli/CMakeLists.txt.
#ifndef BYLINE_INSTALLED_NER_MODEL_RELATIVE
#define BYLINE_INSTALLED_NER_MODEL_RELATIVE "../share/byline/byline-ner-en.bin"
#endif
#ifndef BYLINE_SOURCE_NER_MODEL
#define BYLINE_SOURCE_NER_MODEL ""
#endif

namespace byline::cli {

std::string ResolveNerModelPath(absl::string_view executable,
                                absl::string_view installed_relative,
                                absl::string_view source_tree_model) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string installed;
  if (!executable.empty()) {
    installed = (fs::path(std::string(executable)).parent_path() /
                 fs::path(std::string(installed_relative)))
                    .lexically_normal()
                    .string();
    if (fs::is_regular_file(installed, ec)) return installed;
  }
  const std::string source(source_tree_model);
  if (!source.empty() && fs::is_regular_file(source, ec)) return source;
  return installed.empty() ? source : installed;
}

std::string DefaultNerModelPath() {
  std::error_code ec;
  const std::filesystem::path exe =
      std::filesystem::read_symlink("/proc/self/exe", ec);
  return ResolveNerModelPath(ec ? "" : exe.string(),
                             BYLINE_INSTALLED_NER_MODEL_RELATIVE,
                             BYLINE_SOURCE_NER_MODEL);
}

}  // namespace byline::cli
