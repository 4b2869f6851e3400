// permessage-deflate negotiation (RFC 7692 §5 and §7.1), server side.
//
// A client offers the extension in Sec-WebSocket-Extensions, possibly several times with
// different parameters, in order of preference:
//   permessage-deflate; client_max_window_bits, permessage-deflate; server_no_context_takeover
// The server accepts the first offer it can honour and answers with the parameters agreed.
// An offer with an unknown parameter, a parameter given twice or an invalid value is declined
// (§7: "MUST decline"), and the next offer is tried.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "trident/core/header_field.h"

namespace trident::websocket {

class Compressor;
class Decompressor;

// What the server is willing to do (its settings).
struct DeflateConfig {
    // Reset our compressor after every message: costs ratio, lets the peer drop its window.
    bool server_no_context_takeover = false;
    // Ask the client to reset after every message (it may ignore a client that did not offer it:
    // §7.1.1.2 lets the server add the parameter to any response).
    bool client_no_context_takeover = false;
    // Upper bound for our compression window (8..15).
    int server_max_window_bits = 15;
    // Window the client is asked to stay within (8..15); can only be sent to a client whose offer
    // had client_max_window_bits (§7.1.2.2).
    int client_max_window_bits = 15;
};

// One parsed offer. Window bits: 0 = parameter absent; client_max_window_bits is -1 when
// present without a value (the client supports the parameter but sets no limit itself).
struct DeflateOffer {
    bool server_no_context_takeover = false;
    bool client_no_context_takeover = false;
    int server_max_window_bits = 0;
    int client_max_window_bits = 0;
};

// What both ends use after the handshake.
struct DeflateParams {
    bool server_no_context_takeover = false;
    bool client_no_context_takeover = false;
    int server_max_window_bits = 15;  // our compressor's window
    int client_max_window_bits = 15;  // the peer's compressor's window: our inflater's
    // Whether the response names the window parameters (it must not invent client_max_window_bits).
    bool send_server_max_window_bits = false;
    bool send_client_max_window_bits = false;
};

enum class OfferParse : uint8_t {
    Ok,        // a permessage-deflate offer with valid parameters
    Other,     // another extension: skipped
    Declined,  // permessage-deflate with an unknown, repeated or invalid parameter
};

// Parses the parameters of one offer, given the extension element without its name, e.g.
// "; client_max_window_bits; server_max_window_bits=10".
OfferParse parse_deflate_params(std::string_view params, DeflateOffer& offer);

// Applies the server's config to an acceptable offer.
DeflateParams agree(const DeflateOffer& offer, const DeflateConfig& config);

// Walks every Sec-WebSocket-Extensions field in `headers` (offers in order across instances)
// and picks the first acceptable permessage-deflate offer. True with `params` set when one was
// accepted. A list that stops parsing (a broken quoted-string, a missing token) keeps the offers
// before the error and ignores the rest of that field.
bool negotiate_deflate(const HeaderField* headers, size_t count, const DeflateConfig& config, DeflateParams& params);
bool negotiate_deflate(std::string_view extensions, const DeflateConfig& config, DeflateParams& params);

// The Sec-WebSocket-Extensions value answering an accepted offer, e.g.
// "permessage-deflate; server_no_context_takeover; client_max_window_bits=10".
std::string deflate_response(const DeflateParams& params);

// Sets up a server connection's codecs for the agreed parameters: the compressor with
// server_max_window_bits / server_no_context_takeover, the decompressor with the client's
// window / client_no_context_takeover. For a client role swap the two sides.
bool init_server_codecs(const DeflateParams& params, Compressor& compressor, Decompressor& decompressor,
                        int level = -1, int mem_level = 8);
bool init_client_codecs(const DeflateParams& params, Compressor& compressor, Decompressor& decompressor,
                        int level = -1, int mem_level = 8);

}  // namespace trident::websocket
