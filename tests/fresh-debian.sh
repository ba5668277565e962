#!/bin/sh
# The README's Quick start, verbatim, on a fresh Debian 12: a minbase system
# made with debootstrap (from the mirror this machine's apt uses), the
# committed tree copied in, then each command of the README's first code
# block run in it as root.  A developer's machine, and CI's, may hold a
# package from elsewhere that hides a missing install step (liblzma-dev
# did); this system holds only what debootstrap and those commands put
# there.  Needs root; about 6 minutes.
# usage: tests/fresh-debian.sh   (from the source tree)
set -eu
[ "$(id -u)" = 0 ] || { echo "fresh-debian: needs root (debootstrap, chroot)"; exit 2; }
if ! command -v debootstrap >/dev/null 2>&1; then
    apt-get install -y -qq debootstrap >/dev/null
fi
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | tr ' ' '\n' | grep '/debian$' |
    head -n 1 || true)
root=$(mktemp -d /var/tmp/decruft-fresh.XXXXXX)
log=$root.log
cleanup() {
    for m in proc dev/pts dev; do umount "$root/$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$root" "$log"
}
trap cleanup EXIT
echo "fresh-debian: debootstrap --variant=minbase bookworm"
if ! debootstrap --variant=minbase bookworm "$root" ${mirror:+"$mirror"} >"$log" 2>&1; then
    tail -n 20 "$log"
    exit 1
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mkdir "$root/src"
git archive HEAD | tar -x -C "$root/src"

# The commands of the README's Quick start block (its comment lines left
# out), each as a root shell on the fresh system would run it.
awk '/^## Quick start/ {q = 1; next} q && /^```sh/ {b = 1; next} b && /^```/ {exit} b && !/^#/ && NF' README.md \
    >"$root/commands"
[ -s "$root/commands" ] || { echo "fresh-debian: no commands found in the README's Quick start"; exit 1; }
status=0
while IFS= read -r cmd; do
    echo "fresh-debian: $cmd"
    { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        DEBIAN_FRONTEND=noninteractive /bin/sh -c "cd /src && $cmd" </dev/null; echo $? >"$root/status"; } 2>&1 |
        tee -a "$root/output"
    if [ "$(cat "$root/status")" != 0 ]; then
        echo "fresh-debian: FAILED on a fresh Debian 12: $cmd"
        status=1
        break
    fi
done <"$root/commands"
# The install line must bring what the tests promise: clang for the
# ThreadSanitizer run (and make fuzz); only a missing slurm-wlm may skip.
if [ "$status" = 0 ] && grep -q 'ThreadSanitizer run skipped' "$root/output"; then
    echo "fresh-debian: FAILED: make check skipped ThreadSanitizer (the README's install line lacks clang)"
    status=1
fi
[ "$status" = 0 ] && echo "fresh-debian: the README's commands pass on a fresh Debian 12"
exit "$status"
