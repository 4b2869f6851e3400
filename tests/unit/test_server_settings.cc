// Setting rules: every key of $server->set() and listen() accepted at its bounds and refused
// past them or with the wrong type, in the words PHP users see; the checks start() makes
// across settings.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "trident/server/settings.h"
#include "trident/server/shared_state.h"

using trident::LogLevel;
using trident::server::apply_listener_setting;
using trident::server::apply_setting;
using trident::server::DispatchMode;
using trident::server::kHookFlagsAll;
using trident::server::kMaxReactors;
using trident::server::kMaxWorkers;
using trident::server::ListenerConfig;
using trident::server::OtherSettingValue;
using trident::server::php_format_g;
using trident::server::ServerConfig;
using trident::server::SettingArray;
using trident::server::SettingResult;
using trident::server::SettingValue;
using trident::server::validate;

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// A server as the constructor leaves it: one listener.
ServerConfig server() {
    ServerConfig c;
    ListenerConfig l;
    l.host = "127.0.0.1";
    c.listeners.push_back(l);
    return c;
}

SettingResult set(ServerConfig& c, const char* key, const SettingValue& v, std::string* error) {
    error->clear();
    return apply_setting(c, key, v, error);
}

std::string refused(const char* key, const SettingValue& v) {
    ServerConfig c = server();
    std::string error;
    CHECK(set(c, key, v, &error) == SettingResult::Invalid);
    return error;
}

void accepted(ServerConfig& c, const char* key, const SettingValue& v) {
    std::string error;
    INFO(key << ": " << error);
    REQUIRE(set(c, key, v, &error) == SettingResult::Applied);
    CHECK(error.empty());
}

SettingArray sni(std::vector<trident::server::SniCertConfig> certs) {
    SettingArray a;
    a.sni_certs = std::move(certs);
    return a;
}

std::string validation_error(const ServerConfig& c) {
    std::string error;
    CHECK_FALSE(validate(c, &error));
    return error;
}

}  // namespace

TEST_CASE("settings: every int key is accepted at its bounds and refused past them", "[settings]") {
    struct IntKey {
        const char* key;
        int64_t min;
        int64_t max;
    };
    const IntKey keys[] = {
        {"worker_num", 1, kMaxWorkers},
        {"reactor_num", 1, kMaxReactors},
        {"dispatch_mode", 1, 3},
        {"max_request", 0, kInt64Max},
        {"package_max_length", 1, kInt64Max},
        {"http_max_header_size", 256, 1 << 20},
        {"http_max_pipeline", 1, 1024},
        {"http_body_min_rate", 0, kInt64Max},
        {"backlog", 1, 65535},
        {"max_connections", 1, 10000000},
        {"max_conn", 1, 10000000},
        {"max_coroutine", 1, 1000000},
        {"hook_flags", 0, 4095},
        {"max_concurrent_streams", 1, 1 << 20},
        {"input_window_size", 64 << 10, int64_t(1) << 30},
        {"log_level", 0, 5},
    };
    for (const IntKey& k : keys) {
        INFO(k.key);
        ServerConfig c = server();
        accepted(c, k.key, k.min);
        accepted(c, k.key, k.max);
        std::string range = std::to_string(k.min) + " and " + std::to_string(k.max);
        CHECK(refused(k.key, k.min - 1) ==
              "Setting \"" + std::string(k.key) + "\" must be between " + range + ", " + std::to_string(k.min - 1) + " given");
        if (k.max < kInt64Max) {
            CHECK(refused(k.key, k.max + 1) == "Setting \"" + std::string(k.key) + "\" must be between " + range + ", " +
                                                   std::to_string(k.max + 1) + " given");
        }
        CHECK(refused(k.key, std::string("1")) == "Setting \"" + std::string(k.key) + "\" must be of type int, string given");
        CHECK(refused(k.key, 1.0) == "Setting \"" + std::string(k.key) + "\" must be of type int, float given");
        CHECK(refused(k.key, true) == "Setting \"" + std::string(k.key) + "\" must be of type int, bool given");
        CHECK(refused(k.key, std::monostate{}) == "Setting \"" + std::string(k.key) + "\" must be of type int, null given");
    }
}

