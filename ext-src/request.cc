// Trident\Http\Request: a read-mostly view of one request, built from the REQUEST_HEAD
// payload and body the worker received.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php_trident.h"
#include "php_trident_coroutine.h"

extern "C" {
#include "SAPI.h"
#include "ext/standard/url.h"
#include "main/php_open_temporary_file.h"
#include "main/php_variables.h"
#include "zend_exceptions.h"
}

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>

#include <string>
#include <string_view>
#include <vector>

#include "trident/core/clock.h"
#include "trident/http/multipart.h"
#include "trident/ipc/frame.h"
#include "trident/server/access_log.h"
#include "trident/server/shared_state.h"
#include "trident/server/worker.h"

using trident::server::Worker;
using trident::server::WorkerRequest;

namespace {

// Declaration order of the properties in the stub (OBJ_PROP_NUM indexes).
enum RequestProp { PropFd = 0, PropStreamId, PropHeader, PropServer, PropGet, PropPost, PropCookie, PropFiles, PropTrailer };

struct RequestObject {
    WorkerRequest* req;
    Worker* worker;
    std::vector<std::string>* temp_files;
    bool body_params_done;  // $post/$files were filled from the body (or there was none to parse)
    bool trailer_done;      // $trailer was filled (the body is complete)
    zend_object std;
};

zend_object_handlers request_handlers;

// Keys and common values built once per process as interned strings: filling $server and
// $header then costs no allocation or hashing for the keys.
enum ServerKey {
    KRequestMethod, KRequestUri, KPathInfo, KQueryString, KServerProtocol, KRemoteAddr, KRemotePort,
    KServerPort, KServerAddr, KRequestTime, KRequestTimeFloat, KHttps, KRequestId, KServerKeyCount
};
const char* const kServerKeyNames[KServerKeyCount] = {
    "request_method", "request_uri", "path_info", "query_string", "server_protocol", "remote_addr",
    "remote_port", "server_port", "server_addr", "request_time", "request_time_float", "https", "request_id"};
zend_string* g_server_keys[KServerKeyCount];

const char* const kCommonHeaders[] = {
    "host", "user-agent", "accept", "accept-encoding", "accept-language", "connection", "content-type",
    "content-length", "cookie", "referer", "origin", "cache-control", "pragma", "upgrade-insecure-requests",
    "if-none-match", "if-modified-since", "authorization", "x-forwarded-for", "x-forwarded-proto",
    "x-real-ip", "x-requested-with", "expect", "transfer-encoding", "te", "range", "dnt",
    "sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest", "sec-fetch-user", "sec-ch-ua",
    "sec-ch-ua-mobile", "sec-ch-ua-platform", "priority"};
constexpr size_t kCommonHeaderCount = sizeof kCommonHeaders / sizeof kCommonHeaders[0];
zend_string* g_common_headers[kCommonHeaderCount];

const char* const kMethods[] = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"};
zend_string* g_methods[sizeof kMethods / sizeof kMethods[0]];
zend_string* g_protocols[5];  // indexed by ipc::Protocol

void intern_strings() {
    for (int i = 0; i < KServerKeyCount; ++i) {
        g_server_keys[i] = zend_string_init_interned(kServerKeyNames[i], strlen(kServerKeyNames[i]), 1);
    }
    for (size_t i = 0; i < kCommonHeaderCount; ++i) {
        g_common_headers[i] = zend_string_init_interned(kCommonHeaders[i], strlen(kCommonHeaders[i]), 1);
    }
    for (size_t i = 0; i < sizeof kMethods / sizeof kMethods[0]; ++i) {
        g_methods[i] = zend_string_init_interned(kMethods[i], strlen(kMethods[i]), 1);
    }
    for (int p = 1; p <= 4; ++p) {
        const char* n = trident::ipc::protocol_name(trident::ipc::Protocol(p));
        g_protocols[p] = zend_string_init_interned(n, strlen(n), 1);
    }
}

// Lower-cased header name: an interned string for common names, else a new one.
zend_string* header_name(std::string_view name) {
    char low[64];
    if (name.size() <= sizeof low) {
        for (size_t i = 0; i < name.size(); ++i) {
            char c = name[i];
            low[i] = (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
        }
        for (size_t i = 0; i < kCommonHeaderCount; ++i) {
            zend_string* h = g_common_headers[i];
            if (ZSTR_LEN(h) == name.size() && memcmp(ZSTR_VAL(h), low, name.size()) == 0) return h;
        }
        return zend_string_init(low, name.size(), 0);
    }
    zend_string* n = zend_string_init(name.data(), name.size(), 0);
    zend_str_tolower(ZSTR_VAL(n), ZSTR_LEN(n));
    return n;
}

zend_string* method_string(std::string_view m) {
    for (zend_string* s : g_methods) {
        if (ZSTR_LEN(s) == m.size() && memcmp(ZSTR_VAL(s), m.data(), m.size()) == 0) return s;
    }
    return zend_string_init(m.data(), m.size(), 0);
}

void put(HashTable* ht, ServerKey k, zval* v) { zend_hash_add_new(ht, g_server_keys[k], v); }
void put_str(HashTable* ht, ServerKey k, std::string_view v) {
    zval z;
    ZVAL_STRINGL_FAST(&z, v.data(), v.size());
    put(ht, k, &z);
}
void put_long(HashTable* ht, ServerKey k, zend_long v) {
    zval z;
    ZVAL_LONG(&z, v);
    put(ht, k, &z);
}

RequestObject* request_from(zend_object* obj) {
    return reinterpret_cast<RequestObject*>(reinterpret_cast<char*>(obj) - XtOffsetOf(RequestObject, std));
}

zend_object* request_create(zend_class_entry* ce) {
    auto* ro = static_cast<RequestObject*>(zend_object_alloc(sizeof(RequestObject), ce));
    ro->req = nullptr;
    ro->worker = nullptr;
    ro->temp_files = nullptr;
    ro->body_params_done = false;
    ro->trailer_done = false;
    zend_object_std_init(&ro->std, ce);
    object_properties_init(&ro->std, ce);
    ro->std.handlers = &request_handlers;
    return &ro->std;
}

void unregister_upload(const std::string& path);

void request_free(zend_object* obj) {
    RequestObject* ro = request_from(obj);
    if (ro->temp_files) {
        // Uploaded files the handler did not move away are removed with the request.
        for (const auto& f : *ro->temp_files) {
            unregister_upload(f);
            unlink(f.c_str());
        }
        delete ro->temp_files;
        ro->temp_files = nullptr;
    }
    if (ro->req) {
        ro->worker->release(ro->req);
        ro->req = nullptr;
    }
    zend_object_std_dtor(obj);
}

bool ieq(std::string_view a, const char* b) {
    size_t n = strlen(b);
    if (a.size() != n) return false;
    for (size_t i = 0; i < n; ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z') c = char(c + 32);
        if (c != b[i]) return false;
    }
    return true;
}

// inet_ntop goes through sprintf; IPv4, the common case, is formatted by hand.
std::string_view format_addr(uint8_t family, const uint8_t* addr, char* buf) {
    if (family == AF_INET) {
        char* p = buf;
        for (int i = 0; i < 4; ++i) {
            unsigned v = addr[i];
            if (v >= 100) *p++ = char('0' + v / 100);
            if (v >= 10) *p++ = char('0' + (v / 10) % 10);
            *p++ = char('0' + v % 10);
            if (i < 3) *p++ = '.';
        }
        return std::string_view(buf, size_t(p - buf));
    }
    if (family == AF_INET6 && inet_ntop(AF_INET6, addr, buf, INET6_ADDRSTRLEN)) return buf;
    return {};
}

// PHP's request-variable limits, read from php.ini for each request that needs them, so
// settings given with -d or php.ini apply as they do under PHP-FPM.
struct InputLimits {
    zend_long max_input_vars;
    zend_long max_file_uploads;
    zend_long max_body_parts;  // max_multipart_body_parts; < 0: max_input_vars + max_file_uploads
    zend_long upload_max_filesize;
    bool file_uploads;
    const char* upload_tmp_dir;  // may be null or empty: PHP's temporary directory then
};

// INI_INT answers 0 for a directive this PHP lacks (max_multipart_body_parts is new in 8.1.17 and
// 8.2.4), which would mean "no parts at all"; such a directive gets PHP's default instead.
zend_long ini_long_or(const char* name, size_t len, zend_long fallback) {
    if (!zend_hash_str_exists(EG(ini_directives), name, len)) return fallback;
    return zend_ini_long(name, len, 0);
}

InputLimits input_limits() {
    InputLimits l;
    l.max_input_vars = PG(max_input_vars);
    l.max_file_uploads = ini_long_or(ZEND_STRL("max_file_uploads"), 20);
    l.max_body_parts = ini_long_or(ZEND_STRL("max_multipart_body_parts"), -1);
    l.upload_max_filesize = PG(upload_max_filesize);
    l.file_uploads = PG(file_uploads);
    l.upload_tmp_dir = PG(upload_tmp_dir);
    return l;
}

// PHP's own wording, so log watchers written for PHP-FPM keep working.
void warn_input_vars(zend_long max) {
    php_error_docref(nullptr, E_WARNING,
                     "Input variables exceeded " ZEND_LONG_FMT ". To increase the limit change max_input_vars in php.ini.", max);
}

// One request variable, registered the way PHP's own parsers do it: through the SAPI input filter
// (ext/filter's filter.default), then php_register_variable_safe (name mangling, arrays,
// max_input_nesting_level). The filter is asked with PARSE_STRING: for PARSE_GET, _POST and
// _COOKIE ext/filter writes into PHP's own $_GET/$_POST/$_COOKIE instead of returning the value.
void register_filtered(const char* name, const char* value, size_t len, zval* arr) {
    char* v = estrndup(value, len);
    size_t new_len = len;
    if (sapi_module.input_filter(PARSE_STRING, name, &v, len, &new_len)) {
        php_register_variable_safe(name, v, new_len, arr);
    }
    efree(v);
}

bool c_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }  // isspace() in the C locale

// The key php_register_variable_ex stores a plain (non-array) variable under: leading spaces
// dropped, ' ' and '.' turned into '_', and a '[' with no ']' after it (so not an index) turned
// into '_' together with every ' ', '.' and '[' after it. False when the name is an array element
// ("a[x]"): PHP then never skips the cookie as a duplicate.
bool plain_variable_key(std::string_view name, std::string& key) {
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    key.clear();
    size_t i = 0;
    for (; i < name.size() && name[i] != '['; ++i) key.push_back(name[i] == ' ' || name[i] == '.' ? '_' : name[i]);
    if (i == name.size()) return true;
    if (name.find(']', i + 1) != std::string_view::npos) return false;
    key.push_back('_');
    for (++i; i < name.size(); ++i) {
        char c = name[i];
        key.push_back(c == ' ' || c == '.' || c == '[' ? '_' : c);
    }
    return true;
}

// Cookie header -> array exactly as php_default_treat_data builds $_COOKIE: pairs split on ';'
// (empty ones skipped), white space before a name dropped, a pair without a name skipped, values
// (not names) raw-url-decoded and kept as sent otherwise (no trimming), at most max_input_vars
// pairs (then PHP's warning, and the rest is dropped), and a plain name that is already set is not
// overwritten: the first cookie, the most specific one (RFC 6265 5.4), wins.
void parse_cookies(std::string_view header, zend_long max_vars, zval* out) {
    std::string name, value, key;
    zend_long count = 0;
    size_t i = 0;
    while (i < header.size()) {
        size_t j = header.find(';', i);
        if (j == std::string_view::npos) j = header.size();
        std::string_view pair = header.substr(i, j - i);
        i = j + 1;
        size_t eq = pair.find('=');
        size_t start = 0;
        while (start < pair.size() && c_space(pair[start])) ++start;
        if (start == pair.size() || start == eq) continue;
        if (++count > max_vars) {
            warn_input_vars(max_vars);
            break;
        }
        name.assign(pair.substr(start, eq == std::string_view::npos ? std::string_view::npos : eq - start));
        if (eq == std::string_view::npos) value.clear();
        else value.assign(pair.substr(eq + 1));
        value.resize(php_raw_url_decode(value.data(), value.size()));
        if (plain_variable_key(name, key) && zend_symtable_str_exists(Z_ARRVAL_P(out), key.data(), key.size())) continue;
        register_filtered(name.c_str(), value.data(), value.size(), out);
    }
}

// Query string -> array through PHP's own treat_data (arg_separator.input, max_input_vars and its
// warning included), which is what PHP does for $_GET.
void parse_query(std::string_view s, zval* out) {
    // treat_data takes ownership of an emalloc'd, NUL-terminated copy.
    char* copy = estrndup(s.data(), s.size());
    sapi_module.treat_data(PARSE_STRING, copy, out);
}

// application/x-www-form-urlencoded body -> array as PHP's php_std_post_handler builds $_POST,
// which is not treat_data: pairs split on '&' only (not arg_separator.input), an empty pair
// ("a&&b") registers nothing but counts, and the limit is checked after registering a pair, so
// PHP keeps max_input_vars + 1 pairs before it warns and stops. Same here, so $post matches.
void parse_post_urlencoded(std::string_view body, zend_long max_vars, zval* out) {
    const uint64_t max = uint64_t(max_vars);  // PHP compares unsigned: a negative limit is none
    std::string name, value;
    uint64_t count = 0;
    size_t p = 0;
    while (p < body.size()) {
        size_t amp = body.find('&', p);
        if (amp == std::string_view::npos) amp = body.size();
        std::string_view pair = body.substr(p, amp - p);
        p = amp + 1;
        size_t eq = pair.find('=');
        name.assign(pair.substr(0, eq));
        name.resize(php_url_decode(name.data(), name.size()));
        if (eq == std::string_view::npos) value.clear();
        else value.assign(pair.substr(eq + 1));
        value.resize(php_url_decode(value.data(), value.size()));
        // c_str(): a decoded %00 ends the name, as it does in PHP.
        register_filtered(name.c_str(), value.data(), value.size(), out);
        if (++count > max) {
            warn_input_vars(max_vars);
            return;
        }
    }
}

// Adds one uploaded file's fields to $files the way PHP lays out $_FILES: "f" holds the
// fields directly, "f[a][b]" becomes f[name][a][b], f[type][a][b], ... (PHP's rfc1867 does
// the same by registering "f[name][a][b]" and friends, which is what we do here too).
void add_file(zval* files, const std::string& field, zval* entry) {
    size_t br = field.find('[');
    std::string base = field.substr(0, br);
    std::string rest = br == std::string::npos ? std::string() : field.substr(br);
    zend_string* fk;
    zval* fv;
    ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(entry), fk, fv) {
        std::string var = base + "[" + std::string(ZSTR_VAL(fk), ZSTR_LEN(fk)) + "]" + rest;
        zval copy;
        ZVAL_COPY(&copy, fv);
        php_register_variable_ex(var.c_str(), &copy, files);
    }
    ZEND_HASH_FOREACH_END();
    zval_ptr_dtor(entry);
}

