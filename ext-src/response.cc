// Trident\Http\Response: buffers status and headers until the first write()/end(), then
// streams RESPONSE_* frames to the reactor that owns the connection.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php_trident.h"
#include "php_trident_coroutine.h"
#include "dns_hooks.h"

extern "C" {
#include "ext/standard/url.h"
#include "zend_exceptions.h"
}

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <ctime>
#include <deque>
#include <string>
#include <unordered_map>
#include <string_view>
#include <utility>
#include <vector>

#include "server/static_files.h"
#include "trident/core/header_field.h"
#include "trident/core/log.h"
#include "trident/ipc/frame.h"
#include "trident/server/shared_state.h"
#include "trident/server/stream_registry.h"
#include "trident/server/worker.h"

using trident::HeaderField;
using trident::server::Worker;
using trident::server::WorkerRequest;

namespace {

// A WebSocket upgraded with upgrade() in a Request handler (coroutine style).
enum class WsState : uint8_t {
    None,     // not upgraded (or upgraded from a Handshake callback: the events have it)
    Pending,  // accepted, waiting for the reactor's WS_OPEN
    Open,     // ws_id names it; messages queue in inbox for recv()
    Closed,   // closed, or the upgrade failed: recv() drains the inbox, then returns false
};

struct ResponseObject {
    WorkerRequest* req;
    Worker* worker;
    int status;
    bool status_set;
    bool ended;
    zend_string* reason;
    // Headers in the order set; names keep the caller's case. Allocated on first use.
    std::vector<std::pair<zend_string*, zend_string*>>* headers;
    std::vector<std::pair<zend_string*, zend_string*>>* trailers;
    int64_t event_stream_cid;  // an open event stream: the coroutine that wrote it last (0: none)
    uint8_t event_stream_protocol;  // its ipc::Protocol, for the open-stream gauges
    bool handshake;                 // made for a Handshake callback
    bool handler_done;              // the handler's coroutine ended
    WsState ws_state;
    uint64_t ws_id;
    int64_t ws_waiter;                   // coroutine in upgrade() or recv() (0: none)
    // Received Frames not yet recv()'d, with their message sizes (recv() returns the inbound
    // credit of what it hands out).
    std::deque<std::pair<zend_object*, size_t>>* inbox;
    // detach() handed this response to the stream registry: this object writes nothing more.
    bool detached;
    // Made by Response::create(): writes detached stream `stream_id` (req is null), until end().
    uint64_t stream_id;
    bool stream_ended;
    zend_object std;
};

// Coroutine-style WebSockets of this worker. Each entry holds a reference to its Response, so
// messages and the close find it even after the handler let go of it.
std::unordered_map<trident::server::WorkerRequest*, ResponseObject*> g_upgrading;  // Pending
std::unordered_map<uint64_t, ResponseObject*> g_websockets;                        // Open

void ws_wake(ResponseObject* ro) {
    if (ro->ws_waiter) trident_coroutine_resume(ro->ws_waiter);
}

// The open event streams of this worker (a handful: a linear list).
std::vector<ResponseObject*> g_event_streams;

// Off this worker's list (a graceful stop of the worker no longer ends it). False when it was
// not an event stream of ours.
bool unlist_event_stream(ResponseObject* ro) {
    if (!ro->event_stream_cid) return false;
    ro->event_stream_cid = 0;
    for (size_t i = 0; i < g_event_streams.size(); ++i) {
        if (g_event_streams[i] == ro) {
            g_event_streams[i] = g_event_streams.back();
            g_event_streams.pop_back();
            break;
        }
    }
    return true;
}

// The stream ended (or its object went away): off the list and out of the gauges.
void forget_event_stream(ResponseObject* ro) {
    if (!unlist_event_stream(ro)) return;
    if (auto* st = trident::server::shared_state(); st && ro->event_stream_protocol < 5) {
        st->event_streams_open[ro->event_stream_protocol].fetch_sub(1, std::memory_order_relaxed);
    }
}

void mark_ended(ResponseObject* ro) {
    ro->ended = true;
    forget_event_stream(ro);
}

bool is_event_stream_type(zend_string* v) {
    static constexpr char kType[] = "text/event-stream";
    constexpr size_t n = sizeof kType - 1;
    if (ZSTR_LEN(v) < n || strncasecmp(ZSTR_VAL(v), kType, n) != 0) return false;
    return ZSTR_LEN(v) == n || ZSTR_VAL(v)[n] == ';' || ZSTR_VAL(v)[n] == ' ';
}

zend_object_handlers response_handlers;

ResponseObject* response_from(zend_object* obj) {
    return reinterpret_cast<ResponseObject*>(reinterpret_cast<char*>(obj) - XtOffsetOf(ResponseObject, std));
}

zend_object* response_create(zend_class_entry* ce) {
    auto* ro = static_cast<ResponseObject*>(zend_object_alloc(sizeof(ResponseObject), ce));
    ro->req = nullptr;
    ro->worker = nullptr;
    ro->status = 200;
    ro->status_set = false;
    ro->ended = false;
    ro->event_stream_cid = 0;
    ro->handshake = false;
    ro->handler_done = false;
    ro->ws_state = WsState::None;
    ro->ws_id = 0;
    ro->ws_waiter = 0;
    ro->inbox = nullptr;
    ro->detached = false;
    ro->stream_id = 0;
    ro->stream_ended = false;
    ro->reason = nullptr;
    ro->headers = nullptr;
    ro->trailers = nullptr;
    zend_object_std_init(&ro->std, ce);
    object_properties_init(&ro->std, ce);
    ro->std.handlers = &response_handlers;
    return &ro->std;
}

void free_fields(std::vector<std::pair<zend_string*, zend_string*>>*& fields) {
    if (!fields) return;
    for (auto& [n, v] : *fields) {
        zend_string_release(n);
        zend_string_release(v);
    }
    delete fields;
    fields = nullptr;
}

void clear_headers(ResponseObject* ro) { free_fields(ro->headers); }

bool send_head(ResponseObject* ro, std::string_view body, bool end);

// Ends the response: body (if any), then the trailers or the end of the stream.
bool finish_with(ResponseObject* ro, std::string_view body) {
    if (!ro->trailers || ro->trailers->empty()) {
        if (!ro->req->head_sent) return send_head(ro, body, true);
        return ro->worker->send_body(ro->req, body, true);
    }
    bool ok = ro->req->head_sent ? (body.empty() || ro->worker->send_body(ro->req, body, false)) : send_head(ro, body, false);
    if (!ok) return false;
    std::vector<HeaderField> fields;
    for (auto& [k, v] : *ro->trailers) {
        fields.push_back(HeaderField{std::string_view(ZSTR_VAL(k), ZSTR_LEN(k)), std::string_view(ZSTR_VAL(v), ZSTR_LEN(v))});
    }
    return ro->worker->send_trailers(ro->req, fields.data(), fields.size());
}

bool writable(ResponseObject* ro) {
    return ro->req && !ro->ended && !ro->req->aborted && !ro->req->finished;
}

bool has_header(ResponseObject* ro, const char* lname) {
    if (!ro->headers) return false;
    for (auto& h : *ro->headers) {
        if (ZSTR_LEN(h.first) == strlen(lname) && strncasecmp(ZSTR_VAL(h.first), lname, ZSTR_LEN(h.first)) == 0) return true;
    }
    return false;
}

// Sends the head (with the first body bytes). Headers are handed to the core as views into
// the zend_strings: no copy before the frame encoder.
bool send_head(ResponseObject* ro, std::string_view body, bool end) {
    HeaderField stack_fields[32];
    std::vector<HeaderField> heap_fields;
    size_t n = (ro->headers ? ro->headers->size() : 0) + 2;
    HeaderField* fields = stack_fields;
    if (n > 32) {
        heap_fields.resize(n);
        fields = heap_fields.data();
    }
    size_t count = 0;
    if (ro->headers) {
        for (auto& [k, v] : *ro->headers) {
            fields[count++] = HeaderField{std::string_view(ZSTR_VAL(k), ZSTR_LEN(k)), std::string_view(ZSTR_VAL(v), ZSTR_LEN(v))};
        }
    }
    if (!has_header(ro, "content-type") && ro->status != 204 && ro->status != 304) {
        fields[count++] = HeaderField{"Content-Type", "text/html"};
    }
    if (ro->reason) {
        // A pseudo-header the reactor turns into the HTTP/1.x reason phrase.
        fields[count++] = HeaderField{":reason", std::string_view(ZSTR_VAL(ro->reason), ZSTR_LEN(ro->reason))};
    }
    if (!end && ro->headers) {
        for (auto& [k, v] : *ro->headers) {
            if (ZSTR_LEN(k) == 12 && strncasecmp(ZSTR_VAL(k), "content-type", 12) == 0 && is_event_stream_type(v)) {
                if (ro->event_stream_cid == 0) {
                    g_event_streams.push_back(ro);
                    ro->event_stream_protocol = uint8_t(ro->req->head.conn.protocol);
                    if (auto* st = trident::server::shared_state(); st && ro->event_stream_protocol < 5) {
                        st->event_streams_open[ro->event_stream_protocol].fetch_add(1, std::memory_order_relaxed);
                        st->event_streams_started.fetch_add(1, std::memory_order_relaxed);
                    }
                }
                // Never 0 (the list's "not an event stream"): outside a coroutine, -1.
                int64_t cid = trident_coroutine_current_id();
                ro->event_stream_cid = cid ? cid : -1;
                break;
            }
        }
    }
    return ro->worker->send_head(ro->req, uint16_t(ro->status), fields, count, body, end);
}

// Bytes refused in a header value (bit 1) and, besides those, in a name (bit 2): one table
// lookup per byte, as this runs for every header() of every response.
struct HeaderByteTable {
    uint8_t bad[256] = {};
    HeaderByteTable() {
        for (int c = 0; c < 256; ++c) {
            if (c == '\r' || c == '\n' || c == '\0') bad[c] |= 1;
            if (c <= ' ' || c == ':' || c >= 0x7f) bad[c] |= 2;
        }
    }
};
const HeaderByteTable kHeaderBytes;

bool valid_header_text(zend_string* s, bool is_name) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(ZSTR_VAL(s));
    const uint8_t mask = is_name ? 3 : 1;
    for (size_t i = 0, n = ZSTR_LEN(s); i < n; ++i) {
        if (kHeaderBytes.bad[p[i]] & mask) return false;
    }
    return true;
}