TEST_CASE("settings: int values land in their fields", "[settings]") {
    ServerConfig c = server();
    accepted(c, "worker_num", int64_t(3));
    accepted(c, "reactor_num", int64_t(2));
    accepted(c, "dispatch_mode", int64_t(3));
    accepted(c, "max_request", int64_t(1000));
    accepted(c, "package_max_length", int64_t(1) << 30);
    accepted(c, "http_max_header_size", int64_t(4096));
    accepted(c, "http_max_pipeline", int64_t(8));
    accepted(c, "http_body_min_rate", int64_t(0));
    accepted(c, "backlog", int64_t(128));
    accepted(c, "max_conn", int64_t(77));
    accepted(c, "max_coroutine", int64_t(5000));
    accepted(c, "max_concurrent_streams", int64_t(64));
    accepted(c, "log_level", int64_t(4));
    CHECK(c.input_window_size == size_t(1) << 20);  // the default
    accepted(c, "input_window_size", int64_t(256) << 10);
    CHECK(c.input_window_size == size_t(256) << 10);
    CHECK(c.worker_num == 3);
    CHECK(c.reactor_num == 2);
    CHECK(c.dispatch_mode == DispatchMode::SessionAffinity);
    CHECK(c.max_request == 1000);
    CHECK(c.package_max_length == size_t(1) << 30);
    CHECK(c.http_max_header_size == 4096);
    CHECK(c.http_max_pipeline == 8);
    CHECK(c.http_body_min_rate == 0);
    CHECK(c.backlog == 128);
    CHECK(c.max_connections == 77);  // max_conn is another name for max_connections
    CHECK(c.max_coroutine == 5000);
    CHECK(c.max_concurrent_streams == 64);
    CHECK(c.log_level == LogLevel::Error);
}

TEST_CASE("settings: hook_flags defaults to every hook family and takes any combination of them", "[settings]") {
    CHECK(ServerConfig().hook_flags == kHookFlagsAll);
    CHECK(kHookFlagsAll == 4095);  // Trident\Runtime::HOOK_ALL
    ServerConfig c = server();
    accepted(c, "hook_flags", int64_t(0));
    CHECK(c.hook_flags == 0);
    accepted(c, "hook_flags", int64_t(128 | 1));  // HOOK_SLEEP | HOOK_TCP
    CHECK(c.hook_flags == 129);
    CHECK(refused("hook_flags", int64_t(4096)) == "Setting \"hook_flags\" must be between 0 and 4095, 4096 given");
    CHECK(refused("hook_flags", true) == "Setting \"hook_flags\" must be of type int, bool given");
}

TEST_CASE("settings: seconds take an int or a float from their minimum up to 1e7", "[settings]") {
    struct SecondsKey {
        const char* key;
        double min;
        const char* min_text;
        double ServerConfig::*field;
    };
    const SecondsKey keys[] = {
        {"http_header_timeout", 0.01, "0.01", &ServerConfig::http_header_timeout},
        {"http_idle_timeout", 0.01, "0.01", &ServerConfig::http_idle_timeout},
        {"http_send_timeout", 0.01, "0.01", &ServerConfig::http_send_timeout},
        {"max_wait_time", 0, "0", &ServerConfig::max_wait_time},
    };
    for (const SecondsKey& k : keys) {
        INFO(k.key);
        std::string name = "Setting \"" + std::string(k.key) + "\"";
        ServerConfig c = server();
        accepted(c, k.key, k.min);
        CHECK(c.*k.field == k.min);
        accepted(c, k.key, 1e7);
        CHECK(c.*k.field == 1e7);
        accepted(c, k.key, int64_t(5));  // an int is a number of seconds too
        CHECK(c.*k.field == 5.0);
        std::string bound = name + " must be a number of seconds >= " + k.min_text + ", ";
        CHECK(refused(k.key, 1e7 + 1) == bound + "1.0e+7 given");
        CHECK(refused(k.key, int64_t(-1)) == bound + "-1 given");
        CHECK(refused(k.key, std::nan("")) == bound + "NAN given");
        CHECK(refused(k.key, std::numeric_limits<double>::infinity()) == bound + "INF given");
        CHECK(refused(k.key, std::string("5")) == name + " must be of type float, string given");
        CHECK(refused(k.key, false) == name + " must be of type float, bool given");
    }
    CHECK(refused("http_idle_timeout", 0.001) == "Setting \"http_idle_timeout\" must be a number of seconds >= 0.01, 0.001 given");
}