// Uploaded files are registered where is_uploaded_file()/move_uploaded_file() look for them.
void free_uploaded_name(zval* el) { zend_string_release(static_cast<zend_string*>(Z_PTR_P(el))); }

void register_upload(zend_string* path) {
    if (!SG(rfc1867_uploaded_files)) {
        ALLOC_HASHTABLE(SG(rfc1867_uploaded_files));
        zend_hash_init(SG(rfc1867_uploaded_files), 8, nullptr, free_uploaded_name, 0);
    }
    zend_hash_add_ptr(SG(rfc1867_uploaded_files), path, zend_string_copy(path));
}

void unregister_upload(const std::string& path) {
    if (SG(rfc1867_uploaded_files)) zend_hash_str_del(SG(rfc1867_uploaded_files), path.data(), path.size());
}

// PHP refuses, rather than repairs, a file field whose name has unbalanced brackets or anything
// but '[' after a ']' ("a[b", "a]b", "a[b]c", "a[]]"): rfc1867.c's "never repair potential
// malicious user input" rule.
bool file_field_name_ok(std::string_view name) {
    long depth = 0;
    for (size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '[') {
            ++depth;
        } else if (name[i] == ']') {
            --depth;
            if (i + 1 < name.size() && name[i + 1] != '[') return false;
        }
        if (depth < 0) return false;
    }
    return depth == 0;
}

