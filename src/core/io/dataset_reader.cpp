#include "io/dataset_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "common/id_map.hpp"
#include "common/limits.hpp"
#include "data/events.hpp"

namespace reelrank {

namespace {

// More than any supported layout needs; fields past this are counted, not kept.
constexpr std::size_t kMaxFields = 32;
constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);
constexpr const char* kGenericLayout = "expected 3 or 4 fields (user, item, value[, timestamp])";

bool isBlank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t') return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A field as shown in a message: quoted, cut short, control bytes as '?'.
std::string shown(std::string_view s) {
  constexpr std::size_t kMaxShown = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  if (s.size() > kMaxShown) out += "...";
  out += "'";
  return out;
}

// Lines split at '\n', a trailing '\r' dropped, numbered from 1.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {
    // Spreadsheet exports start with a UTF-8 byte order mark; it is not part of the first id.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }
  bool next(std::string_view* line) {
    if (pos_ >= text_.size()) return false;
    const char* start = text_.data() + pos_;
    const std::size_t rest = text_.size() - pos_;
    const void* newline = std::memchr(start, '\n', rest);
    std::size_t length = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - start) : rest;
    pos_ += length + (newline ? 1 : 0);
    ++number_;
    if (length > 0 && start[length - 1] == '\r') --length;
    *line = std::string_view(start, length);
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
};

struct Fields {
  std::array<std::string_view, kMaxFields> at{};
  std::array<std::string, kMaxFields> unescaped;  // storage for Csv fields that held "" escapes
  std::size_t count = 0;                          // may exceed kMaxFields
  void push(std::string_view f) {
    if (count < kMaxFields) at[count] = f;
    ++count;
  }
  std::string_view operator[](std::size_t i) const { return at[i]; }
};

void splitPlain(std::string_view line, std::string_view separator, Fields* f) {
  f->count = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(separator, start);
    if (end == std::string_view::npos) {
      f->push(trim(line.substr(start)));
      return;
    }
    f->push(trim(line.substr(start, end - start)));
    start = end + separator.size();
  }
}

// Comma-separated with optional double quotes ("" inside quotes is one quote).
bool splitCsv(std::string_view line, Fields* f, std::string* problem) {
  f->count = 0;
  std::size_t pos = 0;
  while (true) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    if (pos < line.size() && line[pos] == '"') {
      std::size_t close = pos + 1;
      bool escaped = false;
      while (true) {
        close = line.find('"', close);
        if (close == std::string_view::npos) {
          *problem = "a quoted field has no closing quote";
          return false;
        }
        if (close + 1 < line.size() && line[close + 1] == '"') {
          escaped = true;
          close += 2;
          continue;
        }
        break;
      }
      std::string_view inner = line.substr(pos + 1, close - pos - 1);
      if (escaped && f->count < kMaxFields) {
        std::string& s = f->unescaped[f->count];
        s.clear();
        for (std::size_t j = 0; j < inner.size(); ++j) {
          s += inner[j];
          if (inner[j] == '"') ++j;  // the second quote of a "" pair
        }
        inner = s;
      }
      f->push(inner);
      pos = close + 1;
      while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
      if (pos == line.size()) return true;
      if (line[pos] != ',') {
        *problem = "unexpected text after a closing quote";
        return false;
      }
      ++pos;
      if (pos == line.size()) {  // a trailing comma: one more, empty field
        f->push(std::string_view());
        return true;
      }
    } else {
      const std::size_t end = line.find(',', pos);
      if (end == std::string_view::npos) {
        f->push(trim(line.substr(pos)));
        return true;
      }
      f->push(trim(line.substr(pos, end - pos)));
      pos = end + 1;
    }
  }
}

enum class NumberKind { Ok, NotANumber, NotFinite };

// Decimal numbers only (no hex, no "nan"/"inf"). Integers up to 15 digits take
// a from_chars fast path (exact in a double); others go through strtod on a
// NUL-terminated copy, because floating-point from_chars is missing from
// emscripten 3.1.6's libc++.
NumberKind parseNumber(std::string_view s, double* out) {
  if (s.empty()) return NumberKind::NotANumber;
  if (s.size() <= 15) {
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size()) {
      *out = static_cast<double>(v);
      return NumberKind::Ok;
    }
  }
  for (char c : s) {
    if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') continue;
    std::string_view body = s;
    if (body.front() == '+' || body.front() == '-') body.remove_prefix(1);
    std::string head(body.substr(0, 3));
    for (char& h : head) h = static_cast<char>(h | 0x20);  // ASCII lower case
    return (head == "nan" || head == "inf") ? NumberKind::NotFinite : NumberKind::NotANumber;
  }
  char buffer[64];
  if (s.size() >= sizeof buffer) return NumberKind::NotANumber;
  std::memcpy(buffer, s.data(), s.size());
  buffer[s.size()] = '\0';
  char* end = nullptr;
  const double v = std::strtod(buffer, &end);
  if (end != buffer + s.size()) return NumberKind::NotANumber;
  if (!std::isfinite(v)) return NumberKind::NotFinite;  // e.g. 1e999
  *out = v;
  return NumberKind::Ok;
}

