// Error types for user and input errors, and a debug-only check for internal invariants.
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
}  // namespace detail

}  // namespace fb

// Internal invariants only (never user input): active in debug builds, compiled out in release.
#ifdef NDEBUG
#define FB_DCHECK(cond) ((void)0)
#else
#define FB_DCHECK(cond) ((cond) ? (void)0 : ::fb::detail::check_failed(#cond, __FILE__, __LINE__))
#endif
