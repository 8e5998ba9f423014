#!/usr/bin/env bash
# Install and build the XForm engine page (dist/) when what it is built from changed; otherwise do nothing.
# Called by `make xform-engine` (and so by `make test` and CI) and by the browser test when the page is missing.
# Without Node.js: exit 3 with a message, so callers can tell "no node" from a failed build.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js and npm are needed to build the XForm engine page (tests/browser/xform_engine)." >&2
  exit 3
fi

# What the page is built from; the stamp in dist/ says which of it the page was built from.
stamp=$(cat package.json package-lock.json vite.config.js index.html src/*.js | sha256sum | cut -d' ' -f1)
if [ -f dist/index.html ] && [ "$(cat dist/.built-from 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

# node_modules follows the lock file: reinstalled only when the lock changed since the last `npm ci`.
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.installed-from 2>/dev/null)" != "$lock" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock" >node_modules/.installed-from
fi
npm run --silent build -- --logLevel=error
echo "$stamp" >dist/.built-from
