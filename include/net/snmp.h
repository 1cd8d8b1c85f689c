/*
 * SNMP-style MIB counters (RFC 4293 for IP, RFC 4022-era ICMP), kept as
 * arrays indexed by an enum so the shell can dump them by name. Each X()
 * entry is (ENUM_SUFFIX, "MibName"). Counters beyond the RFC names break
 * a generic counter down by cause (InCsumErrors is also in InHdrErrors).
 */
#ifndef _NET_SNMP_H
#define _NET_SNMP_H

#include <kernel/types.h>

#define IPSTATS_MIB_LIST(X)						\
	X(INRECEIVES, InReceives)					\
	X(INHDRERRORS, InHdrErrors)	/* sum of the five below, and TTL expiry when forwarding */ \
	X(INCSUMERRORS, InCsumErrors)					\
	X(INVERSIONERRORS, InVersionErrors)				\
	X(INIHLERRORS, InIhlErrors)	/* IHL < 5 or beyond the packet */ \
	X(INLENERRORS, InLenErrors)	/* tot_len < header length */	\
	X(INOPTIONERRORS, InOptionErrors)				\
	X(INTRUNCATEDPKTS, InTruncatedPkts) /* tot_len > what arrived */ \
	X(INADDRERRORS, InAddrErrors)	/* martian, or not ours and not forwarding */ \
	X(INNOROUTES, InNoRoutes)					\
	X(INUNKNOWNPROTOS, InUnknownProtos)				\
	X(INDISCARDS, InDiscards)					\
	X(INDELIVERS, InDelivers)					\
	X(INOTHERHOST, InOtherHost)	/* link layer said: not for us */ \
	X(FORWDATAGRAMS, ForwDatagrams)					\
	X(OUTREQUESTS, OutRequests)					\
	X(OUTNOROUTES, OutNoRoutes)					\
	X(OUTDISCARDS, OutDiscards)					\
	X(REASMTIMEOUT, ReasmTimeout)					\
	X(REASMREQDS, ReasmReqds)					\
	X(REASMOKS, ReasmOKs)						\
	X(REASMFAILS, ReasmFails)					\
	X(REASMOVERLAPS, ReasmOverlaps)					\
	X(REASMDUPLICATES, ReasmDuplicates)				\
	X(REASMOVERSIZE, ReasmOversize)	/* would exceed 65535 octets */	\
	X(REASMEVICTIONS, ReasmEvictions) /* memory limit reclaimed the queue */ \
	X(FRAGOKS, FragOKs)						\
	X(FRAGFAILS, FragFails)						\
	X(FRAGCREATES, FragCreates)

#define ICMP_MIB_LIST(X)						\
	X(INMSGS, InMsgs)						\
	X(INERRORS, InErrors)						\
	X(INCSUMERRORS, InCsumErrors)					\
	X(INDESTUNREACHS, InDestUnreachs)				\
	X(INTIMEEXCDS, InTimeExcds)					\
	X(INPARMPROBS, InParmProbs)					\
	X(INSRCQUENCHS, InSrcQuenchs)					\
	X(INREDIRECTS, InRedirects)					\
	X(INECHOS, InEchos)						\
	X(INECHOREPS, InEchoReps)					\
	X(INBCASTECHOIGNORED, InBcastEchoIgnored)			\
	X(INECHOREPUNMATCHED, InEchoRepUnmatched) /* no ping_ctx with that id */ \
	X(INIGNORED, InIgnored)		/* known types we do not act on */ \
	X(OUTMSGS, OutMsgs)						\
	X(OUTERRORS, OutErrors)						\
	X(OUTRATELIMITED, OutRateLimited)				\
	X(OUTERRSUPPRESSED, OutErrSuppressed) /* RFC 1122 3.2.2 said no */ \
	X(OUTDESTUNREACHS, OutDestUnreachs)				\
	X(OUTTIMEEXCDS, OutTimeExcds)					\
	X(OUTPARMPROBS, OutParmProbs)					\
	X(OUTECHOS, OutEchos)						\
	X(OUTECHOREPS, OutEchoReps)