// PHP checks both limits as it copies the data, upload_max_filesize first, so the limit crossed
// first decides. An empty file crosses none; a negative MAX_FILE_SIZE refuses any other file.
int upload_size_error(size_t size, zend_long ini_max, int64_t form_max) {
    if (size == 0) return 0;
    bool over_ini = ini_max > 0 && int64_t(size) > ini_max;
    bool over_form = form_max != 0 && int64_t(size) > form_max;
    if (over_ini && over_form) return form_max < ini_max ? 2 : 1;  // UPLOAD_ERR_FORM_SIZE : _INI_SIZE
    return over_ini ? 1 : over_form ? 2 : 0;
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t w = write(fd, data.data(), data.size());
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(size_t(w));
    }
    return true;
}

// Stores one file part the way rfc1867.c does: a temporary file in upload_tmp_dir (PHP's
// temporary directory when unset), removed again when a size limit is exceeded or the write
// fails. Returns the UPLOAD_ERR_* code; on 0, *path is the file, registered for
// is_uploaded_file()/move_uploaded_file() and removed with the request.
int store_upload(RequestObject* ro, const InputLimits& lim, int64_t max_file_size, std::string_view data, zend_string** path) {
    *path = nullptr;
    int fd = php_open_temporary_fd_ex(lim.upload_tmp_dir, "trident_upload_", path, PHP_TMP_FILE_OPEN_BASEDIR_CHECK_ON_FALLBACK);
    if (fd < 0) {
        php_error_docref(nullptr, E_WARNING, "File upload error - unable to create a temporary file");
        if (*path) zend_string_release(*path);
        *path = nullptr;
        return 6;  // UPLOAD_ERR_NO_TMP_DIR
    }
    int error = upload_size_error(data.size(), lim.upload_max_filesize, max_file_size);
    if (error == 0 && !write_all(fd, data)) error = 7;  // UPLOAD_ERR_CANT_WRITE
    close(fd);
    if (error != 0) {
        unlink(ZSTR_VAL(*path));
        zend_string_release(*path);
        *path = nullptr;
        return error;
    }
    if (!ro->temp_files) ro->temp_files = new std::vector<std::string>();
    ro->temp_files->emplace_back(ZSTR_VAL(*path), ZSTR_LEN(*path));
    register_upload(*path);
    return 0;
}

