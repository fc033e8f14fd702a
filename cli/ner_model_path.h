// Where `byline index --entities` finds its NER model when --ner_model is
// not given: the model installed beside the binary (for an installed or
// unpacked package: BINDIR/../share/byline/byline-ner-en.bin), else the
// model in the source tree the binary was built from (a build-tree binary).
#ifndef BYLINE_CLI_NER_MODEL_PATH_H_
#define BYLINE_CLI_NER_MODEL_PATH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace byline::cli {

// The installed model relative to the running executable (/proc/self/exe)
// if that file exists, else the source tree's model if it exists, else the
// installed location (so that an error names where the package puts it).
std::string DefaultNerModelPath();

// The rule behind DefaultNerModelPath, for any paths: `executable` is the
// binary's absolute path (empty: unknown), `installed_relative` the model's
// path relative to the binary's directory, `source_tree_model` the model's
// absolute path in the source tree.
std::string ResolveNerModelPath(absl::string_view executable,
                                absl::string_view installed_relative,
                                absl::string_view source_tree_model);

}  // namespace byline::cli

#endif  // BYLINE_CLI_NER_MODEL_PATH_H_