TEST_CASE("settings: bool keys take only true or false", "[settings]") {
    const char* keys[] = {"open_http2_protocol", "open_http3_protocol", "http3_retry", "open_http3_datagram",
                          "http_body_streaming"};
    for (const char* k : keys) {
        INFO(k);
        ServerConfig c = server();
        accepted(c, k, true);
        accepted(c, k, false);
        CHECK(refused(k, int64_t(1)) == "Setting \"" + std::string(k) + "\" must be of type bool, int given");
        CHECK(refused(k, std::string("yes")) == "Setting \"" + std::string(k) + "\" must be of type bool, string given");
    }
    ServerConfig c = server();
    accepted(c, "open_http2_protocol", true);
    accepted(c, "open_http3_protocol", true);
    accepted(c, "http3_retry", true);
    accepted(c, "open_http3_datagram", true);
    CHECK_FALSE(c.http_body_streaming);
    accepted(c, "http_body_streaming", true);
    CHECK(c.http_body_streaming);
    CHECK(c.open_http2_protocol);
    CHECK(c.open_http3_protocol);
    CHECK(c.http3_retry);
    CHECK(c.open_http3_datagram);
    // The server-wide protocol switches stay the server's: the listener keeps "inherit".
    CHECK(c.listeners[0].open_http2_protocol == -1);
    CHECK(c.listeners[0].open_http3_protocol == -1);
}

TEST_CASE("settings: log_file is a string or null", "[settings]") {
    ServerConfig c = server();
    accepted(c, "log_file", std::string("/tmp/x.log"));
    CHECK(c.log_file == "/tmp/x.log");
    accepted(c, "log_file", std::monostate{});
    CHECK(c.log_file.empty());
    CHECK(refused("log_file", int64_t(42)) == "Setting \"log_file\" must be of type ?string, int given");
    CHECK(refused("log_file", SettingArray{}) == "Setting \"log_file\" must be of type ?string, array given");
}

TEST_CASE("settings: the TLS keys of set() are the constructor's listener's", "[settings]") {
    ServerConfig c = server();
    accepted(c, "ssl_cert_file", std::string("a.crt"));
    accepted(c, "ssl_key_file", std::string("a.key"));
    accepted(c, "ssl_sni_certs", sni({{"*.example.com", "w.crt", "w.key"}}));
    REQUIRE(c.listeners[0].ssl_sni_certs.size() == 1);
    CHECK(c.listeners[0].ssl_cert_file == "a.crt");
    CHECK(c.listeners[0].ssl_key_file == "a.key");
    CHECK(c.listeners[0].ssl_sni_certs[0].hostname == "*.example.com");
    CHECK(c.listeners[0].ssl_sni_certs[0].cert_file == "w.crt");
    CHECK(c.listeners[0].ssl_sni_certs[0].key_file == "w.key");
    CHECK(refused("ssl_cert_file", std::monostate{}) == "Setting \"ssl_cert_file\" must be of type string, null given");
    CHECK(refused("ssl_key_file", int64_t(1)) == "Setting \"ssl_key_file\" must be of type string, int given");
    CHECK(refused("ssl_sni_certs", std::string("x")) == "Setting \"ssl_sni_certs\" must be of type array, string given");
    SettingArray bad;
    bad.well_formed = false;
    CHECK(refused("ssl_sni_certs", bad) ==
          "Setting \"ssl_sni_certs\" must map host names to ['ssl_cert_file' => string, 'ssl_key_file' => string] "
          "(and optionally 'ssl_stapling_file' => string)");

    ServerConfig none;  // no constructor ran: no listener to put them on
    std::string error;
    CHECK(set(none, "ssl_cert_file", std::string("a.crt"), &error) == SettingResult::Invalid);
    CHECK(error == "Setting \"ssl_cert_file\" is for the constructor's listener, and there is none");
}

TEST_CASE("settings: a type the core does not know is named as the binding names it", "[settings]") {
    CHECK(refused("worker_num", OtherSettingValue{"stdClass"}) == "Setting \"worker_num\" must be of type int, stdClass given");
    CHECK(refused("ssl_sni_certs", OtherSettingValue{"resource"}) ==
          "Setting \"ssl_sni_certs\" must be of type array, resource given");
}

TEST_CASE("settings: an unknown key is Unknown and leaves the config alone", "[settings]") {
    ServerConfig c = server();
    std::string error;
    CHECK(set(c, "no_such_key", int64_t(1), &error) == SettingResult::Unknown);
    CHECK(error == "Unknown setting \"no_such_key\"");
    CHECK(set(c, "Worker_Num", int64_t(1), &error) == SettingResult::Unknown);  // keys are case-sensitive
    CHECK(c.worker_num == 0);
}

