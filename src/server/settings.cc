// Setting rules: one table row per key (its type, its range, where it goes in the config).
#include "trident/server/settings.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "trident/core/log.h"
#include "trident/http/encoder.h"
#include "trident/server/shared_state.h"

namespace trident::server {

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
// Longer than any timeout means anything: a typo such as 1e9 is refused instead.
constexpr double kMaxSeconds = 1e7;

enum class Kind {
    Int,             // int within [min, max]
    Seconds,         // int or float within [min_seconds, kMaxSeconds]
    Bool,            // true or false
    String,          // string
    NullableString,  // string, or null for "not set"
    SniCerts,        // array of host name => ['ssl_cert_file' => ..., 'ssl_key_file' => ...]
    AddressList,     // array of IP addresses and networks (a.b.c.d/n, ipv6/n)
    LogFormat,       // "combined" or "json"
    Custom,          // checked and applied by the rule's `custom` (arrays of a given shape)
    Locations,       // array of URL path prefixes, each starting with '/'
    FileNames,       // array of file names (no '/', not empty)
};

// One key. `apply` runs only after the value passed the kind's check, so it may read the
// value as that kind without looking again.
template <class Target>
struct Rule {
    std::string_view key;
    Kind kind;
    int64_t min = 0;
    int64_t max = 0;
    double min_seconds = 0;
    void (*apply)(Target&, const SettingValue&) = nullptr;
    // Kind::Custom: checks the whole value, then applies it; false (config unchanged) with *error.
    bool (*custom)(Target&, const SettingValue&, std::string* error) = nullptr;
};

int64_t int_of(const SettingValue& v) { return std::get<int64_t>(v); }
bool bool_of(const SettingValue& v) { return std::get<bool>(v); }
double seconds_of(const SettingValue& v) {
    if (const int64_t* i = std::get_if<int64_t>(&v)) return double(*i);
    return std::get<double>(v);
}
std::string string_of(const SettingValue& v) {
    const std::string* s = std::get_if<std::string>(&v);
    return s ? *s : std::string();
}

template <class Target>
Rule<Target> int_rule(std::string_view key, int64_t min, int64_t max, void (*apply)(Target&, const SettingValue&)) {
    return {key, Kind::Int, min, max, 0, apply};
}
template <class Target>
Rule<Target> seconds_rule(std::string_view key, double min, void (*apply)(Target&, const SettingValue&)) {
    return {key, Kind::Seconds, 0, 0, min, apply};
}
template <class Target>
Rule<Target> kind_rule(std::string_view key, Kind kind, void (*apply)(Target&, const SettingValue&)) {
    return {key, kind, 0, 0, 0, apply};
}

template <class Target>
Rule<Target> custom_rule(std::string_view key, bool (*custom)(Target&, const SettingValue&, std::string*)) {
    return {key, Kind::Custom, 0, 0, 0, nullptr, custom};
}

using S = ServerConfig;
using L = ListenerConfig;

// --- http_compression_* -----------------------------------------------------------------------

using http::ContentCoding;

constexpr const char* kCodingNames = "\"gzip\", \"br\", \"zstd\"";

// A coding a setting may name: gzip, br or zstd (identity is what "no coding" means already).
bool setting_coding(std::string_view name, ContentCoding& c) {
    return http::content_coding_from_token(name, c) && c != ContentCoding::Identity && name != "x-gzip";
}

const SettingArray* array_or_error(const char* key, const SettingValue& v, std::string* error) {
    const SettingArray* a = std::get_if<SettingArray>(&v);
    if (!a) *error = std::string("Setting \"") + key + "\" must be of type array, " + setting_type_name(v) + " given";
    return a;
}

std::string level_range(ContentCoding c) {
    return std::to_string(http::content_coding_min_level(c)) + " and " + std::to_string(http::content_coding_max_level(c));
}

// http_compression_level: one level for every coding; 1-9 is valid for all three.
bool set_compression_level(S& c, const SettingValue& v, std::string* error) {
    const int64_t* i = std::get_if<int64_t>(&v);
    if (!i) {
        *error = "Setting \"http_compression_level\" must be of type int, " + setting_type_name(v) + " given";
        return false;
    }
    if (*i < 1 || *i > 9) {
        *error = "Setting \"http_compression_level\" must be between 1 and 9, " + std::to_string(*i) +
                 " given (per-coding levels: http_compression_levels)";
        return false;
    }
    for (ContentCoding k : {ContentCoding::Gzip, ContentCoding::Brotli, ContentCoding::Zstd}) c.compression.levels[size_t(k)] = int(*i);
    return true;
}

// http_compression_levels: ['gzip' => 6, 'br' => 4, 'zstd' => 3], any subset.
bool set_compression_levels(S& c, const SettingValue& v, std::string* error) {
    const SettingArray* a = array_or_error("http_compression_levels", v, error);
    if (!a) return false;
    int levels[http::kContentCodingCount];
    for (size_t k = 0; k < http::kContentCodingCount; ++k) levels[k] = c.compression.levels[k];
    for (const SettingArrayEntry& e : a->entries) {
        ContentCoding k;
        if (!e.string_key || !setting_coding(e.key, k)) {
            *error = "Setting \"http_compression_levels\" must map codings (" + std::string(kCodingNames) + ") to levels, " +
                     (e.string_key ? "\"" + e.key + "\"" : std::string("an int key")) + " given";
            return false;
        }
        if (e.type != SettingArrayEntry::Type::Int) {
            *error = "Setting \"http_compression_levels\": the level of \"" + e.key + "\" must be of type int, " + e.type_name +
                     " given";
            return false;
        }
        if (e.number < http::content_coding_min_level(k) || e.number > http::content_coding_max_level(k)) {
            *error = "Setting \"http_compression_levels\": the level of \"" + e.key + "\" must be between " + level_range(k) +
                     ", " + std::to_string(e.number) + " given";
            return false;
        }
        levels[size_t(k)] = int(e.number);
    }
    for (size_t k = 0; k < http::kContentCodingCount; ++k) c.compression.levels[k] = levels[k];
    return true;
}

// http_compression_types: a list of media types, "text/*" and "application/*+json" patterns.
bool set_compression_types(S& c, const SettingValue& v, std::string* error) {
    const SettingArray* a = array_or_error("http_compression_types", v, error);
    if (!a) return false;
    std::vector<std::string> types;
    for (const SettingArrayEntry& e : a->entries) {
        std::string normalized;
        if (e.type != SettingArrayEntry::Type::String) {
            *error = "Setting \"http_compression_types\" must be a list of media types (strings), " + e.type_name + " given";
            return false;
        }
        if (!http::valid_media_type_pattern(e.text, &normalized)) {
            *error = "Setting \"http_compression_types\" must be a list of media types such as \"text/*\" or "
                     "\"application/json\", \"" + e.text + "\" given";
            return false;
        }
        types.push_back(std::move(normalized));
    }
    c.compression.types = std::move(types);
    return true;
}

// http_compression_encodings: the server's preference order, e.g. ['br', 'zstd', 'gzip'].
bool set_compression_encodings(S& c, const SettingValue& v, std::string* error) {
    const SettingArray* a = array_or_error("http_compression_encodings", v, error);
    if (!a) return false;
    std::vector<ContentCoding> order;
    for (const SettingArrayEntry& e : a->entries) {
        ContentCoding k;
        if (e.type != SettingArrayEntry::Type::String || !setting_coding(e.text, k)) {
            *error = "Setting \"http_compression_encodings\" must list codings among " + std::string(kCodingNames) + ", " +
                     (e.type == SettingArrayEntry::Type::String ? "\"" + e.text + "\"" : e.type_name) + " given";
            return false;
        }
        for (ContentCoding seen : order) {
            if (seen == k) {
                *error = "Setting \"http_compression_encodings\" lists \"" + e.text + "\" twice";
                return false;
            }
        }
        order.push_back(k);
    }
    if (order.empty()) {
        *error = "Setting \"http_compression_encodings\" must list at least one coding (to turn compression off: "
                 "http_compression => false)";
        return false;
    }
    c.compression.encodings = std::move(order);
    return true;
}

// The keys of one listener, given to listen() (and, for the constructor's listener, to set()).
const Rule<L> kListenerRules[] = {
    kind_rule<L>("ssl_cert_file", Kind::String, [](L& l, const SettingValue& v) { l.ssl_cert_file = string_of(v); }),
    kind_rule<L>("ssl_key_file", Kind::String, [](L& l, const SettingValue& v) { l.ssl_key_file = string_of(v); }),
    kind_rule<L>("ssl_stapling_file", Kind::String, [](L& l, const SettingValue& v) { l.ssl_stapling_file = string_of(v); }),
    kind_rule<L>("ssl_sni_certs", Kind::SniCerts,
                 [](L& l, const SettingValue& v) { l.ssl_sni_certs = std::get<SettingArray>(v).sni_certs; }),
    kind_rule<L>("open_http2_protocol", Kind::Bool, [](L& l, const SettingValue& v) { l.open_http2_protocol = bool_of(v) ? 1 : 0; }),
    kind_rule<L>("open_http3_protocol", Kind::Bool, [](L& l, const SettingValue& v) { l.open_http3_protocol = bool_of(v) ? 1 : 0; }),
    kind_rule<L>("proxy_protocol", Kind::Bool, [](L& l, const SettingValue& v) { l.proxy_protocol = bool_of(v); }),
    kind_rule<L>("proxy_protocol_trusted", Kind::AddressList,
                 [](L& l, const SettingValue& v) {
                     l.proxy_trusted = AddressSet();
                     std::string ignored;  // check() parsed every entry already
                     for (const std::string& s : setting_strings(std::get<SettingArray>(v))) l.proxy_trusted.add(s, &ignored);
                 }),
};

void set_max_connections(S& c, const SettingValue& v) { c.max_connections = size_t(int_of(v)); }

const Rule<S> kServerRules[] = {
    int_rule<S>("worker_num", 1, kMaxWorkers, [](S& c, const SettingValue& v) { c.worker_num = int(int_of(v)); }),
    int_rule<S>("reactor_num", 1, kMaxReactors, [](S& c, const SettingValue& v) { c.reactor_num = int(int_of(v)); }),
    int_rule<S>("dispatch_mode", 1, 3, [](S& c, const SettingValue& v) { c.dispatch_mode = DispatchMode(int_of(v)); }),
    int_rule<S>("max_request", 0, kInt64Max, [](S& c, const SettingValue& v) { c.max_request = uint64_t(int_of(v)); }),
    int_rule<S>("package_max_length", 1, kInt64Max,
                [](S& c, const SettingValue& v) { c.package_max_length = size_t(int_of(v)); }),
    int_rule<S>("http_max_header_size", 256, 1 << 20,
                [](S& c, const SettingValue& v) { c.http_max_header_size = size_t(int_of(v)); }),
    int_rule<S>("http_max_pipeline", 1, 1024, [](S& c, const SettingValue& v) { c.http_max_pipeline = int(int_of(v)); }),
    seconds_rule<S>("http_header_timeout", 0.01, [](S& c, const SettingValue& v) { c.http_header_timeout = seconds_of(v); }),
    seconds_rule<S>("http_idle_timeout", 0.01, [](S& c, const SettingValue& v) { c.http_idle_timeout = seconds_of(v); }),
    seconds_rule<S>("http_send_timeout", 0.01, [](S& c, const SettingValue& v) { c.http_send_timeout = seconds_of(v); }),
    int_rule<S>("http_body_min_rate", 0, kInt64Max,
                [](S& c, const SettingValue& v) { c.http_body_min_rate = uint64_t(int_of(v)); }),
    seconds_rule<S>("max_wait_time", 0, [](S& c, const SettingValue& v) { c.max_wait_time = seconds_of(v); }),
    kind_rule<S>("http_compression", Kind::Bool, [](S& c, const SettingValue& v) { c.compression.enabled = bool_of(v); }),
    custom_rule<S>("http_compression_level", set_compression_level),
    custom_rule<S>("http_compression_levels", set_compression_levels),
    int_rule<S>("http_compression_min_length", 0, kInt64Max,
                [](S& c, const SettingValue& v) { c.compression.min_length = size_t(int_of(v)); }),
    custom_rule<S>("http_compression_types", set_compression_types),
    custom_rule<S>("http_compression_encodings", set_compression_encodings),
    kind_rule<S>("http_compression_event_stream", Kind::Bool,
                 [](S& c, const SettingValue& v) { c.compression.event_stream = bool_of(v); }),
    seconds_rule<S>("ssl_ticket_key_lifetime", 1,
                    [](S& c, const SettingValue& v) { c.ssl_ticket_key_lifetime = seconds_of(v); }),
    int_rule<S>("backlog", 1, 65535, [](S& c, const SettingValue& v) { c.backlog = int(int_of(v)); }),
    int_rule<S>("max_connections", 1, 10000000, set_max_connections),
    int_rule<S>("max_conn", 1, 10000000, set_max_connections),  // Swoole's name for it
    kind_rule<S>("open_http2_protocol", Kind::Bool, [](S& c, const SettingValue& v) { c.open_http2_protocol = bool_of(v); }),
    kind_rule<S>("open_http3_protocol", Kind::Bool, [](S& c, const SettingValue& v) { c.open_http3_protocol = bool_of(v); }),
    kind_rule<S>("http_body_streaming", Kind::Bool, [](S& c, const SettingValue& v) { c.http_body_streaming = bool_of(v); }),
    int_rule<S>("input_window_size", 64 << 10, 1ll << 30,
                [](S& c, const SettingValue& v) { c.input_window_size = size_t(int_of(v)); }),
    kind_rule<S>("http3_retry", Kind::Bool, [](S& c, const SettingValue& v) { c.http3_retry = bool_of(v); }),
    kind_rule<S>("open_http3_datagram", Kind::Bool, [](S& c, const SettingValue& v) { c.open_http3_datagram = bool_of(v); }),
    int_rule<S>("max_coroutine", 1, 1000000, [](S& c, const SettingValue& v) { c.max_coroutine = uint32_t(int_of(v)); }),
    // Any combination of the Trident\Runtime::HOOK_* bits: they fill the low bits, so the
    // combinations are exactly the ints from 0 to HOOK_ALL.
    int_rule<S>("hook_flags", 0, kHookFlagsAll, [](S& c, const SettingValue& v) { c.hook_flags = uint32_t(int_of(v)); }),
    int_rule<S>("max_concurrent_streams", 1, 1 << 20,
                [](S& c, const SettingValue& v) { c.max_concurrent_streams = uint32_t(int_of(v)); }),
    int_rule<S>("websocket_max_frame_size", 125, 1ll << 31,
                [](S& c, const SettingValue& v) { c.websocket_max_frame_size = size_t(int_of(v)); }),
    int_rule<S>("websocket_max_message_size", 125, 1ll << 31,
                [](S& c, const SettingValue& v) { c.websocket_max_message_size = size_t(int_of(v)); }),
    seconds_rule<S>("websocket_ping_interval", 0, [](S& c, const SettingValue& v) { c.websocket_ping_interval = seconds_of(v); }),
    seconds_rule<S>("websocket_ping_timeout", 0.01, [](S& c, const SettingValue& v) { c.websocket_ping_timeout = seconds_of(v); }),
    kind_rule<S>("websocket_compression", Kind::Bool, [](S& c, const SettingValue& v) { c.websocket_compression = bool_of(v); }),
    kind_rule<S>("open_websocket_close_frame", Kind::Bool,
                 [](S& c, const SettingValue& v) { c.open_websocket_close_frame = bool_of(v); }),
    int_rule<S>("max_websocket_connections", 1, 1 << 24,
                [](S& c, const SettingValue& v) { c.max_websocket_connections = uint32_t(int_of(v)); }),
    int_rule<S>("log_level", int64_t(LogLevel::Debug), int64_t(LogLevel::None),
                [](S& c, const SettingValue& v) { c.log_level = LogLevel(int_of(v)); }),
    kind_rule<S>("enable_static_handler", Kind::Bool, [](S& c, const SettingValue& v) { c.enable_static_handler = bool_of(v); }),
    kind_rule<S>("document_root", Kind::String, [](S& c, const SettingValue& v) { c.document_root = string_of(v); }),
    kind_rule<S>("static_handler_locations", Kind::Locations,
                 [](S& c, const SettingValue& v) { c.static_handler_locations = setting_strings(std::get<SettingArray>(v)); }),
    kind_rule<S>("http_index_files", Kind::FileNames,
                 [](S& c, const SettingValue& v) { c.http_index_files = setting_strings(std::get<SettingArray>(v)); }),
    kind_rule<S>("static_handler_allow_symlinks", Kind::Bool,
                 [](S& c, const SettingValue& v) { c.static_handler_allow_symlinks = bool_of(v); }),
    kind_rule<S>("static_handler_allow_dotfiles", Kind::Bool,
                 [](S& c, const SettingValue& v) { c.static_handler_allow_dotfiles = bool_of(v); }),
    kind_rule<S>("log_file", Kind::NullableString, [](S& c, const SettingValue& v) { c.log_file = string_of(v); }),
    kind_rule<S>("access_log", Kind::NullableString, [](S& c, const SettingValue& v) { c.access_log = string_of(v); }),
    kind_rule<S>("access_log_format", Kind::LogFormat,
                 [](S& c, const SettingValue& v) {
                     c.access_log_format = string_of(v) == "json" ? AccessLogFormat::Json : AccessLogFormat::Combined;
                 }),
};

// Whether `value` passes `rule`'s type and range; else *error is the message PHP users see.
template <class Target>
bool check(const Rule<Target>& rule, const SettingValue& value, std::string* error) {
    std::string key(rule.key);
    auto type_error = [&](const char* expected) {
        *error = "Setting \"" + key + "\" must be of type " + expected + ", " + setting_type_name(value) + " given";
        return false;
    };
    switch (rule.kind) {
    case Kind::Int: {
        const int64_t* i = std::get_if<int64_t>(&value);
        if (!i) return type_error("int");
        if (*i < rule.min || *i > rule.max) {
            *error = "Setting \"" + key + "\" must be between " + std::to_string(rule.min) + " and " +
                     std::to_string(rule.max) + ", " + std::to_string(*i) + " given";
            return false;
        }
        return true;
    }
    case Kind::Seconds: {
        if (!std::holds_alternative<int64_t>(value) && !std::holds_alternative<double>(value)) return type_error("float");
        double d = seconds_of(value);
        if (!(d >= rule.min_seconds) || d > kMaxSeconds) {  // written so that NAN fails too
            *error = "Setting \"" + key + "\" must be a number of seconds >= " + php_format_g(rule.min_seconds) + ", " +
                     php_format_g(d) + " given";
            return false;
        }
        return true;
    }
    case Kind::Bool:
        return std::holds_alternative<bool>(value) || type_error("bool");
    case Kind::String:
        return std::holds_alternative<std::string>(value) || type_error("string");
    case Kind::NullableString:
        return std::holds_alternative<std::string>(value) || std::holds_alternative<std::monostate>(value) ||
               type_error("?string");
    case Kind::SniCerts: {
        const SettingArray* a = std::get_if<SettingArray>(&value);
        if (!a) return type_error("array");
        if (!a->well_formed) {
            *error = "Setting \"" + key + "\" must map host names to ['ssl_cert_file' => string, 'ssl_key_file' => string] "
                     "(and optionally 'ssl_stapling_file' => string)";
            return false;
        }
        return true;
    }
    case Kind::LogFormat: {
        const std::string* s = std::get_if<std::string>(&value);
        if (!s) return type_error("string");
        if (*s != "combined" && *s != "json") {
            *error = "Setting \"" + key + "\" must be \"combined\" or \"json\", \"" + *s + "\" given";
            return false;
        }
        return true;
    }
    case Kind::AddressList: {
        const SettingArray* a = std::get_if<SettingArray>(&value);
        if (!a) return type_error("array");
        AddressSet set;
        for (const SettingArrayEntry& e : a->entries) {
            if (e.type != SettingArrayEntry::Type::String) {
                *error = "Setting \"" + key + "\" must be an array of IP addresses and networks (strings)";
                return false;
            }
            if (!set.add(e.text, error)) return false;
        }
        return true;
    }
    case Kind::Custom:
        return true;  // the rule's own function checks it
    case Kind::Locations:
    case Kind::FileNames: {
        const SettingArray* a = std::get_if<SettingArray>(&value);
        if (!a) return type_error("array");
        const bool locations = rule.kind == Kind::Locations;
        for (const SettingArrayEntry& e : a->entries) {
            if (e.type != SettingArrayEntry::Type::String) {
                *error = "Setting \"" + key + "\" must be an array of strings";
                return false;
            }
        }
        for (const std::string& s : setting_strings(*a)) {
            const bool ok = locations ? !s.empty() && s.front() == '/'
                                      : !s.empty() && s.find('/') == std::string::npos && s != "." && s != "..";
            if (!ok) {
                *error = "Setting \"" + key + "\" must list " +
                         (locations ? "URL paths starting with '/'" : "file names (no '/')") + ", \"" + s + "\" given";
                return false;
            }
        }
        return true;
    }
    }
    return false;
}

template <class Target, size_t N>
const Rule<Target>* find_rule(const Rule<Target> (&rules)[N], std::string_view key) {
    for (const Rule<Target>& r : rules) {
        if (r.key == key) return &r;
    }
    return nullptr;
}

template <class Target>
SettingResult apply_rule(const Rule<Target>& rule, Target& target, const SettingValue& value, std::string* error) {
    if (!check(rule, value, error)) return SettingResult::Invalid;
    if (rule.kind == Kind::Custom) return rule.custom(target, value, error) ? SettingResult::Applied : SettingResult::Invalid;
    rule.apply(target, value);
    return SettingResult::Applied;
}

}  // namespace

