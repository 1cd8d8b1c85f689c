#!/usr/bin/env bash
# TCP tests for one NIC model, from Linux in a namespace (Linux 10.0.0.1,
# Skiff 10.0.0.2), against Skiff's echo, discard and chargen services:
#
#   - 50 MB of random data through echo comes back byte-identical (sha256);
#   - 200 MB into discard, Tcp.InSegs moving, GRO merging the bursts (on
#     virtio with GUEST_TSO4 the host hands them up merged: its GSO frames);
#     chargen's RFC 864 lines over 50 MB;
#   - half-close: echo sends the rest after the client's FIN, then closes;
#   - 1000 concurrent echo connections, each its own payload back;
#   - 10,000 sequential connections, then echo still answers and the pools
#     are back at their baseline (Skb live heads and data areas no higher,
#     as many TCP sockets in `netstat` as before: the listeners; Skiff boots
#     with tcp_msl=1s so that any TIME-WAIT of its own is over in 2 s);
#   - Skiff as a client (services/tcpclienttest.c): 10 MiB to a Linux echo
#     server, checked at both ends, and ECONNREFUSED from a closed port;
#   - a 5 s SYN flood from random 10.0.0.0/24 sources, then a new connection;
#   - under faults injected inside Skiff (netem qdiscs on both sides of
#     eth0 from the command line, netem.eth0= and netem.eth0.ingress=, one
#     boot each: loss 5%, reorder 25% behind a 10 ms delay, duplicate 5%,
#     corrupt 1%) a 10 MB echo comes back identical, and 1 MB under 10%
#     loss; the same with the faults on the Linux side of the wire
#     (tools/impair.c, a relay between QEMU's tap and a second tap holding
#     10.0.0.1). Each is sized to take seconds (Linux's own stack: 3 s for
#     10 MB at 5%, under 10 s for 1 MB at 10%) against a limit of
#     FAULT_LIMIT (300 s); a transfer that stalls fails with its cause:
#     Linux's view of the connection (ss: state, rto, backoff, cwnd,
#     unacked) as last seen while it ran, and Skiff's sockets and TCP
#     counters (timeouts, retransmissions, probes, recoveries).
#     How fast recovery is, 20% loss included, is for tools/bench_loss.sh.
#
# usage: test_tcp.sh NIC        (QUICK=1: skip the fault-injection boots)
set -u
. "$(dirname "$0")/lib.sh"

NIC=${1:-e1000}
SKIFF=10.0.0.2
LINUX=10.0.0.1
PEER="$ROOT/tests/integration/tcp_peer.py"
IMPAIR="$ROOT/build/impair"
CLIENT_SHA=		# sha256 of tcpclienttest's 10 MiB stream
BOOTS=0

# peer SECONDS ARGS...: tcp_peer.py in the namespace (lib.sh's tcp_peer).
peer() { tcp_peer "$NS" "$@"; }
# pcheck NAME: pass if the last peer command reported ok; on failure,
# with the NIC's own view (virtio: both rings' indexes and NAPI's state).
pcheck() {
	if [ "$(jget ok)" = True ]; then pass "$NIC: $1 ($(tail -n1 <<<"$OUT" | tr -d '{}"'))"
	else fail "$NIC: $1" "$(tail -n 3 <<<"$OUT" | tr '\n' ' ')$(nic_state)"; fi
}

# nic_state: what the driver says of its queues, on a new line each (virtio only).
nic_state() {
	local lines
	[ "$NIC" = virtio ] || return 0
	lines=$(sh_run "cat /proc/skiff/virtio_net" | grep -a '^  \(napi\|rx\|tx\)' | sed 's/^/#/')
	[ -z "$lines" ] || printf '\n%s' "$lines"
}

# A namespace for the plain boots: tap0 holds 10.0.0.1 (lib.sh).
setup_plain() {
	NS="skiff-tcp-$NIC-$$-$BOOTS"
	netns_create "$NS"
}

