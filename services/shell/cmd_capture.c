/*
 * capture: one line per packet matching a tcpdump expression, from an
 * AF_PACKET socket through the capture library (libc/user/capture_cmd.c,
 * shared with httpd's /capture.pcap and the tests).
 */
#include <skiff/capture.h>
#include "shell.h"

SHELL_CMD(capture, "capture", CAPTURE_CMD_USAGE, CAPTURE_CMD_HELP, capture_cmd);
