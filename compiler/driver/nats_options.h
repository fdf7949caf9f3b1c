// How `takt serve --nats` and `takt nats` reach the NATS servers (docs/deploy.md, "Security"):
// the options both commands take, parsed here once. No libnats here, so that a build without it
// still parses (and refuses) `--nats`.
#ifndef TAKT_COMPILER_DRIVER_NATS_OPTIONS_H_
#define TAKT_COMPILER_DRIVER_NATS_OPTIONS_H_

#include <string>
#include <string_view>

#include "compiler/driver/arg_parser.h"

namespace takt::driver {

// The environment variable naming a credentials file when `--nats-creds` is not given.
inline constexpr const char* kNatsCredsVariable = "TAKT_NATS_CREDS";

struct NatsConnectOptions {
  std::string url;         // One server or a comma-separated list (a cluster).
  std::string creds_file;  // A `.creds` file (user JWT and NKey seed); empty: $TAKT_NATS_CREDS, or none.
  std::string tls_ca;      // PEM CA certificates the servers' certificates must be signed by.
  std::string tls_cert;    // PEM client certificate, for servers that verify their clients,
  std::string tls_key;     // and its private key (both or neither).
};

// Declares `--nats URL` (with `url_help`), `--nats-creds`, `--nats-tls-ca`, `--nats-tls-cert`
// and `--nats-tls-key`.
inline void AddNatsConnectOptions(ArgParser& parser, std::string_view url_help, NatsConnectOptions* options) {
  parser.AddOption("nats", "URL", url_help, &options->url);
  parser.AddOption("nats-creds", "FILE",
                   "a NATS credentials file (user JWT and NKey seed); default: the file $TAKT_NATS_CREDS names",
                   &options->creds_file);
  parser.AddOption("nats-tls-ca", "FILE", "connect with TLS, trusting the CA certificates (PEM) in FILE",
                   &options->tls_ca);
  parser.AddOption("nats-tls-cert", "FILE", "connect with TLS, presenting the client certificate (PEM) in FILE",
                   &options->tls_cert);
  parser.AddOption("nats-tls-key", "FILE", "the private key (PEM) of `--nats-tls-cert`", &options->tls_key);
}

// The option missing of the pair `--nats-tls-cert FILE --nats-tls-key FILE`, empty when none is.
inline auto NatsTlsPairMissing(const NatsConnectOptions& options) -> std::string_view {
  if (options.tls_cert.empty() == options.tls_key.empty()) {
    return {};
  }
  return options.tls_key.empty() ? "--nats-tls-key FILE" : "--nats-tls-cert FILE";
}

}  // namespace takt::driver

#endif  // TAKT_COMPILER_DRIVER_NATS_OPTIONS_H_
