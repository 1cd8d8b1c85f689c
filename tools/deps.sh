#!/usr/bin/env bash
# Install what building, running and testing Skiff needs on Debian 12.
# Idempotent: packages already present are skipped, apt-get runs only when
# something is missing. Nothing outside Debian's archive is fetched.
set -euo pipefail

PKGS=(
	build-essential gcc binutils make gawk
	qemu-system-x86 qemu-utils
	grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools ovmf
	iproute2 iputils-ping netcat-openbsd curl
	python3 python3-scapy
	clang libclang-rt-14-dev
	iperf3 dnsmasq-base busybox tshark tcpdump apache2-utils gnuplot-nox
	chromium cpio
	libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer once, without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
	$SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
