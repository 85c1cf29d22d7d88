# SPDX-License-Identifier: GPL-2.0
# The guest's half of the lifecycle scenario (sourced by the guest's init).

# 4 MiB of random data at the start of xvda, for dom0 to compare.
gstep_disk_write() {
	if ! wait_until 30 test -b /dev/xvda; then
		why "no /dev/xvda"
		return 1
	fi
	dd if=/dev/urandom of=/tmp/pattern bs=64k count=64 2> /dev/null
	if ! dd if=/tmp/pattern of=/dev/xvda bs=64k conv=fsync 2> /tmp/dd.err; then
		why "writing xvda: $(tail -n 1 /tmp/dd.err)"
		return 1
	fi
	say "disk-written $(md5sum < /tmp/pattern | cut -d' ' -f1) $(wc -c < /tmp/pattern)"
}
