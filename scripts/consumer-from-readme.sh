#!/usr/bin/env bash
# Builds a fresh consumer project from the README alone and checks what a new user would see.
#
#   scripts/consumer-from-readme.sh [MARKDOWN] [MAVEN ARGS...]
#   scripts/consumer-from-readme.sh                      # README.md, after ./mvnw install
#   scripts/consumer-from-readme.sh README.md -Dmaven.repo.local=/work/m2/mine
#
# The project (examples/from-readme/, made anew each run, ignored by git) is a fixed pom skeleton plus the
# markdown's blocks marked on the line before their fence:
#   <!-- consumer: pom-dependencies -->                 ```xml, one or more <dependency> elements
#   <!-- consumer: pom-plugins -->                      ```xml, one or more <plugin> elements
#   <!-- consumer: test src/test/java/....java -->      ```java, a whole file at that path
# Maven's default plugins are fetched first (dependency:go-offline); then it is built offline (-o) against the
# installed artifacts with this repository's Maven wrapper, with
# MAYABENCH_HOME inside the project (never the user's ~/.mayabench), and then:
#   1. mvn verify mayabench:report -Dmayabench.reuse=true: a [mayabench] guardrail line on the console, no
#      [mayabench] line twice, target/allure-report/index.html, results in target/allure-results (and no
#      allure-results at the project root) and in target/mayabench/results;
#   2. mvn mayabench:down -Dmayabench.cluster=NAME removes the cluster that run kept.
# Every failed check says what it expected and what it found, and the script exits 1.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
markdown="README.md"
if [[ $# -gt 0 && "$1" != -* ]]; then
  markdown="$1"
  shift
fi
[[ "$markdown" = /* ]] || markdown="$PWD/$markdown"
project="$repo/examples/from-readme"
failures=0

fail() {
  echo "consumer-from-readme: FAILED: $*" >&2
  failures=$((failures + 1))
}

stop() {
  echo "consumer-from-readme: FAILED: $*" >&2
  exit 1
}

[[ -f "$markdown" ]] || stop "expected the markdown file $markdown; found no such file (give its path as the first argument)"

# --- 1. the blocks --------------------------------------------------------------------------------------------
# awk prints each marked block as: a line "@@block KIND ARG", the block's lines, a line "@@end". A marker not
# followed by a fence, or a fence that is never closed, is an error that names the marker's line.
blocks="$(awk '
  function bad(msg) { print "@@error " FILENAME ":" marker_line ": " msg; exit }
  state == "fence" {
    if ($0 ~ /^(```|~~~)/) { fence = substr($0, 1, 3); state = "body"; print "@@block " kind " " arg; next }
    bad("the marker <!-- consumer: " kind " " arg "--> must be followed by a fenced code block on the next line")
  }
  state == "body" {
    if (substr($0, 1, 3) == fence && $0 ~ /^(```|~~~)[ \t]*$/) { print "@@end"; state = ""; next }
    print; next
  }
  /^[ \t]*<!--[ \t]*consumer:/ {
    line = $0
    sub(/^[ \t]*<!--[ \t]*consumer:[ \t]*/, "", line)
    if (line !~ /-->[ \t]*$/) { marker_line = NR; bad("a consumer marker must be one line ending in -->") }
    sub(/[ \t]*-->[ \t]*$/, "", line)
    n = split(line, words, /[ \t]+/)
    kind = words[1]; arg = (n > 1 ? words[2] : "")
    marker_line = NR; state = "fence"
  }
  END {
    if (state == "fence") bad("the marker is the last line; a fenced code block must follow it")
    if (state == "body") bad("the code block after this marker is never closed")
  }
' "$markdown")"

if grep -q '^@@error ' <<<"$blocks"; then
  stop "$(grep '^@@error ' <<<"$blocks" | head -1 | cut -c9-)"
fi

# block KIND: the bodies of every block of that kind, in the order of the markdown
block() {
  awk -v want="$1" '
    /^@@block / { split($0, w, " "); inside = (w[2] == want); next }
    /^@@end$/ { inside = 0; next }
    inside { print }
  ' <<<"$blocks"
}

kinds="$(grep '^@@block ' <<<"$blocks" | cut -d' ' -f2 | sort -u)"
for kind in $kinds; do
  case "$kind" in
    pom-dependencies|pom-plugins|test) ;;
    *) stop "marker kind '$kind' in $markdown is not one of pom-dependencies, pom-plugins, test; fix the marker" ;;
  esac
