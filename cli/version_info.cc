// Version strings of Byline and of the libraries it links.
#include "cli/version_info.h"

#include <google/protobuf/stubs/common.h>
#include <grpcpp/grpcpp.h>
#include <unicode/uversion.h>
#include <xapian.h>

#include "absl/strings/str_cat.h"
#include "cli/byline_git_revision.h"  // generated: BYLINE_GIT_REVISION

#ifndef BYLINE_VERSION
#define BYLINE_VERSION "unknown"
#endif

namespace byline::cli {

VersionInfo CurrentVersionInfo() {
  VersionInfo info;
  info.version = BYLINE_VERSION;
  info.git_revision = BYLINE_GIT_REVISION;
  if (info.git_revision.empty()) info.git_revision = "unknown";
  info.xapian = Xapian::version_string();
  UVersionInfo icu;
  u_getVersion(icu);
  char icu_text[U_MAX_VERSION_STRING_LENGTH] = {};
  u_versionToString(icu, icu_text);
  info.icu = icu_text;
  info.grpc = grpc::Version();
  info.protobuf =
      google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION);
  return info;
}

std::string VersionText(const VersionInfo& info, absl::string_view ner_model,
                        bool ner_model_found) {
  return absl::StrCat("byline ", info.version, " (git ", info.git_revision,
                      ")\nXapian ", info.xapian, "\nICU ", info.icu, "\ngRPC ",
                      info.grpc, "\nprotobuf ", info.protobuf, "\nNER model ",
                      ner_model, ner_model_found ? "" : " (missing)", "\n");
}

}  // namespace byline::cli
