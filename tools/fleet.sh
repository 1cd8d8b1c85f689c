#!/usr/bin/env bash
# A fleet of Skiff instances under libvirt, on one bridge, each leasing its
# address from libvirt's dnsmasq (ip=dhcp) and serving HTTP (80) and echo
# (7) like any Skiff.
#
#   tools/fleet.sh N            define and start N instances NAME-1..NAME-N
#                               (and the network, if it does not exist);
#                               wait for every lease, print NAME ADDRESS
#   tools/fleet.sh status       NAME STATE ADDRESS RSS-KiB, per instance
#   tools/fleet.sh shutdown [NAME...]
#                               the ACPI power button (virsh shutdown);
#                               Skiff powers itself off
#   tools/fleet.sh down         destroy and undefine the instances and the
#                               network this tool defined
#
# Environment: LIBVIRT_DEFAULT_URI (virsh's; default qemu:///system),
# FLEET_NAME (skiff-fleet: instance prefix and network name), FLEET_BRIDGE
# (virbr-skiff), FLEET_SUBNET (10.77.0, a /24), FLEET_MEM (MiB per
# instance, 32), FLEET_TIMEOUT (s to wait for the leases, 300),
# SKIFF_KERNEL (build/skiff.elf). Domains come from tools/skiff.xml, the
# network from tools/skiff-net.xml.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

NAME=${FLEET_NAME:-skiff-fleet}
BRIDGE=${FLEET_BRIDGE:-virbr-skiff}
SUBNET=${FLEET_SUBNET:-10.77.0}
MEM=${FLEET_MEM:-32}
TIMEOUT=${FLEET_TIMEOUT:-300}
KERNEL=$(realpath "${SKIFF_KERNEL:-$here/../build/skiff.elf}")

v() { virsh -q "$@"; }

# render TEMPLATE KEY=VALUE...: the template with each @KEY@ replaced.
render() {
	local t=$1 kv args=()
	shift
	for kv in "$@"; do args+=(-e "s|@${kv%%=*}@|${kv#*=}|g"); done
	sed "${args[@]}" "$t"
}

instances() {
	v list --all --name | grep -E "^$NAME-[0-9]+\$" | sort -t- -k3 -n || true
}

lease_of() {
	v domifaddr "$1" 2>/dev/null | awk '$3 == "ipv4" { sub("/.*", "", $4); print $4; exit }'
}

# Whether the network is active: yes, no, or nothing when it is not defined.
# (awk reads all of virsh's output: grep -q would leave virsh a SIGPIPE.)
net_active() {
	v net-info "$NAME" 2>/dev/null | awk '$1 == "Active:" { print $2 }'
}

network_up() {
	local xml
	if [ -z "$(net_active)" ]; then
		xml=$(mktemp)
		render "$here/skiff-net.xml" NAME="$NAME" BRIDGE="$BRIDGE" PREFIX="$SUBNET" >"$xml"
		v net-define "$xml" >/dev/null
		rm -f "$xml"
	fi
	[ "$(net_active)" = yes ] || v net-start "$NAME" >/dev/null
}

up() {
	local n=$1 i dom xml pending deadline
	[ -f "$KERNEL" ] || { echo "fleet: no kernel at $KERNEL (make first)" >&2; exit 2; }
	network_up
	for i in $(seq 1 "$n"); do
		dom="$NAME-$i"
		if ! v dominfo "$dom" >/dev/null 2>&1; then
			xml=$(mktemp)
			render "$here/skiff.xml" NAME="$dom" KERNEL="$KERNEL" MEMORY_MIB="$MEM" \
				NETWORK="$NAME" CMDLINE="ip=dhcp" >"$xml"
			v define "$xml" >/dev/null
			rm -f "$xml"
		fi
		[ "$(v domstate "$dom")" = running ] || v start "$dom" >/dev/null
	done
	deadline=$((SECONDS + TIMEOUT))
	while :; do
		pending=()
		for i in $(seq 1 "$n"); do
			[ -n "$(lease_of "$NAME-$i")" ] || pending+=("$NAME-$i")
		done
		[ ${#pending[@]} -eq 0 ] && break
		if [ $SECONDS -ge $deadline ]; then
			echo "fleet: no DHCP lease after ${TIMEOUT}s for: ${pending[*]}" >&2
			exit 1
		fi
		sleep 1
	done
	for i in $(seq 1 "$n"); do
		printf '%s %s\n' "$NAME-$i" "$(lease_of "$NAME-$i")"
	done
}

status() {
	local dom state rss
	for dom in $(instances); do
		state=$(v domstate "$dom")
		rss=-
		[ "$state" = running ] && rss=$(v dommemstat "$dom" | awk '$1 == "rss" { print $2 }')
		printf '%s %s %s %s\n' "$dom" "${state// /-}" "$(lease_of "$dom")" "${rss:--}"
	done
}

down() {
	local dom
	for dom in $(instances); do
		[ "$(v domstate "$dom")" = running ] && v destroy "$dom" >/dev/null
		v undefine "$dom" >/dev/null
	done
	case "$(net_active)" in
	yes) v net-destroy "$NAME" >/dev/null; v net-undefine "$NAME" >/dev/null ;;
	no) v net-undefine "$NAME" >/dev/null ;;
	esac
}

case "${1:-}" in
[1-9]*) up "$1" ;;
status) status ;;
shutdown)
	shift
	[ $# -gt 0 ] || set -- $(instances)
	for dom in "$@"; do v shutdown "$dom" >/dev/null; done ;;
down) down ;;
*) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
