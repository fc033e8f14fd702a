// Test helper: runs a real child process with its standard streams
// connected to files (no pipes, so no deadlock however much it writes),
// signals it, and waits for it with a bounded timeout.
#ifndef BYLINE_TESTS_SUBPROCESS_H_
#define BYLINE_TESTS_SUBPROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace byline::testing {

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Thread safety: one thread per Subprocess.
class Subprocess {
 public:
  // Starts argv[0] with the given arguments. stdin reads `stdin_path`;
  // stdout and stderr are written to the given files. On failure, error()
  // says why and pid() is 0.
  Subprocess(std::vector<std::string> argv, const std::string& stdin_path,
             const std::string& stdout_path, const std::string& stderr_path) {
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO,
                                     stdin_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO,
                                     stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO,
                                     stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int rc = posix_spawn(&pid_, argv[0].c_str(), &actions, nullptr,
                               args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      error_ = "posix_spawn " + argv[0] + ": " + std::strerror(rc);
      pid_ = 0;
    }
  }

  // Kills the child if it is still running.
  ~Subprocess() {
    if (pid_ != 0 && !exit_code_) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& error() const { return error_; }

  void Signal(int signal_number) {
    if (pid_ != 0 && !exit_code_) kill(pid_, signal_number);
  }

  // Waits up to `timeout` for the child to exit. Returns its exit code
  // (128 + signal if a signal ended it), or nullopt on timeout (the child
  // is then killed by the destructor).
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    if (pid_ == 0) return std::nullopt;
    if (exit_code_) return exit_code_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int status = 0;
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status)
                                       : 128 + WTERMSIG(status);
        return exit_code_;
      }
      if ((done < 0 && errno != EINTR) ||
          std::chrono::steady_clock::now() > deadline) {
        return std::nullopt;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

 private:
  pid_t pid_ = 0;
  std::string error_;
  std::optional<int> exit_code_;
};

// Waits (at most `timeout`) for `byline serve` started as `server` to print
// "byline serve: listening on 127.0.0.1:PORT (...)" to `stdout_path`, and
// returns PORT; 0 if it exits or the time runs out.
inline int WaitForServePort(Subprocess& server, const std::string& stdout_path,
                            std::chrono::milliseconds timeout =
                                std::chrono::seconds(20)) {
  const std::string prefix = "byline serve: listening on 127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = ReadWholeFile(stdout_path);
    if (const size_t at = out.find(prefix); at != std::string::npos) {
      const size_t digits = at + prefix.size();
      const size_t end = out.find(" (", digits);
      if (end != std::string::npos) {
        const int port = std::atoi(out.substr(digits, end - digits).c_str());
        if (port > 0) return port;
      }
    }
    if (server.Wait(std::chrono::milliseconds(0))) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

}  // namespace byline::testing

#endif  // BYLINE_TESTS_SUBPROCESS_H_
