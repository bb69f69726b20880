#!/usr/bin/env bash
# Runs every test: unit and real-process tests of all modules (the executable CLI jar run as a process), the
# benchmark suite, the outside consumer project (examples/consumer) that uses only the installed artifacts and
# the public API, and a fresh project made from README.md's marked blocks alone (scripts/consumer-from-readme.sh).
# Installs what the tests need if missing (fio, OpenSSH server, ansible-core).
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh fio openssh-server ansible-core fontconfig fonts-dejavu-core
./mvnw -B -ntp install "$@"
./mvnw -B -ntp -f examples/consumer/pom.xml verify mayabench:report "$@"
scripts/consumer-from-readme.sh README.md "$@"