// multipart/form-data -> $post and $files, following PHP's rfc1867.c step by step so that the
// same body gives the same arrays, temporary files and warnings as under PHP-FPM:
// - at most max_multipart_body_parts parts are read (-1: max_input_vars + max_file_uploads); the
//   ones before the limit are kept, then a warning;
// - fields count against max_input_vars (past it: one warning, dropped); a MAX_FILE_SIZE field
//   sets the form size limit for the files after it;
// - files: at most max_file_uploads temporary files (past it: one warning, the parts are skipped
//   without a trace in $files), none with file_uploads off, none for a bracket-broken field name;
//   as in PHP, once a file part is skipped every later one is skipped too;
// - an empty filename is UPLOAD_ERR_NO_FILE whatever the part holds; name is the filename after
//   its last '/' or '\', full_path the filename as sent; type stops at ';' and is empty on error.
void parse_multipart_body(RequestObject* ro, std::string_view body, std::string_view boundary, zval* post, zval* files) {
    const InputLimits lim = input_limits();
    const zend_long body_parts = lim.max_body_parts < 0 ? lim.max_input_vars + lim.max_file_uploads : lim.max_body_parts;
    trident::http::MultipartLimits limits;
    limits.max_parts = body_parts < 0 ? 0 : size_t(body_parts);
    limits.keep_parts_before_limit = true;
    std::vector<trident::http::MultipartPart> parts;
    const char* err = nullptr;
    bool over_parts = false;
    if (!trident::http::parse_multipart(body, boundary, limits, parts, &err)) {
        over_parts = err && strcmp(err, "too many parts") == 0;
        if (!over_parts) {
            php_error_docref(nullptr, E_WARNING, "Malformed multipart/form-data body: %s", err ? err : "unknown error");
            return;
        }
    }
    zend_long fields = 0;
    zend_long uploads_left = lim.max_file_uploads;
    int64_t max_file_size = 0;
    bool skip_files = false;  // PHP's skip_upload: never reset within a body
    for (const auto& p : parts) {
        std::string name = p.name_escaped ? trident::http::unquote_param(p.name) : std::string(p.name);
        if (!p.has_filename) {
            if (++fields <= lim.max_input_vars) register_filtered(name.c_str(), p.data.data(), p.data.size(), post);
            else if (fields == lim.max_input_vars + 1) warn_input_vars(lim.max_input_vars);
            if (strcasecmp(name.c_str(), "MAX_FILE_SIZE") == 0) max_file_size = strtoll(std::string(p.data).c_str(), nullptr, 10);
            continue;
        }
        if (!lim.file_uploads) {
            skip_files = true;
        } else if (uploads_left <= 0) {
            skip_files = true;
            if (uploads_left == 0) {
                --uploads_left;
                php_error_docref(nullptr, E_WARNING, "Maximum number of allowable file uploads has been exceeded");
            }
        }
        if (!skip_files && !file_field_name_ok(name)) skip_files = true;
        if (skip_files) continue;
        std::string filename = p.filename_escaped ? trident::http::unquote_param(p.filename) : std::string(p.filename);
        if (name.empty()) {
            // PHP stores the file and then drops its $_FILES entry (no name to register it
            // under); only its place in max_file_uploads is observable.
            if (!filename.empty()) --uploads_left;
            continue;
        }
        zend_string* path = nullptr;
        int error = 4;  // UPLOAD_ERR_NO_FILE: an empty filename, whatever the part holds
        if (!filename.empty()) {
            --uploads_left;
            error = store_upload(ro, lim, max_file_size, p.data, &path);
        }
        std::string_view type = error ? std::string_view() : p.content_type.substr(0, p.content_type.find(';'));
        zval entry;
        array_init(&entry);
        std::string_view base = trident::http::upload_basename(filename);
        add_assoc_stringl(&entry, "name", base.data(), base.size());
        add_assoc_stringl(&entry, "full_path", filename.data(), filename.size());
        add_assoc_stringl(&entry, "type", type.data(), type.size());
        if (path) add_assoc_str(&entry, "tmp_name", path);
        else add_assoc_string(&entry, "tmp_name", "");
        add_assoc_long(&entry, "error", error);
        add_assoc_long(&entry, "size", error ? 0 : zend_long(p.data.size()));
        add_file(files, name, &entry);
    }
    if (over_parts) {
        php_error_docref(nullptr, E_WARNING,
                         "Multipart body parts limit exceeded %d. To increase the limit change max_multipart_body_parts in php.ini.",
                         int(body_parts));
    }
}