bool readNumber(std::string_view field, const char* name, double* out, std::string* problem) {
  switch (parseNumber(field, out)) {
    case NumberKind::Ok:
      return true;
    case NumberKind::NotFinite:
      *problem = std::string(name) + " " + shown(field) + " is not a finite number";
      break;
    case NumberKind::NotANumber:
      *problem =
          field.empty() ? std::string(name) + " is empty" : std::string(name) + " " + shown(field) + " is not a number";
      break;
  }
  return false;
}

bool readNonNegative(std::string_view field, const char* name, double* out, std::string* problem) {
  if (!readNumber(field, name, out, problem)) return false;
  if (*out < 0) {
    *problem = std::string(name) + " " + shown(field) + " is negative";
    return false;
  }
  return true;
}

bool readFlag(std::string_view field, const char* name, bool* out, std::string* problem) {
  double v = 0;
  if (parseNumber(field, &v) == NumberKind::Ok && (v == 0 || v == 1)) {
    *out = v == 1;
    return true;
  }
  *problem = std::string(name) + " must be 0 or 1, found " + shown(field);
  return false;
}

bool readIds(std::string_view user, std::string_view item, std::string* problem) {
  Status s = validateId(user, "user");
  if (s.isOk()) s = validateId(item, "item");
  if (!s.isOk()) *problem = s.message();
  return s.isOk();
}

// What one read is building, and how it reports malformed lines.
struct Context {
  Context(std::string_view text, const ReadOptions& o) : lines(text), options(o) {}

  void add(std::string_view user, std::string_view item, EventType type, double value, double duration,
           double timestamp) {
    EventBatch& b = result.events;
    if (!b.types.empty()) {
      b.users += '\0';
      b.items += '\0';
    }
    b.users.append(user);
    b.items.append(item);
    b.types.push_back(static_cast<uint8_t>(type));
    b.values.push_back(value);
    b.durations.push_back(duration);
    b.timestamps.push_back(timestamp);
  }

  // Reports a malformed line: false means stop with `error`.
  bool bad(const std::string& problem) {
    std::string message = "line " + std::to_string(lines.number()) + ": " + problem;
    if (!options.skipBad) {
      error = argError(std::move(message));
      return false;
    }
    ++result.skipped;
    if (result.warnings.size() < options.maxWarnings) result.warnings.push_back(std::move(message));
    return true;
  }

  // A limit checked as the batch grows, so a huge file fails before it exhausts memory.
  bool tooManyEvents() {
    if (result.events.types.size() <= limits::kMaxLogEvents) return false;
    error = Status::error(ErrorCode::Memory, "the dataset holds more than " + std::to_string(limits::kMaxLogEvents) +
                                                 " events, the most an interaction log holds");
    return true;
  }

  LineReader lines;
  const ReadOptions& options;
  ReadResult result;
  Fields fields;
  Status error;
};

enum class Separator { Tab, Comma, DoubleColon };

bool split(std::string_view line, Separator sep, Fields* f, std::string* problem) {
  switch (sep) {
    case Separator::Tab:
      splitPlain(line, "\t", f);
      return true;
    case Separator::DoubleColon:
      splitPlain(line, "::", f);
      return true;
    case Separator::Comma:
      return splitCsv(line, f, problem);
  }
  return false;
}