# A namespace where the relay is the wire: QEMU on tap0 (no address),
# 10.0.0.1 on tap1, tools/impair between them with the given arguments.
setup_impaired() {
	NS="skiff-tcpi-$NIC-$$-$BOOTS"
	ip netns add "$NS" || return 1
	T_NETNS+=("$NS")
	local x="ip netns exec $NS"
	$x ip link set lo up &&
	$x sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	$x sysctl -qw net.ipv6.conf.default.disable_ipv6=1 &&
	$x ip tuntap add dev tap0 mode tap &&
	$x ip tuntap add dev tap1 mode tap &&
	$x ip link set tap0 up &&
	$x ip addr add "$LINUX/24" dev tap1 &&
	$x ip link set tap1 up || return 1
	$x "$IMPAIR" tap0 tap1 "$@" >"$LOGDIR/tcp-$NIC-impair-$BOOTS.txt" 2>&1 &
	RELAY_PID=$!
	T_PIDS+=("$RELAY_PID")
}

# boot APPEND [impair ARGS...]: a fresh namespace and Skiff in it, ready
# when echo, discard and chargen listen on TCP. Sets NS, LOG, SOCK.
boot() {
	local append=$1
	shift
	BOOTS=$((BOOTS + 1))
	RELAY_PID=
	if [ $# -gt 0 ]; then setup_impaired "$@"; else setup_plain; fi || {
		fail "$NIC: namespace for boot $BOOTS" "ip netns/tuntap failed"; return 1; }
	LOG="$LOGDIR/tcp-$NIC-$BOOTS.log"
	SOCK="$ROOT/build/tcp-$NIC-$BOOTS.sock"
	# The relay is a wire of whole frames: a tap with virtio-net headers
	# would hand it virtio's TSO frames uncut, their checksums unfinished.
	start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff.elf" --nic "$NIC" \
		${RELAY_PID:+--vnet-hdr off} --append "ip=$SKIFF/24 gw=$LINUX ping=off $append"
	if wait_log "$LOG" 'echo: listening on tcp port 7' 60 &&
	   wait_log "$LOG" 'discard: listening on tcp port 9' 10 &&
	   wait_log "$LOG" 'chargen: listening on tcp port 19' 10 &&
	   wait_log "$LOG" 'skiff> ' 30; then
		return 0
	fi
	fail "$NIC: boot with '$append'" "the TCP services did not come up"
	show_log "$LOG" 30
	return 1
}

# shutdown_boot: stop QEMU and the relay (its counters to the log), check for panics.
shutdown_boot() {
	stop_qemu "$QEMU_PID"
	if [ -n "$RELAY_PID" ]; then
		kill -TERM "$RELAY_PID" 2>/dev/null
		wait "$RELAY_PID" 2>/dev/null
		RELAY_PID=
	fi
	if grep -aq 'Kernel panic\|BUG' "$LOG"; then
		fail "$NIC: no panic in $(basename "$LOG")" "$(grep -a -m1 'Kernel panic\|BUG' "$LOG")"
	fi
	ip netns del "$NS" 2>/dev/null
}

# tcp_socket_lines: the TCP sockets the shell's netstat lists (state,
# queues). Its TIME-WAIT lines (from /proc/net/tcp, as Linux's netstat
# shows them) are the end of a connection, not a socket: tcpclienttest's
# own may still be there at the baseline.
tcp_socket_lines() {
	sh_run netstat | grep '^tcp ' | grep -v TIME_WAIT
}

# tcp_sockets: how many TCP sockets the shell's netstat lists.
tcp_sockets() {
	tcp_socket_lines | grep -c '^tcp '
}

# virtio_rx_gso: GSO frames virtio-net has received (/proc/skiff/virtio_net).
virtio_rx_gso() {
	sh_run "cat /proc/skiff/virtio_net" | grep -ao 'rx_gso [0-9]*' | tail -n 1 | awk '{print $2}'
}

sum_counters() {
	local vals=$1 s=0 v
	shift
	for n in "$@"; do v=$(counter "$vals" "$n"); s=$((s + ${v:-0})); done
	echo "$s"
}

# ---- the main boot -------------------------------------------------------

