#!/usr/bin/env bash
# Installs the system packages mayabench needs, only those missing, on Debian/Ubuntu (apt) or
# RHEL/Fedora (dnf). Usage: scripts/prerequisites.sh fio [openssh-server ansible-core ...]
# Package names are Debian's; the RHEL-family names are mapped below.
set -euo pipefail

declare -A COMMAND_OF=(
  [fio]=fio
  [fontconfig]=fc-list
  [openssh-server]=sshd
  [ansible-core]=ansible-playbook
  [openjdk-17-jdk-headless]=javac
)
declare -A DNF_NAME_OF=(
  [openjdk-17-jdk-headless]=java-17-openjdk-devel
  [fonts-dejavu-core]=dejavu-sans-fonts
)
# packages without a command: a file they install
declare -A FILE_OF=(
  [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
)

missing=()
for package in "$@"; do
  if [ -n "${FILE_OF[$package]:-}" ]; then
    [ -e "${FILE_OF[$package]}" ] || missing+=("$package")
    continue
  fi
  command_name="${COMMAND_OF[$package]:-$package}"
  if ! command -v "$command_name" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$command_name" ]; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_prefix=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_prefix=(sudo)
  else
    echo "mayabench needs ${missing[*]} and cannot install it without root: install it, then run again" >&2
    exit 1
  fi
fi

echo "mayabench: installing ${missing[*]}"
if command -v apt-get >/dev/null 2>&1; then
  "${sudo_prefix[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_prefix[@]}" apt-get install -y -qq "${missing[@]}"
elif command -v dnf >/dev/null 2>&1; then
  rpm_names=()
  for package in "${missing[@]}"; do rpm_names+=("${DNF_NAME_OF[$package]:-$package}"); done
  "${sudo_prefix[@]}" dnf install -y "${rpm_names[@]}"
else
  echo "mayabench needs ${missing[*]}: no apt-get or dnf here, install it with your package manager" >&2
  exit 1
fi