// Rows `user item value [timestamp]`, each one Rating event. The first
// non-blank line is a header when its value field is not a number; it fixes
// the field count (minFields..maxFields) for the rest of the file. `layout`
// describes the expected fields in messages.
Status readRatingRows(Context& c, Separator sep, std::size_t minFields, std::size_t maxFields, const char* valueName,
                      const char* layout) {
  bool first = true;
  std::size_t expected = 0;
  std::string_view line;
  std::string problem;
  while (c.lines.next(&line)) {
    if (isBlank(line)) continue;
    const bool mayBeHeader = first;
    first = false;
    problem.clear();
    const Fields& f = c.fields;
    bool ok = split(line, sep, &c.fields, &problem);
    if (ok && expected == 0 && (f.count < minFields || f.count > maxFields)) {
      problem = std::string(layout) + ", found " + std::to_string(f.count);
      ok = false;
    } else if (ok && expected != 0 && f.count != expected) {
      problem = "expected " + std::to_string(expected) + " fields, found " + std::to_string(f.count);
      ok = false;
    }
    if (ok) {
      expected = f.count;
      double value = 0, timestamp = 0;
      if (mayBeHeader && parseNumber(f[2], &value) != NumberKind::Ok) continue;  // the header
      ok = readIds(f[0], f[1], &problem) && readNumber(f[2], valueName, &value, &problem) &&
           (f.count < 4 || readNumber(f[3], "timestamp", &timestamp, &problem));
      if (ok) {
        c.add(f[0], f[1], EventType::Rating, value, 0.0, timestamp);
        ++c.result.lines;
        if (c.tooManyEvents()) return c.error;
      }
    }
    if (!ok && !c.bad(problem)) return c.error;
  }
  return Status::ok();
}

Status readMovieLens(Context& c, std::string_view text) {
  LineReader peek(text);
  std::string_view line;
  while (peek.next(&line) && isBlank(line)) {}
  if (isBlank(line)) return Status::ok();  // no data at all
  Separator sep;
  if (line.find("::") != std::string_view::npos) {
    sep = Separator::DoubleColon;  // ratings.dat
  } else if (line.find('\t') != std::string_view::npos) {
    sep = Separator::Tab;  // u.data
  } else if (line.find(',') != std::string_view::npos) {
    sep = Separator::Comma;  // ratings.csv
  } else {
    return argError("line " + std::to_string(peek.number()) +
                    ": not a MovieLens ratings file (expected the u.data, ratings.csv or ratings.dat layout)");
  }
  return readRatingRows(c, sep, 4, 4, "rating", "expected 4 fields (user, item, rating, timestamp)");
}

struct KuaiRandColumns {
  // The 16-column layout of the kcore15 sample (SOURCE.md).
  std::size_t fieldCount = 16;
  std::size_t user = 0, video = 1, timeMs = 4, follow = 6, comment = 7, forward = 8, playMs = 10, durationMs = 11;
  std::size_t label = 14, like = kNoColumn, hate = kNoColumn;
};

bool mapKuaiRandHeader(const Fields& f, KuaiRandColumns* cols, std::string* problem) {
  if (f.count > kMaxFields) {
    *problem = "the KuaiRand header has " + std::to_string(f.count) + " columns; at most " +
               std::to_string(kMaxFields) + " are supported";
    return false;
  }
  auto column = [&](std::string_view name) {
    for (std::size_t i = 0; i < f.count; ++i)
      if (f[i] == name) return i;
    return kNoColumn;
  };
  const std::pair<const char*, std::size_t*> required[] = {
      {"user_id", &cols->user},        {"video_id", &cols->video},        {"time_ms", &cols->timeMs},
      {"is_follow", &cols->follow},    {"is_comment", &cols->comment},    {"is_forward", &cols->forward},
      {"play_time_ms", &cols->playMs}, {"duration_ms", &cols->durationMs}};
  for (const auto& [name, index] : required) {
    *index = column(name);
    if (*index == kNoColumn) {
      *problem = std::string("the KuaiRand header has no '") + name + "' column";
      return false;
    }
  }
  cols->label = column("label");
  cols->like = column("is_like");
  cols->hate = column("is_hate");
  if (cols->label == kNoColumn && (cols->like == kNoColumn || cols->hate == kNoColumn)) {
    *problem = "the KuaiRand header needs a 'label' column, or both 'is_like' and 'is_hate'";
    return false;
  }
  cols->fieldCount = f.count;
  return true;
}

