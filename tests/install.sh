#!/bin/sh
# make install into a temporary DESTDIR, then as a user of the installed
# files would: compile tests/api.c against the installed header and
# library through pkg-config (shared, and static with decruft-static.pc
# while the shared library is installed too), run it, check the
# exported symbols, use the installed Python-free pieces (man pages,
# completions), then make uninstall and check nothing is left.
# usage: tests/install.sh   (from the source tree; uses $(MAKE) or make)
set -eu
make=${MAKE:-make}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

$make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null
for f in usr/bin/decruft usr/include/decruft.h usr/lib/libdecruft.a usr/lib/libdecruft.so \
    usr/lib/libdecruft.so.0 usr/lib/pkgconfig/decruft.pc usr/lib/pkgconfig/decruft-static.pc usr/share/man/man1/decruft.1 \
    usr/share/man/man3/decruft.3 usr/share/bash-completion/completions/decruft \
    usr/share/zsh/site-functions/_decruft; do
    if [ -e "$dest/$f" ]; then ok; else bad "installed $f"; fi
done

export PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig"
[ "$(pkg-config --modversion decruft)" = "$(sed -n 's/^VERSION *:= *//p' Makefile)" ] && ok || bad "pkg-config version"
cc -std=c11 -Wall -Wextra -Werror -pedantic $(pkg-config --cflags decruft) tests/api.c \
    $(pkg-config --libs decruft) -lpthread -o "$dest/api-shared" && ok || bad "compile against the shared library"
LD_LIBRARY_PATH="$dest/usr/lib" "$dest/api-shared" fixtures/html-nav-footer/input.html \
    fixtures/seed-yonhap/input.txt >"$dest/out" && ok || { bad "run against the shared library"; cat "$dest/out"; }
LD_LIBRARY_PATH="$dest/usr/lib" ldd "$dest/api-shared" | grep -q "$dest/usr/lib/libdecruft.so.0" && ok ||
    bad "the program loads the installed libdecruft.so.0"
# With both libraries installed, the -ldecruft of decruft.pc takes the .so
# whatever --static adds after it: decruft-static.pc names the archive.
cc -std=c11 -Wall -Wextra -Werror -pedantic $(pkg-config --static --cflags decruft-static) tests/api.c \
    $(pkg-config --static --libs decruft-static) -o "$dest/api-static" &&
    "$dest/api-static" fixtures/html-nav-footer/input.html >"$dest/out" && ok ||
    { bad "static link through pkg-config --static decruft-static"; cat "$dest/out"; }
if readelf -d "$dest/api-static" | grep -q 'NEEDED.*libdecruft'; then
    bad "pkg-config --static decruft-static linked the shared libdecruft"
else ok; fi

# Each library that static link took comes from a package the README's
# install line brings in, named or as a dependency: a developer's machine
# may hold it from elsewhere, a fresh Debian does not (liblzma-dev, for
# libxml2's -llzma, was missing so while CI stayed green).  .ci/run
# installs at least the README's packages.
readme_pkgs=$(sed -n 's/^apt-get update && apt-get install -y \([^&]*\) &&.*/\1/p' README.md)
ci_pkgs=$(sed -n 's/^ *apt-get install -y -qq \([^>]*\)>.*/\1/p' .ci/run)
[ -n "$readme_pkgs" ] && [ -n "$ci_pkgs" ] && ok || bad "found the install lines of README.md and .ci/run"
for p in $readme_pkgs; do
    case " $ci_pkgs " in *" $p "*) ok ;; *) bad ".ci/run does not install $p, which the README names" ;; esac
done
if command -v dpkg-query >/dev/null 2>&1; then
    brought=$(dpkg-query -W -f='${Package} ${Depends}, ${Pre-Depends}\n' | awk -v want="$readme_pkgs" '
        { name = $1; $1 = ""; gsub(/\([^)]*\)/, ""); gsub(/:[a-z0-9]+/, ""); gsub(/[|,]/, " "); deps[name] = $0 }
        END {
            n = split(want, todo, " ")
            while (n > 0) {
                p = todo[n--]
                if (p in seen) continue
                seen[p] = 1
                m = split(deps[p], d, " ")
                for (i = 1; i <= m; i++) todo[++n] = d[i]
            }
            for (p in seen) print p
        }')
    for l in $(pkg-config --static --libs-only-l decruft | tr ' ' '\n' | sed -n 's/^-l//p' | grep -vx decruft); do
        a=$(realpath -s "$(cc -print-file-name="lib$l.a")")
        owner=$(dpkg-query -S "$a" 2>/dev/null | sed -n '1s/[:,].*//p')
        if [ -z "$owner" ] || echo "$brought" | grep -qx "$owner"; then ok; else
            bad "-l$l (static) is in $owner, which the README's install line does not bring in"
        fi
    done
fi
if command -v c++ >/dev/null 2>&1; then
    c++ -std=c++11 -Wall -Wextra -Werror -pedantic $(pkg-config --cflags decruft) tests/api_cxx.cc \
        $(pkg-config --libs decruft) -o "$dest/api-cxx" && LD_LIBRARY_PATH="$dest/usr/lib" "$dest/api-cxx" >/dev/null &&
        ok || bad "the header as C++"
fi

# Only decruft_ names leave either library.
others=$(nm -D --defined-only "$dest/usr/lib/libdecruft.so" | awk '{print $3}' | grep -v '^decruft_' || true)
[ -z "$others" ] && ok || bad "shared library exports non-decruft_ symbols: $others"
others=$(nm -g --defined-only "$dest/usr/lib/libdecruft.a" | awk 'NF == 3 {print $3}' | grep -v '^decruft_' || true)
[ -z "$others" ] && ok || bad "static library exports non-decruft_ symbols: $others"
objdump -p "$dest/usr/lib/libdecruft.so" | grep -q 'SONAME *libdecruft.so.0' && ok || bad "soname libdecruft.so.0"

"$dest/usr/bin/decruft" --version | grep -q '^decruft ' && ok || bad "installed binary runs"
if command -v man >/dev/null 2>&1; then
    MANPATH="$dest/usr/share/man" man -P cat decruft >/dev/null 2>&1 && ok || bad "man decruft"
fi
bash -n "$dest/usr/share/bash-completion/completions/decruft" && ok || bad "bash completion parses"

$make -s uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null
left=$(cd "$dest" && find usr \( -type f -o -type l \) 2>/dev/null || true)
[ -z "$left" ] && ok || bad "uninstall left: $left"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
