#include <nghttp2/nghttp2.h>
#include <nghttp3/nghttp3.h>

#include <catch2/catch.hpp>

#include "trident/http/reset_codes.h"

using trident::ipc::ResetCode;
namespace http = trident::http;

TEST_CASE("reset code constants are the libraries' own", "[reset]") {
    STATIC_REQUIRE(http::h2::kNoError == NGHTTP2_NO_ERROR);
    STATIC_REQUIRE(http::h2::kProtocolError == NGHTTP2_PROTOCOL_ERROR);
    STATIC_REQUIRE(http::h2::kInternalError == NGHTTP2_INTERNAL_ERROR);
    STATIC_REQUIRE(http::h2::kRefusedStream == NGHTTP2_REFUSED_STREAM);
    STATIC_REQUIRE(http::h2::kCancel == NGHTTP2_CANCEL);
    STATIC_REQUIRE(http::h3::kNoError == NGHTTP3_H3_NO_ERROR);
    STATIC_REQUIRE(http::h3::kInternalError == NGHTTP3_H3_INTERNAL_ERROR);
    STATIC_REQUIRE(http::h3::kRequestRejected == NGHTTP3_H3_REQUEST_REJECTED);
    STATIC_REQUIRE(http::h3::kRequestCancelled == NGHTTP3_H3_REQUEST_CANCELLED);
    STATIC_REQUIRE(http::h3::kMessageError == NGHTTP3_H3_MESSAGE_ERROR);
}

TEST_CASE("every reset reason maps to one code per protocol", "[reset]") {
    struct Row {
        ResetCode code;
        uint32_t h2;
        uint64_t h3;
    };
    const Row rows[] = {
        {ResetCode::Cancel, NGHTTP2_CANCEL, NGHTTP3_H3_REQUEST_CANCELLED},
        {ResetCode::BodyTooLarge, NGHTTP2_CANCEL, NGHTTP3_H3_REQUEST_CANCELLED},
        {ResetCode::BodyTimeout, NGHTTP2_CANCEL, NGHTTP3_H3_REQUEST_CANCELLED},
        {ResetCode::BadBody, NGHTTP2_PROTOCOL_ERROR, NGHTTP3_H3_MESSAGE_ERROR},
        {ResetCode::Refused, NGHTTP2_REFUSED_STREAM, NGHTTP3_H3_REQUEST_REJECTED},
        {ResetCode::Internal, NGHTTP2_INTERNAL_ERROR, NGHTTP3_H3_INTERNAL_ERROR},
        {ResetCode::NoError, NGHTTP2_NO_ERROR, NGHTTP3_H3_NO_ERROR},
    };
    for (const Row& r : rows) {
        INFO(trident::ipc::reset_code_name(r.code));
        CHECK(http::to_http2(r.code) == r.h2);
        CHECK(http::to_http3(r.code) == r.h3);
    }
    // A value this build does not know is treated as an internal error, never as "no error".
    CHECK(http::to_http2(ResetCode(99)) == NGHTTP2_INTERNAL_ERROR);
    CHECK(http::to_http3(ResetCode(99)) == NGHTTP3_H3_INTERNAL_ERROR);
}