TEST_CASE("settings: a refused value leaves the config alone", "[settings]") {
    ServerConfig c = server();
    accepted(c, "worker_num", int64_t(4));
    std::string error;
    CHECK(set(c, "worker_num", int64_t(0), &error) == SettingResult::Invalid);
    CHECK(c.worker_num == 4);
}

TEST_CASE("settings: listen() keys", "[settings]") {
    ListenerConfig l;
    std::string error;
    CHECK(apply_listener_setting(l, "ssl_cert_file", std::string("b.crt"), &error) == SettingResult::Applied);
    CHECK(apply_listener_setting(l, "ssl_key_file", std::string("b.key"), &error) == SettingResult::Applied);
    CHECK(apply_listener_setting(l, "ssl_sni_certs", sni({{"b.test", "c", "k"}}), &error) == SettingResult::Applied);
    CHECK(apply_listener_setting(l, "open_http2_protocol", false, &error) == SettingResult::Applied);
    CHECK(apply_listener_setting(l, "open_http3_protocol", true, &error) == SettingResult::Applied);
    CHECK(l.ssl_cert_file == "b.crt");
    CHECK(l.ssl_key_file == "b.key");
    CHECK(l.ssl_sni_certs.size() == 1);
    CHECK(l.open_http2_protocol == 0);
    CHECK(l.open_http3_protocol == 1);

    CHECK(apply_listener_setting(l, "open_http2_protocol", int64_t(1), &error) == SettingResult::Invalid);
    CHECK(error == "Setting \"open_http2_protocol\" must be of type bool, int given");
    CHECK(l.open_http2_protocol == 0);
    // Server-wide keys are not a listener's.
    CHECK(apply_listener_setting(l, "worker_num", int64_t(1), &error) == SettingResult::Unknown);
    CHECK(error == "Unknown listener setting \"worker_num\"");
    CHECK(apply_listener_setting(l, "bogus", int64_t(1), &error) == SettingResult::Unknown);
    CHECK(error == "Unknown listener setting \"bogus\"");
}

TEST_CASE("settings: a listener's own protocol switch overrides the server's", "[settings]") {
    ServerConfig c = server();
    const ListenerConfig& l = c.listeners[0];
    CHECK_FALSE(trident::server::listener_http2(c, l));
    c.open_http2_protocol = true;
    c.open_http3_protocol = true;
    CHECK(trident::server::listener_http2(c, l));
    CHECK(trident::server::listener_wants_http3(c, l));
    c.listeners[0].open_http2_protocol = 0;
    c.listeners[0].open_http3_protocol = 0;
    CHECK_FALSE(trident::server::listener_http2(c, c.listeners[0]));
    CHECK_FALSE(trident::server::listener_wants_http3(c, c.listeners[0]));
}

TEST_CASE("settings: resolve_counts turns 0 into the CPU count and caps reactors", "[settings]") {
    ServerConfig c;
    trident::server::resolve_counts(c, 8);
    CHECK(c.worker_num == 8);
    CHECK(c.reactor_num == 8);
    ServerConfig big;
    trident::server::resolve_counts(big, 300);
    CHECK(big.reactor_num == kMaxReactors);
    CHECK(big.worker_num == 300);  // validate() refuses it
    ServerConfig unknown;
    trident::server::resolve_counts(unknown, -1);  // sysconf failed
    CHECK(unknown.worker_num == 1);
    CHECK(unknown.reactor_num == 1);
    ServerConfig set_by_user;
    set_by_user.worker_num = 2;
    set_by_user.reactor_num = 3;
    trident::server::resolve_counts(set_by_user, 16);
    CHECK(set_by_user.worker_num == 2);
    CHECK(set_by_user.reactor_num == 3);
}

TEST_CASE("validate: a plain server passes", "[settings]") {
    std::string error;
    CHECK(validate(server(), &error));
    CHECK(error.empty());
}

TEST_CASE("validate: listener and worker count", "[settings]") {
    CHECK(validation_error(ServerConfig{}) == "no listener");
    ServerConfig c = server();
    c.worker_num = kMaxWorkers + 1;
    CHECK(validation_error(c) == "worker_num must be at most " + std::to_string(kMaxWorkers));
}

