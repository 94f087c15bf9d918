#pragma once
// A child process started with fork/exec whose stdout is read line by line, for tests
// that run the real binaries (server, gateway) and wait for their "listening ..." line.
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace consent::testing {

class ChildProcess {
 public:
  // What the parent reads: stdout, or stdout and stderr (the log lines) as one stream, for
  // tests that read what a process logs.
  enum class Output { kStdout, kStdoutAndStderr };
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               Output output = Output::kStdout);
  ~ChildProcess();  // SIGKILLs the child if it is still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads stdout until a line starts with `prefix`; returns the rest of that line, or
  // nullopt if the child closes stdout (exits) first.
  std::optional<std::string> WaitForLine(const std::string& prefix);
  // Everything not yet read, up to the child closing its output (so: after it exits).
  std::string ReadToEnd();

  void Signal(int signo);
  // Waits for the child to exit; returns its exit code (128+signal when killed).
  int Wait();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
  std::optional<int> exit_code_;
};

// Runs a command to completion; returns its exit code. Output goes to the test's stderr.
int RunCommand(const std::vector<std::string>& argv);

// A TCP port that was free a moment ago on 127.0.0.1.
int FreePort();

}  // namespace consent::testing