// $post and $files from a complete body (urlencoded or multipart), once per Request object.
void parse_body_params(RequestObject* ro, std::string_view content_type) {
    WorkerRequest* r = ro->req;
    zend_object* obj = &ro->std;
    if (ro->body_params_done) return;
    ro->body_params_done = true;
    if (!r->body.empty() && !content_type.empty()) {
        std::string_view ct = content_type;
        size_t semi = ct.find(';');
        std::string_view media = ct.substr(0, semi);
        while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
        std::string_view boundary;
        if (ieq(media, "application/x-www-form-urlencoded")) {
            zval post;
            array_init(&post);
            parse_post_urlencoded(r->body, PG(max_input_vars), &post);
            ZVAL_COPY_VALUE(OBJ_PROP_NUM(obj, PropPost), &post);
        } else if (trident::http::multipart_boundary(ct, boundary)) {
            zval post, files;
            array_init(&post);
            array_init(&files);
            parse_multipart_body(ro, r->body, boundary, &post, &files);
            ZVAL_COPY_VALUE(OBJ_PROP_NUM(obj, PropPost), &post);
            if (zend_hash_num_elements(Z_ARRVAL(files)) > 0) ZVAL_COPY_VALUE(OBJ_PROP_NUM(obj, PropFiles), &files);
            else zval_ptr_dtor(&files);
        }
    }
}

