#!/usr/bin/env bash
# The benchmarks' smoke run, for CI after the tests: every suite once with small sizes, so they keep building and running.
# It measures nothing and writes bench/obj/work/SMOKE.md, never RESULTS.md. Exits non-zero when a suite fails.
#
# It reuses what the test run built: the Debug builds of the projects bench references (hence no -c Release here), the
# local runner's Debug build, the function tests' Native AOT cache (tests/functions/obj/aot-publish: suite 1 publishes
# only the floor and get-user) and the local tests' JIT builds of the functions (suites 3, 6 and 7 start the runner with
# --jit in smoke mode).
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project bench -- --smoke "$@"