done
dependencies="$(block pom-dependencies)"
plugins="$(block pom-plugins)"
[[ -n "$dependencies" ]] || stop "expected at least one block marked <!-- consumer: pom-dependencies --> in $markdown; found none"
grep -q '<dependency>' <<<"$dependencies" || stop "expected <dependency> elements in the pom-dependencies block(s) of $markdown; found: $dependencies"
[[ -n "$plugins" ]] || stop "expected at least one block marked <!-- consumer: pom-plugins --> in $markdown; found none"
grep -q '<plugin>' <<<"$plugins" || stop "expected <plugin> elements in the pom-plugins block(s) of $markdown; found: $plugins"
if grep -Eq '<artifactId>(slf4j-simple|slf4j-reload4j|slf4j-jdk14|logback-classic|log4j-slf4j2?-impl)</artifactId>' <<<"$dependencies"; then
  fail "expected the README's dependencies without an SLF4J provider (mayabench must reach the console without one); found: $(grep -Eo '<artifactId>[^<]*(slf4j|logback)[^<]*</artifactId>' <<<"$dependencies" | tr '\n' ' ')"
fi

tests="$(grep '^@@block test ' <<<"$blocks" | cut -d' ' -f3- || true)"
[[ -n "$tests" ]] || stop "expected a block marked <!-- consumer: test src/test/java/...java --> in $markdown; found none"

# --- 2. the project -------------------------------------------------------------------------------------------
rm -rf "$project"
mkdir -p "$project"
cat >"$project/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by scripts/consumer-from-readme.sh from $(basename "$markdown"); do not edit, it is made anew each run -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>from-readme</artifactId>
  <version>1.0</version>

  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>

  <dependencies>
$dependencies
  </dependencies>

  <build>
    <plugins>
$plugins
    </plugins>
  </build>
</project>
EOF

