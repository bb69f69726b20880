#!/usr/bin/env bash
# Runs every test: unit and real-process tests of all modules, the benchmark suite, and the outside
# consumer project (examples/consumer) that uses only the installed artifact and the public API.
# Installs what the tests need if missing (fio, OpenSSH server, ansible-core).
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh fio openssh-server ansible-core fontconfig fonts-dejavu-core
./mvnw -B -ntp install "$@"
./mvnw -B -ntp -f examples/consumer/pom.xml verify "$@"
