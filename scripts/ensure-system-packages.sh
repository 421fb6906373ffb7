#!/usr/bin/env bash
# Install the Debian packages the tests use (fonts for PDFs, poppler for reading them,
# Chromium for browser tests) when missing and we can; otherwise say how.
set -u
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} (Debian packages the tests use)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Note: missing ${need[*]}. Install them (e.g. sudo apt-get install ${need[*]}) to run every test;"
  echo "      tests that need them are skipped until then."
fi
exit 0