bool readKuaiRandRow(Context& c, const KuaiRandColumns& k, std::string* problem) {
  const Fields& f = c.fields;
  if (f.count != k.fieldCount) {
    *problem = "expected " + std::to_string(k.fieldCount) + " fields, found " + std::to_string(f.count);
    return false;
  }
  double timeMs = 0, playMs = 0, durationMs = 0;
  bool follow = false, comment = false, forward = false, like = false, hate = false;
  if (!readIds(f[k.user], f[k.video], problem) || !readNumber(f[k.timeMs], "time_ms", &timeMs, problem) ||
      !readNonNegative(f[k.playMs], "play_time_ms", &playMs, problem) ||
      !readNonNegative(f[k.durationMs], "duration_ms", &durationMs, problem) ||
      !readFlag(f[k.follow], "is_follow", &follow, problem) ||
      !readFlag(f[k.comment], "is_comment", &comment, problem) ||
      !readFlag(f[k.forward], "is_forward", &forward, problem))
    return false;
  if (k.label != kNoColumn) {
    if (!readFlag(f[k.label], "label", &like, problem)) return false;
    hate = !like;
  } else if (!readFlag(f[k.like], "is_like", &like, problem) || !readFlag(f[k.hate], "is_hate", &hate, problem)) {
    return false;
  }
  const std::string_view user = f[k.user], video = f[k.video];
  const double timestamp = timeMs / 1000.0, duration = durationMs / 1000.0;
  c.add(user, video, EventType::View, playMs / 1000.0, duration, timestamp);
  if (like) c.add(user, video, EventType::Like, 0.0, duration, timestamp);
  if (hate) c.add(user, video, EventType::Dislike, 0.0, duration, timestamp);
  if (follow) c.add(user, video, EventType::Follow, 0.0, duration, timestamp);
  if (comment) c.add(user, video, EventType::Comment, 0.0, duration, timestamp);
  if (forward) c.add(user, video, EventType::Share, 0.0, duration, timestamp);
  return true;
}

Status readKuaiRand(Context& c) {
  KuaiRandColumns columns;
  bool first = true;
  std::string_view line;
  std::string problem;
  while (c.lines.next(&line)) {
    if (isBlank(line)) continue;
    splitPlain(line, "\t", &c.fields);
    if (first) {
      first = false;
      double ignored = 0;
      if (parseNumber(c.fields[0], &ignored) != NumberKind::Ok) {  // a header: user ids are numbers
        if (!mapKuaiRandHeader(c.fields, &columns, &problem))
          return argError("line " + std::to_string(c.lines.number()) + ": " + problem);
        continue;
      }
    }
    problem.clear();
    if (readKuaiRandRow(c, columns, &problem)) {
      ++c.result.lines;
      if (c.tooManyEvents()) return c.error;
    } else if (!c.bad(problem)) {
      return c.error;
    }
  }
  return Status::ok();
}

}  // namespace

bool parseDatasetFormat(std::string_view name, DatasetFormat* out) {
  static constexpr std::pair<const char*, DatasetFormat> kFormats[] = {{"movielens", DatasetFormat::MovieLens},
                                                                       {"csv", DatasetFormat::Csv},
                                                                       {"tsv", DatasetFormat::Tsv},
                                                                       {"kuairand", DatasetFormat::KuaiRand}};
  for (const auto& [text, format] : kFormats) {
    if (name == text) {
      *out = format;
      return true;
    }
  }
  return false;
}

const char* datasetFormatName(DatasetFormat format) {
  switch (format) {
    case DatasetFormat::MovieLens:
      return "movielens";
    case DatasetFormat::Csv:
      return "csv";
    case DatasetFormat::Tsv:
      return "tsv";
    case DatasetFormat::KuaiRand:
      return "kuairand";
  }
  return "unknown";
}

Status readDataset(std::string_view text, DatasetFormat format, const ReadOptions& options, ReadResult* out) {
  if (out == nullptr) return argError("readDataset needs somewhere to put the result");
  Context c(text, options);
  // One event per line is the common case; KuaiRand rows add a few more.
  const std::size_t lineEstimate = std::min<std::size_t>(
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1, limits::kMaxLogEvents);
  EventBatch& b = c.result.events;
  b.types.reserve(lineEstimate);
  b.values.reserve(lineEstimate);
  b.durations.reserve(lineEstimate);
  b.timestamps.reserve(lineEstimate);
  Status s;
  switch (format) {
    case DatasetFormat::MovieLens:
      s = readMovieLens(c, text);
      break;
    case DatasetFormat::Csv:
      s = readRatingRows(c, Separator::Comma, 3, 4, "value", kGenericLayout);
      break;
    case DatasetFormat::Tsv:
      s = readRatingRows(c, Separator::Tab, 3, 4, "value", kGenericLayout);
      break;
    case DatasetFormat::KuaiRand:
      s = readKuaiRand(c);
      break;
    default:
      return argError("unknown dataset format");
  }
  if (!s.isOk()) return s;
  *out = std::move(c.result);
  return Status::ok();
}

}  // namespace reelrank
