# SPDX-License-Identifier: GPL-2.0
# The guest's half of the pv-boot scenario: no steps.  Everything checked
# happens before user space.