std::vector<std::string> setting_strings(const SettingArray& a) {
    std::vector<std::string> out;
    out.reserve(a.entries.size());
    for (const SettingArrayEntry& e : a.entries) {
        if (e.type == SettingArrayEntry::Type::String) out.push_back(e.text);
    }
    return out;
}

std::string setting_type_name(const SettingValue& value) {
    struct Namer {
        std::string operator()(std::monostate) const { return "null"; }
        std::string operator()(bool) const { return "bool"; }
        std::string operator()(int64_t) const { return "int"; }
        std::string operator()(double) const { return "float"; }
        std::string operator()(const std::string&) const { return "string"; }
        std::string operator()(const SettingArray&) const { return "array"; }
        std::string operator()(const OtherSettingValue& o) const { return o.type_name; }
    };
    return std::visit(Namer{}, value);
}

SettingResult apply_listener_setting(ListenerConfig& listener, std::string_view key, const SettingValue& value,
                                     std::string* error) {
    const Rule<L>* rule = find_rule(kListenerRules, key);
    if (!rule) {
        *error = "Unknown listener setting \"" + std::string(key) + "\"";
        return SettingResult::Unknown;
    }
    return apply_rule(*rule, listener, value, error);
}

SettingResult apply_setting(ServerConfig& config, std::string_view key, const SettingValue& value, std::string* error) {
    if (const Rule<S>* rule = find_rule(kServerRules, key)) return apply_rule(*rule, config, value, error);
    // The server-wide TLS settings are those of the constructor's listener (the listener keys
    // that are also server keys, open_http2/3_protocol, were matched above).
    if (const Rule<L>* rule = find_rule(kListenerRules, key)) {
        if (config.listeners.empty()) {
            *error = "Setting \"" + std::string(key) + "\" is for the constructor's listener, and there is none";
            return SettingResult::Invalid;
        }
        return apply_rule(*rule, config.listeners[0], value, error);
    }
    *error = "Unknown setting \"" + std::string(key) + "\"";
    return SettingResult::Unknown;
}

