#!/usr/bin/env bash
# Installs Wiredesk as a systemd service: binary, models, unit files, configuration, sysusers/tmpfiles entries,
# journal catalog. Run as root from a checkout:   deploy/install.sh            (builds a release binary first)
#
#   --root DIR | DESTDIR=DIR   install into another root (a container, a package build); nothing is started
#   --binary FILE              install this binary instead of building one (e.g. a CI build that is reused)
#   --prefix DIR               where bin/ goes (default /usr/local)
#
# The binary is built with `swift build -c release -Xswiftc -static-stdlib`, so the target needs no Swift runtime.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
root=${DESTDIR:-}
binary=""
prefix=/usr/local
while [[ $# -gt 0 ]]; do
    case $1 in
        --root) root=$2; shift 2 ;;
        --root=*) root=${1#--root=}; shift ;;
        --binary) binary=$2; shift 2 ;;
        --binary=*) binary=${1#--binary=}; shift ;;
        --prefix) prefix=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
root=${root%/}
if [[ -n $root ]]; then mkdir -p "$root"; root=$(cd "$root" && pwd); [[ $root == / ]] && root=""; fi

if [[ -z $binary ]]; then
    echo "building release binary (static Swift runtime)…"
    (cd "$repo" && swift build -c release -Xswiftc -static-stdlib --product wiredesk)
    binary=$repo/.build/release/wiredesk
fi
[[ -x $binary ]] || { echo "install.sh: no executable at $binary" >&2; exit 1; }

bindir=$prefix/bin
# The unit's ExecStart names /usr/local/bin/wiredesk; another prefix rewrites it.
install -D -m 0755 "$binary" "$root$bindir/wiredesk"
rm -rf "$root/usr/share/wiredesk/models"
mkdir -p "$root/usr/share/wiredesk/models"
cp -R "$repo/Sources/WiredeskPipeline/Models/." "$root/usr/share/wiredesk/models/"
find "$root/usr/share/wiredesk/models" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
mkdir -p "$root/etc/systemd/system"
for unit in wiredesk.service wiredesk@.service; do
    sed "s|/usr/local/bin/wiredesk|$bindir/wiredesk|g" "$here/$unit" > "$root/etc/systemd/system/$unit.tmp"
    chmod 0644 "$root/etc/systemd/system/$unit.tmp"
    mv "$root/etc/systemd/system/$unit.tmp" "$root/etc/systemd/system/$unit"
done
install -D -m 0644 "$here/wiredesk.sysusers" "$root/usr/lib/sysusers.d/wiredesk.conf"
install -D -m 0644 "$here/wiredesk.tmpfiles" "$root/usr/lib/tmpfiles.d/wiredesk.conf"
install -D -m 0644 "$here/wiredesk.catalog" "$root/usr/lib/systemd/catalog/wiredesk.catalog"
install -D -m 0644 "$here/README.md" "$root/usr/share/doc/wiredesk/README.md"
if [[ -e $root/etc/wiredesk/wiredesk.toml ]]; then
    # Never overwrite an edited configuration: the new example goes beside it.
    install -D -m 0644 "$here/wiredesk.toml" "$root/etc/wiredesk/wiredesk.toml.example"
    echo "kept existing /etc/wiredesk/wiredesk.toml (new example: wiredesk.toml.example)"
else
    install -D -m 0644 "$here/wiredesk.toml" "$root/etc/wiredesk/wiredesk.toml"
fi

# The account, the spool directories and the catalog database (all honour --root).
rootopt=()
[[ -n $root ]] && rootopt=(--root="$root")
systemd-sysusers "${rootopt[@]}" wiredesk.conf
systemd-tmpfiles --create "${rootopt[@]}" wiredesk.conf
journalctl "${rootopt[@]}" --update-catalog
if [[ -z $root && -d /run/systemd/system ]]; then systemctl daemon-reload; fi

echo "installed wiredesk into ${root:-/}:"
echo "  $bindir/wiredesk, /usr/share/wiredesk/models, /etc/systemd/system/wiredesk{,@}.service,"
echo "  /etc/wiredesk/wiredesk.toml, /usr/lib/{sysusers.d,tmpfiles.d}/wiredesk.conf, /usr/lib/systemd/catalog/wiredesk.catalog"
echo "start it with:"
echo "  systemctl enable --now wiredesk"
