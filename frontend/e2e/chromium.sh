#!/usr/bin/env bash
# Debian's Chromium for the browser tests (playwright.config.ts launches this), with the omnibox's
# WebUI pop-up turned off: headless Chromium otherwise starts a renderer for it (--top-chrome-webui)
# with every browser context, about 1.4 s of CPU each, 16 % of the suite's CPU on a 2-core machine.
# Chromium keeps only the last --disable-features it is given, so Playwright's list and these are
# joined into one. CASEWARD_CHROMIUM names another binary.
set -euo pipefail

off=(WebUIOmniboxPopup WebUIOmniboxAimPopup)
args=()
for arg in "$@"; do
  case $arg in
    --disable-features=*) off+=("${arg#--disable-features=}") ;;
    *) args+=("$arg") ;;
  esac
done
IFS=,
exec "${CASEWARD_CHROMIUM:-/usr/bin/chromium}" "${args[@]}" "--disable-features=${off[*]}"
