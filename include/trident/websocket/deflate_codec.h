// permessage-deflate (RFC 7692 §7.2) message compression with zlib raw deflate.
//
// A compressed message is a raw DEFLATE stream (no zlib/gzip wrapper: windowBits negative)
// ended with a sync flush, minus the 00 00 ff ff that the flush's empty stored block ends in
// (§7.2.1); the receiver appends those 4 bytes back before inflating (§7.2.2). With context
// takeover the LZ77 window carries over from one message to the next; without it each message
// starts from an empty window (deflateReset/inflateReset after every message).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "trident/websocket/message_buffer.h"

typedef struct z_stream_s z_stream;

namespace trident::websocket {

class Compressor {
public:
    Compressor();
    ~Compressor();
    Compressor(const Compressor&) = delete;
    Compressor& operator=(const Compressor&) = delete;

    // window_bits 8..15 as negotiated (server_max_window_bits for a server, client_max_window_bits
    // for a client); level is zlib's 0..9 or -1 for its default; mem_level 1..9. False if the
    // values are out of range or zlib cannot allocate its state.
    bool init(int window_bits, bool no_context_takeover, int level = -1, int mem_level = 8);
    bool ready() const { return ready_; }

    // Appends the compressed form of one whole message to `out` (the payload to send with RSV1
    // set on the first frame). False only on a zlib failure (out of memory): the connection
    // must then be closed with 1011, because the peer's window no longer matches ours.
    bool compress(std::string_view message, std::string& out);

private:
    z_stream* zs_;
    bool ready_ = false;
    bool no_context_takeover_ = false;
};

enum class InflateStatus : uint8_t {
    Ok,
    TooBig,   // the output would exceed the buffer's limit: close with 1009
    Corrupt,  // not a valid DEFLATE stream: close with 1007 (the payload is not what its
              // RSV1 bit said it is)
    NoMemory, // zlib could not allocate: close with 1011
};

class Decompressor {
public:
    Decompressor();
    ~Decompressor();
    Decompressor(const Decompressor&) = delete;
    Decompressor& operator=(const Decompressor&) = delete;

    // window_bits 8..15: the window the peer compresses with (the negotiated
    // client_max_window_bits for a server, 15 if the response did not limit it). It is checked
    // but zlib always inflates with the full 32 KiB window: zlib checks a back-reference against
    // the window only when the output of one call does not cover it, so with a smaller window
    // the same bytes would be accepted or refused depending on how they arrived. With 15 bits
    // every distance DEFLATE can express is checked against the whole history, the same for
    // any split; data a compliant peer sends within a smaller window inflates identically.
    bool init(int window_bits, bool no_context_takeover);
    bool ready() const { return ready_; }

    // Inflates one piece of a compressed message into `out`, which never grows past its limit:
    // output is produced straight into the buffer's spare room and, once the room is used up,
    // a single probe byte tells whether more would follow (then TooBig). The memory a bomb can
    // make us use is therefore out.limit() bytes plus zlib's fixed window.
    InflateStatus feed(const char* data, size_t len, MessageBuffer& out);
    // Ends the message: inflates the 00 00 ff ff tail (flushing what zlib still holds) and
    // resets the window when context takeover is off.
    InflateStatus finish(MessageBuffer& out);
    // feed(message) + finish().
    InflateStatus decompress(std::string_view message, MessageBuffer& out);
    // Forgets a partly inflated message (after an error the connection is closed, but a test
    // or fuzzer may reuse the object).
    void abandon();

private:
    InflateStatus run(const uint8_t* data, size_t len, MessageBuffer& out);
    bool reset_keeping_window();

    z_stream* zs_;
    bool ready_ = false;
    bool no_context_takeover_ = false;
    // The peer ended the message's DEFLATE data with a BFINAL block (RFC 7692 §7.2.3.4 allows
    // it); only the tail may follow, and the stream must be restarted before the next message.
    bool stream_ended_ = false;
    int window_bits_ = 15;
};

}  // namespace trident::websocket