void response_free(zend_object* obj) {
    ResponseObject* ro = response_from(obj);
    forget_event_stream(ro);
    if (ro->req) {
        if (writable(ro)) {
            // The handler (or whoever held the response last) never ended it.
            if (!ro->req->head_sent) {
                TRIDENT_LOG(Warning, "response to %.*s %.*s was never ended; sending 500",
                            int(ro->req->head.method.size()), ro->req->head.method.data(),
                            int(ro->req->head.target.size()), ro->req->head.target.data());
                clear_headers(ro);
                ro->status = 500;
                send_head(ro, "", true);
            } else {
                TRIDENT_LOG(Notice, "response to %.*s %.*s was never ended; finishing the stream",
                            int(ro->req->head.method.size()), ro->req->head.method.data(),
                            int(ro->req->head.target.size()), ro->req->head.target.data());
                ro->worker->send_body(ro->req, "", true);
            }
        }
        ro->worker->release(ro->req);
        ro->req = nullptr;
    }
    clear_headers(ro);
    free_fields(ro->trailers);
    if (ro->reason) zend_string_release(ro->reason);
    if (ro->inbox) {
        for (auto& [f, n] : *ro->inbox) OBJ_RELEASE(f);
        delete ro->inbox;
        ro->inbox = nullptr;
    }
    zend_object_std_dtor(obj);
}

// The response of a request, or nullptr: after an exception (not made by the server), or with
// a warning for a Response::create() one, which writes a stream whose head went out long ago.
ResponseObject* this_response(zval* this_ptr) {
    ResponseObject* ro = response_from(Z_OBJ_P(this_ptr));
    if (!ro->req) {
        if (ro->stream_id) {
            php_error_docref(nullptr, E_WARNING,
                             "Cannot call %s() on a Response of a detached stream: its head has already been sent "
                             "(only write(), end() and isWritable() apply)",
                             get_active_function_name());
            return nullptr;
        }
        zend_throw_error(nullptr, "This Trident\\Http\\Response was not created by the server");
        return nullptr;
    }
    return ro;
}