index=0
while IFS= read -r path; do
  index=$((index + 1))
  case "$path" in
    ''|/*|*..*) stop "expected a relative path under src/test/java in the test marker; found '$path'" ;;
    src/test/java/*.java) ;;
    *) stop "expected the test marker's path to be src/test/java/.../Name.java; found '$path'" ;;
  esac
  [[ ! -e "$project/$path" ]] || stop "expected each test marker to name its own file; found $path twice"
  mkdir -p "$(dirname "$project/$path")"
  # the index-th test block, whichever path it has
  awk -v want="$index" '
    /^@@block test / { n++; inside = (n == want); next }
    /^@@end$/ { inside = 0; next }
    inside { print }
  ' <<<"$blocks" >"$project/$path"
  echo "consumer-from-readme: $path from $(basename "$markdown")"
done <<<"$tests"

# --- 3. mvn verify mayabench:report ---------------------------------------------------------------------------
# a fresh user's settings: none of this machine's MAYABENCH_* (a MAYABENCH_PROVIDER=aws would send the README's
# example to the cloud), and kept clusters inside the project, never in ~/.mayabench
while IFS= read -r variable; do
  unset "$variable"
done < <(compgen -e | grep '^MAYABENCH_' || true)
export MAYABENCH_HOME="$project/mayabench-home"
mvn=("$repo/mvnw" -B -ntp -o -f "$project/pom.xml")
log="$project/build.log"

# Maven's own plugins at the versions a fresh project gets by default (compiler, resources, jar, ... of this
# Maven, not the ones the repository's poms pin) are fetched first, online, so the build itself can be offline.
# Only Maven Central is configured and it serves no snapshots, so the mayabench artifacts still come only from
# what 'install' put in the local repository.
echo "consumer-from-readme: fetching the project's third-party plugins and dependencies (go-offline)"
set +e
"$repo/mvnw" -B -ntp -q -f "$project/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:go-offline \
  "$@" >"$project/go-offline.log" 2>&1
status=$?
set -e
if [[ $status -ne 0 ]]; then
  tail -n 40 "$project/go-offline.log" >&2
  stop "expected the README project's plugins and dependencies to resolve; 'dependency:go-offline' exited $status (whole log: $project/go-offline.log)"
fi

echo "consumer-from-readme: ${mvn[*]} verify mayabench:report -Dmayabench.reuse=true $* (MAYABENCH_HOME=$MAYABENCH_HOME)"
set +e
"${mvn[@]}" verify mayabench:report -Dmayabench.reuse=true "$@" >"$log" 2>&1
status=$?
set -e
if [[ $status -ne 0 ]]; then
  tail -n 60 "$log" >&2
  stop "expected 'mvn verify mayabench:report' of the README project to succeed; it exited $status (whole log: $log)"
fi

# the guardrail ids, from the code that finds them, so a new guardrail needs no change here
# (the source is joined into one line first: an id may sit on the line after "new Finding(")
guardrails="$(tr -s ' \n' ' ' <"$repo/extension/src/main/java/dev/mayabench/fio/Guardrails.java" \
  | grep -o 'new Finding( *"[a-z-]*"' | cut -d'"' -f2 | sort -u | paste -sd'|' -)"
[[ -n "$guardrails" ]] || stop "expected guardrail ids (new Finding(\"id\", ...)) in extension/src/main/java/dev/mayabench/fio/Guardrails.java; found none"
mayabench_lines="$(grep -o '\[mayabench\] .*' "$log" || true)"
# a line that says "guardrail" and names one by its id as a whole word ("spread" alone is an ordinary word)
guardrail_lines="$(grep -i 'guardrail' <<<"$mayabench_lines" || true)"
if ! grep -Eq "(^|[^a-z-])($guardrails)([^a-z-]|\$)" <<<"$guardrail_lines"; then
  fail "expected a console line starting '[mayabench] ' naming a guardrail finding (guardrail and one of $guardrails); found these [mayabench] lines: ${mayabench_lines:-(none)}"
fi
repeated="$(sort <<<"$mayabench_lines" | uniq -d | grep -v '^$' || true)"
if [[ -n "$repeated" ]]; then
  fail "expected every [mayabench] line once; found twice or more: $repeated"
fi

if [[ ! -f "$project/target/allure-report/index.html" ]]; then
  fail "expected target/allure-report/index.html after mayabench:report; found: $(ls "$project/target/allure-report" 2>/dev/null | tr '\n' ' ' || echo 'no target/allure-report')"
fi
allure_results="$(find "$project/target/allure-results" -name '*-result.json' 2>/dev/null | wc -l)"
if [[ "$allure_results" -eq 0 ]]; then
  fail "expected Allure results (*-result.json) in target/allure-results; found none"
fi
if [[ -e "$project/allure-results" ]]; then
  fail "expected no allure-results at the project root (results belong under target/); found $project/allure-results"
fi
mayabench_results="$(find "$project/target/mayabench/results" -type f 2>/dev/null | wc -l)"
if [[ "$mayabench_results" -eq 0 ]]; then
  fail "expected results in target/mayabench/results; found none"
fi

# --- 4. mvn mayabench:down ------------------------------------------------------------------------------------
kept=()
if [[ -d "$MAYABENCH_HOME/clusters" ]]; then
  while IFS= read -r state; do
    kept+=("$(basename "$(dirname "$state")")")
  done < <(find "$MAYABENCH_HOME/clusters" -mindepth 2 -maxdepth 2 -name state.json | sort)
fi
if [[ ${#kept[@]} -ne 1 ]]; then
  fail "expected one cluster kept by -Dmayabench.reuse=true in $MAYABENCH_HOME/clusters; found ${#kept[@]}: ${kept[*]:-(none)}"
else
  cluster="${kept[0]}"
  echo "consumer-from-readme: ${mvn[*]} mayabench:down -Dmayabench.cluster=$cluster $*"
  set +e
  "${mvn[@]}" mayabench:down -Dmayabench.cluster="$cluster" "$@" >"$project/down.log" 2>&1
  status=$?
  set -e
  if [[ $status -ne 0 ]]; then
    tail -n 30 "$project/down.log" >&2
    fail "expected 'mvn mayabench:down -Dmayabench.cluster=$cluster' to succeed; it exited $status (log: $project/down.log)"
  fi
  if [[ -e "$MAYABENCH_HOME/clusters/$cluster" ]]; then
    fail "expected the kept cluster's workspace $MAYABENCH_HOME/clusters/$cluster gone after mayabench:down; found: $(ls -A "$MAYABENCH_HOME/clusters/$cluster" | tr '\n' ' ')"
  fi
fi

if [[ $failures -gt 0 ]]; then
  echo "consumer-from-readme: $failures check(s) failed; the project and its logs are in $project" >&2
  exit 1
fi
echo "consumer-from-readme: the README project built, showed a guardrail finding, made its report ($allure_results Allure result(s), $mayabench_results mayabench result file(s)) and removed its kept cluster"
