#!/usr/bin/env bash
# Kannel (Debian package) for the side-by-side dispatch benchmark; idempotent.
set -euo pipefail
if ! command -v bearerbox >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kannel
fi