void resolve_counts(ServerConfig& config, long online_cpus) {
    int cpus = online_cpus < 1 ? 1 : int(online_cpus);
    if (config.worker_num <= 0) config.worker_num = cpus;
    if (config.reactor_num <= 0) config.reactor_num = cpus;
    if (config.reactor_num > kMaxReactors) config.reactor_num = kMaxReactors;
    // MODE_BASE: one reactor per worker, in that worker (server/base_worker.h).
    if (config.mode == ServerMode::Base) config.reactor_num = config.worker_num;
}

bool parse_listen_address(std::string_view text, std::string& host, int& port, std::string* error) {
    auto fail = [&] {
        *error = "metrics must be an address \"host:port\" or \"[ipv6]:port\", \"" + std::string(text) + "\" given";
        return false;
    };
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return fail();
    std::string_view h = text.substr(0, colon);
    std::string_view p = text.substr(colon + 1);
    if (h.front() == '[') {
        if (h.size() < 3 || h.back() != ']') return fail();
        h = h.substr(1, h.size() - 2);
    } else if (h.find(':') != std::string_view::npos) {
        return fail();  // an IPv6 address needs its brackets
    }
    if (p.size() > 5) return fail();
    int v = 0;
    for (char c : p) {
        if (c < '0' || c > '9') return fail();
        v = v * 10 + (c - '0');
    }
    if (v > 65535) return fail();
    host.assign(h);
    port = v;
    return true;
}

