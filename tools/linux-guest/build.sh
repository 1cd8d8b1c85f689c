#!/usr/bin/env bash
# Build the Linux guest that `make bench BASELINE=linux` measures beside
# Skiff: Debian 12's distribution kernel and an initramfs of busybox-static,
# iperf3, nginx and nftables' nft (with the libraries they link, and the
# netfilter modules a masquerading router needs), every file taken from
# Debian packages fetched with `apt-get download`. Nothing else is fetched.
#
#   tools/linux-guest/build.sh        prints the cache directory on stdout
#
# The result lives outside the repository, in $SKIFF_BENCH_CACHE (default
# ~/.cache/skiff-bench):
#   vmlinuz            /boot/vmlinuz-* of linux-image-6.1.0-*-amd64
#   initramfs.cpio.gz  cpio -H newc | gzip, /init from tools/linux-guest/init
#   versions           the packages it was made from
# It is rebuilt only when the files of tools/linux-guest/ change (or with
# SKIFF_BENCH_REBUILD=1); the .deb files are kept in debs/ and not fetched
# again. Needs: apt-get, dpkg-deb, gzip, gcc (static glibc), strings, ldd;
# cpio if present (else busybox's cpio).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${SKIFF_BENCH_CACHE:-${HOME:-/root}/.cache/skiff-bench}
mkdir -p "$CACHE/debs"
log() { echo "linux-guest: $*" >&2; }

# The inputs' fingerprint: the files of this directory.
stamp=$(cd "$HERE" && cat build.sh init nginx.conf tcpsvc.c | sha256sum | cut -c1-16)
if [ "${SKIFF_BENCH_REBUILD:-0}" != 1 ] && [ -s "$CACHE/vmlinuz" ] &&
   [ -s "$CACHE/initramfs.cpio.gz" ] && [ "$(cat "$CACHE/stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "$CACHE"
	exit 0
fi

# Debian 12's distribution kernel is whatever linux-image-amd64 depends on.
kpkg() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'; }
KPKG=$(kpkg)
if [ -z "$KPKG" ]; then
	log "apt lists are empty; apt-get update"
	apt-get update -qq >&2
	KPKG=$(kpkg)
fi
[ -n "$KPKG" ] || { log "cannot resolve linux-image-amd64"; exit 1; }
# The packages whose files go in: the kernel, busybox, iperf3 and nginx with
# the packages of the libraries they link (checked with ldd below).
PKGS=("$KPKG" busybox-static iperf3 libiperf0 libsctp1 nginx
      libc6 libcrypt1 libpcre2-8-0 libssl3 zlib1g
      nftables libnftables1 libnftnl11 libmnl0 libjansson4 libgmp10 libxtables12
      libedit2 libbsd0 libmd0 libtinfo6)

cd "$CACHE/debs"
need=()
for p in "${PKGS[@]}"; do
	ls "${p}"_*.deb >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	log "apt-get download ${need[*]}"
	# The cache may sit under /root, where apt's _apt sandbox user cannot
	# write: download as the invoking user.
	apt-get download -qq -o APT::Sandbox::User="$(id -un)" "${need[@]}" >&2
fi

X="$CACHE/extract"
R="$CACHE/root"
rm -rf "$X" "$R"
mkdir -p "$X" "$R"
: >"$CACHE/versions.new"
for p in "${PKGS[@]}"; do
	deb=$(ls -t "${p}"_*.deb | head -n1)
	dpkg-deb -x "$deb" "$X"
	dpkg-deb --showformat='${Package} ${Version}\n' -W "$deb" >>"$CACHE/versions.new"
done

# The kernel.
kver=$(basename "$(ls "$X"/boot/vmlinuz-* | head -n1)" | sed 's/^vmlinuz-//')
cp "$X/boot/vmlinuz-$kver" "$CACHE/vmlinuz.new"

# The tree.
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,lib64,lib/x86_64-linux-gnu}
mkdir -p "$R"/var/{log/nginx,lib/nginx,www} "$R"/run
chmod 1777 "$R/tmp"
cp "$X/bin/busybox" "$R/bin/busybox"
cp "$X/usr/bin/iperf3" "$R/usr/bin/iperf3"
cp "$X/usr/sbin/nginx" "$R/usr/sbin/nginx"
cp "$X/usr/sbin/nft" "$R/usr/sbin/nft"

