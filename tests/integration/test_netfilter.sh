#!/usr/bin/env bash
# test_netfilter.sh - Skiff as a router and firewall between two namespaces:
# A (the LAN, 10.0.0.0/24, on eth0, virtio) and B (the WAN, 10.1.0.0/24, on
# eth1, e1000). The ruleset comes in at boot as a multiboot module ("FILE
# nft"): default-deny forwarding with ct state, masquerade towards B, a
# port forward from B to a server in A. At run time the shell's nft adds
# drop and reject rules that ping, curl, nc and a UDP probe must see, with
# their counters, and a malformed rule that must change nothing. Then 1,000
# concurrent NATed TCP connections must carry byte-identical data and
# their conntrack entries expire (short timeouts on the command line), and
# a SYN flood through the router must not fill the table past its bound.
#
# usage: tests/integration/test_netfilter.sh     (root: namespaces and taps)
# Ends with "netfilter: N passed, N failed". About 25 s under TCG (a minute
# on a loaded machine).
set -u
. "$(dirname "$0")/lib.sh"

KERNEL=${KERNEL:-$ROOT/build/skiff.elf}
PEER="/usr/bin/python3 $ROOT/tests/integration/nat_peer.py"
A=skiffnfa$$
B=skiffnfb$$
LOG=$LOGDIR/netfilter.log
SOCK=$LOGDIR/netfilter.sock
RULES=$LOGDIR/netfilter-rules.nft
CT_MAX=2048
BG=()

[ "$(id -u)" = 0 ] || { echo "netfilter: needs root (network namespaces)"; echo "netfilter: 0 passed, 1 failed"; exit 1; }

