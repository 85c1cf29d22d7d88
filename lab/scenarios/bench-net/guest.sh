# SPDX-License-Identifier: GPL-2.0
# The guest's half of bench-net: an iperf3 server.

gstep_iperf_server() {
	iperf3 -s -D > /dev/null 2>&1 || { why "iperf3 -s did not start"; return 1; }
}