// The content-type field of the request head (names arrive in lower case).
std::string_view head_content_type(const WorkerRequest* r) {
    auto cur = r->head.headers();
    trident::HeaderField f;
    while (cur.next(f)) {
        if (ieq(f.name, "content-type")) return f.value;
    }
    return {};
}

// One field into a name => value array ($header, $trailer). Repeated fields fold into one
// value (RFC 9110 5.3); cookies use "; ".
void add_field(HashTable* ht, const trident::HeaderField& f) {
    zend_string* name = header_name(f.name);
    zval* existing = zend_hash_find(ht, name);
    if (existing) {
        bool is_cookie = zend_string_equals_literal(name, "cookie");
        zend_string* joined = zend_string_concat3(Z_STRVAL_P(existing), Z_STRLEN_P(existing), is_cookie ? "; " : ", ", 2,
                                                  f.value.data(), f.value.size());
        zval_ptr_dtor(existing);
        ZVAL_STR(existing, joined);
    } else {
        zval v;
        ZVAL_STRINGL_FAST(&v, f.value.data(), f.value.size());
        zend_hash_add_new(ht, name, &v);
    }
    zend_string_release(name);
}

// $trailer once the body is complete: the fields of REQUEST_TRAILERS, or null (the property's
// default) when the request had none. Filled once.
void fill_trailer(RequestObject* ro) {
    WorkerRequest* r = ro->req;
    if (ro->trailer_done || !r->body_complete) return;
    ro->trailer_done = true;
    if (!r->has_trailers) return;
    zval trailer;
    array_init_size(&trailer, r->trailers.header_count);
    auto cur = r->trailers.headers();
    trident::HeaderField f;
    while (cur.next(f)) add_field(Z_ARRVAL(trailer), f);
    zval* prop = OBJ_PROP_NUM(&ro->std, PropTrailer);
    zval_ptr_dtor(prop);
    ZVAL_COPY_VALUE(prop, &trailer);
}

// Suspends the calling coroutine until the worker reports body progress for r (or the timeout,
// in milliseconds; negative: none).
TridentWaitResult wait_body(WorkerRequest* r, int64_t timeout_ms) {
    r->body_waiter = trident_coroutine_current_id();
    TridentWaitResult res = trident_coroutine_suspend("Trident\\Http\\Request::read()", timeout_ms);
    r->body_waiter = 0;
    return res;
}

}  // namespace

void trident_request_minit() {
    intern_strings();
    trident_ce_request->create_object = request_create;
    memcpy(&request_handlers, zend_get_std_object_handlers(), sizeof request_handlers);
    request_handlers.offset = XtOffsetOf(RequestObject, std);
    request_handlers.free_obj = request_free;
    request_handlers.clone_obj = nullptr;
}

