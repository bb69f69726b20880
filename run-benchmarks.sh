#!/usr/bin/env bash
# The main job: installs fio if missing, runs the local benchmark suite (real fio against a file under
# benchmarks/target, or -Dmayabench.local.dir=DIR), and prints where the HTML report is.
# Extra arguments go to Maven, e.g. ./run-benchmarks.sh -Dmayabench.fio.runtime=60s
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh fio
status=0
./mvnw -B -ntp verify -pl benchmarks -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "$@" || status=$?
report="$(pwd)/benchmarks/target/allure-report/index.html"
if [ -f "$report" ]; then
  echo "Allure report: file://$report"
fi
echo "fio results (JSON): $(pwd)/benchmarks/target/mayabench/results/"
exit $status
