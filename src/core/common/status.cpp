#include "common/status.hpp"

namespace reelrank {

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::Ok:
      return "OK";
    case ErrorCode::Arg:
      return "E_ARG";
    case ErrorCode::UnknownId:
      return "E_UNKNOWN_ID";
    case ErrorCode::Corrupt:
      return "E_CORRUPT";
    case ErrorCode::Version:
      return "E_VERSION";
    case ErrorCode::Empty:
      return "E_EMPTY";
    case ErrorCode::Memory:
      return "E_MEMORY";
    case ErrorCode::State:
      return "E_STATE";
    case ErrorCode::Cancelled:
      return "E_CANCELLED";
  }
  return "E_UNKNOWN";
}

}  // namespace reelrank
