// Tests of the index jobs' progress line and ETA.
#include "cli/index_progress.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace byline::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(FormatEtaTest, MinutesSecondsAndHours) {
  EXPECT_EQ(FormatEta(absl::ZeroDuration()), "ETA 0:00");
  EXPECT_EQ(FormatEta(absl::Seconds(7)), "ETA 0:07");
  EXPECT_EQ(FormatEta(absl::Milliseconds(6100)), "ETA 0:07");  // rounds up
  EXPECT_EQ(FormatEta(absl::Seconds(12 * 60 + 34)), "ETA 12:34");
  EXPECT_EQ(FormatEta(absl::Seconds(3600 + 2 * 60 + 3)), "ETA 1:02:03");
  EXPECT_EQ(FormatEta(absl::Hours(30)), "ETA 30:00:00");
  EXPECT_EQ(FormatEta(absl::Seconds(-5)), "ETA 0:00");
}

TEST(ReaderLeadTest, InFlightBatchesPlusTheOneBeingFilled) {
  ParallelIndexerOptions options;
  options.threads = 2;
  options.batch_records = 64;
  EXPECT_EQ(ReaderLeadRecords(options), (4 * 2 + 1) * 64u);
  options.max_batches_in_flight = 3;
  EXPECT_EQ(ReaderLeadRecords(options), 4 * 64u);
}

IndexingProgress At(double seconds, uint64_t done, uint64_t bytes_read,
                    uint64_t bytes_total) {
  IndexingProgress p;
  p.counts.read = done;
  p.bytes_read = bytes_read;
  p.bytes_total = bytes_total;
  p.elapsed = absl::Seconds(seconds);
  return p;
}

double Seconds(std::optional<absl::Duration> d) {
  return d ? absl::ToDoubleSeconds(*d) : -1;
}

// A simulated run: `records` records of `bytes` bytes each, done at `rate`
// per second, the reader `lead` records ahead (as the indexer's in-flight
// bound keeps it), progress every 64 records.
TEST(EtaEstimatorTest, ExactForASteadyRunDespiteTheReaderRunningAhead) {
  const uint64_t records = 6000, bytes = 1500, lead = 576;
  const double rate = 500;
  EtaEstimator eta(lead);
  for (uint64_t done = 64; done <= records; done += 64) {
    const uint64_t reader = std::min(records, done + lead);
    const double t = 0.2 + done / rate;
    const auto left = eta.Update(At(t, done, reader * bytes, records * bytes));
    if (t - (0.2 + 64 / rate) < 1.0) {
      EXPECT_FALSE(left) << done;  // less than a second of history
      continue;
    }
    ASSERT_TRUE(left) << done;
    const double truth = (records - done) / rate;
    // Exact until the reader reaches the end; then an upper bound that is
    // off by at most the records the reader was ahead by.
    EXPECT_GE(Seconds(left), truth - 1e-6) << done;
    EXPECT_LE(Seconds(left), truth + lead / rate + 1e-6) << done;
    if (done + lead < records) {
      EXPECT_NEAR(Seconds(left), truth, 1e-6) << done;
    }
  }
}

TEST(EtaEstimatorTest, CompressedInputsUseTheCompressedBytes) {
  // 3:1 compression: bytes read and total are both compressed, so the
  // estimate is the same as for the plain file.
  EtaEstimator plain(0), gz(0);
  for (uint64_t done : {1000, 2000, 3000}) {
    const double t = done / 1000.0;
    const auto a = plain.Update(At(t, done, done * 1500, 10000 * 1500));
    const auto b = gz.Update(At(t, done, done * 500, 10000 * 500));
    EXPECT_EQ(a.has_value(), b.has_value());
    if (a) {
      EXPECT_NEAR(Seconds(a), Seconds(b), 1e-6);
    }
  }
  EXPECT_NEAR(Seconds(gz.Update(At(4, 4000, 4000 * 500, 10000 * 500))), 6,
              1e-6);
}

TEST(EtaEstimatorTest, UsesTheRecentRateNotTheAverage) {
  // 10 s at 100 records/s, then 1000 records/s: after the window (5 s)
  // only the new rate counts.
  EtaEstimator eta(0, absl::Seconds(5));
  uint64_t done = 0;
  double t = 0;
  const uint64_t total = 100000;
  for (int i = 0; i < 100; ++i) {
    t += 0.1, done += 10;
    eta.Update(At(t, done, done * 100, total * 100));
  }
  std::optional<absl::Duration> left;
  for (int i = 0; i < 100; ++i) {
    t += 0.1, done += 100;
    left = eta.Update(At(t, done, done * 100, total * 100));
  }
  EXPECT_NEAR(Seconds(left), (total - done) / 1000.0, 1.0);
}

TEST(EtaEstimatorTest, UnknownWithoutASizeOrForATinyInput) {
  EtaEstimator stdin_input(576);
  EXPECT_FALSE(stdin_input.Update(At(1, 64, 100000, 0)));
  EXPECT_FALSE(stdin_input.Update(At(5, 128, 200000, 0)));
  // 40 articles: the reader consumed everything before the first batch
  // was done, so the record count is unknown.
  EtaEstimator tiny(576);
  EXPECT_FALSE(tiny.Update(At(0.5, 40, 60000, 60000)));
  EXPECT_FALSE(tiny.Update(At(2, 40, 60000, 60000)));
  EtaEstimator nothing_yet(0);
  EXPECT_FALSE(nothing_yet.Update(At(3, 0, 0, 1000)));
}

TEST(ProgressLineTest, ShowsTheEtaWhenKnown) {
  IndexingProgress p = At(2, 1000, 3000000, 9000000);
  p.counts.rejected = 3;
  EXPECT_EQ(ProgressLine(p, absl::Seconds(65)),
            "1000 articles  500/s  1.5 MB/s  3 rejected  ETA 1:05");
  EXPECT_THAT(ProgressLine(p, std::nullopt), Not(HasSubstr("ETA")));
}

}  // namespace
}  // namespace byline::cli
