#!/usr/bin/env bash
# Installs the Debian packages the project needs and skips what is already there:
# chromium and a CJK font (browser tests), LibreOffice Writer (.doc/.wps reports) and
# Calc (.xls test files), Tesseract with its Chinese model (the OCR comparison benchmark).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
# Spark 4 (`--engine spark` and its tests) needs Java 17 or newer
java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || need+=(openjdk-17-jre-headless)
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
dpkg -s tesseract-ocr-chi-sim >/dev/null 2>&1 || need+=(tesseract-ocr tesseract-ocr-chi-sim)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
