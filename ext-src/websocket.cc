// Trident\WebSocket\Server's methods (push, disconnect, isEstablished, getClientList), Frame and
// Connections. The WebSocket itself lives in the reactor; a worker names it by its stream
// registry id, which is valid in every process, so these work from any worker.
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php_trident.h"

extern "C" {
#include "ext/spl/spl_array.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
}

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "trident/ipc/frame.h"
#include "trident/server/stream_registry.h"
#include "trident/server/worker.h"

using trident::server::StreamInfo;
using trident::server::StreamKind;
using trident::server::StreamState;

namespace {

bool valid_opcode(zend_long op) {
    return op == TRIDENT_WS_OPCODE_TEXT || op == TRIDENT_WS_OPCODE_BINARY || op == TRIDENT_WS_OPCODE_CLOSE ||
           op == TRIDENT_WS_OPCODE_PING || op == TRIDENT_WS_OPCODE_PONG;
}

// Open WebSocket ids of the whole server, in increasing order (empty before start()).
std::vector<uint64_t> live_ids() {
    std::vector<uint64_t> ids;
    if (auto* reg = trident::server::stream_registry()) {
        reg->for_each_live(StreamKind::WebSocket, [&](const StreamInfo& info) {
            if (info.state == StreamState::Open) ids.push_back(info.id);
        });
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace

void trident_websocket_minit() {}

namespace trident::php {

void make_frame_object(zval* out, uint64_t id, int opcode, const char* data, size_t len) {
    object_init_ex(out, trident_ce_websocket_frame);
    zend_object* obj = Z_OBJ_P(out);
    zend_update_property_long(trident_ce_websocket_frame, obj, "fd", 2, zend_long(id));
    zend_update_property_stringl(trident_ce_websocket_frame, obj, "data", 4, data, len);
    zend_update_property_long(trident_ce_websocket_frame, obj, "opcode", 6, opcode);
}

void make_close_frame_object(zval* out, uint64_t id, uint16_t code, std::string_view reason) {
    object_init_ex(out, trident_ce_websocket_close_frame);
    zend_object* obj = Z_OBJ_P(out);
    zend_update_property_long(trident_ce_websocket_close_frame, obj, "fd", 2, zend_long(id));
    zend_update_property_long(trident_ce_websocket_close_frame, obj, "code", 4, zend_long(code));
    zend_update_property_stringl(trident_ce_websocket_close_frame, obj, "reason", 6, reason.data(), reason.size());
}

bool websocket_push(uint64_t id, const char* data, size_t len, zend_long opcode, zend_long flags, uint32_t opcode_arg) {
    if (!valid_opcode(opcode)) {
        zend_argument_value_error(opcode_arg, "must be one of Frame::OPCODE_TEXT, OPCODE_BINARY, OPCODE_CLOSE, OPCODE_PING or OPCODE_PONG");
        return false;
    }
    if ((flags & TRIDENT_WS_FLAG_FIN) == 0) {
        php_error_docref(nullptr, E_WARNING, "Cannot push a fragment: messages are pushed whole (use WEBSOCKET_FLAG_FIN)");
        return false;
    }
    bool control = opcode == TRIDENT_WS_OPCODE_CLOSE || opcode == TRIDENT_WS_OPCODE_PING || opcode == TRIDENT_WS_OPCODE_PONG;
    if (control && len > trident::ipc::kWsMaxControl) {
        php_error_docref(nullptr, E_WARNING, "Cannot push a control frame of %zu bytes: at most 125 are allowed", len);
        return false;
    }
    trident::server::Worker* w = current_worker();
    if (!w) return false;
    return w->ws_push(id, trident::ipc::WsOpcode(opcode), std::string_view(data, len), (flags & TRIDENT_WS_FLAG_COMPRESS) != 0);
}

bool websocket_close(uint64_t id, zend_long code, zend_string* reason, uint32_t code_arg) {
    if (code < 0 || code > 65535 || !trident::ipc::ws_close_code_sendable(uint16_t(code))) {
        zend_argument_value_error(code_arg, "must be a close code an endpoint may send (1000-1003, 1007-1014, 3000-4999)");
        return false;
    }
    size_t rlen = reason ? ZSTR_LEN(reason) : 0;
    if (rlen > trident::ipc::kWsMaxCloseReason) {
        zend_argument_value_error(code_arg + 1, "must be at most 123 bytes long");
        return false;
    }
    trident::server::Worker* w = current_worker();
    if (!w) return false;
    return w->ws_close(id, uint16_t(code), reason ? std::string_view(ZSTR_VAL(reason), rlen) : std::string_view());
}

}  // namespace trident::php

ZEND_METHOD(Trident_WebSocket_Server, push) {
    zend_long fd;
    zend_object* frame = nullptr;
    zend_string* data = nullptr;
    zend_long opcode = TRIDENT_WS_OPCODE_TEXT;
    zend_long flags = TRIDENT_WS_FLAG_FIN;
    ZEND_PARSE_PARAMETERS_START(2, 4)
        Z_PARAM_LONG(fd)
        Z_PARAM_OBJ_OF_CLASS_OR_STR(frame, trident_ce_websocket_frame, data)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(opcode)
        Z_PARAM_LONG(flags)
    ZEND_PARSE_PARAMETERS_END();
    if (frame) {
        // A Frame carries its own opcode and flags (as in Swoole); finish = false is a fragment.
        zval rv;
        zval* d = zend_read_property(trident_ce_websocket_frame, frame, "data", 4, 1, &rv);
        zval* o = zend_read_property(trident_ce_websocket_frame, frame, "opcode", 6, 1, &rv);
        zval* f = zend_read_property(trident_ce_websocket_frame, frame, "flags", 5, 1, &rv);
        zval* fin = zend_read_property(trident_ce_websocket_frame, frame, "finish", 6, 1, &rv);
        opcode = Z_TYPE_P(o) == IS_LONG ? Z_LVAL_P(o) : TRIDENT_WS_OPCODE_TEXT;
        flags = Z_TYPE_P(f) == IS_LONG ? Z_LVAL_P(f) : TRIDENT_WS_FLAG_FIN;
        if (Z_TYPE_P(fin) == IS_FALSE) flags &= ~zend_long(TRIDENT_WS_FLAG_FIN);
        const char* p = Z_TYPE_P(d) == IS_STRING ? Z_STRVAL_P(d) : "";
        size_t n = Z_TYPE_P(d) == IS_STRING ? Z_STRLEN_P(d) : 0;
        bool ok = trident::php::websocket_push(uint64_t(fd), p, n, opcode, flags, 2);
        if (EG(exception)) RETURN_THROWS();
        RETURN_BOOL(ok);
    }
    bool ok = trident::php::websocket_push(uint64_t(fd), ZSTR_VAL(data), ZSTR_LEN(data), opcode, flags, 3);
    if (EG(exception)) RETURN_THROWS();
    RETURN_BOOL(ok);
}

ZEND_METHOD(Trident_WebSocket_Server, disconnect) {
    zend_long fd;
    zend_long code = 1000;
    zend_string* reason = nullptr;
    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_LONG(fd)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(code)
        Z_PARAM_STR(reason)
    ZEND_PARSE_PARAMETERS_END();
    bool ok = trident::php::websocket_close(uint64_t(fd), code, reason, 2);
    if (EG(exception)) RETURN_THROWS();
    RETURN_BOOL(ok);
}

ZEND_METHOD(Trident_WebSocket_Server, isEstablished) {
    zend_long fd;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_LONG(fd)
    ZEND_PARSE_PARAMETERS_END();
    auto* reg = trident::server::stream_registry();
    StreamInfo info;
    RETURN_BOOL(reg && reg->find(uint64_t(fd), info) && info.kind == StreamKind::WebSocket && info.state == StreamState::Open);
}

ZEND_METHOD(Trident_WebSocket_Server, getClientList) {
    zend_long start = 0;
    zend_long count = 10;
    ZEND_PARSE_PARAMETERS_START(0, 2)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(start)
        Z_PARAM_LONG(count)
    ZEND_PARSE_PARAMETERS_END();
    if (count < 1 || count > 100) {
        zend_argument_value_error(2, "must be between 1 and 100");
        RETURN_THROWS();
    }
    if (!trident::server::stream_registry()) RETURN_FALSE;
    array_init(return_value);
    for (uint64_t id : live_ids()) {
        if (id <= uint64_t(start)) continue;
        add_next_index_long(return_value, zend_long(id));
        if (--count == 0) break;
    }
}

ZEND_METHOD(Trident_WebSocket_Connections, __construct) {
    ZEND_PARSE_PARAMETERS_NONE();
}

ZEND_METHOD(Trident_WebSocket_Connections, getIterator) {
    ZEND_PARSE_PARAMETERS_NONE();
    zval ids;
    array_init(&ids);
    for (uint64_t id : live_ids()) add_next_index_long(&ids, zend_long(id));
    object_init_ex(return_value, spl_ce_ArrayIterator);
    zend_call_known_instance_method_with_1_params(spl_ce_ArrayIterator->constructor, Z_OBJ_P(return_value), nullptr, &ids);
    zval_ptr_dtor(&ids);
}

ZEND_METHOD(Trident_WebSocket_Connections, count) {
    ZEND_PARSE_PARAMETERS_NONE();
    auto* reg = trident::server::stream_registry();
    zend_long n = 0;
    if (reg) {
        reg->for_each_live(StreamKind::WebSocket, [&](const StreamInfo& info) {
            if (info.state == StreamState::Open) ++n;
        });
    }
    RETURN_LONG(n);
}
