// Dataset readers: turn the bytes of a public interaction dataset into an
// EventBatch (the same columns JS hands to Interactions::addBatch). The core
// does no file IO, so the caller passes the whole file as text; this works the
// same natively and in the browser.
//
// Formats
// -------
// MovieLens (the layout is recognised from the first non-blank line):
//   u.data       tab-separated `user item rating timestamp`, no header
//   ratings.csv  `userId,movieId,rating,timestamp`, header optional
//   ratings.dat  `user::item::rating::timestamp`, no header
//   Each row is one Rating event: value = rating, timestamp in seconds.
//
// Csv / Tsv (generic): `user,item,value[,timestamp]` (comma or tab). The
//   first non-blank line is a header when its value field is not a number.
//   That line (header or data) fixes the field count, 3 or 4, for the file.
//   Each row is one Rating event; without a timestamp column it is 0.
//   Csv fields may be double-quoted ("a, b" and "say ""hi""" are one field);
//   a quoted field cannot span lines.
//
// KuaiRand (tab-separated; see ../shared/data/kuairand-27k-likehate-kcore15/
//   SOURCE.md). Without a header the 16-column layout of that file is assumed:
//   user_id video_id date hourmin time_ms is_click is_follow is_comment
//   is_forward long_view play_time_ms duration_ms comment_stay_time
//   is_profile_enter label timestamp.
//   A header (a first non-blank line whose first field is not a number, as
//   user ids are) is read by column name instead, so other column orders
//   work, and so do raw KuaiRand logs that carry is_like / is_hate instead of
//   label. Every row must have as many fields as the header.
//   Each row becomes, all at timestamp = time_ms / 1000 seconds:
//     View     always; value (watch time) = play_time_ms / 1000 s,
//              duration = duration_ms / 1000 s (0 = unknown, as in the file)
//     Like     when label == 1 (raw logs: is_like == 1)
//     Dislike  when label == 0 (raw logs: is_hate == 1)
//     Follow   when is_follow == 1
//     Comment  when is_comment == 1
//     Share    when is_forward == 1
//   Engagement events carry value 0 and the row's duration. is_click and
//   long_view are not separate events: a click is implied by the view, and a
//   long view is what the view's watch ratio already measures.
//   comment_stay_time, is_profile_enter and the date columns are not used.
//
// Malformed lines
// ---------------
// A line with the wrong field count, a non-numeric or non-finite number, a
// negative play time or duration, a flag other than 0/1, or an invalid id
// (empty, longer than limits::kMaxIdBytes, holding NUL) makes readDataset
// return E_ARG naming the 1-based line, e.g. "line 17: expected 4 fields,
// found 3", and leaves *out untouched. With ReadOptions::skipBad the line is
// skipped instead: ReadResult::skipped counts such lines and the first
// maxWarnings messages are kept. A layout that cannot be recognised at all
// (MovieLens layout, KuaiRand header without a needed column) is an error
// even with skipBad, since no line could be read.
// Blank lines, CRLF line ends, a missing or present final newline and a UTF-8
// byte order mark are all fine. Numbers are parsed in the "C" locale (the
// default unless the program calls setlocale).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "data/interactions.hpp"

namespace reelrank {

enum class DatasetFormat { MovieLens, Csv, Tsv, KuaiRand };

// Accepts "movielens", "csv", "tsv", "kuairand" (lower case); false otherwise.
bool parseDatasetFormat(std::string_view name, DatasetFormat* out);
const char* datasetFormatName(DatasetFormat format);

struct ReadOptions {
  bool skipBad = false;          // skip malformed lines instead of failing
  std::size_t maxWarnings = 10;  // how many skipped-line messages to keep
};

struct ReadResult {
  EventBatch events;
  std::size_t lines = 0;              // data lines turned into events (not the header, blank or skipped lines)
  std::size_t skipped = 0;            // malformed lines skipped (skipBad only)
  std::vector<std::string> warnings;  // the first ReadOptions::maxWarnings skip messages
};

// Parses a whole dataset file. On success *out is replaced; on failure it is
// left as it was.
Status readDataset(std::string_view text, DatasetFormat format, const ReadOptions& options, ReadResult* out);

}  // namespace reelrank
