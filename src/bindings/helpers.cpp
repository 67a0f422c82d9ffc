#include "helpers.hpp"

namespace reelrank::bindings {

val statusToJs(const Status& s) {
  if (s.isOk()) return val::undefined();
  val e = val::object();
  e.set("rrError", val(std::string(errorCodeName(s.code()))));
  e.set("message", val(s.message()));
  return e;
}

val memoryErrorToJs(const char* what) {
  return statusToJs(Status::error(ErrorCode::Memory, std::string("the call ran ") + what +
                                                         " and was undone: free models or profiles you no longer need "
                                                         "(dispose()), work on a smaller input, or run it natively"));
}

bool splitExactly(std::string_view joined, std::size_t n, std::vector<std::string_view>* out) {
  out->clear();
  if (n == 0) return joined.empty();
  std::size_t start = 0;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    std::size_t end = joined.find('\0', start);
    if (end == std::string_view::npos) return false;
    out->push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  if (joined.find('\0', start) != std::string_view::npos) return false;
  out->push_back(joined.substr(start));
  return true;
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) s.push_back('\0');
    s += names[i];
  }
  return s;
}

}  // namespace reelrank::bindings