# Libraries: what ldd resolves for each binary, taken from the extracted
# packages first (LD_LIBRARY_PATH) and from the host's Debian otherwise.
libpath="$X/lib/x86_64-linux-gnu:$X/usr/lib/x86_64-linux-gnu"
for bin in "$R/usr/bin/iperf3" "$R/usr/sbin/nginx" "$R/usr/sbin/nft"; do
	LD_LIBRARY_PATH=$libpath ldd "$bin" | awk '
		$2 == "=>" && $3 ~ /^\// { print $3 }
		$1 ~ /^\// { print $1 }' |
	while read -r lib; do
		case "$lib" in
		*/ld-linux-x86-64.so.2)
			src=$lib
			[ -e "$X/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ] &&
				src="$X/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
			cp -L "$src" "$R/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
			ln -sf /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$R/lib64/ld-linux-x86-64.so.2" ;;
		*)	cp -L "$lib" "$R/lib/x86_64-linux-gnu/$(basename "$lib")" ;;
		esac
	done
done
# Every library the binaries need must now resolve inside the tree.
for bin in "$R/usr/bin/iperf3" "$R/usr/sbin/nginx" "$R/usr/sbin/nft"; do
	if LD_LIBRARY_PATH="$R/lib/x86_64-linux-gnu" ldd "$bin" | grep -q 'not found'; then
		log "unresolved libraries for $bin"; exit 1
	fi
done

# NIC drivers: Debian's 6.1 builds virtio_net, virtio_pci, virtio_mmio (for
# QEMU's microvm), e1000 and e1000e as modules (PACKET, UNIX, PPS and PTP
# are built in). Take them with the modules they depend on (the depends=
# field of .modinfo), in load order.
MODS="$X/lib/modules/$kver/kernel"
declare -A kopath=() seen=()
while read -r f; do
	n=$(basename "$f" .ko); kopath[${n//-/_}]=$f
done < <(find "$MODS" -name '*.ko')
order=()
add_mod() {
	local m=${1//-/_} d
	[ -n "${seen[$m]:-}" ] && return
	seen[$m]=1
	[ -n "${kopath[$m]:-}" ] || { log "module $m not in $KPKG"; exit 1; }
	for d in $(strings -a "${kopath[$m]}" | sed -n 's/^depends=//p' | tr ',' ' '); do
		add_mod "$d"
	done
	order+=("$m")
}
for m in virtio_pci virtio_mmio virtio_net e1000 e1000e; do add_mod "$m"; done
mkdir -p "$R/lib/modules"
for m in "${order[@]}"; do
	cp "${kopath[$m]}" "$R/lib/modules/$m.ko"
	echo "$m" >>"$R/lib/modules/load-order"
done
# The router of tools/bench_forward.sh: nf_tables with ct, a nat chain and
# masquerade, loaded only when the guest boots as a router. libcrc32c
# (conntrack's) asks the crypto API for crc32c by name, not by depends=.
order=()
for m in crc32c_generic nf_tables nft_ct nft_chain_nat nft_masq; do add_mod "$m"; done
for m in "${order[@]}"; do
	cp "${kopath[$m]}" "$R/lib/modules/$m.ko"
	echo "$m" >>"$R/lib/modules/nf-load-order"
done

# The services: echo (7), discard (9), chargen (19) in one static epoll
# server, built here from tcpsvc.c with the host's gcc and static glibc.
gcc -O2 -static -Wall -Wextra -Werror -o "$R/usr/bin/tcpsvc" "$HERE/tcpsvc.c"

# Configuration: init, nginx, a 612-byte page, the accounts nginx looks up.
cp "$HERE/init" "$R/init"
chmod 755 "$R/init"
mkdir -p "$R/etc/nginx"
cp "$HERE/nginx.conf" "$R/etc/nginx/nginx.conf"
cat >"$R/var/www/index.html" <<'HTML'
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
HTML
size=$(stat -c %s "$R/var/www/index.html")
[ "$size" = 612 ] || { log "index.html is $size bytes, not 612"; exit 1; }
echo 'root:x:0:0:root:/root:/bin/sh' >"$R/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >>"$R/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$R/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files\n' >"$R/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n10.0.0.2 linux-guest\n' >"$R/etc/hosts"

# The archive: the host's cpio if it has one, else busybox's (from the
# package just extracted, which runs anywhere: it is static).
CPIO=(cpio -o -H newc --quiet -R 0:0)
command -v cpio >/dev/null || CPIO=("$R/bin/busybox" cpio -o -H newc -R 0:0)
(cd "$R" && find . -mindepth 1 | LC_ALL=C sort | "${CPIO[@]}" 2>/dev/null) | gzip -6 >"$CACHE/initramfs.cpio.gz.new"
mv "$CACHE/vmlinuz.new" "$CACHE/vmlinuz"
mv "$CACHE/initramfs.cpio.gz.new" "$CACHE/initramfs.cpio.gz"
mv "$CACHE/versions.new" "$CACHE/versions"
echo "$stamp" >"$CACHE/stamp"
rm -rf "$X"
log "built $CACHE: kernel $kver, initramfs $(( $(stat -c %s "$CACHE/initramfs.cpio.gz") / 1024 )) KiB"
echo "$CACHE"