main_boot() {
	local base after d0 d1 n0 n1 g0= g1= heads data sockets0 sockets1 srvout="$LOGDIR/tcp-$NIC-server.txt"

	# Linux's echo server for Skiff's client, up before Skiff boots.
	NS="skiff-tcp-$NIC-$$-1"
	rm -f "$srvout"
	BOOTS=1
	netns_create "$NS" || { fail "$NIC: namespace" "ip netns/tuntap failed"; return; }
	ip netns exec "$NS" timeout 900 /usr/bin/python3 "$PEER" server 5007 "$srvout" \
		>"$LOGDIR/tcp-$NIC-server.log" 2>&1 &
	T_PIDS+=("$!")
	local server_pid=$!
	LOG="$LOGDIR/tcp-$NIC-1.log"
	SOCK="$ROOT/build/tcp-$NIC-1.sock"
	RELAY_PID=
	start_qemu_netns "$NS" "$LOG" "$SOCK" --kernel "$ROOT/build/skiff-test.elf" --nic "$NIC" \
		--append "ip=$SKIFF/24 gw=$LINUX ping=off tcp_msl=1s services=echo,discard,chargen,tcpclienttest"
	if wait_log "$LOG" 'echo: listening on tcp port 7' 60 &&
	   wait_log "$LOG" 'chargen: listening on tcp port 19' 10 &&
	   wait_log "$LOG" 'skiff> ' 30; then
		pass "$NIC: Skiff boots; echo, discard and chargen listen on TCP"
	else
		fail "$NIC: boot" "the TCP services did not come up"
		show_log "$LOG" 40
		return
	fi

	# Skiff as a client, first: it runs at boot.
	if wait_log "$LOG" 'tcpclienttest: [0-9]+ passed, [0-9]+ failed' 300 &&
	   grep -aq 'tcpclienttest: [0-9]* passed, 0 failed' "$LOG"; then
		pass "$NIC: Skiff as a client: 10 MiB echoed back by Linux, ECONNREFUSED ($(grep -ao 'tcpclienttest: [0-9]* bytes each way in [0-9]* ms' "$LOG"))"
	else
		fail "$NIC: Skiff as a client (tcpclienttest)" "$(grep -a 'not ok\|tcpclienttest:' "$LOG" | tail -n 3 | tr '\n' ' ')"
	fi
	if grep -q "\"bytes\": 10485760, \"sha256\": \"$CLIENT_SHA\"" "$srvout" 2>/dev/null; then
		pass "$NIC: the Linux server received Skiff's 10 MiB stream intact (sha256)"
	else
		fail "$NIC: Linux server's view of Skiff's stream" "$(cat "$srvout" 2>/dev/null) want $CLIENT_SHA"
	fi
	kill "$server_pid" 2>/dev/null

	base=$(counters)
	sockets0=$(tcp_sockets)

	peer 300 echo "$SKIFF" $((50 * 1000 * 1000))
	pcheck "50 MB of random data through echo come back identical"

	d0=$(counters)
	n0=$(counter "$d0" Tcp.InSegs)
	[ "$NIC" = virtio ] && g0=$(virtio_rx_gso)
	peer 600 discard "$SKIFF" $((200 * 1000 * 1000))
	pcheck "200 MB into discard"
	[ "$NIC" = virtio ] && g1=$(virtio_rx_gso)
	d1=$(counters)
	n1=$(counter "$d1" Tcp.InSegs)
	# InSegs counts what TCP is handed, as Linux's does: a GRO aggregate
	# is one, and holds at most 64 KiB.
	if [ -n "$n0" ] && [ -n "$n1" ] && [ $((n1 - n0)) -ge $((200000000 / 65536)) ]; then
		pass "$NIC: Tcp.InSegs moved by $((n1 - n0)) during the discard transfer"
	else
		fail "$NIC: Tcp.InSegs during discard" "${n0:-?} then ${n1:-?}"
	fi
	# GRO merges the bursts the NIC hands up in one NAPI poll (about
	# 138,000 segments here; a thousand merged is far below what a bulk
	# transfer under TCG gives, and none at all means GRO is not working).
	local m0 m1 a0 a1
	m0=$(counter "$d0" Gro.merged)
	m1=$(counter "$d1" Gro.merged)
	a0=$(counter "$d0" Gro.aggregates)
	a1=$(counter "$d1" Gro.aggregates)
	if [ -n "$m0" ] && [ -n "$m1" ] && [ $((m1 - m0)) -ge 1000 ]; then
		pass "$NIC: GRO merged $((m1 - m0)) segments into $((a1 - a0)) aggregates during discard"
	elif [ "$NIC" = virtio ] && [ -n "$g0" ] && [ -n "$g1" ] && [ $((g1 - g0)) -ge 1000 ]; then
		# With GUEST_TSO4 the host hands up its bursts merged already.
		pass "$NIC: the host merged the bursts: $((g1 - g0)) GSO frames received during discard (GRO merged $((m1 - m0)))"
	else
		fail "$NIC: GRO during discard" "Gro.merged ${m0:-?} then ${m1:-?}"
	fi

	peer 300 chargen "$SKIFF" $((50 * 1000 * 1000))
	pcheck "50 MB of chargen follow RFC 864's rotating lines"

	peer 60 halfclose "$SKIFF" 65536
	pcheck "half-close: after our FIN echo sends the rest, then closes"

	peer 300 concurrent "$SKIFF" 1000
	pcheck "1000 concurrent echo connections each get their own data back"

	peer 900 sequential "$SKIFF" 10000
	pcheck "10,000 sequential connections"
	peer 60 echo "$SKIFF" 100000
	pcheck "echo still answers after them"

	sleep 3		# 2 x tcp_msl: any TIME-WAIT of Skiff's is over
	after=$(counters)
	sockets1=$(tcp_sockets)
	heads=$(counter "$after" Skb.live_heads)
	data=$(counter "$after" Skb.live_data)
	if [ -n "$heads" ] && [ -n "$data" ] &&
	   [ "$heads" -le "$(counter "$base" Skb.live_heads)" ] &&
	   [ "$data" -le "$(counter "$base" Skb.live_data)" ]; then
		pass "$NIC: skb pools back at their baseline ($heads heads, $data data areas)"
	else
		fail "$NIC: skb pools" "baseline $(counter "$base" Skb.live_heads)/$(counter "$base" Skb.live_data), now ${heads:-?}/${data:-?}"
	fi
	if [ "$sockets1" -eq "$sockets0" ] && [ "$(counter "$after" Tcp.CurrEstab)" = 0 ]; then
		pass "$NIC: TCP sockets back at their baseline ($sockets1 listeners, CurrEstab 0)"
	else
		fail "$NIC: TCP sockets" "netstat listed $sockets0 then $sockets1, CurrEstab $(counter "$after" Tcp.CurrEstab)"
	fi

	# A bounded SYN flood, then a new connection.
	peer 60 synflood tap0 "$SKIFF" 7 5
	pcheck "a 5 s SYN flood at the echo port"
	peer 30 echo "$SKIFF" 10000
	pcheck "a new connection right after the flood is served"
	after=$(counters)
	local cookies=$(( $(counter "$after" TcpExt.SyncookiesSent) - $(counter "$base" TcpExt.SyncookiesSent) ))
	local qdrops=$(( $(counter "$after" TcpExt.TCPReqQFullDrop) - $(counter "$base" TcpExt.TCPReqQFullDrop) ))
	if [ "$cookies" -gt 0 ] || [ "$qdrops" -eq 0 ]; then
		pass "$NIC: a full SYN queue answered with cookies (SyncookiesSent +$cookies, TCPReqQFullDrop +$qdrops)"
	else
		fail "$NIC: SYN cookies" "SyncookiesSent +$cookies while TCPReqQFullDrop +$qdrops"
	fi
	shutdown_boot
}

