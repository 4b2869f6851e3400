#include "trident/websocket/permessage_deflate.h"

#include <algorithm>

#include "trident/http/token.h"
#include "trident/websocket/deflate_codec.h"

namespace trident::websocket {

namespace {

constexpr std::string_view kExtensionName = "permessage-deflate";

// RFC 6455 §9.1 grammar over one field value:
//   extension-list = 1#extension
//   extension      = token *( ";" param )
//   param          = token [ "=" ( token / quoted-string ) ]
// with OWS allowed around the separators.
class ListCursor {
public:
    explicit ListCursor(std::string_view s) : s_(s) {}

    bool at_end() const { return i_ == s_.size(); }
    bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
    void skip_ows() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    }
    bool eat(char c) {
        if (!peek(c)) return false;
        ++i_;
        return true;
    }
    std::string_view token() {
        const size_t start = i_;
        while (i_ < s_.size() && http::is_tchar(uint8_t(s_[i_]))) ++i_;
        return s_.substr(start, i_ - start);
    }
    // A token or quoted-string, unescaped into `out` (parameter values are short, so `out`
    // stays within std::string's inline buffer). False on a syntax error.
    bool value(std::string& out) {
        out.clear();
        if (!eat('"')) {
            const std::string_view t = token();
            out.assign(t.data(), t.size());
            return !t.empty();
        }
        while (i_ < s_.size()) {
            char c = s_[i_++];
            if (c == '"') return true;
            if (c == '\\') {
                if (i_ == s_.size()) return false;
                c = s_[i_++];
            }
            out.push_back(c);
        }
        return false;  // unterminated quoted-string
    }

    // Reads `*( OWS ";" OWS param )` calling f(name, value, has_value) for each; false on a
    // syntax error. Stops before a ',' or at the end.
    template <class F>
    bool params(F f) {
        std::string v;
        for (;;) {
            skip_ows();
            if (!eat(';')) return true;
            skip_ows();
            const std::string_view name = token();
            if (name.empty()) return false;
            skip_ows();
            bool has_value = false;
            v.clear();
            if (eat('=')) {
                skip_ows();
                if (!value(v)) return false;
                has_value = true;
            }
            f(name, std::string_view(v), has_value);
        }
    }

private:
    std::string_view s_;
    size_t i_ = 0;
};

// "8".."15", no sign, no leading zero (RFC 7692 §7.1.2: a decimal integer in [8, 15]).
int window_bits(std::string_view v) {
    if (v.size() == 1 && v[0] >= '8' && v[0] <= '9') return v[0] - '0';
    if (v.size() == 2 && v[0] == '1' && v[1] >= '0' && v[1] <= '5') return 10 + (v[1] - '0');
    return 0;
}

// Applies one parameter to `offer`; false to decline it.
bool apply_param(DeflateOffer& offer, std::string_view name, std::string_view value, bool has_value, unsigned& seen) {
    enum : unsigned { SNCT = 1, CNCT = 2, SMWB = 4, CMWB = 8 };
    unsigned bit;
    if (http::iequals_ascii(name, "server_no_context_takeover")) bit = SNCT;
    else if (http::iequals_ascii(name, "client_no_context_takeover")) bit = CNCT;
    else if (http::iequals_ascii(name, "server_max_window_bits")) bit = SMWB;
    else if (http::iequals_ascii(name, "client_max_window_bits")) bit = CMWB;
    else return false;  // unknown parameter
    if (seen & bit) return false;  // given twice
    seen |= bit;
    switch (bit) {
        case SNCT: offer.server_no_context_takeover = true; return !has_value;
        case CNCT: offer.client_no_context_takeover = true; return !has_value;
        case SMWB: offer.server_max_window_bits = window_bits(value); return has_value && offer.server_max_window_bits != 0;
        default:
            if (!has_value) {
                offer.client_max_window_bits = -1;
                return true;
            }
            offer.client_max_window_bits = window_bits(value);
            return offer.client_max_window_bits != 0;
    }
}

int clamp_bits(int b) { return std::clamp(b, 8, 15); }

// Parses a field value's offers; true as soon as one is accepted.
bool negotiate_value(std::string_view value, const DeflateConfig& config, DeflateParams& params) {
    ListCursor c(value);
    for (;;) {
        // Empty list elements (", ,") are allowed and skipped (RFC 9110 §5.6.1).
        c.skip_ows();
        while (c.eat(',')) c.skip_ows();
        if (c.at_end()) return false;
        const std::string_view name = c.token();
        if (name.empty()) return false;
        const bool ours = http::iequals_ascii(name, kExtensionName);
        DeflateOffer offer;
        unsigned seen = 0;
        bool acceptable = true;
        const bool parsed = c.params([&](std::string_view n, std::string_view v, bool has_value) {
            if (ours && acceptable) acceptable = apply_param(offer, n, v, has_value, seen);
        });
        if (!parsed) return false;
        c.skip_ows();
        if (!c.at_end() && !c.peek(',')) return false;
        if (ours && acceptable) {
            params = agree(offer, config);
            return true;
        }
    }
}

}  // namespace

