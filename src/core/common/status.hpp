// Status: how the core reports failure. The core never throws across its public
// API: every call that can fail returns a Status, and a failed call leaves the
// object it was called on unchanged. The JS layer turns a Status into a
// ReelRankError with the same code.
#pragma once
#include <string>
#include <utility>

namespace reelrank {

enum class ErrorCode : int {
  Ok = 0,
  Arg = 1,        // E_ARG: an argument is malformed or out of range
  UnknownId = 2,  // E_UNKNOWN_ID: an id the object does not know
  Corrupt = 3,    // E_CORRUPT: saved bytes fail a structural or checksum check
  Version = 4,    // E_VERSION: saved bytes come from a newer format version
  Empty = 5,      // E_EMPTY: nothing to work on (empty catalogue, empty log)
  Memory = 6,     // E_MEMORY: a size checked in advance exceeds a documented limit
  State = 7,      // E_STATE: the object is in the wrong state for this call
  Cancelled = 8,  // E_CANCELLED: training stopped because onProgress asked it to
};
// The codes run from Arg to this one: JS learns them from the core
// (ErrorCodes, index.d.ts's ErrorCode checked by tests/js/schema.test.js),
// so a code added above must move this and get a name in errorCodeName.
constexpr ErrorCode kLastErrorCode = ErrorCode::Cancelled;

const char* errorCodeName(ErrorCode code);

class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(ErrorCode code, std::string message) {
    Status s;
    s.code_ = code;
    s.message_ = std::move(message);
    return s;
  }
  bool isOk() const { return code_ == ErrorCode::Ok; }
  explicit operator bool() const { return isOk(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_ = ErrorCode::Ok;
  std::string message_;
};

inline Status argError(std::string m) { return Status::error(ErrorCode::Arg, std::move(m)); }
inline Status unknownIdError(std::string m) { return Status::error(ErrorCode::UnknownId, std::move(m)); }
inline Status corruptError(std::string m) { return Status::error(ErrorCode::Corrupt, std::move(m)); }

// Propagate a failed Status to the caller.
#define RR_TRY(expr)                           \
  do {                                         \
    ::reelrank::Status rr_status_ = (expr);    \
    if (!rr_status_.isOk()) return rr_status_; \
  } while (0)

}  // namespace reelrank