#define THIS_RESPONSE_OR_RETURN(ro)          \
    if (!(ro)) {                             \
        if (EG(exception)) RETURN_THROWS();  \
        RETURN_FALSE;                        \
    }

// write() / end() on the Response a handler detached: it is the registry's now.
bool refuse_detached(ResponseObject* ro, const char* what) {
    if (!ro->detached) return false;
    php_error_docref(nullptr, E_WARNING,
                     "Cannot %s: the response was detached; use Trident\\Http\\Response::create($server, $fd) "
                     "with the id detach() returned",
                     what);
    return true;
}

void set_header(ResponseObject* ro, zend_string* name, zend_string* value, bool replace) {
    if (!ro->headers) ro->headers = new std::vector<std::pair<zend_string*, zend_string*>>();
    if (replace) {
        auto& hs = *ro->headers;
        for (size_t i = 0; i < hs.size();) {
            if (ZSTR_LEN(hs[i].first) == ZSTR_LEN(name) && strncasecmp(ZSTR_VAL(hs[i].first), ZSTR_VAL(name), ZSTR_LEN(name)) == 0) {
                zend_string_release(hs[i].first);
                zend_string_release(hs[i].second);
                hs.erase(hs.begin() + long(i));
            } else {
                ++i;
            }
        }
    }
    ro->headers->emplace_back(zend_string_copy(name), zend_string_copy(value));
}

bool head_already_sent(ResponseObject* ro, const char* what) {
    if (ro->req->head_sent || ro->ended) {
        php_error_docref(nullptr, E_WARNING, "Cannot %s: the response head has already been sent", what);
        return true;
    }
    return false;
}

// setcookie()'s rules and format, for cookie() (value url-encoded) and rawCookie().
void do_cookie(INTERNAL_FUNCTION_PARAMETERS, bool url_encode) {
    zend_string *name, *value = nullptr, *path = nullptr, *domain = nullptr, *samesite = nullptr, *priority = nullptr;
    zend_long expires = 0;
    bool secure = false, httponly = false;
    ZEND_PARSE_PARAMETERS_START(1, 9)
        Z_PARAM_STR(name)
        Z_PARAM_OPTIONAL
        Z_PARAM_STR(value)
        Z_PARAM_LONG(expires)
        Z_PARAM_STR(path)
        Z_PARAM_STR(domain)
        Z_PARAM_BOOL(secure)
        Z_PARAM_BOOL(httponly)
        Z_PARAM_STR(samesite)
        Z_PARAM_STR(priority)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (ZSTR_LEN(name) == 0) {
        zend_argument_value_error(1, "cannot be empty");
        RETURN_THROWS();
    }
    if (strpbrk(ZSTR_VAL(name), "=,; \t\r\n\013\014") != nullptr || memchr(ZSTR_VAL(name), 0, ZSTR_LEN(name))) {
        zend_argument_value_error(1, "cannot contain \"=\", \",\", \";\", \" \", \"\\t\", \"\\r\", \"\\n\", \"\\013\", or \"\\014\"");
        RETURN_THROWS();
    }
    if (!url_encode && value &&
        (strpbrk(ZSTR_VAL(value), ",; \t\r\n\013\014") != nullptr || memchr(ZSTR_VAL(value), 0, ZSTR_LEN(value)))) {
        zend_argument_value_error(2, "cannot contain \",\", \";\", \" \", \"\\t\", \"\\r\", \"\\n\", \"\\013\", or \"\\014\"");
        RETURN_THROWS();
    }
    zend_string* attrs[] = {path, domain, samesite, priority};
    for (int i = 0; i < 4; ++i) {
        if (attrs[i] && (strpbrk(ZSTR_VAL(attrs[i]), ",;\r\n\013\014") != nullptr || memchr(ZSTR_VAL(attrs[i]), 0, ZSTR_LEN(attrs[i])))) {
            zend_argument_value_error(i == 0 ? 4 : i == 1 ? 5 : i == 2 ? 8 : 9, "cannot contain \",\", \";\", \"\\r\", \"\\n\", \"\\013\", or \"\\014\"");
            RETURN_THROWS();
        }
    }
    if (head_already_sent(ro, "set a cookie")) RETURN_FALSE;
    std::string c(ZSTR_VAL(name), ZSTR_LEN(name));
    c.push_back('=');
    if (!value || ZSTR_LEN(value) == 0) {
        c.append("deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0");
    } else {
        if (url_encode) {
            zend_string* enc = php_raw_url_encode(ZSTR_VAL(value), ZSTR_LEN(value));
            c.append(ZSTR_VAL(enc), ZSTR_LEN(enc));
            zend_string_release(enc);
        } else {
            c.append(ZSTR_VAL(value), ZSTR_LEN(value));
        }
        if (expires > 0) {
            time_t t = time_t(expires);
            struct tm tm;
            gmtime_r(&t, &tm);
            char buf[64];
            strftime(buf, sizeof buf, "; expires=%a, %d %b %Y %H:%M:%S GMT", &tm);
            c.append(buf);
            zend_long max_age = expires - zend_long(time(nullptr));
            c.append("; Max-Age=").append(std::to_string(max_age < 0 ? 0 : max_age));
        }
    }
    if (path && ZSTR_LEN(path)) c.append("; path=").append(ZSTR_VAL(path), ZSTR_LEN(path));
    if (domain && ZSTR_LEN(domain)) c.append("; domain=").append(ZSTR_VAL(domain), ZSTR_LEN(domain));
    if (secure) c.append("; secure");
    if (httponly) c.append("; HttpOnly");
    if (samesite && ZSTR_LEN(samesite)) c.append("; SameSite=").append(ZSTR_VAL(samesite), ZSTR_LEN(samesite));
    if (priority && ZSTR_LEN(priority)) c.append("; Priority=").append(ZSTR_VAL(priority), ZSTR_LEN(priority));
    zend_string* hn = zend_string_init("Set-Cookie", 10, 0);
    zend_string* hv = zend_string_init(c.data(), c.size(), 0);
    set_header(ro, hn, hv, false);
    zend_string_release(hn);
    zend_string_release(hv);
    RETURN_TRUE;
}