#define ARP_MIB_LIST(X)							\
	X(INREQUESTS, InRequests)					\
	X(INREPLIES, InReplies)						\
	X(INERRORS, InErrors)		/* malformed or unsupported */	\
	X(INBOGUSSRC, InBogusSrc)	/* sender address not a unicast host */ \
	X(INNOTFORUS, InNotForUs)	/* request for an address not ours */ \
	X(INCONFLICTS, InConflicts)	/* someone else claims our address */ \
	X(OUTREQUESTS, OutRequests)					\
	X(OUTREPLIES, OutReplies)					\
	X(OUTGRATUITOUS, OutGratuitous)					\
	X(QUEUEDROPS, QueueDrops)	/* pending queue overflow */	\
	X(RESOLVEFAILED, ResolveFailed)	/* entries that went FAILED */	\
	X(UNRESOLVEDDROPS, UnresolvedDrops) /* packets dropped with them */ \
	X(EVICTIONS, Evictions)		/* table full: oldest entry freed */ \
	X(ALLOCFAILS, AllocFails)					\
	X(LOOKUPS, Lookups)		/* table searches (Linux's neigh lookups) */ \
	X(HITS, Hits)			/* searches that found the entry */

/* RFC 4113 UDP-MIB, with Linux's additions (/proc/net/snmp "Udp:"). */
#define UDP_MIB_LIST(X)							\
	X(INDATAGRAMS, InDatagrams)	/* read by a socket */		\
	X(NOPORTS, NoPorts)		/* no socket for the port */	\
	X(INERRORS, InErrors)		/* malformed, bad sum, or no room */ \
	X(OUTDATAGRAMS, OutDatagrams)					\
	X(RCVBUFERRORS, RcvbufErrors)	/* SO_RCVBUF full: dropped */	\
	X(SNDBUFERRORS, SndbufErrors)	/* no send buffer or memory */	\
	X(INCSUMERRORS, InCsumErrors)	/* also in InErrors */		\
	X(IGNOREDMULTI, IgnoredMulti)	/* broadcast nobody listens to */ \
	X(MEMERRORS, MemErrors)		/* refused: memory low (sock_mem_low) */

#define __IPSTATS_ENUM(e, name) IPSTATS_MIB_##e,
#define __ICMP_ENUM(e, name) ICMP_MIB_##e,
#define __ARP_ENUM(e, name) ARP_MIB_##e,
#define __UDP_ENUM(e, name) UDP_MIB_##e,

enum { IPSTATS_MIB_LIST(__IPSTATS_ENUM) IPSTATS_MIB_MAX };
enum { ICMP_MIB_LIST(__ICMP_ENUM) ICMP_MIB_MAX };
enum { ARP_MIB_LIST(__ARP_ENUM) ARP_MIB_MAX };
enum { UDP_MIB_LIST(__UDP_ENUM) UDP_MIB_MAX };

extern u64 ip_mib[IPSTATS_MIB_MAX];
extern u64 icmp_mib[ICMP_MIB_MAX];
extern u64 icmpmsg_in[256], icmpmsg_out[256];	/* per ICMP type */
extern u64 arp_mib[ARP_MIB_MAX];
extern u64 udp_mib[UDP_MIB_MAX];
extern const char *const ip_mib_names[IPSTATS_MIB_MAX];
extern const char *const icmp_mib_names[ICMP_MIB_MAX];
extern const char *const arp_mib_names[ARP_MIB_MAX];
extern const char *const udp_mib_names[UDP_MIB_MAX];

/* Softirq context or bottom halves disabled: plain increments suffice on one CPU. */
#define IP_INC_STATS(f)		(ip_mib[IPSTATS_MIB_##f]++)
#define IP_ADD_STATS(f, n)	(ip_mib[IPSTATS_MIB_##f] += (n))
#define ICMP_INC_STATS(f)	(icmp_mib[ICMP_MIB_##f]++)
#define ARP_INC_STATS(f)	(arp_mib[ARP_MIB_##f]++)
#define UDP_INC_STATS(f)	(udp_mib[UDP_MIB_##f]++)

#endif
