// The rules of every server and listener setting: its name, type and range, and the checks
// across settings that start() makes. The PHP binding converts each value of $server->set()
// and $server->listen() to a SettingValue and shows the error text as the warning or the
// exception message, so the rules and their wording live here, tested without PHP.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "trident/server/config.h"

namespace trident::server {

// One element of a PHP array given as a setting: its key and a scalar value (the settings
// that take arrays want strings or ints; anything else is kept by its type name only).
struct SettingArrayEntry {
    bool string_key = false;  // false: an int key (a list)
    std::string key;          // with string_key
    enum class Type { String, Int, Other } type = Type::Other;
    std::string text;         // Type::String
    int64_t number = 0;       // Type::Int
    std::string type_name;    // PHP's name of the value's type ("string", "int", "array", ...)
};

// A PHP array given as a setting. ssl_sni_certs reads it as
// ['host.example' => ['ssl_cert_file' => string, 'ssl_key_file' => string], ...] (sni_certs;
// an array of any other shape is kept as well_formed = false, and ssl_sni_certs then says what
// it expects); the http_compression_* arrays read `entries`, one per element in order.
struct SettingArray {
    std::vector<SniCertConfig> sni_certs;
    bool well_formed = true;
    std::vector<SettingArrayEntry> entries;
};

// The strings of an array setting's values, in order (entries of other types are skipped).
std::vector<std::string> setting_strings(const SettingArray& a);

// A value the core has no use for (object, resource): kept only to name its type in the
// error, as the binding's type name ("stdClass", "resource").
struct OtherSettingValue {
    std::string type_name;
};

// One setting's value: null, bool, int, float, string, array, anything else.
using SettingValue = std::variant<std::monostate, bool, int64_t, double, std::string, SettingArray, OtherSettingValue>;

// The type as PHP names it in a type error: "null", "bool", "int", "float", "string", "array".
std::string setting_type_name(const SettingValue& value);

enum class SettingResult {
    Applied,  // the value is in the config
    Invalid,  // a known key with a value of the wrong type or out of range: *error says which
    Unknown,  // no such key: *error says so
};

// $server->set(): one key. The TLS keys (ssl_cert_file, ssl_key_file, ssl_sni_certs) are those
// of the constructor's listener, config.listeners[0]. On Invalid or Unknown the config is
// unchanged and *error is the message, e.g. `Setting "worker_num" must be between 1 and 256,
// 0 given` or `Unknown setting "bogus"`.
SettingResult apply_setting(ServerConfig& config, std::string_view key, const SettingValue& value, std::string* error);

// $server->listen(): one key of the listener's own settings (TLS files, SNI certificates,
// open_http2_protocol, open_http3_protocol). Unknown keys: `Unknown listener setting "k"`.
SettingResult apply_listener_setting(ListenerConfig& listener, std::string_view key, const SettingValue& value,
                                     std::string* error);

// The counts run() works with: worker_num and reactor_num 0 (the default) become the number of
// online CPUs (at least 1), and reactors are capped at kMaxReactors.
void resolve_counts(ServerConfig& config, long online_cpus);

// Whether a listener speaks HTTP/2 (h2c prior knowledge in cleartext, "h2" ALPN with TLS) and
// whether it wants HTTP/3: its own setting when listen() gave one, else the server's.
bool listener_http2(const ServerConfig& config, const ListenerConfig& listener);
bool listener_wants_http3(const ServerConfig& config, const ListenerConfig& listener);

// The checks across settings, made by run() before anything is opened or forked: at least one
// listener, worker_num within kMaxWorkers, TLS certificate and key given together, SNI
// certificates only beside a default certificate, HTTP/3 only where there is TLS (and only in a
// build with HTTP/3), document_root an existing directory when enable_static_handler is on.
// False with *error naming the setting to fix. It reads no file but document_root's stat:
// whether the certificates load is checked when the TLS contexts are made.
bool validate(const ServerConfig& config, std::string* error);

// The `metrics` setting's address: "host:port" or "[ipv6]:port", port 0-65535. False with
// *error for anything else.
bool parse_listen_address(std::string_view text, std::string& host, int& port, std::string* error);

// printf's %g as PHP prints it (a warning's "%g"): "1.0e+8" where C says "1e+08", "NAN", "INF".
std::string php_format_g(double value);

}  // namespace trident::server
