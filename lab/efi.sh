# SPDX-License-Identifier: GPL-2.0
# Sourced by lab/run.sh for a scenario with dom0_mode=pvh: Xen from
# OVMF and xen.efi, dom0 in a PVH container.  OVMF loads xen.efi from a
# FAT image; xen.efi reads BOOTX64.cfg beside itself for its options,
# dom0's kernel and the initramfs.  A PVH dom0 needs UEFI here: with
# SeaBIOS its ACPI tables sit where Xen 4.17 does not map them for a PVH
# dom0.  One dom0 vCPU: with two, Debian's stock kernel as PVH dom0
# triple-faulted in two runs of three (Xen calls PVH dom0 experimental in
# 4.17); with one it has passed.
xen_cmd+=" dom0=pvh dom0-iommu=none dom0_max_vcpus=1"
cat > "$run/BOOTX64.cfg" <<CFG
[global]
default=lab
[lab]
options=$xen_cmd
kernel=vmlinuz $dom0_cmd
ramdisk=initrd.gz
CFG
esp=$run/esp.img
size=$(( ($(stat -c %s "$initrd") + $(stat -c %s "$dom0_kernel")) / 1048576 + 32 ))
truncate -s "${size}M" "$esp"
mkfs.vfat -n LABESP "$esp" > /dev/null
mmd -i "$esp" ::/EFI ::/EFI/BOOT
mcopy -i "$esp" "$LAB_DIR/xen.efi" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$esp" "$run/BOOTX64.cfg" ::/EFI/BOOT/BOOTX64.cfg
mcopy -i "$esp" "$dom0_kernel" ::/EFI/BOOT/vmlinuz
mcopy -i "$esp" "$initrd" ::/EFI/BOOT/initrd.gz
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$run/OVMF_VARS.fd"
qemu[2]=q35
qemu+=(-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd
       -drive if=pflash,format=raw,file="$run/OVMF_VARS.fd"
       -drive file="$esp",format=raw,if=ide)
