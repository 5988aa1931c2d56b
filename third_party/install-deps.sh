#!/usr/bin/env bash
# Installs the Debian 12 packages LoginScope builds and tests with, when any is missing.
# Every dependency is a system package, except the npm packages of tests/backends/node and tests/sdk/alipay (the npm
# registry, exactly as its package-lock.json pins them); nothing is downloaded from anywhere else.
set -euo pipefail

packages=(
  cmake g++ make pkg-config git
  libimgui-dev libglfw3-dev libgl-dev libstb-dev
  libcpp-httplib-dev nlohmann-json3-dev libssl-dev catch2
  libcli11-dev  # the command line of loginscope and its subcommands
  libboost-dev  # serve's HTTP server: Boost.Asio and Boost.Beast (header-only)
  libfontconfig-dev fonts-wqy-microhei
  xvfb xauth
  libx11-dev  # tests/bench: the idle benchmark clicks the GUI on its private Xvfb through Xlib
  clang libclang-rt-14-dev llvm  # tests/ci/hardening.sh: libFuzzer (clang's runtime) and llvm-symbolizer for sanitizer reports
  nginx  # the reference server of tests/bench/serve_vs_nginx.cpp
  python3  # tests/backends/shop_backend.py: a real backend the audit tests start
  openssl  # … whose Alipay mode signs its gateway requests with the openssl command (RSA2)
  nodejs npm  # tests/backends/node: the second real backend (its npm packages: the last step below)
)

missing=()
for p in "${packages[@]}"; do
  # A Node.js from elsewhere (NodeSource's nodejs) brings its own npm and conflicts with Debian's.
  [ "$p" = npm ] && command -v npm >/dev/null && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# The Node backend's npm packages, exactly as its package-lock.json pins them, when they are missing
# or older than the lock.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_dir="$root/tests/backends/node"
if [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; then
  echo "installing the npm packages of tests/backends/node"
  npm ci --prefix "$node_dir" --no-audit --no-fund
fi
# The Alipay SDK test client's npm packages (alipay-sdk, pinned by its package-lock.json), likewise:
# the official SDK, unmodified, exchanges codes at serve's gateway in tests/core/alipay_sdk_test.cpp.
alipay_dir="$root/tests/sdk/alipay"
if [ "$alipay_dir/package-lock.json" -nt "$alipay_dir/node_modules/.package-lock.json" ]; then
  echo "installing the npm packages of tests/sdk/alipay"
  npm ci --prefix "$alipay_dir" --no-audit --no-fund
fi