stop_bg() {
	[ ${#BG[@]} -gt 0 ] && kill "${BG[@]}" 2>/dev/null
	for p in "${BG[@]+"${BG[@]}"}"; do wait "$p" 2>/dev/null; done
	BG=()
	cleanup
}
trap stop_bg EXIT

inA() { ip netns exec "$A" "$@"; }
quiet() { "$@" >/dev/null 2>&1; }
inB() { ip netns exec "$B" "$@"; }

# ct_stat NAME: a column of /proc/net/stat/nf_conntrack, in decimal.
ct_stat() {
	sh_run "cat /proc/net/stat/nf_conntrack" | awk -v name="$1" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		NF && (name in col) { print strtonum("0x" $(col[name])); exit }'
}

# rule_counter TEXT: the packets of the first listed rule containing TEXT.
rule_counter() {
	sh_run "nft list ruleset" | grep -F -- "$1" | head -n1 | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'
}

cat >"$RULES" <<'NFT'
# Skiff between A (eth0, LAN) and B (eth1, WAN): loaded at boot.
flush ruleset

table inet filter {
	chain forward {
		type filter hook forward priority filter; policy drop;
		ct state established,related accept
		ct state invalid counter drop
		iifname "eth0" counter accept
		iifname "eth1" ip daddr 10.0.0.1 tcp dport 8000 counter accept
		iifname "eth1" counter drop
	}
}

table ip nat {
	chain prerouting {
		type nat hook prerouting priority dstnat; policy accept;
		iifname "eth1" tcp dport 8080 dnat to 10.0.0.1:8000
	}

	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "eth1" masquerade
	}
}
NFT

# ---- the two namespaces; tap1 starts in A for QEMU to open, then moves to B ----
netns_create "$A" || { echo "netfilter: cannot create namespaces"; echo "netfilter: 0 passed, 1 failed"; exit 1; }
inA ip route add default via 10.0.0.2
inA ip tuntap add dev tap1 mode tap
ip netns add "$B" && T_NETNS+=("$B")
inB sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
	net.core.somaxconn=4096 net.ipv4.tcp_max_syn_backlog=4096
inB ip link set lo up

start_qemu_netns "$A" "$LOG" "$SOCK" --kernel "$KERNEL" --nic virtio \
	--nic2 e1000 --net2 tap:tap1 --initrd "$RULES nft" \
	--append "ip=10.0.0.2/24 ip.eth1=10.1.0.1/24 forward=1 ping=off nf_conntrack.max=$CT_MAX nf_conntrack.hashsize=512 nf_conntrack.tcp_timeout_time_wait=2 nf_conntrack.tcp_timeout_close=2 nf_conntrack.tcp_timeout_fin_wait=5 nf_conntrack.tcp_timeout_close_wait=5 nf_conntrack.tcp_timeout_last_ack=5 nf_conntrack.tcp_timeout_syn_sent=300 nf_conntrack.tcp_timeout_syn_recv=5 nf_conntrack.tcp_timeout_established=60 nf_conntrack.udp_timeout=5 nf_conntrack.icmp_timeout=5"
if wait_log "$LOG" "nft: boot ruleset '.*' loaded" 60 && wait_log "$LOG" "skiff> " 60; then
	pass "the ruleset module loaded at boot"
else
	fail "the ruleset module loaded at boot" "no 'nft: boot ruleset ... loaded' line"
	show_log "$LOG"
	finish netfilter
	exit 1
fi
inA ip link set tap1 netns "$B"
inB ip addr add 10.1.0.2/24 dev tap1
inB ip link set tap1 up
inB ip route add 10.0.0.0/24 via 10.1.0.1

# ---- A to B: forwarded and masqueraded ----
check "ping A -> B through the router" quiet inA ping -c 3 -i 0.3 -W 2 10.1.0.2
# Servers start by `ip netns exec` itself, not inB: $! must be the server
# (a shell function runs in a subshell, whose kill would leave it running).
ip netns exec "$B" $PEER peer-server 10.1.0.2 7001 & BG+=($!)
ip netns exec "$B" $PEER echo-server 10.1.0.2 7000 & BG+=($!)
sleep 1
seen=$(inA $PEER peer-client 10.1.0.2 7001 2>&1)
check "B sees A's connection from the router's address (masquerade): $seen" [ "$seen" = 10.1.0.1 ]

# ---- B to A: a port forward, and nothing else ----
head -c 300000 /dev/urandom >"$LOGDIR/netfilter-file.bin"
(cd "$LOGDIR" && exec ip netns exec "$A" /usr/bin/python3 -m http.server 8000 --bind 10.0.0.1 >/dev/null 2>&1) & BG+=($!)
sleep 1
inB curl -s --max-time 30 -o "$LOGDIR/netfilter-got.bin" http://10.1.0.1:8080/netfilter-file.bin
check "port forward: B's curl to the router's 8080 gets A's file, byte for byte" \
	cmp -s "$LOGDIR/netfilter-file.bin" "$LOGDIR/netfilter-got.bin"
# Port 9000 in A has no listener: were the SYN let through, A would reset it (rc 7).
drop0=$(rule_counter 'iifname "eth1" counter packets')
inB ping -c 2 -i 0.3 -W 1 10.0.0.1 >/dev/null 2>&1; rc=$?
inB curl -s --max-time 2 -o /dev/null http://10.0.0.1:9000/ ; crc=$?
drop1=$(rule_counter 'iifname "eth1" counter packets')
check "unsolicited from B (ping rc $rc, curl rc $crc) dropped by default deny" \
	test "$rc" -ne 0 -a "$crc" -eq 28
check "and counted: the rule's counter went ${drop0:-?} -> ${drop1:-?}" \
	test -n "$drop1" -a "$((${drop1:-0} - ${drop0:-0}))" -ge 3

# ---- rules changed at run time from the shell ----
before=$(sh_run "nft list ruleset")
out=$(sh_run "nft add rule inet filter forward tcp dport 99999 accept")
after=$(sh_run "nft list ruleset")
check "a malformed rule is refused naming its token: $(echo "$out" | head -n1)" \
	grep -q "Error: line 1: unexpected '99999'" <<<"$out"
check "and the ruleset in force is unchanged" [ "$before" = "$after" ]

sh_run "nft insert rule inet filter forward ip daddr 10.1.0.2 icmp type echo-request counter drop" >/dev/null
inA ping -c 3 -i 0.3 -W 1 10.1.0.2 >/dev/null 2>&1; rc=$?
check "ping A -> B fails under 'icmp type echo-request drop' (rc $rc)" [ "$rc" -ne 0 ]
check "and the drop rule counted the 3 echo requests" [ "$(rule_counter 'echo-request counter')" = 3 ]
handle=$(sh_run "nft -a list ruleset" | grep 'echo-request counter' | sed -n 's/.*# handle \([0-9]*\).*/\1/p')
sh_run "nft delete rule inet filter forward handle $handle" >/dev/null
check "ping A -> B works again once the rule is deleted (handle $handle)" \
	quiet inA ping -c 2 -i 0.3 -W 2 10.1.0.2

ip netns exec "$B" /usr/bin/python3 -m http.server 9001 --bind 10.1.0.2 >/dev/null 2>&1 & BG+=($!)
ip netns exec "$B" /usr/bin/python3 -m http.server 9002 --bind 10.1.0.2 >/dev/null 2>&1 & BG+=($!)
ip netns exec "$B" $PEER udp-echo 10.1.0.2 9003 & BG+=($!)
sleep 1
check "curl A -> B:9001 works before any rule" quiet inA curl -s --max-time 10 -o /dev/null http://10.1.0.2:9001/
probe=$(inA $PEER udp-probe 10.1.0.2 9003)
check "a UDP datagram to B:9003 is answered before any rule ($probe)" test "$probe" = answer
sh_run "nft insert rule inet filter forward tcp dport 9001 counter drop" >/dev/null
sh_run "nft insert rule inet filter forward tcp dport 9002 counter reject with tcp reset" >/dev/null
sh_run "nft insert rule inet filter forward udp dport 9003 counter reject" >/dev/null
t0=$SECONDS; inA curl -s --max-time 3 -o /dev/null http://10.1.0.2:9001/; rc=$?
check "curl to a dropped port times out (rc $rc, $((SECONDS - t0)) s)" [ "$rc" -eq 28 ]
t0=$SECONDS; inA curl -s --max-time 10 -o /dev/null http://10.1.0.2:9002/; rc=$?
check "curl to a 'reject with tcp reset' port is refused at once (rc $rc)" \
	test "$rc" -eq 7 -a $((SECONDS - t0)) -lt 5
inA nc -z -w 5 10.1.0.2 9002; rc=$?
check "nc -z sees the reset too (rc $rc)" [ "$rc" -ne 0 ]
probe=$(inA $PEER udp-probe 10.1.0.2 9003)
check "a UDP datagram to a 'reject' port gets ICMP port unreachable ($probe)" [ "$probe" = refused ]
c1=$(rule_counter 'dport 9001 counter'); c2=$(rule_counter 'dport 9002 counter'); c3=$(rule_counter 'dport 9003 counter')
check "each rule counted its packets (drop $c1, reset $c2, reject $c3)" \
	test "${c1:-0}" -ge 1 -a "${c2:-0}" -ge 2 -a "${c3:-0}" -eq 1

# ---- 1,000 concurrent NATed connections, then their entries expire ----
res=$(inA bash -c "ulimit -n 8192; $PEER many-clients 10.1.0.2 7000 1000 4000" 2>&1)
check "1000 concurrent NATed TCP connections carry their bytes unchanged ($(echo "$res" | tail -n1))" \
	[ "$(echo "$res" | tail -n1)" = "1000 ok" ]
[ "$(echo "$res" | tail -n1)" = "1000 ok" ] || echo "$res" | head -n 5 | sed 's/^/# /'
n=$(sh_run "cat /proc/net/nf_conntrack" | grep -c "dport=7000 .*\[ASSURED\]")
check "their conntrack entries are there, assured ($n)" [ "$n" -ge 900 ]
left=-1
for _ in $(seq 1 20); do
	left=$(sh_run "cat /proc/net/nf_conntrack" | grep -c "dport=7000 ")
	[ "$left" -eq 0 ] && break
	sleep 2
done
check "and expire once the connections are closed ($left left)" [ "$left" -eq 0 ]

# ---- a SYN flood through the router stays within the table's bound ----
# (SYN_SENT entries live 300 s here, not 5 s like the other short timeouts:
# a flood slowed by a loaded host must still find the table full.)
# The NIC's ring drops what comes faster than the guest takes it, so the
# flood goes in rounds (at most 5) until the table has had to drop early.
ed0=$(ct_stat early_drop)
sent=0
for _ in 1 2 3 4 5; do
	inA $PEER syn-flood 10.0.0.1 10.1.0.99 80 6000 "$sent" >/dev/null
	sent=$((sent + 6000))
	entries=$(ct_stat entries); ed1=$(ct_stat early_drop)
	[ "$((${ed1:-0} - ${ed0:-0}))" -gt 0 ] && break
done
check "$sent SYNs leave at most $CT_MAX entries ($entries) by early drop (${ed0:-?} -> ${ed1:-?})" \
	test -n "$entries" -a "${entries:-99999}" -le "$CT_MAX" -a "$((${ed1:-0} - ${ed0:-0}))" -gt 0
check "the port forward still works after the flood" \
	quiet inB curl -s --max-time 30 -o /dev/null http://10.1.0.1:8080/netfilter-file.bin
check "Skiff is still up (no panic, no BUG)" bash -c "! grep -aqE 'panic|BUG|Oops' '$LOG'"
stop_bg
finish netfilter
