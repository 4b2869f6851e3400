// server::render_metrics (the Prometheus text format) and parse_listen_address.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "trident/server/metrics.h"
#include "trident/server/settings.h"

using namespace trident::server;

TEST_CASE("metrics: every family has HELP and TYPE, counters end in _total, values are the counters", "[metrics]") {
    auto st = std::make_unique<SharedState>();
    st->requests_http1 = 7;
    st->requests_http3 = 2;
    st->responses_total = 9;
    st->connections_active = 3;
    st->worker_num = 2;
    st->workers[1].requests = 5;
    st->workers[0].in_flight = 1;
    st->workers[1].in_flight = 2;
    st->compressed_responses[2] = 4;  // br
    st->compression_bytes_in = 100000;
    st->compression_bytes_out = 9000;
    MetricsInput in;
    in.state = st.get();
    in.workers = {{0, 100, 4096}, {1, 101, 8192}};
    std::string out;
    render_metrics(in, out);
    CHECK(out.find("trident_up 1\n") != std::string::npos);
    CHECK(out.find("trident_compressed_responses_total{coding=\"br\"} 4\n") != std::string::npos);
    CHECK(out.find("trident_compressed_responses_total{coding=\"gzip\"} 0\n") != std::string::npos);
    CHECK(out.find("trident_compression_bytes_total{direction=\"in\"} 100000\n") != std::string::npos);
    CHECK(out.find("trident_compression_bytes_total{direction=\"out\"} 9000\n") != std::string::npos);
    CHECK(out.find("trident_requests_total{protocol=\"http1\"} 7\n") != std::string::npos);
    CHECK(out.find("trident_requests_total{protocol=\"http3\"} 2\n") != std::string::npos);
    CHECK(out.find("trident_responses_total 9\n") != std::string::npos);
    CHECK(out.find("trident_requests_in_flight 3\n") != std::string::npos);
    CHECK(out.find("trident_connections 3\n") != std::string::npos);
    CHECK(out.find("trident_worker_requests_total{worker=\"1\"} 5\n") != std::string::npos);
    CHECK(out.find("trident_worker_resident_memory_bytes{worker=\"1\"} 8192\n") != std::string::npos);
    // Structure: each "# TYPE x counter" family's samples are named x, and x ends in _total.
    size_t pos = 0;
    int families = 0;
    while ((pos = out.find("# TYPE ", pos)) != std::string::npos) {
        size_t eol = out.find('\n', pos);
        std::string line = out.substr(pos + 7, eol - pos - 7);
        std::string name = line.substr(0, line.find(' '));
        std::string type = line.substr(line.find(' ') + 1);
        CHECK((type == "counter" || type == "gauge" || type == "histogram"));
        if (type == "counter") CHECK(name.size() > 6);
        if (type == "counter") CHECK(name.compare(name.size() - 6, 6, "_total") == 0);
        CHECK(out.compare(eol + 1, name.size(), name) == 0);  // a histogram's are x_bucket, x_sum, x_count
        ++families;
        pos = eol;
    }
    CHECK(families > 30);
    in.draining = true;
    out.clear();
    render_metrics(in, out);
    CHECK(out.find("trident_up 0\n") != std::string::npos);
}

TEST_CASE("metrics: the listen address", "[metrics]") {
    std::string host, error;
    int port = -1;
    CHECK(parse_listen_address("127.0.0.1:9100", host, port, &error));
    CHECK(host == "127.0.0.1");
    CHECK(port == 9100);
    CHECK(parse_listen_address("[::1]:0", host, port, &error));
    CHECK(host == "::1");
    CHECK(port == 0);
    for (const char* bad : {"", ":9100", "host:", "::1:9100", "[::1:9100", "h:65536", "h:12a", "h:123456"}) {
        INFO(bad);
        CHECK_FALSE(parse_listen_address(bad, host, port, &error));
    }
}

TEST_CASE("metrics: responses by status class and the latency histogram", "[metrics]") {
    auto st = std::make_unique<SharedState>();
    st->responses_by_class[kLatencyProtocolHttp1][2] = 4;
    st->responses_by_class[kLatencyProtocolHttp3][5] = 1;
    // 3 responses at 1 ms or less, 1 of 30 ms, 1 of a minute.
    st->response_latency[latency_bucket(900)] += 2;
    st->response_latency[latency_bucket(1000)] += 1;
    st->response_latency[latency_bucket(30000)] += 1;
    st->response_latency[latency_bucket(60000000)] += 1;
    st->response_latency_us_sum = 60032900;
    MetricsInput in;
    in.state = st.get();
    std::string out;
    render_metrics(in, out);
    CHECK(out.find("trident_http_responses_total{protocol=\"http1\",status_class=\"2xx\"} 4\n") != std::string::npos);
    CHECK(out.find("trident_http_responses_total{protocol=\"http3\",status_class=\"5xx\"} 1\n") != std::string::npos);
    CHECK(out.find("trident_http_responses_total{protocol=\"http2\",status_class=\"4xx\"} 0\n") != std::string::npos);
    CHECK(out.find("# TYPE trident_http_response_duration_seconds histogram\n") != std::string::npos);
    CHECK(out.find("trident_http_response_duration_seconds_bucket{le=\"0.001\"} 3\n") != std::string::npos);
    CHECK(out.find("trident_http_response_duration_seconds_bucket{le=\"0.025\"} 3\n") != std::string::npos);
    CHECK(out.find("trident_http_response_duration_seconds_bucket{le=\"0.05\"} 4\n") != std::string::npos);
    CHECK(out.find("trident_http_response_duration_seconds_bucket{le=\"10\"} 4\n") != std::string::npos);
    CHECK(out.find("trident_http_response_duration_seconds_bucket{le=\"+Inf\"} 5\n") != std::string::npos);
    CHECK(out.find("trident_http_response_duration_seconds_sum 60.032900\n") != std::string::npos);
    CHECK(out.find("trident_http_response_duration_seconds_count 5\n") != std::string::npos);
    CHECK(latency_bucket(0) == 0);
    CHECK(latency_bucket(1001) == 1);
    CHECK(latency_bucket(10000000) == kLatencyBuckets - 2);
    CHECK(latency_bucket(10000001) == kLatencyBuckets - 1);
}