namespace trident::php {

void make_request_object(zval* out, Worker& worker, WorkerRequest* r) {
    object_init_ex(out, trident_ce_request);
    zend_object* obj = Z_OBJ_P(out);
    RequestObject* ro = request_from(obj);
    ro->req = r;
    ro->worker = &worker;
    worker.retain(r);
    const ipc::RequestHeadView& h = r->head;

    ZVAL_LONG(OBJ_PROP_NUM(obj, PropFd), zend_long(r->session_id));
    ZVAL_LONG(OBJ_PROP_NUM(obj, PropStreamId), zend_long(r->stream_id));

    zval header;
    array_init_size(&header, h.header_count);
    std::string_view cookie_header;
    std::string_view content_type;
    auto cur = h.headers();
    HeaderField f;
    while (cur.next(f)) add_field(Z_ARRVAL(header), f);
    if (zval* c = zend_hash_str_find(Z_ARRVAL(header), "cookie", 6)) cookie_header = std::string_view(Z_STRVAL_P(c), Z_STRLEN_P(c));
    if (zval* c = zend_hash_str_find(Z_ARRVAL(header), "content-type", 12)) content_type = std::string_view(Z_STRVAL_P(c), Z_STRLEN_P(c));
    if (h.header_count == 0 || zend_hash_str_find(Z_ARRVAL(header), "host", 4) == nullptr) {
        if (!h.authority.empty()) {
            zval hv;
            ZVAL_STRINGL(&hv, h.authority.data(), h.authority.size());
            zend_hash_str_update(Z_ARRVAL(header), "host", 4, &hv);
        }
    }

    std::string_view target = h.target;
    size_t q = target.find('?');
    std::string_view path = target.substr(0, q);
    std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);

    zval server;
    array_init_size(&server, 16);
    HashTable* s = Z_ARRVAL(server);
    zval m;
    ZVAL_STR(&m, method_string(h.method));
    put(s, KRequestMethod, &m);
    put_str(s, KRequestUri, path);
    put_str(s, KPathInfo, path);
    if (q != std::string_view::npos) put_str(s, KQueryString, query);
    zval proto;
    int pi = int(h.conn.protocol);
    if (pi >= 1 && pi <= 4) ZVAL_INTERNED_STR(&proto, g_protocols[pi]);
    else ZVAL_EMPTY_STRING(&proto);
    put(s, KServerProtocol, &proto);
    char abuf[INET6_ADDRSTRLEN];
    put_str(s, KRemoteAddr, format_addr(h.conn.family, h.conn.remote_addr, abuf));
    put_long(s, KRemotePort, h.conn.remote_port);
    put_long(s, KServerPort, h.conn.local_port);
    put_str(s, KServerAddr, format_addr(h.conn.family, h.conn.local_addr, abuf));
    put_long(s, KRequestTime, zend_long(r->received_at));
    zval tf;
    ZVAL_DOUBLE(&tf, r->received_at);
    put(s, KRequestTimeFloat, &tf);
    if (h.conn.flags & ipc::kRequestFlagTls) put_str(s, KHttps, "on");
    // The same id the access log writes (trident/server/access_log.h): the client's X-Request-Id
    // when usable, else one derived from the server's nonce and this request's (session, stream).
    zval* rid = zend_hash_str_find(Z_ARRVAL(header), "x-request-id", 12);
    if (rid && Z_TYPE_P(rid) == IS_STRING && trident::server::usable_request_id(std::string_view(Z_STRVAL_P(rid), Z_STRLEN_P(rid)))) {
        Z_ADDREF_P(rid);
        put(s, KRequestId, rid);
    } else {
        char id[32];
        trident::server::SharedState* st = trident::server::shared_state();
        trident::server::generated_request_id(st ? st->request_id_nonce : 0, r->session_id, r->stream_id, id);
        put_str(s, KRequestId, std::string_view(id, sizeof id));
    }

    ZVAL_COPY_VALUE(OBJ_PROP_NUM(obj, PropHeader), &header);
    ZVAL_COPY_VALUE(OBJ_PROP_NUM(obj, PropServer), &server);

    if (!query.empty()) {
        zval get;
        array_init(&get);
        parse_query(query, &get);
        ZVAL_COPY_VALUE(OBJ_PROP_NUM(obj, PropGet), &get);
    }
    if (!cookie_header.empty()) {
        zval cookie;
        array_init(&cookie);
        parse_cookies(cookie_header, PG(max_input_vars), &cookie);
        ZVAL_COPY_VALUE(OBJ_PROP_NUM(obj, PropCookie), &cookie);
    }
    // A streamed body is not here yet: rawContent() parses it once it is complete.
    if (r->body_complete) parse_body_params(ro, content_type);
    fill_trailer(ro);
}

}  // namespace trident::php