bool listener_http2(const ServerConfig& config, const ListenerConfig& listener) {
    return listener.open_http2_protocol == -1 ? config.open_http2_protocol : listener.open_http2_protocol == 1;
}

bool listener_wants_http3(const ServerConfig& config, const ListenerConfig& listener) {
    return listener.open_http3_protocol == -1 ? config.open_http3_protocol : listener.open_http3_protocol == 1;
}

namespace {

// A listener's certificate and key come as a pair; SNI certificates need a default one.
bool validate_listener_tls(const ListenerConfig& l, std::string* error) {
    if (!l.tls()) {
        if (!l.ssl_key_file.empty()) {
            *error = "ssl_cert_file is required with ssl_key_file \"" + l.ssl_key_file + "\"";
            return false;
        }
        if (!l.ssl_sni_certs.empty()) {
            *error = "ssl_sni_certs needs ssl_cert_file and ssl_key_file for the default certificate";
            return false;
        }
        if (!l.ssl_stapling_file.empty()) {
            *error = "ssl_stapling_file \"" + l.ssl_stapling_file + "\" needs a TLS listener (ssl_cert_file and ssl_key_file)";
            return false;
        }
        return true;
    }
    if (l.ssl_key_file.empty()) {
        *error = "ssl_key_file is required with ssl_cert_file \"" + l.ssl_cert_file + "\"";
        return false;
    }
    return true;
}

// A trusted-source list says who may send PROXY headers: without proxy_protocol it would do
// nothing, silently.
bool validate_listener_proxy(const ListenerConfig& l, std::string* error) {
    if (!l.proxy_protocol && !l.proxy_trusted.empty()) {
        *error = "proxy_protocol_trusted needs proxy_protocol on the same listener";
        return false;
    }
    return true;
}

// HTTP/3 runs on the UDP port of TLS listeners only (QUIC always uses TLS). The server-wide
// setting applies to the TLS listeners and is a mistake only when there is none; a listener
// of its own asking for HTTP/3 without a certificate is a mistake at once.
bool validate_http3(const ServerConfig& config, std::string* error) {
    bool any = false;
    for (const ListenerConfig& l : config.listeners) {
        if (!listener_wants_http3(config, l)) continue;
        if (!l.tls()) {
            if (l.open_http3_protocol == 1) {
                *error = "open_http3_protocol needs ssl_cert_file and ssl_key_file on the same listener (QUIC always uses TLS)";
                return false;
            }
            continue;
        }
#ifndef TRIDENT_HAVE_HTTP3
        *error = "open_http3_protocol: this Trident was built without HTTP/3 (install libngtcp2-dev, "
                 "libngtcp2-crypto-gnutls-dev, libnghttp3-dev and libgnutls28-dev, then rebuild)";
        return false;
#endif
        any = true;
    }
    if (config.open_http3_protocol && !any) {
        // Otherwise the setting would do nothing, silently.
        *error = "open_http3_protocol needs a TLS listener: set ssl_cert_file and ssl_key_file (QUIC always uses TLS)";
        return false;
    }
    return true;
}

// The static handler serves from document_root: it must be a directory when the handler is on
// (a typo would otherwise send every request to PHP, silently).
bool validate_static(const ServerConfig& config, std::string* error) {
    if (!config.enable_static_handler) return true;
    if (config.document_root.empty()) {
        *error = "enable_static_handler needs document_root";
        return false;
    }
    struct stat st;
    if (::stat(config.document_root.c_str(), &st) != 0) {
        *error = "document_root \"" + config.document_root + "\": " + strerror(errno);
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        *error = "document_root \"" + config.document_root + "\" is not a directory";
        return false;
    }
    if (config.static_handler_locations.empty()) {
        *error = "static_handler_locations must list at least one URL path";
        return false;
    }
    return true;
}

// MODE_BASE: one reactor per worker, and reactor indexes are 8 bits of session ids and QUIC CIDs.
bool validate_base_mode(const ServerConfig& config, std::string* error) {
    if (config.mode != ServerMode::Base) return true;
    if (config.worker_num > kMaxReactors) {
        *error = "worker_num must be at most " + std::to_string(kMaxReactors) + " with MODE_BASE";
        return false;
    }
    return true;
}

}  // namespace