TEST_CASE("validate: TLS certificate and key come together", "[settings]") {
    ServerConfig key_only = server();
    key_only.listeners[0].ssl_key_file = "/k.key";
    CHECK(validation_error(key_only) == "ssl_cert_file is required with ssl_key_file \"/k.key\"");

    ServerConfig cert_only = server();
    cert_only.listeners[0].ssl_cert_file = "/c.crt";
    CHECK(validation_error(cert_only) == "ssl_key_file is required with ssl_cert_file \"/c.crt\"");

    ServerConfig sni_only = server();
    sni_only.listeners[0].ssl_sni_certs.push_back({"a.test", "a.crt", "a.key"});
    CHECK(validation_error(sni_only) == "ssl_sni_certs needs ssl_cert_file and ssl_key_file for the default certificate");

    // Any listener, not only the constructor's.
    ServerConfig second = server();
    ListenerConfig l;
    l.ssl_cert_file = "/other.crt";
    second.listeners.push_back(l);
    CHECK(validation_error(second) == "ssl_key_file is required with ssl_cert_file \"/other.crt\"");

    ServerConfig both = server();
    both.listeners[0].ssl_cert_file = "/c.crt";  // files are not read here: that is TlsContext's job
    both.listeners[0].ssl_key_file = "/c.key";
    both.listeners[0].ssl_sni_certs.push_back({"a.test", "a.crt", "a.key"});
    std::string error;
    CHECK(validate(both, &error));
}

TEST_CASE("validate: HTTP/3 needs TLS", "[settings]") {
    ServerConfig no_tls = server();
    no_tls.open_http3_protocol = true;
    CHECK(validation_error(no_tls) ==
          "open_http3_protocol needs a TLS listener: set ssl_cert_file and ssl_key_file (QUIC always uses TLS)");

    // The server-wide switch goes to the TLS listeners; a cleartext one beside them is fine.
    ServerConfig mixed = server();
    mixed.open_http3_protocol = true;
    mixed.listeners[0].ssl_cert_file = "/c.crt";
    mixed.listeners[0].ssl_key_file = "/c.key";
    mixed.listeners.push_back(ListenerConfig{});
    std::string error;
    CHECK(validate(mixed, &error));

    // A cleartext listener asking for HTTP/3 itself is refused even beside a TLS one.
    mixed.listeners[1].open_http3_protocol = 1;
    CHECK(validation_error(mixed) ==
          "open_http3_protocol needs ssl_cert_file and ssl_key_file on the same listener (QUIC always uses TLS)");

    // A TLS listener whose own switch is off leaves no listener for the server-wide one.
    ServerConfig off = server();
    off.open_http3_protocol = true;
    off.listeners[0].ssl_cert_file = "/c.crt";
    off.listeners[0].ssl_key_file = "/c.key";
    off.listeners[0].open_http3_protocol = 0;
    CHECK(validation_error(off) ==
          "open_http3_protocol needs a TLS listener: set ssl_cert_file and ssl_key_file (QUIC always uses TLS)");
}

TEST_CASE("php_format_g: %g as PHP's warnings print it", "[settings]") {
    // Each expected string is what php_error_docref("%g") prints for the value.
    CHECK(php_format_g(1e8) == "1.0e+8");
    CHECK(php_format_g(12345678.9) == "1.23457e+7");
    CHECK(php_format_g(1234567) == "1.23457e+6");
    CHECK(php_format_g(123456) == "123456");
    CHECK(php_format_g(1e100) == "1.0e+100");
    CHECK(php_format_g(1e-5) == "1.0e-5");
    CHECK(php_format_g(-2.5e-10) == "-2.5e-10");
    CHECK(php_format_g(0.0001) == "0.0001");
    CHECK(php_format_g(0.01) == "0.01");
    CHECK(php_format_g(-5) == "-5");
    CHECK(php_format_g(0) == "0");
    CHECK(php_format_g(-0.0) == "-0");
    CHECK(php_format_g(std::nan("")) == "NAN");
    CHECK(php_format_g(std::numeric_limits<double>::infinity()) == "INF");
    CHECK(php_format_g(-std::numeric_limits<double>::infinity()) == "-INF");
}

namespace {

SettingArray strings(std::vector<std::string> v) {
    SettingArray a;
    for (size_t i = 0; i < v.size(); ++i) {
        trident::server::SettingArrayEntry e;
        e.type = trident::server::SettingArrayEntry::Type::String;
        e.text = v[i];
        e.type_name = "string";
        a.entries.push_back(e);
    }
    return a;
}

}  // namespace

