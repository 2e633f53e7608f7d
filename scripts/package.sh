#!/usr/bin/env bash
# Builds target/debian/claimdrop.deb with cargo-deb: the release binary (stripped), its man page and
# shell completions (made by the binary itself, so they always match it), the systemd unit and
# an example configuration. Needs cargo-deb (`cargo install cargo-deb --locked`).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
bin=target/release/claimdrop
assets=target/assets
mkdir -p "$assets"
"$bin" man | gzip -9n > "$assets/claimdrop.1.gz"
"$bin" completions bash > "$assets/claimdrop.bash"
"$bin" completions zsh > "$assets/_claimdrop"
"$bin" completions fish > "$assets/claimdrop.fish"
cargo deb --no-build --strip --quiet --output target/debian/claimdrop.deb