# ---- under faults --------------------------------------------------------

# netem OPTS: the command line for a netem qdisc with OPTS on each side of
# eth0, transmit (root) and receive (ingress), the ingress seed shifted.
netem() {
	local seed=${1##*seed=}
	echo "netem.eth0=$1 netem.eth0.ingress=${1%seed=*}seed=$((seed + 100))"
}

FAULT_LIMIT=${FAULT_LIMIT:-300}

# peer_watched SECONDS ARGS...: peer, with Linux's view of its connections
# to Skiff (ss -tnie: state, rto, backoff, cwnd, unacked, retrans) taken
# every 5 s while it runs, the last one kept in SS_LAST, and Skiff's
# sockets (netstat) in SK_LAST once the limit is 10 s away.
peer_watched() {
	local t=$1 out="$LOGDIR/tcp-$NIC-peer-$BOOTS.txt" pid snap start=$SECONDS
	shift
	ip netns exec "$NS" timeout --kill-after=5 "$((t + 10))" env TIMEOUT="$t" \
		/usr/bin/python3 "$PEER" "$@" >"$out" 2>&1 &
	pid=$!
	T_PIDS+=("$pid")
	SS_LAST= SK_LAST=
	while kill -0 "$pid" 2>/dev/null; do
		snap=$(ip netns exec "$NS" ss -tnie dst "$SKIFF" 2>/dev/null | tail -n +2)
		[ -n "$snap" ] && SS_LAST=$snap
		if [ -z "$SK_LAST" ] && [ $((SECONDS - start)) -ge $((t - 10)) ]; then
			SK_LAST=$(tcp_socket_lines | grep -v LISTEN)
		fi
		sleep 5
	done
	wait "$pid"
	OUT=$(cat "$out")
}

# stall_cause: why a transfer did not finish, from both ends.
stall_cause() {
	local c sk
	c=$(counters)
	sk=${SK_LAST:-$(tcp_socket_lines | grep -v LISTEN)}
	printf 'Linux (ss, last seen): %s | Skiff sockets: %s | Skiff TCP:' \
		"$(tr -s ' \n' ' ' <<<"${SS_LAST:-none}")" "$(tr '\n' ';' <<<"${sk:-none}")"
	for n in CurrEstab RetransSegs TCPTimeouts TCPLossProbes TCPLossProbeRecovery \
		 TCPSackRecovery TCPRenoRecovery TCPFastRetrans TCPSlowStartRetrans \
		 TCPLostRetransmit TCPSpuriousRTOs TCPLossUndo TCPDSACKUndo TCPAbortOnTimeout; do
		printf ' %s=%s' "$n" "$(counter "$c" "Tcp.$n")$(counter "$c" "TcpExt.$n")"
	done
}

# faulty WHAT BYTES APPEND [impair ARGS]: one boot, one echo transfer.
faulty() {
	local what=$1 bytes=$2 append=$3
	shift 3
	boot "$append" "$@" || return
	peer_watched "$FAULT_LIMIT" echo "$SKIFF" "$bytes"
	if [ "$(jget ok)" = True ]; then
		pass "$NIC: $what: $bytes bytes through echo come back identical ($(tail -n1 <<<"$OUT" | tr -d '{}"'))"
	else
		fail "$NIC: $what: $bytes bytes through echo come back identical within $FAULT_LIMIT s" \
			"$(tail -n 1 <<<"$OUT" | tr -d '{}"') -- $(stall_cause)"
	fi
	if [ $# -eq 0 ]; then
		local c faults
		c=$(counters)
		faults=$(sum_counters "$c" Netem.Lost Netem.Duplicated Netem.Reordered \
			Netem.Corrupted)
		check "$NIC: $what: faults were injected and counted ($faults, RetransSegs $(counter "$c" Tcp.RetransSegs))" \
			test "$faults" -gt 0
	fi
	shutdown_boot
	if [ $# -gt 0 ]; then
		local rep="$LOGDIR/tcp-$NIC-impair-$BOOTS.txt"
		if grep -qE '(dropped|duplicated|reordered|corrupted)=[1-9]' "$rep"; then
			pass "$NIC: $what: the relay injected faults ($(grep -o 'to-[a-z]* .*' "$rep" | tr '\n' ' '))"
		else
			fail "$NIC: $what: relay" "$(tr '\n' ' ' <"$rep")"
		fi
	fi
}

if [ ! -x "$IMPAIR" ] || [ "$ROOT/tools/impair.c" -nt "$IMPAIR" ]; then
	gcc -O2 -Wall -o "$IMPAIR" "$ROOT/tools/impair.c" || fail "build tools/impair.c" "gcc failed"
fi
CLIENT_SHA=$(/usr/bin/python3 "$PEER" stream-sha $((10 << 20)))

main_boot

if [ "${QUICK:-0}" != 1 ]; then
	TEN=$((10 * 1000 * 1000))
	faulty "netem loss 5%" $TEN "$(netem loss=5%,seed=1)"
	faulty "netem reorder 25%, 10 ms" $TEN "$(netem delay=10ms,reorder=25%,seed=2)"
	faulty "netem duplicate 5%" $TEN "$(netem duplicate=5%,seed=3)"
	faulty "netem corrupt 1%" $TEN "$(netem corrupt=1%,seed=4)"
	faulty "netem loss 10%" 1000000 "$(netem loss=10%,seed=5)"
	faulty "impair loss 5%" $TEN "" --loss 5 --seed 1
	faulty "impair reorder 25%, 10 ms" $TEN "" --reorder 25 --delay 10 --seed 2
	faulty "impair duplicate 5%" $TEN "" --dup 5 --seed 3
	faulty "impair corrupt 1%" $TEN "" --corrupt 1 --seed 4
	faulty "impair loss 10%" 1000000 "" --loss 10 --seed 5
fi

finish "tcp-$NIC"
