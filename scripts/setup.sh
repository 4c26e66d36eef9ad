#!/usr/bin/env bash
#===- scripts/setup.sh - Install what tnp needs on Debian 12 -------------===#
# Idempotent and non-interactive: installs only the packages that are missing.
# Used by scripts/run-main.sh, scripts/run-tests.sh and .ci/run.
set -euo pipefail

PACKAGES=(
  cmake ninja-build clang lld ccache git
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libgtest-dev valgrind libdlpack-dev
  pkg-config              # test/Install: the installed tnp-runtime.pc
  xxd                     # test/gpu/build-smoke.sh: the fatbin as a C array
  python3 python3-numpy   # NumPy 1.24 for /usr/bin/python3: the reference
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all packages present"