ZEND_METHOD(Trident_Http_Request, __construct) {
    ZEND_PARSE_PARAMETERS_NONE();
}

static RequestObject* this_request(zval* this_ptr) {
    RequestObject* ro = request_from(Z_OBJ_P(this_ptr));
    if (!ro->req) {
        zend_throw_error(nullptr, "This Trident\\Http\\Request was not created by the server");
        return nullptr;
    }
    return ro;
}

ZEND_METHOD(Trident_Http_Request, getMethod) {
    ZEND_PARSE_PARAMETERS_NONE();
    RequestObject* ro = this_request(ZEND_THIS);
    if (!ro) RETURN_THROWS();
    RETURN_STRINGL(ro->req->head.method.data(), ro->req->head.method.size());
}

ZEND_METHOD(Trident_Http_Request, rawContent) {
    ZEND_PARSE_PARAMETERS_NONE();
    RequestObject* ro = this_request(ZEND_THIS);
    if (!ro) RETURN_THROWS();
    WorkerRequest* r = ro->req;
    if (r->body_consumed) {
        php_error_docref(nullptr, E_WARNING, "the body was read with read()");
        RETURN_FALSE;
    }
    if (r->streaming && !r->body_complete) {
        if (r->body_waiter) {
            zend_throw_error(nullptr, "Another coroutine is already reading the body of this request");
            RETURN_THROWS();
        }
        // The whole body is wanted: the reactor may forward it all (up to package_max_length).
        ro->worker->want_whole_body(r);
        while (!r->body_complete && !r->aborted) {
            if (wait_body(r, -1) == TridentWaitResult::Failed) RETURN_THROWS();
        }
        if (!r->body_complete) RETURN_FALSE;  // the client went away
        parse_body_params(ro, head_content_type(r));
    }
    fill_trailer(ro);
    if (r->body.empty()) RETURN_FALSE;
    RETURN_STRINGL(r->body.data(), r->body.size());
}

ZEND_METHOD(Trident_Http_Request, read) {
    zend_long length = 65536;
    double timeout = -1;
    ZEND_PARSE_PARAMETERS_START(0, 2)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(length)
        Z_PARAM_DOUBLE(timeout)
    ZEND_PARSE_PARAMETERS_END();
    if (length < 1) {
        zend_argument_value_error(1, "must be greater than 0");
        RETURN_THROWS();
    }
    RequestObject* ro = this_request(ZEND_THIS);
    if (!ro) RETURN_THROWS();
    WorkerRequest* r = ro->req;
    if (r->body_waiter) {
        zend_throw_error(nullptr, "Another coroutine is already reading the body of this request");
        RETURN_THROWS();
    }
    int64_t deadline = timeout >= 0 ? trident::monotonic_ms() + int64_t(timeout * 1000) : -1;
    while (r->unread_body().empty() && !r->body_complete && !r->aborted) {
        int64_t left = -1;
        if (deadline >= 0) {
            left = deadline - trident::monotonic_ms();
            if (left <= 0) RETURN_FALSE;
        }
        if (wait_body(r, left) == TridentWaitResult::Failed) RETURN_THROWS();
    }
    // A body cut short is not a body: what was buffered of it is not handed out as if it were.
    if (r->aborted && !r->body_complete) RETURN_FALSE;
    fill_trailer(ro);  // once the body has ended its trailers are known
    std::string_view avail = r->unread_body();
    size_t n = avail.size() < size_t(length) ? avail.size() : size_t(length);
    if (n == 0) RETURN_EMPTY_STRING();
    zend_string* out = zend_string_init(avail.data(), n, 0);
    ro->worker->read_body(r, n);  // freed, and credited to the reactor
    r->body_consumed = true;
    RETURN_STR(out);
}

ZEND_METHOD(Trident_Http_Request, getData) {
    ZEND_PARSE_PARAMETERS_NONE();
    RequestObject* ro = this_request(ZEND_THIS);
    if (!ro) RETURN_THROWS();
    // The request as HTTP/1.1 text, whatever protocol it came over.
    const auto& h = ro->req->head;
    std::string out;
    out.append(h.method).append(" ").append(h.target).append(" ").append(
        h.conn.protocol == trident::ipc::Protocol::Http10 ? "HTTP/1.0" : "HTTP/1.1");
    out.append("\r\n");
    auto cur = h.headers();
    trident::HeaderField f;
    while (cur.next(f)) out.append(f.name).append(": ").append(f.value).append("\r\n");
    out.append("\r\n").append(ro->req->body);
    RETURN_STRINGL(out.data(), out.size());
}
