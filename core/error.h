// Two tiers of failure. User and input errors throw the typed exceptions below (the CLI maps them to exit
// codes). Broken internal invariants -- a programming error, never bad input -- go through FB_CHECK, which is
// always on and aborts naming the file and line, so they are never mistaken for a usage error.
#pragma once

#include <stdexcept>
#include <string>

namespace fb {

/// Base of every error a user can cause. `exit_code()` is what the CLI returns for it.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual int exit_code() const { return 1; }
};

/// Bad option, bad config value, unknown key: exit code 2.
class ConfigError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return 2; }
};

/// A registry lookup with a name that does not exist: exit code 2.
class UnknownName : public ConfigError {
 public:
  using ConfigError::ConfigError;
};

/// Missing, truncated or foreign file, failed read or write: exit code 3.
class DataError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return 3; }
};

/// NaN/Inf or another numerical failure: exit code 4.
class NumericalError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return 4; }
};

namespace detail {
[[noreturn]] void check_failed(const char* expr, const char* file, int line);
[[noreturn]] void check_failed(const char* expr, const std::string& message, const char* file,
                               int line);
}  // namespace detail

}  // namespace fb

// Internal invariants (never user input), in every build: FB_CHECK(fitted_, "predict before fit"). The message
// is evaluated only when the check fails.
#define FB_CHECK(cond, message) \
  ((cond) ? (void)0 : ::fb::detail::check_failed(#cond, std::string(message), __FILE__, __LINE__))

// The same for checks on hot paths: active in debug builds, compiled out in release.
#ifdef NDEBUG
#define FB_DCHECK(cond) ((void)0)
#else
#define FB_DCHECK(cond) ((cond) ? (void)0 : ::fb::detail::check_failed(#cond, __FILE__, __LINE__))
#endif
