#!/usr/bin/env bash
# The test command of README.md: builds the gateway and runs every test (unit, HTTP, process-level).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp verify "$@"
