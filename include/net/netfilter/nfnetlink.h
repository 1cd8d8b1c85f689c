/* NETLINK_NETFILTER's one request, nft's text (Linux's nfnetlink; skiff/nft.h has the ABI). */
#ifndef _NET_NFNETLINK_H
#define _NET_NFNETLINK_H

struct sock;
struct nlmsghdr;

/* Run the request and queue its answers on sk; the result for the ACK. */
int nfnetlink_rcv_msg(struct sock *sk, struct nlmsghdr *nlh);

#endif
