#!/usr/bin/env bash
# Builds the archive that deploy/spark/wiredesk_spark.py ships to the executors with
#   spark-submit --archives wiredesk-spark.tar.gz#wiredesk ...
# Layout: bin/wiredesk (release, static Swift runtime) and share/wiredesk/models/ (found relative to the binary).
# The nodes still need the C libraries: libicu72, libuchardet0, libgumbo1, libcld2-0 (Debian 12 names), or use a
# container image built FROM debian:12 with those installed (Kubernetes).
set -euo pipefail
repo=$(realpath "$(dirname "$0")/../..")
out=${1:-$PWD/wiredesk-spark.tar.gz}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
(cd "$repo" && swift build -c release -Xswiftc -static-stdlib --product wiredesk)
bin=$(cd "$repo" && swift build -c release --show-bin-path)
install -D -m 0755 "$bin/wiredesk" "$stage/bin/wiredesk"
mkdir -p "$stage/share/wiredesk/models"
cp -R "$repo/Sources/WiredeskPipeline/Models/." "$stage/share/wiredesk/models/"
tar -C "$stage" -czf "$out" bin share
echo "wrote $out ($(du -h "$out" | cut -f1)); check it with: tar -xzf $out -C /tmp/w && echo '{\"title\":\"T\",\"body\":\"B.\"}' | /tmp/w/bin/wiredesk process -"