bool validate(const ServerConfig& config, std::string* error) {
    if (config.worker_num > kMaxWorkers) {
        // set() refuses more; this is worker_num 0 on a machine with more CPUs than that.
        *error = "worker_num must be at most " + std::to_string(kMaxWorkers);
        return false;
    }
    if (config.listeners.empty()) {
        *error = "no listener";
        return false;
    }
    for (const ListenerConfig& l : config.listeners) {
        if (!validate_listener_tls(l, error) || !validate_listener_proxy(l, error)) return false;
    }
    if (!validate_static(config, error)) return false;
    if (!validate_base_mode(config, error)) return false;
    return validate_http3(config, error);
}

std::string php_format_g(double value) {
    if (std::isnan(value)) return "NAN";
    if (std::isinf(value)) return value > 0 ? "INF" : "-INF";
    // C and PHP agree on the digits and on when to switch to an exponent (below 1e-4 and from
    // 1e6 with 6 significant digits); PHP writes the exponent as "1.0e+8" where C has "1e+08".
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", value);
    std::string s(buf);
    size_t e = s.find('e');
    if (e == std::string::npos) return s;
    std::string mantissa = s.substr(0, e);
    if (mantissa.find('.') == std::string::npos) mantissa += ".0";
    char sign = s[e + 1];
    size_t digits = s.find_first_not_of('0', e + 2);
    std::string exponent = digits == std::string::npos ? "0" : s.substr(digits);
    return mantissa + "e" + sign + exponent;
}

}  // namespace trident::server
