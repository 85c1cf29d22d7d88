# SPDX-License-Identifier: GPL-2.0
# The demo guest: init gives the console a shell (lab.demo=1).
