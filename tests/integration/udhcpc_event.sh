#!/bin/sh
# busybox udhcpc's event script for test_dhcpd.sh: each event and its lease
# as one line in $UDHCPC_LOG, and the address put on (or taken off) the
# interface, as a client's own script would.
echo "event $1 ip=$ip mask=$mask router=$router dns=$dns lease=$lease serverid=$serverid" \
	>>"$UDHCPC_LOG"
case "$1" in
deconfig) ip addr flush dev "$interface" ;;
bound|renew) ip addr flush dev "$interface" && ip addr add "$ip/$mask" dev "$interface" ;;
esac
exit 0