TEST_CASE("settings: proxy_protocol and proxy_protocol_trusted", "[settings][proxy]") {
    ServerConfig c = server();
    accepted(c, "proxy_protocol", true);
    accepted(c, "proxy_protocol_trusted", strings({"127.0.0.1", "10.0.0.0/8", "::1"}));
    CHECK(c.listeners[0].proxy_protocol);
    CHECK_FALSE(c.listeners[0].proxy_trusted.empty());
    std::string error;
    CHECK(validate(c, &error));

    CHECK(refused("proxy_protocol", int64_t(1)) == "Setting \"proxy_protocol\" must be of type bool, int given");
    CHECK(refused("proxy_protocol_trusted", std::string("127.0.0.1")) ==
          "Setting \"proxy_protocol_trusted\" must be of type array, string given");
    CHECK(refused("proxy_protocol_trusted", strings({"127.0.0.1", "10.0.0.0/40"})) ==
          "proxy_protocol_trusted: \"10.0.0.0/40\" is not an IP address or network (a.b.c.d[/n], ipv6[/n])");
    SettingArray mixed = strings({"127.0.0.1"});
    mixed.entries[0].type = trident::server::SettingArrayEntry::Type::Int;
    mixed.entries[0].number = 7;
    CHECK(refused("proxy_protocol_trusted", mixed) ==
          "Setting \"proxy_protocol_trusted\" must be an array of IP addresses and networks (strings)");

    // A trusted list without the protocol would do nothing.
    ServerConfig d = server();
    accepted(d, "proxy_protocol_trusted", strings({"127.0.0.1"}));
    CHECK(validation_error(d) == "proxy_protocol_trusted needs proxy_protocol on the same listener");

    ListenerConfig l;
    CHECK(apply_listener_setting(l, "proxy_protocol", true, &error) == SettingResult::Applied);
    CHECK(l.proxy_protocol);
}

TEST_CASE("static handler settings", "[settings][static]") {
    ServerConfig c = server();
    std::string error;
    CHECK_FALSE(c.enable_static_handler);
    CHECK(c.static_handler_locations == std::vector<std::string>{"/"});
    CHECK(c.http_index_files == std::vector<std::string>{"index.html"});
    CHECK(apply_setting(c, "enable_static_handler", true, &error) == SettingResult::Applied);
    CHECK(apply_setting(c, "document_root", std::string("/tmp"), &error) == SettingResult::Applied);
    SettingArray locs = strings({"/assets", "/img/"});
    CHECK(apply_setting(c, "static_handler_locations", locs, &error) == SettingResult::Applied);
    CHECK(c.static_handler_locations == std::vector<std::string>{"/assets", "/img/"});
    SettingArray bad = strings({"assets"});
    CHECK(apply_setting(c, "static_handler_locations", bad, &error) == SettingResult::Invalid);
    CHECK(error == "Setting \"static_handler_locations\" must list URL paths starting with '/', \"assets\" given");
    bad = strings({"a/b"});
    CHECK(apply_setting(c, "http_index_files", bad, &error) == SettingResult::Invalid);
    CHECK(error == "Setting \"http_index_files\" must list file names (no '/'), \"a/b\" given");
    bad.entries[0].type = trident::server::SettingArrayEntry::Type::Int;
    CHECK(apply_setting(c, "http_index_files", bad, &error) == SettingResult::Invalid);
    CHECK(error == "Setting \"http_index_files\" must be an array of strings");
    CHECK(apply_setting(c, "static_handler_allow_symlinks", int64_t(1), &error) == SettingResult::Invalid);
    CHECK(apply_setting(c, "static_handler_allow_dotfiles", true, &error) == SettingResult::Applied);
    CHECK(validate(c, &error));
    c.document_root = "/nonexistent-trident-root";
    CHECK_FALSE(validate(c, &error));
    CHECK(error == "document_root \"/nonexistent-trident-root\": No such file or directory");
    c.document_root = "/etc/passwd";
    CHECK_FALSE(validate(c, &error));
    CHECK(error == "document_root \"/etc/passwd\" is not a directory");
    c.document_root.clear();
    CHECK_FALSE(validate(c, &error));
    CHECK(error == "enable_static_handler needs document_root");
    c.enable_static_handler = false;  // unchecked while off
    CHECK(validate(c, &error));
}