const char* mime_for(std::string_view path) {
    size_t dot = path.rfind('.');
    if (dot == std::string_view::npos) return "application/octet-stream";
    std::string ext(path.substr(dot + 1));
    for (auto& ch : ext) ch = char(tolower(static_cast<unsigned char>(ch)));
    static const std::pair<const char*, const char*> kTypes[] = {
        {"html", "text/html"}, {"htm", "text/html"}, {"txt", "text/plain"}, {"css", "text/css"},
        {"js", "text/javascript"}, {"mjs", "text/javascript"}, {"json", "application/json"}, {"xml", "application/xml"},
        {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
        {"svg", "image/svg+xml"}, {"webp", "image/webp"}, {"ico", "image/x-icon"}, {"pdf", "application/pdf"},
        {"wasm", "application/wasm"}, {"woff", "font/woff"}, {"woff2", "font/woff2"}, {"mp4", "video/mp4"},
        {"zip", "application/zip"}, {"gz", "application/gzip"},
    };
    for (auto& [e, t] : kTypes) {
        if (ext == e) return t;
    }
    return "application/octet-stream";
}

}  // namespace

void trident_response_minit() {
    trident_ce_response->create_object = response_create;
    memcpy(&response_handlers, zend_get_std_object_handlers(), sizeof response_handlers);
    response_handlers.offset = XtOffsetOf(ResponseObject, std);
    response_handlers.free_obj = response_free;
    response_handlers.clone_obj = nullptr;
}

namespace trident::php {

void make_response_object(zval* out, Worker& worker, WorkerRequest* r) {
    object_init_ex(out, trident_ce_response);
    ResponseObject* ro = response_from(Z_OBJ_P(out));
    ro->req = r;
    ro->worker = &worker;
    worker.retain(r);
}

void response_end_event_streams() {
    // Cancelling runs PHP code, which may end and free other streams of the list: work on a
    // copy, and look each one up again before touching it.
    std::vector<ResponseObject*> streams = g_event_streams;
    TRIDENT_LOG(Debug, "ending %zu event stream(s)", streams.size());
    for (ResponseObject* ro : streams) {
        bool still_listed = false;
        for (ResponseObject* live : g_event_streams) still_listed = still_listed || live == ro;
        if (!still_listed || !writable(ro)) continue;
        if (trident_coroutine_cancel(ro->event_stream_cid)) continue;  // its handler ends it
        // No coroutine waits on it (it was handed elsewhere, or its writer ended): end it here.
        ro->worker->send_body(ro->req, "", true);
        mark_ended(ro);
    }
}

void response_mark_handshake(zval* response) { response_from(Z_OBJ_P(response))->handshake = true; }

bool response_websocket_open(WorkerRequest* r, uint64_t id) {
    auto it = g_upgrading.find(r);
    if (it == g_upgrading.end()) return false;
    ResponseObject* ro = it->second;
    g_upgrading.erase(it);
    ro->ws_state = WsState::Open;
    ro->ws_id = id;
    g_websockets[id] = ro;  // the reference moves with it
    if (ro->handler_done) {
        // Nobody will recv(): the handler returned before the WebSocket opened.
        ro->worker->ws_close(id, 1000, "");
    }
    ws_wake(ro);
    return true;
}

bool response_websocket_message(uint64_t id, int opcode, const char* data, size_t len) {
    auto it = g_websockets.find(id);
    if (it == g_websockets.end()) return false;
    ResponseObject* ro = it->second;
    zval f;
    make_frame_object(&f, id, opcode, data, len);
    if (!ro->inbox) ro->inbox = new std::deque<std::pair<zend_object*, size_t>>();
    ro->inbox->emplace_back(Z_OBJ(f), len);
    ws_wake(ro);
    return true;
}

bool response_websocket_closed(uint64_t id, bool close_frame, uint16_t code, std::string_view reason) {
    auto it = g_websockets.find(id);
    if (it == g_websockets.end()) return false;
    ResponseObject* ro = it->second;
    g_websockets.erase(it);
    if (close_frame) {
        // recv() returns it after the messages that came before the close, then false.
        zval f;
        make_close_frame_object(&f, id, code, reason);
        if (!ro->inbox) ro->inbox = new std::deque<std::pair<zend_object*, size_t>>();
        ro->inbox->emplace_back(Z_OBJ(f), 0);  // not a message: nothing to credit (the WebSocket is gone)
    }
    ro->ws_state = WsState::Closed;
    ws_wake(ro);
    OBJ_RELEASE(&ro->std);
    return true;
}

void response_websocket_aborted(WorkerRequest* r) {
    auto it = g_upgrading.find(r);
    if (it == g_upgrading.end()) return;
    ResponseObject* ro = it->second;
    g_upgrading.erase(it);
    ro->ws_state = WsState::Closed;
    ws_wake(ro);
    OBJ_RELEASE(&ro->std);
}

void response_websocket_handler_done(zval* response) {
    ResponseObject* ro = response_from(Z_OBJ_P(response));
    ro->handler_done = true;
    if (ro->ws_state == WsState::Open) ro->worker->ws_close(ro->ws_id, 1000, "");
}

bool response_is_done(zval* response) {
    ResponseObject* ro = response_from(Z_OBJ_P(response));
    return !writable(ro);
}

void response_finish_abandoned(zval* response, int status) {
    ResponseObject* ro = response_from(Z_OBJ_P(response));
    if (!writable(ro)) return;
    if (ro->req->head_sent) {
        if (status >= 500) ro->worker->send_reset(ro->req);
        else ro->worker->send_body(ro->req, "", true);
    } else {
        if (status >= 500 || !ro->status_set) {
            ro->status = status;
            if (status >= 500) {
                clear_headers(ro);
                if (ro->reason) {
                    zend_string_release(ro->reason);
                    ro->reason = nullptr;
                }
            }
        }
        send_head(ro, "", true);
    }
    mark_ended(ro);
}

}  // namespace trident::php

