#!/usr/bin/env bash
# Skiff under a real VM manager: libvirt's own daemon (private to this
# test, inside a namespace it creates: tests/integration/libvirt.sh)
# defines a network with DHCP and a Skiff domain from tools/skiff.xml, with
# <kernel> and <cmdline>; virsh starts it, reaches its shell over `virsh
# console`, finds its address in the DHCP leases (`virsh domifaddr`),
# shuts it down by the ACPI power button (`virsh shutdown`, which Skiff
# handles), starts it again and destroys it.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/libvirt.sh"

NS="skiff-libvirt-$$"
NET=skiff-test
BRIDGE=virbr-skt
PREFIX=10.88.0
DOM=skiff-libvirt
XML="$ROOT/build/libvirt-test.xml"

nsx() { ip netns exec "$NS" "$@"; }

if ! libvirt_netns "$NS" || ! libvirt_start "$NS" "$ROOT/build/libvirt-test"; then
	fail "a private libvirtd in namespace $NS" "it did not start"
	finish libvirt
	exit 1
fi
pass "a private libvirtd runs in the test's namespace ($(lv version | sed -n 's/^Running hypervisor: //p'))"

render "$ROOT/tools/skiff-net.xml" NAME=$NET BRIDGE=$BRIDGE PREFIX=$PREFIX >"$XML.net"
if lv net-define "$XML.net" >/dev/null && lv net-start $NET >/dev/null &&
   nsx ip link show $BRIDGE >/dev/null 2>&1 && ! ip link show $BRIDGE >/dev/null 2>&1; then
	pass "network $NET: bridge $BRIDGE and libvirt's dnsmasq in the namespace, not in the root one"
else
	fail "network $NET" "net-define/net-start failed or the bridge is in the wrong namespace"
fi

render "$ROOT/tools/skiff.xml" NAME=$DOM KERNEL="$ROOT/build/skiff.elf" MEMORY_MIB=32 \
	NETWORK=$NET CMDLINE=ip=dhcp >"$XML"
check "virsh define: a domain with <kernel> build/skiff.elf and <cmdline>ip=dhcp</cmdline>" \
	lv define "$XML"
if lv start $DOM >/dev/null && wait_state $DOM '^running' 30; then
	pass "virsh start: $DOM runs"
else
	fail "virsh start" "$(lv domstate --reason $DOM 2>&1)"
fi

deadline=$((SECONDS + 120))
ip=
while [ $SECONDS -lt $deadline ] && [ -z "$ip" ]; do ip=$(lease_of $DOM); sleep 0.5; done
if [ -n "$ip" ]; then
	pass "virsh domifaddr: $DOM leased $ip from libvirt's dnsmasq"
else
	fail "virsh domifaddr" "no lease after 120 s: $(lv net-dhcp-leases $NET 2>&1 | tr '\n' ' ')"
	show_log "$LV_DIR/log/qemu/$DOM-console.log" 15
fi

if [ -n "$ip" ]; then
	out=$(nsx ping -c 3 -i 0.2 -W 3 "$ip" 2>&1)
	check "the bridge's side pings $DOM at $ip" grep -q ' 0% packet loss' <<<"$out"
	code=$(nsx curl -s --max-time 20 -o /dev/null -w '%{http_code}' "http://$ip/")
	check "HTTP GET http://$ip/ answers 200" test "$code" = 200
	if out=$(/usr/bin/python3 "$ROOT/tests/integration/virsh_console.py" "$VIRSH_URI" $DOM \
		"ip addr" "inet $ip/24" 60 2>&1); then
		pass "virsh console: Skiff's shell answers 'ip addr' with $ip/24, and virsh detaches"
	else
		fail "virsh console" "$(tail -n 3 <<<"$out" | tr '\n' ' ')"
	fi
fi

log="$LV_DIR/log/qemu/$DOM.log"
if grep -qxF -- "-kernel $ROOT/build/skiff.elf \\" "$log" && grep -qxF -- '-append ip=dhcp \' "$log" &&
   grep -qxF -- '-accel tcg \' "$log"; then
	pass "libvirt started QEMU with -kernel build/skiff.elf and -append ip=dhcp, under TCG"
else
	fail "QEMU's command line" "$(grep -E '^-(kernel|append|accel)' "$log" | tr '\n' ' ')"
fi
if lv shutdown $DOM >/dev/null && wait_state $DOM '^shut off \(shutdown\)' 60; then
	pass "virsh shutdown: the ACPI power button makes Skiff power off ($(lv domstate --reason $DOM))"
else
	fail "virsh shutdown" "$(lv domstate --reason $DOM 2>&1) 60 s after the power button"
fi

if lv start $DOM >/dev/null && wait_state $DOM '^running' 30 &&
   lv destroy $DOM >/dev/null && wait_state $DOM '^shut off \(destroyed\)' 30; then
	pass "virsh start again, then virsh destroy stops it at once"
else
	fail "virsh destroy" "$(lv domstate --reason $DOM 2>&1)"
fi
check "virsh undefine: the domain is gone" lv undefine $DOM
finish libvirt
