#!/usr/bin/env bash
# Debian packages Herald needs, installed idempotently: nothing happens when the commands exist.
#   python3, make, g++  build better-sqlite3 from source (Node 20 has no prebuilt binary here)
#   pg_isready          PostgreSQL client tools, used by .ci/run to wait for the server
#   espeak-ng, sox      text-to-speech and audio conversion for voice prompts
#   sipp, baresip       SIP test peers (Debian sip-tester, baresip-core) for the voice tests
#   Net::SMPP           an SMSC Herald did not write, for the SMPP interop tests (libnet-smpp-perl)
#   chromium            a real browser for the console's tests (driven by playwright-core)
#   bearerbox, smsbox   Kannel, an ESME Herald did not write, for the SMPP server's interop test
set -euo pipefail
declare -A package_of=([python3]=python3 [make]=make [g++]=g++ [pg_isready]=postgresql-client
  [espeak-ng]=espeak-ng [sox]='sox libsox-fmt-base' [sipp]=sip-tester [baresip]=baresip-core
  [chromium]=chromium [bearerbox]=kannel)
need=()
for cmd in "${!package_of[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || need+=("${package_of[$cmd]}")
done
perl -MNet::SMPP -e 1 >/dev/null 2>&1 || need+=(libnet-smpp-perl)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${need[*]} (run as root to install)" >&2
    # --warn-only (npm start): Herald runs without them; voice prompts need espeak-ng and sox.
    if [ "${1:-}" = "--warn-only" ]; then exit 0; fi
    exit 1
  fi
  apt-get update -qq
  # shellcheck disable=SC2068 # a value may name several packages
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${need[@]}
fi