ZEND_METHOD(Trident_Http_Response, __construct) {
    ZEND_PARSE_PARAMETERS_NONE();
}

ZEND_METHOD(Trident_Http_Response, status) {
    zend_long code;
    zend_string* reason = nullptr;
    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_LONG(code)
        Z_PARAM_OPTIONAL
        Z_PARAM_STR(reason)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (code < 100 || code > 999) {
        zend_argument_value_error(1, "must be between 100 and 999");
        RETURN_THROWS();
    }
    if (reason && !valid_header_text(reason, false)) {
        zend_argument_value_error(2, "must not contain CR, LF or NUL");
        RETURN_THROWS();
    }
    if (head_already_sent(ro, "set the status")) RETURN_FALSE;
    ro->status = int(code);
    ro->status_set = true;
    if (ro->reason) zend_string_release(ro->reason);
    ro->reason = (reason && ZSTR_LEN(reason)) ? zend_string_copy(reason) : nullptr;
    RETURN_TRUE;
}

ZEND_METHOD(Trident_Http_Response, header) {
    zend_string* key;
    zval* value;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_STR(key)
        Z_PARAM_ZVAL(value)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (ZSTR_LEN(key) == 0 || !valid_header_text(key, true)) {
        zend_argument_value_error(1, "must be a valid header name (no spaces, colons, CR, LF or NUL)");
        RETURN_THROWS();
    }
    // Validate everything before changing anything.
    if (Z_TYPE_P(value) == IS_ARRAY) {
        zval* v;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), v) {
            if (Z_TYPE_P(v) != IS_STRING) {
                zend_argument_type_error(2, "must be of type string|array of strings, array containing %s given", zend_zval_type_name(v));
                RETURN_THROWS();
            }
            if (!valid_header_text(Z_STR_P(v), false)) {
                zend_argument_value_error(2, "must not contain CR, LF or NUL");
                RETURN_THROWS();
            }
        }
        ZEND_HASH_FOREACH_END();
    } else if (Z_TYPE_P(value) == IS_STRING) {
        if (!valid_header_text(Z_STR_P(value), false)) {
            zend_argument_value_error(2, "must not contain CR, LF or NUL");
            RETURN_THROWS();
        }
    } else {
        zend_argument_type_error(2, "must be of type string|array, %s given", zend_zval_type_name(value));
        RETURN_THROWS();
    }
    if (head_already_sent(ro, "set a header")) RETURN_FALSE;
    if (Z_TYPE_P(value) == IS_STRING) {
        set_header(ro, key, Z_STR_P(value), true);
    } else {
        bool first = true;
        zval* v;
        ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), v) {
            set_header(ro, key, Z_STR_P(v), first);
            first = false;
        }
        ZEND_HASH_FOREACH_END();
    }
    RETURN_TRUE;
}

ZEND_METHOD(Trident_Http_Response, earlyHints) {
    HashTable* headers;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ARRAY_HT(headers)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (zend_hash_num_elements(headers) == 0) {
        zend_argument_value_error(1, "must not be empty");
        RETURN_THROWS();
    }
    // Views into the array's strings: it outlives the send.
    std::vector<HeaderField> fields;
    zend_string* key;
    zend_ulong index;
    zval* value;
    auto add = [&](zend_string* name, zval* v) -> bool {
        if (Z_TYPE_P(v) != IS_STRING) {
            zend_argument_type_error(1, "must contain only strings or arrays of strings as values, %s given",
                                     zend_zval_type_name(v));
            return false;
        }
        if (!valid_header_text(Z_STR_P(v), false)) {
            zend_argument_value_error(1, "must not contain CR, LF or NUL in a value");
            return false;
        }
        fields.push_back(HeaderField{std::string_view(ZSTR_VAL(name), ZSTR_LEN(name)),
                                     std::string_view(Z_STRVAL_P(v), Z_STRLEN_P(v))});
        return true;
    };
    ZEND_HASH_FOREACH_KEY_VAL(headers, index, key, value) {
        (void)index;
        if (!key || ZSTR_LEN(key) == 0 || !valid_header_text(key, true)) {
            zend_argument_value_error(1, "must have valid header names as keys (no spaces, colons, CR, LF or NUL)");
            RETURN_THROWS();
        }
        ZVAL_DEREF(value);
        if (Z_TYPE_P(value) == IS_ARRAY) {
            zval* v;
            ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(value), v) {
                ZVAL_DEREF(v);
                if (!add(key, v)) RETURN_THROWS();
            }
            ZEND_HASH_FOREACH_END();
        } else if (!add(key, value)) {
            RETURN_THROWS();
        }
    }
    ZEND_HASH_FOREACH_END();
    if (refuse_detached(ro, "send early hints") || head_already_sent(ro, "send early hints")) RETURN_FALSE;
    RETURN_BOOL(ro->worker->send_interim(ro->req, 103, fields.data(), fields.size()));
}

ZEND_METHOD(Trident_Http_Response, cookie) { do_cookie(INTERNAL_FUNCTION_PARAM_PASSTHRU, true); }

ZEND_METHOD(Trident_Http_Response, rawCookie) { do_cookie(INTERNAL_FUNCTION_PARAM_PASSTHRU, false); }

ZEND_METHOD(Trident_Http_Response, write) {
    zend_string* data;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_STR(data)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* created = response_from(Z_OBJ_P(ZEND_THIS));
    if (created->stream_id) {
        if (created->stream_ended) {
            php_error_docref(nullptr, E_WARNING, "Cannot write: the response has already ended");
            RETURN_FALSE;
        }
        RETURN_BOOL(created->worker->write_detached(created->stream_id, std::string_view(ZSTR_VAL(data), ZSTR_LEN(data)), false));
    }
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (refuse_detached(ro, "write")) RETURN_FALSE;
    if (ro->ended) {
        php_error_docref(nullptr, E_WARNING, "Cannot write: the response has already ended");
        RETURN_FALSE;
    }
    if (!writable(ro)) RETURN_FALSE;
    std::string_view d(ZSTR_VAL(data), ZSTR_LEN(data));
    if (!ro->req->head_sent) RETURN_BOOL(send_head(ro, d, false));
    if (ro->event_stream_cid) {
        if (int64_t cid = trident_coroutine_current_id()) ro->event_stream_cid = cid;
    }
    if (d.empty()) RETURN_TRUE;
    RETURN_BOOL(ro->worker->send_body(ro->req, d, false));
}

