#!/usr/bin/env bash
# python-venv.sh VENV PYTHON REQUIREMENTS: makes VENV with PYTHON (if it has none) and
# installs REQUIREMENTS (pinned, with their -c/-r files) into it, once: a stamp in VENV
# holds the requirements' checksum, so a second run does nothing until they change.
# pip's cache lives in VENV/.cache/pip (removed with the venv).
set -euo pipefail
venv=$1 python=$2 requirements=$3
dir=$(dirname "$requirements")
name=$(basename "$requirements" .txt)
sum=$(cd "$dir" && cat "$(basename "$requirements")" $(sed -n 's/^-[cr] *//p' "$(basename "$requirements")") | sha256sum | cut -c1-16)
stamp=$venv/.installed-$name
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && "$venv/bin/python" -c '' 2>/dev/null; then exit 0; fi
if ! "$venv/bin/python" -c '' 2>/dev/null; then
    rm -rf "$venv"
    echo "Making $venv with $("$python" --version 2>&1) ($python)"
    "$python" -m venv "$venv"
fi
echo "Installing $requirements into $venv"
start=$SECONDS
PIP_CACHE_DIR=$venv/.cache/pip "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
echo "$sum" > "$stamp"
echo "Installed $requirements in $((SECONDS - start)) s"
