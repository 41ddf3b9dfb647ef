#!/usr/bin/env bash
# Turn the deck into PNG slides to look at: LibreOffice converts it to PDF,
# pdftoppm (poppler-utils) cuts the PDF into pages.
#   scripts/deck_preview.sh [output/briefing.pptx] [folder]
# Needs Debian's libreoffice-impress and poppler-utils (apt-get install them).
set -euo pipefail
deck="${1:-output/briefing.pptx}"
out="${2:-deck-preview}"
for tool in libreoffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found; apt-get install libreoffice-impress poppler-utils" >&2; exit 1; }
done
mkdir -p "$out"
libreoffice --headless --convert-to pdf --outdir "$out" "$deck" >/dev/null
pdftoppm -r 50 -png "$out/$(basename "${deck%.*}").pdf" "$out/slide"
ls "$out"/slide-*.png