ZEND_METHOD(Trident_Http_Response, end) {
    zend_string* data = nullptr;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_STR(data)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* created = response_from(Z_OBJ_P(ZEND_THIS));
    if (created->stream_id) {
        if (created->stream_ended) {
            php_error_docref(nullptr, E_WARNING, "Cannot end: the response has already ended");
            RETURN_FALSE;
        }
        created->stream_ended = true;
        std::string_view d = data ? std::string_view(ZSTR_VAL(data), ZSTR_LEN(data)) : std::string_view();
        RETURN_BOOL(created->worker->write_detached(created->stream_id, d, true));
    }
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (refuse_detached(ro, "end")) RETURN_FALSE;
    if (ro->ended) {
        php_error_docref(nullptr, E_WARNING, "Cannot end: the response has already ended");
        RETURN_FALSE;
    }
    mark_ended(ro);
    if (ro->req->aborted || ro->req->finished) RETURN_FALSE;
    std::string_view d = data ? std::string_view(ZSTR_VAL(data), ZSTR_LEN(data)) : std::string_view();
    RETURN_BOOL(finish_with(ro, d));
}

ZEND_METHOD(Trident_Http_Response, trailer) {
    zend_string *key, *value;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_STR(key)
        Z_PARAM_STR(value)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (ZSTR_LEN(key) == 0 || !valid_header_text(key, true)) {
        zend_argument_value_error(1, "must be a valid header name (no spaces, colons, CR, LF or NUL)");
        RETURN_THROWS();
    }
    if (!valid_header_text(value, false)) {
        zend_argument_value_error(2, "must not contain CR, LF or NUL");
        RETURN_THROWS();
    }
    if (ro->ended) {
        php_error_docref(nullptr, E_WARNING, "Cannot add a trailer: the response has already ended");
        RETURN_FALSE;
    }
    if (!ro->trailers) ro->trailers = new std::vector<std::pair<zend_string*, zend_string*>>();
    ro->trailers->emplace_back(zend_string_copy(key), zend_string_copy(value));
    RETURN_TRUE;
}

