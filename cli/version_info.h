// What `byline --version` prints: Byline's version and git revision (both
// fixed at build time) and the versions of the libraries it runs on.
#ifndef BYLINE_CLI_VERSION_INFO_H_
#define BYLINE_CLI_VERSION_INFO_H_

#include <string>

#include "absl/strings/string_view.h"

namespace byline::cli {

struct VersionInfo {
  std::string version;       // project(VERSION) of the top CMakeLists.txt
  std::string git_revision;  // `git describe --always --dirty`, or "unknown"
  std::string xapian;        // Xapian::version_string(), at run time
  std::string icu;           // u_getVersion(), at run time
  std::string grpc;          // grpc::Version(), at run time
  std::string protobuf;      // the protobuf headers built against
};

// The versions of this binary and of the libraries it has loaded.
VersionInfo CurrentVersionInfo();

// The text of `byline --version`, one item per line:
//   byline 0.4.0 (git f44be17)
//   Xapian 1.4.22
//   ICU 72.1
//   gRPC 1.51.1
//   protobuf 3.21.12
//   NER model /usr/share/byline/byline-ner-en.bin
// `ner_model` is the default of --ner_model; "(missing)" is appended when
// `ner_model_found` is false.
std::string VersionText(const VersionInfo& info, absl::string_view ner_model,
                        bool ner_model_found);

}  // namespace byline::cli

#endif  // BYLINE_CLI_VERSION_INFO_H_
