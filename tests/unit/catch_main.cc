// Catch2 v2 entry point for the core unit tests (one main for all test files).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