ZEND_METHOD(Trident_Http_Response, sendfile) {
    zend_string* filename;
    zend_long offset = 0, length = 0;
    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_PATH_STR(filename)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(offset)
        Z_PARAM_LONG(length)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (offset < 0) {
        zend_argument_value_error(2, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (length < 0) {
        zend_argument_value_error(3, "must be greater than or equal to 0");
        RETURN_THROWS();
    }
    if (ro->ended || ro->req->head_sent) {
        php_error_docref(nullptr, E_WARNING, "Cannot send a file: the response has already %s", ro->ended ? "ended" : "started");
        RETURN_FALSE;
    }
    int fd = open(ZSTR_VAL(filename), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        php_error_docref(nullptr, E_WARNING, "Cannot open \"%s\": %s", ZSTR_VAL(filename), strerror(errno));
        RETURN_FALSE;
    }
    struct stat stt;
    if (fstat(fd, &stt) != 0 || !S_ISREG(stt.st_mode)) {
        close(fd);
        php_error_docref(nullptr, E_WARNING, "\"%s\" is not a regular file", ZSTR_VAL(filename));
        RETURN_FALSE;
    }
    if (offset > stt.st_size) {
        close(fd);
        php_error_docref(nullptr, E_WARNING, "Offset " ZEND_LONG_FMT " is beyond the end of \"%s\"", offset, ZSTR_VAL(filename));
        RETURN_FALSE;
    }
    zend_long avail = zend_long(stt.st_size) - offset;
    zend_long len = (length == 0 || length > avail) ? avail : length;
    if (!writable(ro)) {
        close(fd);
        RETURN_FALSE;
    }
    // Range (RFC 9110 14) over the part of the file being sent, the same rules as the static
    // handler's (server/static_files.h), when the handler left the status to us: 206 with
    // Content-Range, 416 when unsatisfiable, 200 with all of it for several ranges or an If-Range
    // that does not match (the handler's ETag, or the file's modification time).
    if (!ro->status_set && ro->req->head.method == "GET") {
        std::string_view range, if_range;
        auto cur = ro->req->head.headers();
        trident::HeaderField f;
        while (cur.next(f)) {
            if (f.name.size() == 5 && strncasecmp(f.name.data(), "range", 5) == 0) range = f.value;
            else if (f.name.size() == 8 && strncasecmp(f.name.data(), "if-range", 8) == 0) if_range = f.value;
        }
        if (!range.empty()) {
            namespace sf = trident::server::static_files;
            std::string etag;
            if (ro->headers) {
                for (auto& [k, v] : *ro->headers) {
                    if (ZSTR_LEN(k) == 4 && strncasecmp(ZSTR_VAL(k), "etag", 4) == 0) etag.assign(ZSTR_VAL(v), ZSTR_LEN(v));
                }
            }
            sf::Conditionals c;
            c.range = range;
            c.if_range = if_range;
            const sf::Decision d = sf::decide(c, etag, stt.st_mtime, uint64_t(len));
            char cr[96] = {};
            if (d.status == 206) {
                snprintf(cr, sizeof cr, "bytes %llu-%llu/%llu", (unsigned long long)d.range.first,
                         (unsigned long long)d.range.last, (unsigned long long)len);
                offset += zend_long(d.range.first);
                len = zend_long(d.range.length());
            } else if (d.status == 416) {
                snprintf(cr, sizeof cr, "bytes */%llu", (unsigned long long)len);
                len = 0;
            }
            if (cr[0]) {
                ro->status = int(d.status);
                zend_string* hn = zend_string_init("Content-Range", 13, 0);
                zend_string* hv = zend_string_init(cr, strlen(cr), 0);
                set_header(ro, hn, hv, true);
                zend_string_release(hn);
                zend_string_release(hv);
            }
        }
    }
    if (!ro->status_set && !has_header(ro, "accept-ranges")) {
        zend_string* hn = zend_string_init("Accept-Ranges", 13, 0);
        zend_string* hv = zend_string_init("bytes", 5, 0);
        set_header(ro, hn, hv, true);
        zend_string_release(hn);
        zend_string_release(hv);
    }
    if (!has_header(ro, "content-type")) {
        zend_string* hn = zend_string_init("Content-Type", 12, 0);
        zend_string* hv = zend_string_init(mime_for(ZSTR_VAL(filename)), strlen(mime_for(ZSTR_VAL(filename))), 0);
        set_header(ro, hn, hv, true);
        zend_string_release(hn);
        zend_string_release(hv);
    }
    mark_ended(ro);
    if (len == 0) {
        close(fd);
        RETURN_BOOL(send_head(ro, "", true));
    }
    zend_string* hn = zend_string_init("Content-Length", 14, 0);
    zend_string* hv = zend_long_to_str(len);
    set_header(ro, hn, hv, true);
    zend_string_release(hn);
    zend_string_release(hv);
    if (!send_head(ro, "", false)) {
        close(fd);
        RETURN_FALSE;
    }
    std::string buf(64 * 1024, '\0');
    off_t pos = off_t(offset);
    zend_long left = len;
    bool ok = true;
    while (left > 0) {
        size_t want = size_t(left) < buf.size() ? size_t(left) : buf.size();
        // On the worker's blocking-call pool when in a coroutine: a cold disk stalls this
        // response only, not every coroutine of the worker.
        ssize_t n = trident::php::hooks::pool_pread(fd, &buf[0], want, pos);
        if (n == trident::php::hooks::kPoolUnavailable) n = pread(fd, &buf[0], want, pos);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = false;
            break;
        }
        pos += n;
        left -= n;
        if (!ro->worker->send_body(ro->req, std::string_view(buf.data(), size_t(n)), left == 0)) {
            ok = false;
            break;
        }
    }
    close(fd);
    if (!ok && !ro->req->finished) {
        // The file shrank under us or the client went away: the response cannot be completed.
        ro->worker->send_reset(ro->req);
    }
    RETURN_BOOL(ok);
}

ZEND_METHOD(Trident_Http_Response, redirect) {
    zend_string* location;
    zend_long code = 302;
    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_STR(location)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(code)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (code < 300 || code > 399) {
        zend_argument_value_error(2, "must be a redirection status code (300-399)");
        RETURN_THROWS();
    }
    if (!valid_header_text(location, false)) {
        zend_argument_value_error(1, "must not contain CR, LF or NUL");
        RETURN_THROWS();
    }
    if (ro->ended) {
        php_error_docref(nullptr, E_WARNING, "Cannot redirect: the response has already ended");
        RETURN_FALSE;
    }
    if (head_already_sent(ro, "redirect")) RETURN_FALSE;
    ro->status = int(code);
    ro->status_set = true;
    zend_string* hn = zend_string_init("Location", 8, 0);
    set_header(ro, hn, location, true);
    zend_string_release(hn);
    mark_ended(ro);
    if (!writable(ro) && (ro->req->aborted || ro->req->finished)) RETURN_FALSE;
    RETURN_BOOL(send_head(ro, "", true));
}

ZEND_METHOD(Trident_Http_Response, isWritable) {
    ZEND_PARSE_PARAMETERS_NONE();
    ResponseObject* ro = response_from(Z_OBJ_P(ZEND_THIS));
    if (ro->stream_id) {
        // The registry's answer: the stream may end (elsewhere) right after.
        trident::server::StreamInfo info;
        auto* reg = trident::server::stream_registry();
        RETURN_BOOL(!ro->stream_ended && reg && reg->find(ro->stream_id, info) &&
                    info.state == trident::server::StreamState::Open);
    }
    if (ro->req && writable(ro)) ro->worker->poll_resets(ro->req);
    RETURN_BOOL(ro->req && writable(ro));
}

// --- Detached responses -----------------------------------------------------------------------

ZEND_METHOD(Trident_Http_Response, detach) {
    ZEND_PARSE_PARAMETERS_NONE();
    ResponseObject* ro = response_from(Z_OBJ_P(ZEND_THIS));
    if (ro->detached || ro->stream_id) {
        php_error_docref(nullptr, E_WARNING, "Cannot detach: the response is already detached");
        RETURN_FALSE;
    }
    ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (ro->ended || ro->req->finished) {
        php_error_docref(nullptr, E_WARNING, "Cannot detach: the response has already ended");
        RETURN_FALSE;
    }
    if (!ro->req->head_sent) {
        php_error_docref(nullptr, E_WARNING, "Cannot detach: the response head has not been sent yet (write() sends it)");
        RETURN_FALSE;
    }
    if (ro->req->aborted) RETURN_FALSE;  // the client is gone: nothing to hand over
    if (Worker::compressing(ro->req)) {
        php_error_docref(nullptr, E_WARNING,
                         "Cannot detach: the response is compressed (Content-Encoding: %s), and the coding cannot "
                         "continue in another worker; send it uncompressed (http_compression_event_stream off for event "
                         "streams, or a Content-Type outside http_compression_types)",
                         std::string(trident::http::content_coding_token(ro->req->encoder->coding())).c_str());
        RETURN_FALSE;
    }
    bool event_stream = ro->event_stream_cid != 0;
    auto kind = event_stream ? trident::server::StreamKind::EventStream : trident::server::StreamKind::Detached;
    uint64_t id = ro->worker->detach(ro->req, uint8_t(kind));
    if (id == 0) {
        if (!ro->req->aborted) {
            php_error_docref(nullptr, E_WARNING, "Cannot detach: the server refused (the stream registry is full)");
        }
        if (EG(exception)) RETURN_THROWS();
        RETURN_FALSE;
    }
    // The stream is the registry's: a graceful stop of this worker no longer ends it, and the
    // open-stream gauge is the reactor's to lower when it releases the id (the stream stays open).
    ro->detached = true;
    ro->ended = true;
    unlist_event_stream(ro);
    if (EG(exception)) RETURN_THROWS();
    RETURN_LONG(zend_long(id));
}

ZEND_METHOD(Trident_Http_Response, create) {
    zval* server;
    zend_long fd;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_OBJECT_OF_CLASS(server, trident_ce_server)
        Z_PARAM_LONG(fd)
    ZEND_PARSE_PARAMETERS_END();
    (void)server;  // the worker's own server: there is one per process
    Worker* w = trident::php::current_worker();
    auto* reg = trident::server::stream_registry();
    trident::server::StreamInfo info;
    if (!w || !reg || !reg->find(uint64_t(fd), info) || info.state != trident::server::StreamState::Open ||
        (info.kind != trident::server::StreamKind::EventStream && info.kind != trident::server::StreamKind::Detached)) {
        RETURN_FALSE;
    }
    object_init_ex(return_value, trident_ce_response);
    ResponseObject* ro = response_from(Z_OBJ_P(return_value));
    ro->worker = w;
    ro->stream_id = uint64_t(fd);
}

// --- WebSocket, coroutine style ---------------------------------------------------------------

ZEND_METHOD(Trident_Http_Response, upgrade) {
    ZEND_PARSE_PARAMETERS_NONE();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if ((ro->req->head.conn.flags & trident::ipc::kRequestFlagWebSocket) == 0) {
        php_error_docref(nullptr, E_WARNING, "Cannot upgrade: the request is not a WebSocket upgrade");
        RETURN_FALSE;
    }
    if (ro->ended || ro->req->head_sent) {
        php_error_docref(nullptr, E_WARNING, "Cannot upgrade: the response head has already been sent");
        RETURN_FALSE;
    }
    if (!writable(ro)) RETURN_FALSE;
    std::vector<HeaderField> fields;
    if (ro->headers) {
        for (auto& [k, v] : *ro->headers) {
            fields.push_back(HeaderField{std::string_view(ZSTR_VAL(k), ZSTR_LEN(k)), std::string_view(ZSTR_VAL(v), ZSTR_LEN(v))});
        }
    }
    // Registered before the accept goes out: the send may suspend, and WS_OPEN or a reset may
    // be read meanwhile.
    bool coroutine_style = !ro->handshake;
    if (coroutine_style) {
        GC_ADDREF(&ro->std);
        g_upgrading[ro->req] = ro;
        ro->ws_state = WsState::Pending;
    }
    mark_ended(ro);
    bool ok = ro->worker->accept_websocket(ro->req, fields.data(), fields.size());
    if (!ok) {
        if (coroutine_style) trident::php::response_websocket_aborted(ro->req);
        RETURN_FALSE;
    }
    if (!coroutine_style) RETURN_TRUE;
    // Wait for the WebSocket to open, so push() has an id to push to.
    while (ro->ws_state == WsState::Pending && trident_coroutine_can_suspend()) {
        ro->ws_waiter = trident_coroutine_current_id();
        TridentWaitResult res = trident_coroutine_suspend("Trident\\Http\\Response::upgrade()");
        ro->ws_waiter = 0;
        if (res == TridentWaitResult::Failed) RETURN_THROWS();
    }
    RETURN_BOOL(ro->ws_state == WsState::Open || ro->ws_state == WsState::Pending);
}

ZEND_METHOD(Trident_Http_Response, recv) {
    double timeout = -1;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_DOUBLE(timeout)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    if (ro->ws_state == WsState::None) {
        php_error_docref(nullptr, E_WARNING, "Cannot recv: upgrade() did not make this response a WebSocket");
        RETURN_FALSE;
    }
    if (ro->ws_waiter) {
        zend_throw_error(nullptr, "Another coroutine is already waiting on this WebSocket");
        RETURN_THROWS();
    }
    int64_t ms = timeout < 0 ? -1 : int64_t(std::ceil(timeout * 1000));
    for (;;) {
        if (ro->inbox && !ro->inbox->empty()) {
            auto [f, n] = ro->inbox->front();
            ro->inbox->pop_front();
            ro->worker->ws_consumed(ro->ws_id, n);
            RETURN_OBJ(f);
        }
        if (ro->ws_state == WsState::Closed) RETURN_FALSE;
        ro->ws_waiter = trident_coroutine_current_id();
        TridentWaitResult res = trident_coroutine_suspend("Trident\\Http\\Response::recv()", ms);
        ro->ws_waiter = 0;
        if (res == TridentWaitResult::Failed) RETURN_THROWS();
        if (res == TridentWaitResult::TimedOut && !(ro->inbox && !ro->inbox->empty())) RETURN_FALSE;
    }
}

ZEND_METHOD(Trident_Http_Response, push) {
    zend_string* data;
    zend_long opcode = TRIDENT_WS_OPCODE_TEXT;
    zend_long flags = TRIDENT_WS_FLAG_FIN;
    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_STR(data)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(opcode)
        Z_PARAM_LONG(flags)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    // The opcode is checked even when there is nothing to push to: misuse shows at once.
    uint64_t id = ro->ws_state == WsState::Open ? ro->ws_id : 0;
    bool ok = trident::php::websocket_push(id, ZSTR_VAL(data), ZSTR_LEN(data), opcode, flags, 2);
    if (EG(exception)) RETURN_THROWS();
    RETURN_BOOL(ok && id != 0);
}

ZEND_METHOD(Trident_Http_Response, close) {
    zend_long code = 1000;
    zend_string* reason = nullptr;
    ZEND_PARSE_PARAMETERS_START(0, 2)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(code)
        Z_PARAM_STR(reason)
    ZEND_PARSE_PARAMETERS_END();
    ResponseObject* ro = this_response(ZEND_THIS);
    THIS_RESPONSE_OR_RETURN(ro);
    uint64_t id = ro->ws_state == WsState::Open ? ro->ws_id : 0;
    bool ok = trident::php::websocket_close(id, code, reason, 1);
    if (EG(exception)) RETURN_THROWS();
    RETURN_BOOL(ok && id != 0);
}
