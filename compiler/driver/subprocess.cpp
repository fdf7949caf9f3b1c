#include "compiler/driver/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

extern char** environ;

namespace takt::driver {

static void ClosePipe(int (&fds)[2]) {
  for (int& fd : fds) {
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
  }
}

auto RunProcess(const std::vector<std::string>& argv, std::string_view input) -> ProcessResult {
  ProcessResult result;
  int in_pipe[2] = {-1, -1};
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.error = fmt::format("cannot create a pipe: {}", std::strerror(errno));
    ClosePipe(in_pipe);
    ClosePipe(out_pipe);
    ClosePipe(err_pipe);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawn_error = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  in_pipe[0] = out_pipe[1] = err_pipe[1] = -1;
  if (spawn_error != 0) {
    result.error = spawn_error == ENOENT ? fmt::format("`{}` is not installed (not found in PATH)", argv[0])
                                         : fmt::format("cannot run `{}`: {}", argv[0], std::strerror(spawn_error));
    ClosePipe(in_pipe);
    ClosePipe(out_pipe);
    ClosePipe(err_pipe);
    return result;
  }
  result.started = true;
  // Writing and reading interleaved: a tool that answers while it reads (dot on a large graph)
  // would otherwise deadlock on a full pipe.
  size_t written = 0;
  if (input.empty()) {
    ClosePipe(in_pipe);
  }
  struct sigaction ignore_pipe {};
  struct sigaction old_pipe {};
  ignore_pipe.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore_pipe, &old_pipe);
  char buffer[1 << 16];
  while (out_pipe[0] >= 0 || err_pipe[0] >= 0) {
    pollfd fds[3];
    nfds_t count = 0;
    auto watch = [&](int fd, short events) {
      if (fd >= 0) {
        fds[count++] = pollfd{.fd = fd, .events = events, .revents = 0};
      }
    };
    watch(in_pipe[1], POLLOUT);
    watch(out_pipe[0], POLLIN);
    watch(err_pipe[0], POLLIN);
    if (::poll(fds, count, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) {
        continue;
      }
      if (fds[i].fd == in_pipe[1]) {
        ssize_t n = ::write(in_pipe[1], input.data() + written, input.size() - written);
        if (n > 0) {
          written += static_cast<size_t>(n);
        }
        if (n < 0 || written == input.size()) {
          ::close(in_pipe[1]);
          in_pipe[1] = -1;
        }
        continue;
      }
      int& fd = fds[i].fd == out_pipe[0] ? out_pipe[0] : err_pipe[0];
      std::string& sink = fds[i].fd == out_pipe[0] ? result.out : result.err;
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n > 0) {
        sink.append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fd);
        fd = -1;
      }
    }
  }
  ClosePipe(in_pipe);
  ::sigaction(SIGPIPE, &old_pipe, nullptr);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

auto FailureText(const ProcessResult& result) -> std::string {
  std::string text = result.started ? result.err : result.error;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

}  // namespace takt::driver