OfferParse parse_deflate_params(std::string_view text, DeflateOffer& offer) {
    offer = DeflateOffer{};
    ListCursor c(text);
    unsigned seen = 0;
    bool acceptable = true;
    const bool parsed = c.params([&](std::string_view n, std::string_view v, bool has_value) {
        if (acceptable) acceptable = apply_param(offer, n, v, has_value, seen);
    });
    c.skip_ows();
    if (!parsed || !c.at_end() || !acceptable) return OfferParse::Declined;
    return OfferParse::Ok;
}

DeflateParams agree(const DeflateOffer& offer, const DeflateConfig& config) {
    DeflateParams p;
    // Asked for by the client (§7.1.1.1: accepting the offer means honouring it), or our choice.
    p.server_no_context_takeover = offer.server_no_context_takeover || config.server_no_context_takeover;
    // §7.1.1.2: the server may include it in any response; echoing the client's hint makes the
    // reset explicit on both sides.
    p.client_no_context_takeover = offer.client_no_context_takeover || config.client_no_context_takeover;

    // Our window: never above what the client allows. Without the parameter in the offer we
    // still may use a smaller window than 15 silently: an inflater with a larger window decodes
    // anything a smaller one produced, so the response need not say so.
    const int ours = clamp_bits(config.server_max_window_bits);
    p.server_max_window_bits = offer.server_max_window_bits ? std::min(offer.server_max_window_bits, ours) : ours;
    p.send_server_max_window_bits = offer.server_max_window_bits != 0;

    // The client's window: §7.1.2.2 forbids naming it unless the offer did. An offered value is
    // the client's own promise; our config may lower it further.
    const int theirs = clamp_bits(config.client_max_window_bits);
    if (offer.client_max_window_bits > 0) {
        p.client_max_window_bits = std::min(offer.client_max_window_bits, theirs);
        p.send_client_max_window_bits = true;
    } else if (offer.client_max_window_bits < 0 && theirs < 15) {
        p.client_max_window_bits = theirs;
        p.send_client_max_window_bits = true;
    } else {
        p.client_max_window_bits = 15;
    }
    return p;
}

bool negotiate_deflate(std::string_view extensions, const DeflateConfig& config, DeflateParams& params) {
    return negotiate_value(extensions, config, params);
}

bool negotiate_deflate(const HeaderField* headers, size_t count, const DeflateConfig& config, DeflateParams& params) {
    for (size_t i = 0; i < count; ++i)
        if (http::iequals_ascii(headers[i].name, "sec-websocket-extensions") && negotiate_value(headers[i].value, config, params))
            return true;
    return false;
}

std::string deflate_response(const DeflateParams& p) {
    std::string out(kExtensionName);
    if (p.server_no_context_takeover) out += "; server_no_context_takeover";
    if (p.client_no_context_takeover) out += "; client_no_context_takeover";
    if (p.send_server_max_window_bits) out += "; server_max_window_bits=" + std::to_string(p.server_max_window_bits);
    if (p.send_client_max_window_bits) out += "; client_max_window_bits=" + std::to_string(p.client_max_window_bits);
    return out;
}

bool init_server_codecs(const DeflateParams& p, Compressor& compressor, Decompressor& decompressor, int level,
                        int mem_level) {
    return compressor.init(p.server_max_window_bits, p.server_no_context_takeover, level, mem_level) &&
           decompressor.init(p.client_max_window_bits, p.client_no_context_takeover);
}

bool init_client_codecs(const DeflateParams& p, Compressor& compressor, Decompressor& decompressor, int level,
                        int mem_level) {
    return compressor.init(p.client_max_window_bits, p.client_no_context_takeover, level, mem_level) &&
           decompressor.init(p.server_max_window_bits, p.server_no_context_takeover);
}

}  // namespace trident::websocket
